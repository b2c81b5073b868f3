import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { createReadableStreamFromReadable } from "@remix-run/node";

import type { Env } from "../env.server";
import { log } from "../logger.server";

/** A stored file ready to be sent: its bytes as a stream and its length. */
export interface StoredObject {
  stream: ReadableStream<Uint8Array>;
  size: number;
}

/**
 * Where uploaded files live: a folder on this machine (the default), or an S3-compatible bucket that
 * every instance shares. Keys are relative paths (`artworks/ab/cd/abcd….jpg`) that the caller has
 * already checked; a store never lists or serves anything a caller did not name.
 */
export interface UploadStore {
  /** Said in logs and by `uploads:to-s3`: `folder /srv/uploads` or `bucket toi at https://…`. */
  readonly description: string;
  /** Writes the whole object; a reader sees the old object or the new one, never half of it. */
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The object, or null when there is none under `key`. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the object; false when there was nothing to remove. */
  delete(key: string): Promise<boolean>;
  /** Every key, sorted: for backups and moves only, never for serving. */
  list(): Promise<string[]>;
}

/** Callers may pass a folder's path where a store is expected: the folder's store. */
export type Uploads = UploadStore | string;

export function uploadStore(uploads: Uploads): UploadStore {
  return typeof uploads === "string" ? folderStore(uploads) : uploads;
}

/** The uploads store the environment configures: the bucket with S3_BUCKET, else UPLOAD_DIR. */
export function uploadStoreFromEnv(env: Env): UploadStore {
  return env.S3_BUCKET ? bucketStore(s3SettingsFromEnv(env)) : folderStore(env.UPLOAD_DIR);
}

export function folderStore(dir: string): UploadStore & { pathOf(key: string): string } {
  const root = path.resolve(dir);
  const pathOf = (key: string) => {
    const resolved = path.resolve(root, key);
    // Keys come from callers that check them; this is the second lock on the same door.
    if (!resolved.startsWith(root + path.sep)) throw new Error(`Upload key outside the folder: ${key}`);
    return resolved;
  };
  return {
    description: `folder ${root}`,
    pathOf,
    async put(key, data) {
      await writeAtomically(pathOf(key), data);
    },
    async get(key) {
      const handle = await open(pathOf(key), "r").catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return null;
        throw error;
      });
      if (!handle) return null;
      try {
        const { size } = await handle.stat();
        return { stream: createReadableStreamFromReadable(handle.createReadStream()), size };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },
    async delete(key) {
      try {
        await rm(pathOf(key));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
        throw error;
      }
    },
    /** Every file under the folder, as keys (`/`-separated), leftovers of interrupted writes excluded. */
    async list() {
      const names = await readdir(root, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return [];
        throw error;
      });
      return names
        .filter((entry) => entry.isFile() && !entry.name.endsWith(".tmp"))
        .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
        .sort();
    },
  };
}

export interface S3Settings {
  bucket: string;
  /** Unset: AWS itself, by region. MinIO, Garage, Ceph and the like: their address. */
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  /** Unset: the SDK's own chain (instance role, AWS_* variables, ~/.aws). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function s3SettingsFromEnv(env: Env): S3Settings {
  if (!env.S3_BUCKET) throw new Error("S3_BUCKET is not set");
  return {
    bucket: env.S3_BUCKET,
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    forcePathStyle: env.S3_FORCE_PATH_STYLE === "1",
    credentials:
      env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
        : undefined,
  };
}

export function s3Client(settings: S3Settings): S3Client {
  quietNodeVersionNotice();
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
    // Checksums only where S3 demands them: not every S3-compatible server reads the newer trailers.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 3,
  });
}

export type BucketStore = UploadStore & {
  readonly client: S3Client;
  readonly bucket: string;
  /** Throws, naming the bucket, when it does not exist or these credentials may not use it. */
  check(): Promise<void>;
  /** The object's size and ETag, or null when there is none. */
  head(key: string): Promise<{ size: number; etag: string } | null>;
  list(prefix?: string): Promise<string[]>;
};

/**
 * An S3-compatible bucket. Objects are private (no ACL is set): readers get them streamed through
 * Toi, after Toi's own permission check, so the bucket never needs to be reachable from browsers.
 */
export function bucketStore(settings: S3Settings, client = s3Client(settings)): BucketStore {
  const Bucket = settings.bucket;
  const head = async (key: string) => {
    try {
      const found = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
      return { size: found.ContentLength ?? 0, etag: (found.ETag ?? "").replaceAll('"', "") };
    } catch (error) {
      if (isMissing(error)) return null;
      throw unavailableOr(error);
    }
  };
  return {
    client,
    bucket: Bucket,
    description: `bucket ${Bucket}${settings.endpoint ? ` at ${settings.endpoint}` : ` in ${settings.region}`}`,
    async check() {
      try {
        await client.send(new HeadBucketCommand({ Bucket }));
      } catch (error) {
        const status = error instanceof S3ServiceException ? ` (HTTP ${error.$metadata.httpStatusCode})` : "";
        throw new Error(`The uploads bucket ${Bucket} cannot be used${status}: ${String(error)}`, { cause: error });
      }
    },
    head,
    async put(key, data, contentType) {
      await client
        .send(new PutObjectCommand({ Bucket, Key: key, Body: data, ContentType: contentType }))
        .catch((error: unknown) => {
          throw unavailableOr(error);
        });
    },
    async get(key) {
      try {
        const found = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!(found.Body instanceof Readable)) throw new Error(`Unexpected body for ${key}`);
        return { stream: createReadableStreamFromReadable(found.Body), size: found.ContentLength ?? 0 };
      } catch (error) {
        if (isMissing(error)) return null;
        throw unavailableOr(error);
      }
    },
    async delete(key) {
      // S3 answers a delete of nothing with success too: ask first, so the caller learns what was there.
      if (!(await head(key))) return false;
      await client.send(new DeleteObjectCommand({ Bucket, Key: key })).catch((error: unknown) => {
        throw unavailableOr(error);
      });
      return true;
    },
    async list(prefix?: string) {
      const keys: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await client
          .send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken }))
          .catch((error: unknown) => {
            throw unavailableOr(error);
          });
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return keys.sort();
    },
  };
}

/**
 * On Node 20 the AWS SDK writes a multi-line notice to stderr (its releases after early January 2027
 * need Node 22), which would break the one-JSON-object-per-line log: it is said once in the log instead.
 */
function quietNodeVersionNotice(): void {
  if (Number(process.versions.node.split(".")[0]) >= 22 || process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED) return;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  log().warn(
    { node: process.version },
    "AWS SDK releases after the first week of January 2027 need Node 22: upgrade Node to keep receiving its fixes",
  );
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * The bucket out of reach (no answer, or the store's own 5xx after the SDK's retries) becomes what a
 * request gets while the database is out of reach: a 503 that asks the client to retry, which the
 * error page translates. Anything else (a refusal, a bad key) stays the error it was.
 */
export function unavailableOr(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
  const unreachable =
    (typeof code === "string" && UNREACHABLE_CODES.has(code)) ||
    (error as { name?: unknown } | null)?.name === "TimeoutError" ||
    (status !== undefined && status >= 500);
  if (!unreachable) return error;
  log().warn({ err: error }, "object storage out of reach: answering 503");
  return new Response("Service unavailable: the object storage cannot be reached", {
    status: 503,
    headers: { "Retry-After": "5", "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

function isMissing(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === "NoSuchKey" || error.name === "NotFound" || error.$metadata.httpStatusCode === 404)
  );
}

// Written under a temporary name and renamed, so a reader never sees half a file, even after a crash.
async function writeAtomically(target: string, data: Buffer): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const handle = await open(temporary, "wx");
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
