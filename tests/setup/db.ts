import crypto from "node:crypto";

import pg from "pg";
import { afterAll, beforeAll } from "vitest";

import { type DB, migrateToLatest, type OpenDatabase, openDatabase } from "~/.server/platform/db.server";

export type Engine = "pglite" | "postgres";

/** PGlite always; real PostgreSQL too when TEST_DATABASE_URL points at a server. */
export const engines: Engine[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

/**
 * Migrated once per run by tests/setup/db-global.ts and cloned for every test database. Named after
 * TEST_DATABASE_URL's database, so two runs against different test databases on one server (two
 * checkouts, say) never drop each other's template.
 */
export const TEMPLATE_DATABASE = runDatabaseName("template");

/**
 * A database name of this run's own for `purpose` ("toi_<purpose>" for the usual toi_test, else
 * "<test database>_<purpose>"), so runs against different test databases on one server never collide.
 */
export function runDatabaseName(purpose: string): string {
  const url = process.env.TEST_DATABASE_URL;
  const base = url ? decodeURIComponent(new URL(url).pathname.slice(1)) : "";
  const safe = base.replace(/[^a-z0-9_]/gi, "_").toLowerCase();
  return safe && safe !== "toi_test" ? `${safe}_${purpose}`.slice(0, 63) : `toi_${purpose}`;
}

export interface TestDb {
  db: DB;
  engine: Engine;
  /** NOTIFY as Toi hears it (close what it opens before the database). */
  listen: OpenDatabase["listen"];
  close(): Promise<void>;
}

export interface TestDbOptions {
  /** false gives an empty database, for testing the migrations themselves. */
  migrated?: boolean;
  /** Connections in the pool on PostgreSQL (4 unless told), e.g. more for concurrency tests; PGlite always has one. */
  poolMax?: number;
}

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set: the postgres engine is unavailable.");
  return url;
}

/** The server's connection string with another database name. */
export function databaseUrl(name: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs statements on the server's maintenance database (TEST_DATABASE_URL itself). */
export async function onServer(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database of its own: a new in-memory PGlite, or on PostgreSQL a clone of the migrated
 * template (the Immich pattern: fast, parallel-safe, dropped on close).
 */
export async function openTestDb(
  engine: Engine,
  { migrated = true, poolMax = 4 }: TestDbOptions = {},
): Promise<TestDb> {
  if (engine === "pglite") {
    const opened = await openDatabase({});
    if (migrated) await migrateToLatest(opened.db);
    return { db: opened.db, engine, listen: opened.listen, close: opened.close };
  }
  const name = `t_${crypto.randomBytes(8).toString("hex")}`;
  await onServer(migrated ? `create database ${name} template ${TEMPLATE_DATABASE}` : `create database ${name}`);
  const opened = await openDatabase({ databaseUrl: databaseUrl(name), poolMax });
  return {
    db: opened.db,
    engine,
    listen: opened.listen,
    async close() {
      await opened.close();
      await untilDisconnected(name);
      await onServer(`drop database if exists ${name} with (force)`);
    },
  };
}

/**
 * pg's pool.end() resolves before the server has seen every connection go; dropping the database
 * WITH (FORCE) then cuts the stragglers off and the pool logs each one. Waits (up to a second) until
 * none is left.
 */
async function untilDisconnected(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    for (let i = 0; i < 50; i++) {
      const { rows } = await client.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where datname = $1",
        [name],
      );
      if (rows[0]!.n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
}

/** Opens a fresh database before the enclosing describe block's tests and closes it after them. */
export function useTestDb(engine: Engine, options?: TestDbOptions): { readonly db: DB } {
  let testDb: TestDb | undefined;
  beforeAll(async () => {
    testDb = await openTestDb(engine, options);
  });
  afterAll(async () => {
    await testDb?.close();
  });
  return {
    get db() {
      if (!testDb) throw new Error("The test database is not open yet.");
      return testDb.db;
    },
  };
}
