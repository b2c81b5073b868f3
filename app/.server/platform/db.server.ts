import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { Kysely, type Migration, type MigrationProvider, Migrator, PostgresDialect, sql } from "kysely";
import pg from "pg";
import lockfile from "proper-lockfile";

import type { Database } from "#db/types";

import { type ChangeSource, listenOnPglite, listenOnPostgres } from "./change-feed.server";
import { createResilientPool, type PoolTimeouts } from "./pg-pool.server";

export type DB = Kysely<Database>;

export interface OpenOptions {
  /** A PostgreSQL connection string; when absent, the embedded PGlite database is used. */
  databaseUrl?: string;
  /** Where PGlite keeps its files; `memory://` (or undefined with `memory: true`) keeps it in memory. */
  dataDir?: string;
  /** Pool size for a real server. */
  poolMax?: number;
  /** Statement and connection timeouts for a real server (see pg-pool.server.ts). */
  timeouts?: PoolTimeouts;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  /** Connection failures since the pool opened. */
  errors: number;
}

export interface OpenDatabase {
  db: DB;
  engine: "pglite" | "postgres";
  /** For /metrics: the pool's connections and the requests waiting for one. */
  poolStats(): PoolStats;
  /** Hears NOTIFY on `channel` (change-feed.server.ts): a connection of its own on PostgreSQL. */
  listen(channel: string, warn?: (message: string, err?: unknown) => void): Promise<ChangeSource>;
  close(): Promise<void>;
}

function statsOf(pool: pg.Pool, errors: () => number): () => PoolStats {
  return () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, errors: errors() });
}

export class DataDirLockedError extends Error {
  constructor(dir: string) {
    super(
      `Another Toi process is already using the embedded database in ${dir}. ` +
        `Stop it first, or give this one its own DATA_DIR (or a DATABASE_URL).`,
    );
    this.name = "DataDirLockedError";
  }
}

// `date` columns stay 'YYYY-MM-DD' strings (pg would turn them into local-midnight Dates);
// int8 (count(*)) becomes a number: our counts are far below 2^53.
const DATE_OID = 1082;
const INT8_OID = 20;
const typeParsers = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === DATE_OID) return (value: string) => value;
    if (oid === INT8_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as "text");
  },
} as pg.CustomTypesConfig;

export async function openDatabase(options: OpenOptions): Promise<OpenDatabase> {
  if (options.databaseUrl) {
    const pool = createResilientPool(
      { connectionString: options.databaseUrl, max: options.poolMax ?? 10, types: typeParsers },
      options.timeouts,
    );
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: "postgres",
      poolStats: statsOf(pool.pool, () => pool.stats.errors),
      listen: async (channel, warn) =>
        listenOnPostgres({
          connectionString: options.databaseUrl!,
          channel,
          connectTimeoutMs: options.timeouts?.connectTimeoutMs,
          warn,
        }),
      close: () => db.destroy(),
    };
  }
  return openPglite(options.dataDir);
}

/** Data directories this process holds open (a second open in the same process is refused too). */
const heldHere = new Set<string>();

interface LockHolder {
  pid: number;
  hostname: string;
}

// Beside proper-lockfile's own `${dir}.lock` directory: not inside it (a write there changes its
// mtime, which proper-lockfile reads as a stolen lock) and not in PGlite's data directory.
function holderFile(dir: string): string {
  return `${dir}.lock.holder`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The recorded holder of the lock is gone: it was killed (kill -9, a power cut) before it could
 * unlock. proper-lockfile alone would refuse a restart for 10–14 s (its `stale` time), so a
 * supervisor restarting Toi at once after a crash would fail. Only a holder on this machine can be
 * judged; the same pid as ours is a previous life of this process (pid 1 in a container) unless we
 * hold the directory ourselves.
 */
function holderIsDead(dir: string): boolean {
  let holder: LockHolder;
  try {
    holder = JSON.parse(fs.readFileSync(holderFile(dir), "utf8")) as LockHolder;
  } catch {
    return false;
  }
  if (holder.hostname !== os.hostname()) return false;
  if (holder.pid === process.pid) return !heldHere.has(dir);
  return !isAlive(holder.pid);
}

/** PGlite has no lock of its own: two processes on one directory corrupt it silently. */
async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const take = () =>
    lockfile.lock(dir, {
      // Generous: PGlite's first open runs initdb, which can hold the event loop (and so the lock's
      // refresh) for many seconds on a busy machine. A crashed holder is recognised by its pid instead.
      stale: 60_000,
      update: 5_000,
      retries: 0,
      onCompromised: (err) => {
        console.error(`Lost the lock on ${dir}; stopping to protect the data.`, err);
        process.exit(1);
      },
    });
  let release: () => Promise<void>;
  try {
    release = await take();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ELOCKED") throw err;
    if (!holderIsDead(dir)) throw new DataDirLockedError(dir);
    fs.rmSync(`${dir}.lock`, { recursive: true, force: true });
    try {
      release = await take();
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code === "ELOCKED") throw new DataDirLockedError(dir);
      throw again;
    }
  }
  heldHere.add(dir);
  fs.writeFileSync(holderFile(dir), JSON.stringify({ pid: process.pid, hostname: os.hostname() }));
  return async () => {
    heldHere.delete(dir);
    fs.rmSync(holderFile(dir), { force: true });
    await release();
  };
}

async function openPglite(dataDir: string | undefined): Promise<OpenDatabase> {
  const inMemory = !dataDir || dataDir.startsWith("memory://");
  let release: (() => Promise<void>) | undefined;
  if (!inMemory) {
    const dir = path.resolve(dataDir);
    fs.mkdirSync(dir, { recursive: true });
    release = await lockDataDir(dir);
  }
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const { createPgConfig } = await import("@electric-sql/pglite/node-postgres");
    const pglite = inMemory ? new PGlite() : new PGlite(path.resolve(dataDir!));
    await pglite.waitReady;
    // PGlite is one connection: a pool of one serialises transactions correctly.
    const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, idleTimeoutMillis: 0, types: typeParsers });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: "pglite",
      poolStats: statsOf(pool, () => 0),
      listen: (channel) => listenOnPglite((name, callback) => pglite.listen(name, callback), channel),
      async close() {
        await db.destroy();
        await pglite.close();
        await release?.();
      },
    };
  } catch (err) {
    await release?.();
    throw err;
  }
}

const migrationModules = import.meta.glob<Migration>("../../../db/migrations/*.ts", { eager: true });

class BundledMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    // A glob that matches nothing (a moved file, a wrong path) must not pass as "nothing to migrate".
    if (Object.keys(migrationModules).length === 0) throw new Error("No migrations found in db/migrations");
    const migrations: Record<string, Migration> = {};
    for (const [file, mod] of Object.entries(migrationModules)) {
      migrations[path.basename(file, ".ts")] = mod;
    }
    return migrations;
  }
}

/** Throws when the database doesn't answer (health checks). */
export async function pingDatabase(db: DB): Promise<void> {
  await sql`select 1`.execute(db);
}

export async function migrateToLatest(db: DB): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new BundledMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** The names of the migrations this build of Toi carries, oldest first. */
export async function migrationNames(): Promise<string[]> {
  return Object.keys(await new BundledMigrationProvider().getMigrations()).sort();
}

/** The migrations already applied to a database, oldest first (none on a fresh one). */
export async function appliedMigrations(db: DB): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new BundledMigrationProvider() });
  return (await migrator.getMigrations()).filter((m) => m.executedAt).map((m) => m.name);
}

/** Migrates up to and including `name` (a restore brings a database to its backup's version first). */
export async function migrateUpTo(db: DB, name: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new BundledMigrationProvider() });
  const { error, results } = await migrator.migrateTo(name);
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
