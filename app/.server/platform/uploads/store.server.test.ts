/**
 * Uploads in an S3-compatible bucket, against a real S3-protocol server (s3rver) these tests start:
 * the artwork functions behave as they do on a folder, and `uploads:to-s3` moves a folder into it.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startS3Server, type TestS3Server } from "../../../../tests/setup/s3-server";
import { readEnv } from "../env.server";
import { artworkThumbnail, deleteArtwork, readArtwork, storeArtwork,type StoredImage } from "./artwork.server";
import { moveUploadsToBucket, uploadsToS3Command } from "./move-to-bucket.server";
import { type BucketStore, bucketStore, folderStore, uploadStoreFromEnv } from "./store.server";

let s3: TestS3Server;
let bucket: BucketStore;
let folder: string;
beforeAll(async () => {
  s3 = await startS3Server();
  bucket = bucketStore(s3.settings);
  folder = await mkdtemp(path.join(tmpdir(), "toi-store-"));
});
afterAll(async () => {
  await s3?.close();
  await rm(folder, { recursive: true, force: true });
});

const jpeg = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg()
    .toBuffer();
const bytesOf = async (image: StoredImage | null) => Buffer.from(await new Response(image!.stream).arrayBuffer());

describe("artwork in a bucket", () => {
  it("stores the re-encoded image in the bucket, not on disk, and reads the same bytes back", async () => {
    const stored = await storeArtwork(await jpeg(400, 300), bucket);
    if (!stored.ok) throw new Error(stored.problem);
    expect(await bucket.list("artworks/")).toContain(stored.file);
    expect(await folderStore(folder).list()).toEqual([]);

    const image = await readArtwork(bucket, stored.file);
    expect(image?.contentType).toBe("image/jpeg");
    expect(image?.size).toBe(stored.bytes);
    const bytes = await bytesOf(image);
    expect(bytes.byteLength).toBe(stored.bytes);
    expect((await sharp(bytes).metadata()).width).toBe(400);
  });

  it("makes a thumbnail once and keeps it in the bucket beside the original", async () => {
    const stored = await storeArtwork(await jpeg(1200, 800), bucket);
    if (!stored.ok) throw new Error(stored.problem);
    const thumbnail = await artworkThumbnail(bucket, stored.file, 320);
    expect(thumbnail?.contentType).toBe("image/webp");
    expect((await sharp(await bytesOf(thumbnail)).metadata()).width).toBe(320);
    const key = stored.file.replace(/\.jpg$/, ".w320.webp");
    const first = await bucket.head(key);
    expect(first?.size).toBe(thumbnail?.size);

    const again = await artworkThumbnail(bucket, stored.file, 320);
    expect((await bytesOf(again)).byteLength).toBe(first!.size);
    expect(await bucket.head(key)).toEqual(first);
  });

  it("deletes the original with its thumbnails, and answers null and false for what is gone", async () => {
    const stored = await storeArtwork(await jpeg(700, 500), bucket);
    if (!stored.ok) throw new Error(stored.problem);
    await bytesOf(await artworkThumbnail(bucket, stored.file, 160));
    const name = stored.file.replace(/\.jpg$/, "");
    expect((await bucket.list(name)).length).toBe(2);

    expect(await deleteArtwork(bucket, stored.file)).toBe(true);
    expect(await bucket.list(name)).toEqual([]);
    expect(await readArtwork(bucket, stored.file)).toBeNull();
    expect(await artworkThumbnail(bucket, stored.file, 160)).toBeNull();
    expect(await deleteArtwork(bucket, stored.file)).toBe(false);
  });

  it("never asks the bucket for a name it did not generate, and stores nothing it refuses", async () => {
    const before = await bucket.list();
    for (const attempt of ["../../etc/passwd", "artworks/../secret.jpg", "other/ab/cd/x.jpg", ""]) {
      expect(await readArtwork(bucket, attempt)).toBeNull();
      expect(await deleteArtwork(bucket, attempt)).toBe(false);
    }
    expect(await storeArtwork(Buffer.from("not an image"), bucket)).toEqual({ ok: false, problem: "not_an_image" });
    expect(await storeArtwork(await jpeg(100, 100), bucket)).toEqual({ ok: false, problem: "too_small" });
    expect(await bucket.list()).toEqual(before);
  });

  it("boot refuses a bucket that does not exist, naming it", async () => {
    const missing = bucketStore({ ...s3.settings, bucket: "no-such-bucket" });
    await expect(missing.check()).rejects.toThrow(/no-such-bucket/);
    await expect(bucket.check()).resolves.toBeUndefined();
  });
});

describe("which store the environment picks", () => {
  it("is the folder without S3_BUCKET and the bucket with it", () => {
    expect(uploadStoreFromEnv(readEnv({ NODE_ENV: "test", UPLOAD_DIR: folder })).description).toBe(`folder ${folder}`);
    const fromEnv = uploadStoreFromEnv(readEnv({ NODE_ENV: "test", ...s3.env }));
    expect(fromEnv.description).toBe(`bucket toi-test at ${s3.settings.endpoint}`);
  });

  it("keeps a folder's keys inside the folder", async () => {
    const store = folderStore(folder);
    await expect(store.put("../outside.jpg", Buffer.from("x"), "image/jpeg")).rejects.toThrow(/outside the folder/);
    await expect(store.get("/etc/passwd")).rejects.toThrow(/outside the folder/);
  });
});

describe("uploads:to-s3", () => {
  it("copies a folder into the bucket, verifies each file, and a second run copies nothing", async () => {
    const source = await mkdtemp(path.join(tmpdir(), "toi-move-"));
    try {
      const files = [];
      for (const size of [300, 320, 340]) {
        const stored = await storeArtwork(await jpeg(size, size), source);
        if (!stored.ok) throw new Error(stored.problem);
        files.push(stored.file);
      }
      await bytesOf(await artworkThumbnail(source, files[0]!, 160));
      // A write a crash interrupted is not an upload.
      await writeFile(path.join(source, `${files[1]}.abc.tmp`), "half");
      const keys = [...files, files[0]!.replace(/\.jpg$/, ".w160.webp")].sort();

      const first = await moveUploadsToBucket(folderStore(source), bucket);
      expect(first).toEqual({ copied: keys, alreadyThere: [], failed: [] });
      for (const key of keys) {
        expect(await bytesOf({ ...(await bucket.get(key))!, contentType: "" })).toEqual(await readFile(path.join(source, key)));
      }
      expect((await readArtwork(bucket, files[2]!))?.contentType).toBe("image/jpeg");

      const second = await moveUploadsToBucket(folderStore(source), bucket);
      expect(second).toEqual({ copied: [], alreadyThere: keys, failed: [] });
      // The folder is left as it was.
      expect(await folderStore(source).list()).toEqual(keys);
    } finally {
      await rm(source, { recursive: true, force: true });
    }
  });

  it("resumes: a file the bucket lost or holds damaged is copied again, the rest are skipped", async () => {
    const source = await mkdtemp(path.join(tmpdir(), "toi-move-"));
    try {
      const a = await storeArtwork(await jpeg(300, 300), source);
      const b = await storeArtwork(await jpeg(310, 310), source);
      if (!a.ok || !b.ok) throw new Error("not stored");
      await moveUploadsToBucket(folderStore(source), bucket);
      await bucket.delete(a.file);
      await bucket.put(b.file, Buffer.from("damaged"), "image/jpeg");

      const lines: string[] = [];
      const code = await uploadsToS3Command({ NODE_ENV: "test", UPLOAD_DIR: source, ...s3.env }, (line) => lines.push(line));
      expect(code).toBe(0);
      expect(lines).toContain(`copied  ${a.file}`);
      expect(lines).toContain(`copied  ${b.file}`);
      expect(lines.at(-1)).toMatch(/^2 copied, 0 already in the bucket, 0 failed\./);
      expect((await bucket.head(b.file))?.size).toBe(b.bytes);
    } finally {
      await rm(source, { recursive: true, force: true });
    }
  });

  it("says what is missing without S3_BUCKET, and fails on a bucket it cannot use", async () => {
    const lines: string[] = [];
    expect(await uploadsToS3Command({ NODE_ENV: "test", UPLOAD_DIR: folder }, (line) => lines.push(line))).toBe(1);
    expect(lines[0]).toMatch(/S3_BUCKET is not set/);
    await expect(
      uploadsToS3Command({ NODE_ENV: "test", UPLOAD_DIR: folder, ...s3.env, S3_BUCKET: "no-such-bucket" }, () => {}),
    ).rejects.toThrow(/no-such-bucket/);
  });
});

describe("a bucket out of reach", () => {
  it("answers 503 (retry later) for every use, not a 500; a missing object is still just missing", async () => {
    const net = await import("node:net");
    // A port nothing listens on: the connection is refused at once.
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const gone = bucketStore({ ...s3.settings, endpoint: `http://127.0.0.1:${port}` });
    for (const use of [
      () => gone.get("artworks/aa/bb/x.jpg"),
      () => gone.put("artworks/aa/bb/x.jpg", Buffer.from("x"), "image/jpeg"),
      () => gone.delete("artworks/aa/bb/x.jpg"),
      () => gone.list(),
    ]) {
      const thrown = await use().catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(503);
    }
    expect(await bucket.get("artworks/no/such/key.jpg")).toBeNull();
  }, 60_000);
});
