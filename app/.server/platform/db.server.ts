import fs from "node:fs";
import path from "node:path";

import { Kysely, type Migration, type MigrationProvider, Migrator, PostgresDialect, sql } from "kysely";
import pg from "pg";
import lockfile from "proper-lockfile";

import type { Database } from "#db/types";

export type DB = Kysely<Database>;

export interface OpenOptions {
  /** A PostgreSQL connection string; when absent, the embedded PGlite database is used. */
  databaseUrl?: string;
  /** Where PGlite keeps its files; `memory://` (or undefined with `memory: true`) keeps it in memory. */
  dataDir?: string;
  /** Pool size for a real server. */
  poolMax?: number;
}

export interface OpenDatabase {
  db: DB;
  engine: "pglite" | "postgres";
  close(): Promise<void>;
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
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolMax ?? 10, types: typeParsers });
    // An idle connection the server ends (a restart, a failover) must not crash the process: the
    // pool drops it and opens a new one on the next query.
    pool.on("error", (err) => console.warn(`PostgreSQL closed an idle connection: ${err.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: "postgres", close: () => db.destroy() };
  }
  return openPglite(options.dataDir);
}

async function openPglite(dataDir: string | undefined): Promise<OpenDatabase> {
  const inMemory = !dataDir || dataDir.startsWith("memory://");
  let release: (() => Promise<void>) | undefined;
  if (!inMemory) {
    const dir = path.resolve(dataDir);
    fs.mkdirSync(dir, { recursive: true });
    try {
      // PGlite has no lock of its own: two processes on one directory corrupt it silently.
      release = await lockfile.lock(dir, {
        stale: 10_000,
        update: 2_000,
        retries: 0,
        onCompromised: (err) => {
          console.error(`Lost the lock on ${dir}; stopping to protect the data.`, err);
          process.exit(1);
        },
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ELOCKED") throw new DataDirLockedError(dir);
      throw err;
    }
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
