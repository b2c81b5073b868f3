/**
 * `npm run backup` / `npm run restore`: a backup of the demo data (every kind of table, artwork
 * files) restores into a fresh database of each engine — PGlite → PostgreSQL and back included —
 * with every table's row count equal and its rows (the first 300 by primary key) identical.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";

import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { DEMO_ACCOUNTS, seedDemo } from "#db/seed/demo";
import { verifyLogin } from "~/.server/accounts/auth.server";
import { hashPassword } from "~/.server/accounts/password.server";
import { BackupError, restoreBackup, tablesInLoadOrder, writeBackup } from "~/.server/platform/backup/backup.server";
import { appliedMigrations, type DB, migrationNames } from "~/.server/platform/db.server";
import { bucketStore, type Uploads } from "~/.server/platform/uploads/store.server";

import { type Engine, engines, openTestDb, type TestDb } from "../setup/db";
import { startS3Server } from "../setup/s3-server";

const NOW = new Date("2026-03-02T06:00:00Z");

async function backupToBuffer(db: DB, engine: Engine, uploads: Uploads): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await writeBackup(db, out, { engine, uploads, now: NOW });
  return Buffer.concat(chunks);
}

function fromBuffer(bytes: Buffer): PassThrough {
  const input = new PassThrough();
  input.end(bytes);
  return input;
}

async function primaryKeyOf(db: DB, table: string): Promise<string[]> {
  const { rows } = await sql<{ column: string }>`
    select a.attname as column from pg_index i
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = ${table}::regclass and i.indisprimary order by a.attnum`.execute(db);
  return rows.map((r) => r.column);
}

async function snapshot(db: DB): Promise<Record<string, { count: number; sample: unknown[] }>> {
  const result: Record<string, { count: number; sample: unknown[] }> = {};
  for (const table of await tablesInLoadOrder(db)) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.id(table)}`.execute(db);
    const key = await primaryKeyOf(db, table);
    const order = key.length ? sql.join(key.map((k) => sql.id(k))) : sql`1`;
    const sample = await sql`select * from ${sql.id(table)} order by ${order} limit 300`.execute(db);
    result[table] = { count: Number(rows[0]!.n), sample: sample.rows };
  }
  return result;
}

const filesIn = (dir: string) =>
  (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();

const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

describe.each(engines)("a backup of %s", (source) => {
  let from: TestDb;
  let uploadDir: string;
  let archive: Buffer;
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    from = await openTestDb(source);
    uploadDir = tmp("toi-backup-src-");
    await seedDemo(from.db, hashPassword, NOW, { uploads: uploadDir });
    // Text that must survive the trip unchanged: quotes, backslashes, newlines, Kazakh letters.
    await from.db
      .insertInto("app_settings")
      .values({ key: "backup_probe", value: 'Қазақ "тілі"\\ \n next line' })
      .execute();
    await from.db
      .insertInto("outbox")
      .values({
        to_email: "a@b.kz",
        locale: "kk",
        template: "probe",
        params: JSON.stringify({ name: "Әлия", n: [1, 2] }),
      })
      .execute();
    archive = await backupToBuffer(from.db, source, uploadDir);
    before = await snapshot(from.db);
  }, 120_000);
  afterAll(async () => {
    await from?.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  test("holds every table with rows and every uploaded file", () => {
    expect(before.users!.count).toBeGreaterThan(0);
    expect(before.entries!.count).toBeGreaterThan(0);
    expect(before.outbox!.count).toBeGreaterThan(0);
    expect(filesIn(uploadDir).length).toBeGreaterThan(0);
  });

  describe.each(engines)(`restores into a fresh %s`, (target: Engine) => {
    let to: TestDb;
    let restoredUploads: string;

    beforeAll(async () => {
      to = await openTestDb(target, { migrated: false });
      restoredUploads = tmp("toi-backup-dst-");
      await restoreBackup(to.db, fromBuffer(archive), { uploads: restoredUploads });
    }, 120_000);
    afterAll(async () => {
      await to?.close();
      fs.rmSync(restoredUploads, { recursive: true, force: true });
    });

    test("with every table's row count and rows equal to the original's", async () => {
      const after = await snapshot(to.db);
      expect(Object.keys(after)).toEqual(Object.keys(before));
      for (const table of Object.keys(before)) {
        expect({ table, count: after[table]!.count }).toEqual({ table, count: before[table]!.count });
        expect(after[table]!.sample).toEqual(before[table]!.sample);
      }
    });

    test("at the backup's schema version, with the uploaded files byte for byte", async () => {
      expect(await appliedMigrations(to.db)).toEqual(await migrationNames());
      const files = filesIn(uploadDir);
      expect(filesIn(restoredUploads)).toEqual(files);
      for (const file of files)
        expect(
          fs.readFileSync(path.join(restoredUploads, file)).equals(fs.readFileSync(path.join(uploadDir, file))),
        ).toBe(true);
    });

    test("ready for use: the demo accounts sign in and new rows get fresh ids", async () => {
      expect(await verifyLogin(to.db, DEMO_ACCOUNTS[0]!.email, DEMO_ACCOUNTS[0]!.password)).not.toBeNull();
      const club = await to.db
        .insertInto("clubs")
        .values({ name: "New club after restore", city: "almaty" })
        .returning("id")
        .executeTakeFirstOrThrow();
      const highest = Math.max(...(before.clubs!.sample as { id: number }[]).map((c) => c.id));
      expect(club.id).toBeGreaterThan(highest);
    });

    test("refuses to restore over data", async () => {
      const again = tmp("toi-backup-again-");
      try {
        await expect(restoreBackup(to.db, fromBuffer(archive), { uploads: again })).rejects.toThrow(BackupError);
      } finally {
        fs.rmSync(again, { recursive: true, force: true });
      }
    });
  });
});

// On PostgreSQL, where other connections write during the backup (PGlite has one connection: the
// writes wait for the backup's transaction; tests/e2e/operations.test.ts backs up a running one).
describe.skipIf(!engines.includes("postgres"))("a backup of postgres while Toi keeps writing", () => {
  const engine = "postgres";
  test("is one consistent picture: the restore's counts match its manifest, every child row has its parent", async () => {
    const from = await openTestDb(engine, { poolMax: 4 });
    const to = await openTestDb(engine, { migrated: false });
    const dirs = [tmp("toi-backup-live-src-"), tmp("toi-backup-live-dst-")];
    try {
      let writing = true;
      let written = 0;
      const writer = (async () => {
        while (writing) {
          const user = await from.db
            .insertInto("users")
            .values({ email: `live-${written}@example.kz`, name: "Live" })
            .returning("id")
            .executeTakeFirstOrThrow();
          await from.db
            .insertInto("sessions")
            .values({ id: `live-${written}`, user_id: user.id, expires_at: new Date(Date.now() + 60_000) })
            .execute();
          written++;
          // PGlite answers without leaving the microtask queue: let timers and the backup run.
          await new Promise((r) => setImmediate(r));
        }
      })();
      while (written < 5) await new Promise((r) => setTimeout(r, 5));
      const archive = await backupToBuffer(from.db, engine, dirs[0]!);
      writing = false;
      await writer;
      const report = await restoreBackup(to.db, fromBuffer(archive), { uploads: dirs[1]! });
      expect(report.rows.users).toBeGreaterThanOrEqual(5);
      // Each session was written after its user: a snapshot may cut between them, never before the user.
      expect(report.rows.sessions! <= report.rows.users!).toBe(true);
      const orphans = await sql<{ n: number }>`
        select count(*)::int as n from sessions s where not exists (select 1 from users u where u.id = s.user_id)`.execute(
        to.db,
      );
      expect(orphans.rows[0]!.n).toBe(0);
    } finally {
      await from.close();
      await to.close();
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("a restore", () => {
  test("refuses what is not a Toi backup", async () => {
    const to = await openTestDb("pglite", { migrated: false });
    const dir = tmp("toi-backup-bad-");
    try {
      await expect(restoreBackup(to.db, fromBuffer(Buffer.from("not a backup")), { uploads: dir })).rejects.toThrow();
    } finally {
      await to.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a backup with uploads in a bucket", () => {
  test("takes the bucket's files and restores them into another, empty bucket, byte for byte", async () => {
    const [source, target] = await Promise.all([startS3Server("toi-src"), startS3Server("toi-dst")]);
    const from = await openTestDb("pglite");
    const to = await openTestDb("pglite", { migrated: false });
    try {
      const sourceBucket = bucketStore(source.settings);
      const targetBucket = bucketStore(target.settings);
      await seedDemo(from.db, hashPassword, NOW, { uploads: sourceBucket });
      const keys = await sourceBucket.list();
      expect(keys.length).toBeGreaterThan(0);
      const archive = await backupToBuffer(from.db, "pglite", sourceBucket);
      const report = await restoreBackup(to.db, fromBuffer(archive), { uploads: targetBucket });
      expect(report.uploads).toBe(keys.length);
      expect(await targetBucket.list()).toEqual(keys);
      for (const key of keys) {
        const [a, b] = await Promise.all([sourceBucket.get(key), targetBucket.get(key)]);
        expect(Buffer.from(await new Response(b!.stream).arrayBuffer())).toEqual(
          Buffer.from(await new Response(a!.stream).arrayBuffer()),
        );
      }
      // A bucket that already holds files is refused, and nothing is loaded.
      const again = await openTestDb("pglite", { migrated: false });
      try {
        await expect(restoreBackup(again.db, fromBuffer(archive), { uploads: targetBucket })).rejects.toThrow(
          /not empty/,
        );
      } finally {
        await again.close();
      }
    } finally {
      await from.close();
      await to.close();
      await Promise.all([source.close(), target.close()]);
    }
  }, 120_000);
});
