/**
 * .env.example documents every variable Toi reads (the env schema and every process.env in the
 * server's code), and as written it is a valid configuration: empty values mean "unset".
 */
import fs from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { readEnv } from "./env.server";

const root = path.resolve(__dirname, "../../..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

function parseDotenv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) vars[match[1]!] = match[2]!;
  }
  return vars;
}

function sourcesUnder(dir: string): string[] {
  return (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[])
    .filter((f) => /\.(ts|tsx|mjs)$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => path.join(dir, f));
}

function variablesToiReads(): Set<string> {
  const names = new Set<string>();
  for (const m of read("app/.server/platform/env.server.ts").matchAll(/^ {4}([A-Z][A-Z0-9_]*): z\./gm))
    names.add(m[1]!);
  const setByToi = new Set<string>();
  for (const file of [...sourcesUnder("app"), "server.mjs", ...sourcesUnder("scripts")]) {
    const text = read(file);
    for (const m of text.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) names.add(m[1]!);
    // A variable Toi sets itself for a library (not a setting anyone gives it).
    for (const m of text.matchAll(/process\.env\.([A-Z][A-Z0-9_]*) = /g)) setByToi.add(m[1]!);
  }
  return new Set([...names].filter((n) => !setByToi.has(n)));
}

describe(".env.example", () => {
  const example = parseDotenv(read(".env.example"));

  test("names every variable Toi reads", () => {
    const read = variablesToiReads();
    expect(read.size).toBeGreaterThan(15);
    expect([...read].filter((name) => !(name in example))).toEqual([]);
  });

  test("is a valid configuration as it stands, its empty values taken as unset", () => {
    const env = readEnv(example as NodeJS.ProcessEnv);
    expect(env.SESSION_SECRETS).toBeUndefined();
    expect(env.SECURE_COOKIES).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.EMAIL_RETENTION_DAYS).toBe(90);
    expect(env.SEED_DEMO).toBe("0");
  });
});
