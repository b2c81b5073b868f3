import { Writable } from "node:stream";

import { describe, expect, test } from "vitest";

import { publicUrl, readEnv } from "./env.server";
import { createLogger } from "./logger.server";
import { warnWithoutPublicUrl } from "./runtime.server";

function captureWarnings(env: NodeJS.ProcessEnv): { level: number; msg: string }[] {
  const lines: { level: number; msg: string }[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  warnWithoutPublicUrl(readEnv(env), createLogger({ destination }));
  return lines;
}

describe("publicUrl", () => {
  test("is PUBLIC_URL without its trailing slash", () => {
    expect(publicUrl(readEnv({ NODE_ENV: "production", PUBLIC_URL: "https://toi.example.kz/" }))).toBe(
      "https://toi.example.kz",
    );
    expect(publicUrl(readEnv({ NODE_ENV: "test", PUBLIC_URL: "https://example.kz/toi/" }))).toBe(
      "https://example.kz/toi",
    );
  });

  test("in production without PUBLIC_URL is localhost on PORT, never a request's Host", () => {
    expect(publicUrl(readEnv({ NODE_ENV: "production", PORT: "8080" }))).toBe("http://localhost:8080");
    expect(publicUrl(readEnv({ NODE_ENV: "production", PUBLIC_URL: "", PORT: "" }))).toBe("http://localhost:3000");
  });

  test("in development and tests is left to the request's origin", () => {
    expect(publicUrl(readEnv({ NODE_ENV: "development" }))).toBeUndefined();
    expect(publicUrl(readEnv({ NODE_ENV: "test" }))).toBeUndefined();
  });

  test("refuses a PUBLIC_URL that is not an http(s) address", () => {
    expect(() => readEnv({ NODE_ENV: "test", PUBLIC_URL: "javascript:alert(1)" })).toThrow(/PUBLIC_URL/);
    expect(() => readEnv({ NODE_ENV: "test", PUBLIC_URL: "toi.example.kz" })).toThrow(/PUBLIC_URL/);
  });
});

describe("the boot warning about PUBLIC_URL", () => {
  test("warns in production without PUBLIC_URL, naming the address links will use", () => {
    const lines = captureWarnings({ NODE_ENV: "production", PORT: "8080" });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe(40);
    expect(lines[0]!.msg).toContain("PUBLIC_URL is not set");
    expect(lines[0]!.msg).toContain("http://localhost:8080");
  });

  test("says nothing with PUBLIC_URL, or outside production", () => {
    expect(captureWarnings({ NODE_ENV: "production", PUBLIC_URL: "https://toi.example.kz" })).toEqual([]);
    expect(captureWarnings({ NODE_ENV: "development" })).toEqual([]);
  });
});

describe("object storage settings", () => {
  test("are off by default: uploads stay in UPLOAD_DIR", () => {
    const env = readEnv({ NODE_ENV: "test", S3_BUCKET: "" });
    expect(env.S3_BUCKET).toBeUndefined();
    expect(env.UPLOAD_DIR).toBe("./uploads");
  });

  test("read a MinIO-style bucket with path-style addressing", () => {
    const env = readEnv({
      NODE_ENV: "test",
      S3_BUCKET: "toi-uploads",
      S3_ENDPOINT: "http://minio:9000",
      S3_ACCESS_KEY_ID: "toi",
      S3_SECRET_ACCESS_KEY: "a-long-secret",
      S3_FORCE_PATH_STYLE: "1",
    });
    expect(env).toMatchObject({ S3_BUCKET: "toi-uploads", S3_REGION: "us-east-1", S3_FORCE_PATH_STYLE: "1" });
  });

  test("refuse half a configuration, naming what is missing", () => {
    expect(() => readEnv({ NODE_ENV: "test", S3_ENDPOINT: "http://minio:9000" })).toThrow(/S3_BUCKET/);
    expect(() => readEnv({ NODE_ENV: "test", S3_BUCKET: "toi", S3_ACCESS_KEY_ID: "toi" })).toThrow(
      /S3_SECRET_ACCESS_KEY/,
    );
    expect(() => readEnv({ NODE_ENV: "test", S3_BUCKET: "Toi_Uploads" })).toThrow(/S3_BUCKET/);
    expect(() => readEnv({ NODE_ENV: "test", S3_BUCKET: "toi", S3_ENDPOINT: "minio:9000" })).toThrow(/S3_ENDPOINT/);
    expect(() => readEnv({ NODE_ENV: "test", S3_BUCKET: "toi", S3_FORCE_PATH_STYLE: "yes" })).toThrow(
      /S3_FORCE_PATH_STYLE/,
    );
  });
});
