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
