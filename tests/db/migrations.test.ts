import fs from "node:fs";
import path from "node:path";

import { sql } from "kysely";
import { describe, expect, test } from "vitest";

import { migrateToLatest } from "~/.server/platform/db.server";

import { engines, useTestDb } from "../setup/db";

const migrationFiles = fs
  .readdirSync(path.resolve(__dirname, "../../db/migrations"))
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
  .map((f) => path.basename(f, ".ts"))
  .sort();

const EXPECTED_TABLES = [
  "age_groups",
  "app_settings",
  "clubs",
  "events",
  "memberships",
  "nomination_formats",
  "nominations",
  "rounds",
  "sessions",
  "users",
];

describe.each(engines)("migrations on %s", (engine) => {
  const empty = useTestDb(engine, { migrated: false });

  test("the first migrateToLatest applies every migration file in order", async () => {
    expect(migrationFiles.length).toBeGreaterThan(0);
    expect(await migrateToLatest(empty.db)).toEqual(migrationFiles);
  });

  test("a second migrateToLatest is a no-op", async () => {
    expect(await migrateToLatest(empty.db)).toEqual([]);
  });

  test("the schema has the foundation tables", async () => {
    const { rows } = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
      order by table_name`.execute(empty.db);
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(EXPECTED_TABLES));
  });
});

describe.each(engines)("a cloned test database on %s", (engine) => {
  const t = useTestDb(engine);

  test("arrives migrated: migrateToLatest has nothing left to do", async () => {
    expect(await migrateToLatest(t.db)).toEqual([]);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(t.db);
    expect(applied.rows.map((r) => r.name)).toEqual(migrationFiles);
  });
});
