import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";

import { PutObjectCommand } from "@aws-sdk/client-s3";

import { readEnv } from "../env.server";
import { type BucketStore, bucketStore, folderStore, s3SettingsFromEnv } from "./store.server";

export interface MoveReport {
  /** Files copied into the bucket by this run, each read back and compared. */
  copied: string[];
  /** Files the bucket already held with the same bytes (an earlier run, or another instance). */
  alreadyThere: string[];
  /** Files that could not be copied or did not read back the same; a later run tries them again. */
  failed: { key: string; reason: string }[];
}

const CONTENT_TYPES: Record<string, string> = { jpg: "image/jpeg", png: "image/png", webp: "image/webp" };

/**
 * Copies every file in the uploads folder into the bucket under the same key and checks each one by
 * reading it back (SHA-256 of the bytes). Safe to run again and again: what is already there with
 * the same bytes is skipped, what failed is tried again. The folder is left as it was: an operator
 * removes it once Toi serves from the bucket (nothing is deleted implicitly).
 */
export async function moveUploadsToBucket(
  folder: ReturnType<typeof folderStore>,
  bucket: BucketStore,
  onProgress: (key: string, outcome: "copied" | "alreadyThere" | "failed") => void = () => {},
  concurrency = 4,
): Promise<MoveReport> {
  const report: MoveReport = { copied: [], alreadyThere: [], failed: [] };
  const keys = await folder.list();
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++]!;
      try {
        const outcome = await copyOne(folder.pathOf(key), key, bucket);
        report[outcome].push(key);
        onProgress(key, outcome);
      } catch (error) {
        report.failed.push({ key, reason: error instanceof Error ? error.message : String(error) });
        onProgress(key, "failed");
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, keys.length) }, worker));
  for (const list of [report.copied, report.alreadyThere]) list.sort();
  report.failed.sort((a, b) => a.key.localeCompare(b.key));
  return report;
}

async function copyOne(file: string, key: string, bucket: BucketStore): Promise<"copied" | "alreadyThere"> {
  const bytes = await readFile(file);
  const md5 = createHash("md5").update(bytes).digest();
  const existing = await bucket.head(key);
  // A plain upload's ETag is its MD5: equal size and ETag is the same object without a download.
  if (existing && existing.size === bytes.byteLength && existing.etag === md5.toString("hex")) return "alreadyThere";
  if (existing && existing.size === bytes.byteLength && (await sameBytes(bucket, key, bytes))) return "alreadyThere";

  const extension = key.slice(key.lastIndexOf(".") + 1);
  await bucket.client.send(
    new PutObjectCommand({
      Bucket: bucket.bucket,
      Key: key,
      Body: bytes,
      // The server refuses the upload if the bytes it received are not these.
      ContentMD5: md5.toString("base64"),
      ContentType: CONTENT_TYPES[extension] ?? "application/octet-stream",
    }),
  );
  if (!(await sameBytes(bucket, key, bytes))) throw new Error("the copy in the bucket does not read back the same");
  return "copied";
}

async function sameBytes(bucket: BucketStore, key: string, bytes: Buffer): Promise<boolean> {
  const stored = await bucket.get(key);
  if (!stored) return false;
  const copy = Buffer.from(await new Response(stored.stream).arrayBuffer());
  return createHash("sha256").update(copy).digest("hex") === createHash("sha256").update(bytes).digest("hex");
}

/**
 * `npm run uploads:to-s3`: UPLOAD_DIR into the bucket that S3_* names, with a line per file and a
 * summary. Answers the process's exit code: 0 when every file is in the bucket, 1 otherwise.
 */
export async function uploadsToS3Command(
  source: NodeJS.ProcessEnv,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const env = readEnv(source);
  if (!env.S3_BUCKET) {
    print("S3_BUCKET is not set: name the bucket (and S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY) first.");
    return 1;
  }
  const folder = folderStore(env.UPLOAD_DIR);
  const bucket = bucketStore(s3SettingsFromEnv(env));
  await bucket.check();
  print(`Copying ${folder.description} into ${bucket.description}`);
  const report = await moveUploadsToBucket(folder, bucket, (key, outcome) => {
    if (outcome !== "alreadyThere") print(`${outcome === "copied" ? "copied" : "FAILED"}  ${key}`);
  });
  for (const { key, reason } of report.failed) print(`FAILED  ${key}: ${reason}`);
  print(
    `${report.copied.length} copied, ${report.alreadyThere.length} already in the bucket, ${report.failed.length} failed.` +
      (report.failed.length
        ? " Run the command again to retry the failed files."
        : ` Every file is in the bucket: set S3_* for every instance; ${folder.description} can then be archived.`),
  );
  return report.failed.length ? 1 : 0;
}
