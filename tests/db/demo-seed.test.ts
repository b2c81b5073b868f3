import { sql } from "kysely";
import { beforeAll, describe, expect, test } from "vitest";
import { DEMO_ACCOUNTS, seedDemo } from "#db/seed/demo";
import type { DB } from "~/.server/db.server";
import { verifyLogin } from "~/.server/auth.server";
import { findEventBySlug, loadEventDetails } from "~/.server/events.server";
import { hashPassword } from "~/.server/password.server";
import { homePage } from "~/.server/public-events.server";
import { engines, openTestDb, useTestDb } from "../setup/db";
import { fakeHashPassword } from "./factories";

const NOW = new Date("2026-03-02T06:00:00Z");
const SEEDED_TABLES = ["clubs", "users", "events", "nominations", "nomination_formats", "age_groups", "rounds", "memberships", "app_settings"] as const;

async function rowCounts(db: DB) {
  const counts: Record<string, number> = {};
  for (const table of SEEDED_TABLES) {
    const row = await db.selectFrom(table).select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
    counts[table] = row.n;
  }
  return counts;
}

describe.each(engines)("demo seed on %s", (engine) => {
  const t = useTestDb(engine);
  let seeded: boolean;

  beforeAll(async () => {
    // The real hasher: the demo accounts must be able to sign in.
    seeded = await seedDemo(t.db, hashPassword, NOW);
  });

  test("seeds an empty database", () => {
    expect(seeded).toBe(true);
  });

  test("inserts the 2017 final in Almaty on 10 October 2017 with vocal, choreography and instrumental nominations", async () => {
    const event = await findEventBySlug(t.db, "children-in-the-rhythm-of-the-world-2017");
    expect(event).toMatchObject({ city: "almaty", starts_on: "2017-10-10", ends_on: "2017-10-10", status: "published" });
    const details = await loadEventDetails(t.db, event!.id);
    expect(details.nominations.map((n) => n.discipline)).toEqual(["vocal", "choreography", "instrumental"]);
    expect(details.nominations.every((n) => n.formats.length > 0)).toBe(true);
    expect(details.rounds.map((r) => r.kind)).toEqual(["remote", "final"]);
  });

  test("inserts the 2018 art academy", async () => {
    const event = await findEventBySlug(t.db, "art-academy-2018");
    expect(event).toMatchObject({ kind: "academy", city: "almaty", starts_on: "2018-07-02" });
  });

  test("has exactly one upcoming event, and its registration is open now", async () => {
    const { upcoming, past } = await homePage(t.db, {}, "en", NOW);
    expect(upcoming).toHaveLength(1);
    expect(upcoming[0]).toMatchObject({ slug: "planet-of-art-2026", phase: "upcoming", registration: "open" });
    expect(past.map((e) => e.slug)).toEqual(["art-academy-2018", "children-in-the-rhythm-of-the-world-2017"]);
  });

  test("adds demo clubs in the federation's cities", async () => {
    const clubs = await t.db.selectFrom("clubs").select("city").orderBy("city").execute();
    expect(clubs.map((c) => c.city)).toEqual(["almaty", "astana", "pavlodar", "petropavlovsk", "shakhtinsk", "shymkent"]);
  });

  test("adds the three demo accounts with argon2id hashes that accept their demo passwords", async () => {
    const users = await t.db.selectFrom("users").select(["email", "password_hash"]).orderBy("id").execute();
    expect(users.map((u) => u.email)).toEqual(DEMO_ACCOUNTS.map((a) => a.email));
    for (const user of users) expect(user.password_hash).toMatch(/^\$argon2id\$/);
    for (const account of DEMO_ACCOUNTS) expect(await verifyLogin(t.db, account.email, account.password)).not.toBeNull();
  });

  test("marks everything it inserts as demo data", async () => {
    for (const table of ["clubs", "users", "events"] as const) {
      const rows = await t.db.selectFrom(table).select("is_demo").execute();
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.is_demo)).toBe(true);
    }
  });

  test("a second seed returns false and adds nothing", async () => {
    const before = await rowCounts(t.db);
    expect(await seedDemo(t.db, fakeHashPassword, NOW)).toBe(false);
    expect(await rowCounts(t.db)).toEqual(before);
  });
});

describe.each(engines)("demo seed started by two instances at once on %s", (engine) => {
  test("seeds exactly once", async () => {
    const testDb = await openTestDb(engine);
    try {
      const results = await Promise.all([seedDemo(testDb.db, fakeHashPassword, NOW), seedDemo(testDb.db, fakeHashPassword, NOW)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const events = await testDb.db.selectFrom("events").select("slug").execute();
      expect(events).toHaveLength(3);
    } finally {
      await testDb.close();
    }
  });
});
