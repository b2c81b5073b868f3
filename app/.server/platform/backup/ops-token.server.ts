/**
 * The ops token: a random secret a Toi running on PGlite writes beside its DATA_DIR (readable by
 * its own user only). The backup command reads it to prove it runs as that user on that machine
 * before the running server hands it the whole database (GET /_ops/backup).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export function opsTokenFile(dataDir: string): string {
  return `${path.resolve(dataDir)}.ops-token`;
}

export function writeOpsToken(dataDir: string): void {
  fs.writeFileSync(opsTokenFile(dataDir), crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
}

export function readOpsToken(dataDir: string): string | undefined {
  try {
    return fs.readFileSync(opsTokenFile(dataDir), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

export function removeOpsToken(dataDir: string): void {
  fs.rmSync(opsTokenFile(dataDir), { force: true });
}
