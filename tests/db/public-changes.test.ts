/**
 * What the public page caches hear of changes: each event's version and the NOTIFY its triggers
 * send (db/migrations/2026_12_11_1400_public_versions_per_event.ts), as Toi listens to them
 * (change-feed.server.ts), on both engines; and what happens when the listening connection is lost.
 */
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { ChangeSource } from "~/.server/platform/change-feed.server";
import { PUBLIC_CHANGES_CHANNEL } from "~/.server/platform/change-feed.server";
import type { DB } from "~/.server/platform/db.server";
import { publicVersionLabel } from "~/.server/platform/page-cache.server";

import { type Engine, engines, openTestDb, type TestDb } from "../setup/db";
import { ageGroupForm, createEventWithParts, insertUser, nominationForm } from "./factories";

async function versionOf(db: DB, eventId: number): Promise<number> {
  const row = await db
    .selectFrom("public_versions")
    .select("version")
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  return row?.version ?? 0;
}

async function twoEvents(db: DB) {
  const organiser = await insertUser(db);
  const make = (titleEn: string) =>
    createEventWithParts(db, organiser.id, {
      titleEn,
      nominations: [nominationForm({ nameEn: "Vocal" })],
      ageGroups: [ageGroupForm(7, 10)],
    });
  return [await make("Spring"), await make("Autumn")] as const;
}

describe.each(engines)("public changes on %s", (engine: Engine) => {
  let t: TestDb;
  let source: ChangeSource;
  const heard: string[] = [];

  beforeAll(async () => {
    t = await openTestDb(engine, { poolMax: 6 });
    source = await t.listen(PUBLIC_CHANGES_CHANNEL, () => {});
    source.feed.subscribe({ change: (p) => heard.push(p), live: () => {}, lost: () => {} });
    for (let i = 0; i < 100 && !source.feed.live; i++) await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(async () => {
    await source?.close();
    await t?.close();
  });

  test("a change to one event's nominations moves that event's version alone, announced with its id", async () => {
    const [spring, autumn] = await twoEvents(t.db);
    const before = [await versionOf(t.db, spring.id), await versionOf(t.db, autumn.id)];
    const label = await publicVersionLabel(t.db);
    heard.length = 0;
    await t.db.updateTable("nominations").set({ name_en: "Song" }).where("event_id", "=", spring.id).execute();
    expect(await versionOf(t.db, spring.id)).toBe(before[0]! + 1);
    expect(await versionOf(t.db, autumn.id)).toBe(before[1]);
    expect(BigInt(await publicVersionLabel(t.db))).toBeGreaterThan(BigInt(label));
    await expect.poll(() => heard).toEqual([String(spring.id)]);
  });

  test("rows reached through a parent (a nomination's formats) name their event; unchanged rows say nothing", async () => {
    const [spring] = await twoEvents(t.db);
    const nomination = spring.nominations[0]!;
    const before = await versionOf(t.db, spring.id);
    heard.length = 0;
    await t.db
      .updateTable("nomination_formats")
      .set({ max_members: 30 })
      .where("nomination_id", "=", nomination.id)
      .execute();
    expect(await versionOf(t.db, spring.id)).toBe(before + 1);
    await expect.poll(() => heard).toEqual([String(spring.id)]);
    // The same values again: nothing a page shows has changed.
    await t.db
      .updateTable("nomination_formats")
      .set({ max_members: 30 })
      .where("nomination_id", "=", nomination.id)
      .execute();
    expect(await versionOf(t.db, spring.id)).toBe(before + 1);
  });

  test("a rolled-back change is never announced", async () => {
    const [spring] = await twoEvents(t.db);
    const before = await versionOf(t.db, spring.id);
    heard.length = 0;
    await expect(
      t.db.transaction().execute(async (tx) => {
        await tx.updateTable("events").set({ title_en: "Never" }).where("id", "=", spring.id).execute();
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await t.db.updateTable("events").set({ title_en: "Marker" }).where("id", "=", spring.id).execute();
    await expect.poll(() => heard).toEqual([String(spring.id)]);
    expect(await versionOf(t.db, spring.id)).toBe(before + 1);
  });

  test.skipIf(engine !== "postgres")(
    "organisers' writes on different events do not wait for each other's commit",
    async () => {
      const [spring, autumn] = await twoEvents(t.db);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const slow = t.db.transaction().execute(async (tx) => {
        await tx.updateTable("events").set({ title_en: "Spring, held" }).where("id", "=", spring.id).execute();
        entered();
        await held;
      });
      await inside;
      try {
        const started = Date.now();
        await t.db.updateTable("events").set({ title_en: "Autumn, at once" }).where("id", "=", autumn.id).execute();
        expect(Date.now() - started).toBeLessThan(1_000);
      } finally {
        release();
        await slow;
      }
    },
  );

  test.skipIf(engine !== "postgres")(
    "a lost LISTEN connection turns the feed off at once; it comes back by itself and hears again",
    async () => {
      const lost: number[] = [];
      source.feed.subscribe({ change: () => {}, live: () => {}, lost: () => lost.push(Date.now()) });
      const dbName = (await sql<{ name: string }>`select current_database() as name`.execute(t.db)).rows[0]!.name;
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      try {
        const { rowCount } = await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = 'toi_public_changes'`,
          [dbName],
        );
        expect(rowCount).toBe(1);
      } finally {
        await admin.end();
      }
      await expect.poll(() => lost.length).toBe(1);
      expect(source.feed.live).toBe(false);
      await expect.poll(() => source.feed.live, { timeout: 10_000 }).toBe(true);
      const [spring] = await twoEvents(t.db);
      heard.length = 0;
      await t.db.updateTable("events").set({ title_en: "Heard again" }).where("id", "=", spring.id).execute();
      await expect.poll(() => heard).toEqual([String(spring.id)]);
    },
  );
});
