/**
 * `npm run backup -- FILE` and `npm run restore -- FILE` (scripts/backup.mjs, scripts/restore.mjs
 * call these through the production build, so they run where Toi runs, without dev dependencies).
 *
 * With DATABASE_URL the command opens its own connection: PostgreSQL serves it beside the running
 * instances. The embedded PGlite admits one process only, so while Toi runs on it the backup is
 * asked of the running server over loopback (GET /_ops/backup), with a token only the same user
 * can read (ops-token.server.ts).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";

import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";

import { DataDirLockedError, type OpenDatabase, openDatabase } from "../db.server";
import { type Env, readEnv } from "../env.server";
import { log } from "../logger.server";
import { runtime } from "../runtime.server";
import { uploadStoreFromEnv } from "../uploads/store.server";
import { BackupError, type BackupManifest, restoreBackup, writeBackup } from "./backup.server";
import { readOpsToken } from "./ops-token.server";
import { readTar } from "./tar.server";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/** GET /_ops/backup: the running server's backup, to a loopback caller holding the ops token. */
export function backupHandler() {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const rt = await runtime();
    const token = rt.engine === "pglite" ? readOpsToken(rt.env.DATA_DIR) : undefined;
    const given = Buffer.from(req.get("authorization") ?? "");
    const expected = Buffer.from(`Bearer ${token}`);
    const forwarded = Boolean(req.get("x-forwarded-for") || req.get("forwarded") || req.get("x-real-ip"));
    if (
      !token ||
      forwarded ||
      !LOOPBACK.has(req.socket.remoteAddress ?? "") ||
      given.length !== expected.length ||
      !crypto.timingSafeEqual(given, expected)
    )
      return next();
    res.set("Content-Type", "application/gzip");
    res.set("Cache-Control", "no-store");
    try {
      const manifest = await writeBackup(rt.db, res, { engine: rt.engine, uploads: rt.uploads });
      log().info({ tables: manifest.tables.length, uploads: manifest.uploads }, "backup served to the backup command");
    } catch (err) {
      log().error({ err }, "backup failed");
      res.destroy(err as Error);
    }
  };
}

/** Reads a whole archive back: its manifest, and whether every table's rows and every file are there. */
export async function verifyBackup(file: string): Promise<BackupManifest> {
  let manifest: BackupManifest | undefined;
  const rows: Record<string, number> = {};
  let uploads = 0;
  for await (const entry of readTar(fs.createReadStream(file).pipe(createGunzip()))) {
    if (entry.name === "manifest.json") manifest = JSON.parse(entry.data.toString("utf8")) as BackupManifest;
    const table = /^tables\/([a-z0-9_]+)\//.exec(entry.name)?.[1];
    if (table) rows[table] = (rows[table] ?? 0) + entry.data.toString("utf8").split("\n").filter(Boolean).length;
    if (entry.name.startsWith("uploads/")) uploads++;
  }
  if (!manifest) throw new BackupError(`${file} is not a Toi backup.`);
  for (const t of manifest.tables)
    if ((rows[t.name] ?? 0) !== t.rows) throw new BackupError(`${file} is incomplete: table ${t.name}.`);
  if (uploads !== manifest.uploads) throw new BackupError(`${file} is incomplete: uploaded files are missing.`);
  return manifest;
}

async function openForCommand(env: Env): Promise<OpenDatabase> {
  return openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, poolMax: 2 });
}

async function backupFromRunningToi(env: Env, file: string): Promise<void> {
  const token = readOpsToken(env.DATA_DIR);
  if (!token)
    throw new BackupError("Toi is running on this DATA_DIR but left no ops token: restart it, then try again.");
  const res = await fetch(`http://127.0.0.1:${env.PORT}/_ops/backup`, {
    headers: { Authorization: `Bearer ${token}` },
  }).catch(() => undefined);
  if (!res?.ok || !res.body)
    throw new BackupError(
      `Toi holds ${env.DATA_DIR} but did not answer on 127.0.0.1:${env.PORT}: run the command with the same PORT as Toi.`,
    );
  await pipeline(
    Readable.fromWeb(res.body as import("node:stream/web").ReadableStream),
    fs.createWriteStream(file, { mode: 0o600 }),
  );
}

export async function backupCommand(file: string | undefined, source: NodeJS.ProcessEnv = process.env) {
  if (!file) throw new BackupError("Usage: npm run backup -- FILE   (e.g. toi-2026-12-07.tar.gz)");
  if (fs.existsSync(file)) throw new BackupError(`${file} exists already: choose a new file name.`);
  const env = readEnv(source);
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  const started = Date.now();
  try {
    let opened: OpenDatabase | undefined;
    try {
      opened = await openForCommand(env);
    } catch (err) {
      if (!(err instanceof DataDirLockedError)) throw err;
    }
    if (opened) {
      try {
        await writeBackup(opened.db, fs.createWriteStream(partial, { mode: 0o600 }), {
          engine: opened.engine,
          uploads: uploadStoreFromEnv(env),
        });
      } finally {
        await opened.close();
      }
    } else await backupFromRunningToi(env, partial);
    const manifest = await verifyBackup(partial);
    fs.renameSync(partial, file);
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    return { file, manifest, rows, bytes: fs.statSync(file).size, ms: Date.now() - started };
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

export async function restoreCommand(file: string | undefined, source: NodeJS.ProcessEnv = process.env) {
  if (!file) throw new BackupError("Usage: npm run restore -- FILE");
  if (!fs.existsSync(file)) throw new BackupError(`${file} does not exist.`);
  const env = readEnv(source);
  const started = Date.now();
  let opened: OpenDatabase;
  try {
    opened = await openForCommand(env);
  } catch (err) {
    if (err instanceof DataDirLockedError)
      throw new BackupError(`Toi is running on ${env.DATA_DIR}: stop it, and restore into a new, empty DATA_DIR.`);
    throw err;
  }
  try {
    const report = await restoreBackup(opened.db, fs.createReadStream(file), { uploads: uploadStoreFromEnv(env) });
    const rows = Object.values(report.rows).reduce((a, b) => a + b, 0);
    return { ...report, engine: opened.engine, rowsTotal: rows, ms: Date.now() - started };
  } finally {
    await opened.close();
  }
}
