import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { DEMO_ACCOUNTS, seedDemo } from "#db/seed/demo";
import { rolesOf, verifyLogin } from "~/.server/accounts/auth.server";
import { hashPassword } from "~/.server/accounts/password.server";
import { entryRounds } from "~/.server/events/entry-rounds.server";
import { findEventBySlug, loadEventDetails } from "~/.server/events/events.server";
import { homePage } from "~/.server/events/public-events.server";
import { publicSeason } from "~/.server/events/public-season.server";
import { eventRounds } from "~/.server/events/rounds.server";
import { eligibleJudges } from "~/.server/judging/eligible-judges.server";
import { judgePanels } from "~/.server/judging/judge-panels.server";
import type { DB } from "~/.server/platform/db.server";
import { readArtwork } from "~/.server/platform/uploads/artwork.server";
import { diplomaForEntry } from "~/.server/results/diplomas/diplomas.server";
import { publicResultsPage } from "~/.server/results/public-results.server";
import { OBLYS } from "~/domain/regions";
import { catchmentClashes } from "~/domain/season";

import { engines, openTestDb, useTestDb } from "../setup/db";
import { fakeHashPassword } from "./factories";

const NOW = new Date("2026-03-02T06:00:00Z");
const SEEDED_TABLES = [
  "clubs",
  "users",
  "events",
  "nominations",
  "nomination_formats",
  "age_groups",
  "rounds",
  "memberships",
  "app_settings",
  "participants",
  "consents",
  "entries",
  "entry_members",
  "round_entries",
  "criteria",
  "jury_assignments",
  "judge_conflicts",
  "scores",
  "result_sections",
  "results",
  "grand_prix",
  "special_prizes",
  "outbox",
  "audit_log",
] as const;
const FINAL_2017 = "children-in-the-rhythm-of-the-world-2017";

async function rowCounts(db: DB) {
  const counts: Record<string, number> = {};
  for (const table of SEEDED_TABLES) {
    const row = await db
      .selectFrom(table)
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    counts[table] = row.n;
  }
  return counts;
}

describe.each(engines)("demo seed on %s", (engine) => {
  const t = useTestDb(engine);
  let seeded: boolean;
  let uploadDir: string;

  beforeAll(async () => {
    uploadDir = await mkdtemp(path.join(tmpdir(), "toi-demo-uploads-"));
    // The real hasher: the demo accounts must be able to sign in.
    seeded = await seedDemo(t.db, hashPassword, NOW, { uploads: uploadDir });
  });
  afterAll(async () => {
    await rm(uploadDir, { recursive: true, force: true });
  });

  test("seeds an empty database", () => {
    expect(seeded).toBe(true);
  });

  test("inserts the 2017 final in Almaty on 10 October 2017 with vocal, choreography and instrumental nominations", async () => {
    const event = await findEventBySlug(t.db, "children-in-the-rhythm-of-the-world-2017");
    expect(event).toMatchObject({
      city: "almaty",
      starts_on: "2017-10-10",
      ends_on: "2017-10-10",
      status: "published",
    });
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
    expect(past.map((e) => e.slug)).toEqual([
      "the-planet-of-art-2025",
      "art-academy-2018",
      "children-in-the-rhythm-of-the-world-2017",
    ]);
  });

  test("adds demo clubs in the federation's cities, and one in each of the 17 regions", async () => {
    const clubs = await t.db.selectFrom("clubs").select(["city", "region", "is_demo"]).orderBy("id").execute();
    expect(clubs.slice(0, 6).map((c) => c.city)).toEqual([
      "almaty",
      "astana",
      "pavlodar",
      "petropavlovsk",
      "shakhtinsk",
      "shymkent",
    ]);
    expect(new Set(clubs.slice(6).map((c) => c.region))).toEqual(new Set(OBLYS));
    expect(clubs.every((c) => c.is_demo)).toBe(true);
  });

  test("adds the three demo accounts with argon2id hashes that accept their demo passwords; no other account has a password", async () => {
    const users = await t.db.selectFrom("users").select(["email", "password_hash"]).orderBy("id").execute();
    const withPassword = users.filter((u) => u.password_hash !== null);
    expect(withPassword.map((u) => u.email)).toEqual(DEMO_ACCOUNTS.map((a) => a.email));
    for (const user of withPassword) expect(user.password_hash).toMatch(/^\$argon2id\$/);
    for (const account of DEMO_ACCOUNTS)
      expect(await verifyLogin(t.db, account.email, account.password)).not.toBeNull();
  });

  test("marks everything it inserts as demo data", async () => {
    for (const table of ["clubs", "users", "events"] as const) {
      const rows = await t.db.selectFrom(table).select("is_demo").execute();
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.is_demo)).toBe(true);
    }
  });

  describe("the 2017 final carries the whole judging cycle", () => {
    const eventId = async () => (await findEventBySlug(t.db, FINAL_2017))!.id;
    const rounds = async () =>
      t.db
        .selectFrom("rounds")
        .select(["id", "kind", "blind"])
        .where("event_id", "=", await eventId())
        .orderBy("position")
        .execute();
    /** The final's results by entry title: rank, award, judges counted, total. */
    const finalResults = async () => {
      const [, final] = await rounds();
      const rows = await t.db
        .selectFrom("results")
        .innerJoin("entries", "entries.id", "results.entry_id")
        .select([
          "entries.title",
          "results.rank",
          "results.award",
          "results.judge_count",
          "results.total",
          "results.shared",
        ])
        .where("results.round_id", "=", final!.id)
        .execute();
      return new Map(rows.map((r) => [r.title, { ...r, total: r.total === null ? null : Number(r.total) }]));
    };

    test("24 confirmed finalists, 8 per nomination over the three age groups, all advanced from the remote round", async () => {
      const id = await eventId();
      const entries = await t.db
        .selectFrom("entries")
        .innerJoin("nominations", "nominations.id", "entries.nomination_id")
        .innerJoin("age_groups", "age_groups.id", "entries.age_group_id")
        .select([
          "entries.id",
          "entries.status",
          "entries.format",
          "entries.reference",
          "nominations.discipline",
          "age_groups.min_age",
        ])
        .where("entries.event_id", "=", id)
        .execute();
      expect(entries).toHaveLength(24);
      expect(entries.every((e) => e.status === "confirmed" && /^CI17-[2-9A-HJ-NP-Z]{6}$/.test(e.reference))).toBe(true);
      for (const discipline of ["vocal", "choreography", "instrumental"]) {
        const of = entries.filter((e) => e.discipline === discipline);
        expect(of, discipline).toHaveLength(8);
        expect(new Set(of.map((e) => e.min_age))).toEqual(new Set([7, 11, 15]));
      }
      expect(entries.filter((e) => e.format === "duet")).toHaveLength(3);
      expect(entries.filter((e) => e.format === "ensemble")).toHaveLength(3);
      const [remote, final] = await rounds();
      expect(remote).toMatchObject({ kind: "remote", blind: true });
      const advanced = await t.db
        .selectFrom("round_entries")
        .select("entry_id")
        .where("round_id", "=", final!.id)
        .execute();
      expect(advanced.map((a) => a.entry_id).sort((a, b) => a - b)).toEqual(
        entries.map((e) => e.id).sort((a, b) => a - b),
      );
    });

    test("club children belong to their club with a data consent attested by its leader; the guardian's daughter is hers", async () => {
      const children = await t.db
        .selectFrom("participants")
        .leftJoin("memberships", (j) =>
          j.onRef("memberships.club_id", "=", "participants.club_id").on("memberships.role", "=", "club_leader"),
        )
        .select([
          "participants.id",
          "participants.first_name",
          "participants.last_name",
          "participants.guardian_user_id",
          "participants.club_id",
          "participants.public_name",
          "memberships.user_id as leader",
        ])
        .execute();
      expect(children.length).toBeGreaterThanOrEqual(24);
      expect(children.every((c) => c.club_id !== null)).toBe(true);
      expect(children.filter((c) => c.public_name === "initial").length).toBeGreaterThanOrEqual(2);
      const consents = await t.db
        .selectFrom("consents")
        .select(["participant_id", "guardian_user_id"])
        .where("kind", "=", "data")
        .where("withdrawn_at", "is", null)
        .execute();
      const consenter = new Map(consents.map((c) => [c.participant_id, c.guardian_user_id]));
      const guardian = await t.db
        .selectFrom("users")
        .select("id")
        .where("email", "=", "guardian@toi.demo")
        .executeTakeFirstOrThrow();
      const own = children.filter((c) => c.guardian_user_id !== null);
      expect(own.map((c) => `${c.last_name} ${c.first_name}`)).toEqual(["Құрманғалиқызы Әлия"]);
      expect(own[0]!.guardian_user_id).toBe(guardian.id);
      expect(consenter.get(own[0]!.id)).toBe(guardian.id);
      for (const c of children.filter((c) => c.guardian_user_id === null))
        expect(consenter.get(c.id), `${c.last_name}`).toBe(c.leader);
      // The browser specs build a roster from scratch in «Ertis».
      const ertis = await t.db
        .selectFrom("clubs")
        .select("id")
        .where("name", "=", "UNESCO Club «Ertis»")
        .executeTakeFirstOrThrow();
      expect(children.filter((c) => c.club_id === ertis.id)).toEqual([]);
    });

    test("criteria, panels of three or four with the demo judge chairing one, and a conflict of interest", async () => {
      const id = await eventId();
      const criteria = await t.db
        .selectFrom("criteria")
        .innerJoin("nominations", "nominations.id", "criteria.nomination_id")
        .select(["criteria.nomination_id", "criteria.max_score", "criteria.weight", "criteria.name_kk"])
        .where("nominations.event_id", "=", id)
        .execute();
      expect(criteria).toHaveLength(12);
      expect(criteria.every((c) => Number(c.max_score) === 10 && Number(c.weight) === 1 && c.name_kk !== "")).toBe(
        true,
      );
      const [, final] = await rounds();
      const panels = await t.db
        .selectFrom("jury_assignments")
        .innerJoin("users", "users.id", "jury_assignments.user_id")
        .select(["jury_assignments.nomination_id", "jury_assignments.is_chair", "users.email"])
        .where("round_id", "=", final!.id)
        .execute();
      const sizes = new Map<number, number>();
      for (const p of panels) sizes.set(p.nomination_id, (sizes.get(p.nomination_id) ?? 0) + 1);
      expect([...sizes.values()].sort()).toEqual([3, 3, 4]);
      expect(panels.filter((p) => p.is_chair)).toHaveLength(3);
      expect(panels.find((p) => p.email === "judge@toi.demo")?.is_chair).toBe(true);
      const conflicts = await t.db
        .selectFrom("judge_conflicts")
        .select(["club_id", "participant_id"])
        .where("event_id", "=", id)
        .execute();
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]!.club_id).not.toBeNull();
    });

    test("every eligible judge scored every entry on every criterion in both rounds, in halves from 6 to 10", async () => {
      for (const round of await rounds()) {
        const eligible = await eligibleJudges(t.db, round.id);
        const expected = [...eligible.values()].reduce((sum, judges) => sum + judges.size * 4, 0);
        const scores = await t.db
          .selectFrom("scores")
          .select(["entry_id", "judge_user_id", "value"])
          .where("round_id", "=", round.id)
          .execute();
        expect(scores).toHaveLength(expected);
        expect(scores.every((s) => eligible.get(s.entry_id)?.has(s.judge_user_id))).toBe(true);
        expect(
          scores.every(
            (s) =>
              Number(s.value) >= 6 && Number(s.value) <= 10 && Number(s.value) * 2 === Math.round(Number(s.value) * 2),
          ),
        ).toBe(true);
      }
    });

    test("the final is computed, locked and published in every section, without emailing anyone or writing the audit log", async () => {
      const [remote, final] = await rounds();
      const sections = await t.db.selectFrom("result_sections").selectAll().execute();
      const finals = sections.filter((s) => s.round_id === final!.id);
      expect(finals).toHaveLength(9);
      expect(finals.every((s) => s.computed_at && s.locked_at && s.published_at)).toBe(true);
      const remotes = sections.filter((s) => s.round_id === remote!.id);
      expect(remotes).toHaveLength(9);
      expect(remotes.every((s) => s.locked_at && !s.published_at)).toBe(true);
      expect(await rowCounts(t.db)).toMatchObject({ outbox: 0, audit_log: 0 });
    });

    test("awards: the guardian's daughter is Laureate I, a conflicted judge is left out, a tie is broken by the median, one Grand Prix", async () => {
      const results = await finalResults();
      expect(results.get("Атамекен")).toMatchObject({ rank: 1, award: "laureate_1", judge_count: 3 }); // her club's judge recused
      expect(results.get("Колыбельная медведицы")).toMatchObject({ judge_count: 4 });
      // Instrumental 11–14: Аққу and Мелодия both average 35 of 40; Аққу's median is higher (36 against 35).
      expect(results.get("Аққу")).toMatchObject({ total: 35, rank: 2, award: "laureate_2", shared: false });
      expect(results.get("Мелодия")).toMatchObject({ total: 35, rank: 3, award: "laureate_3", shared: false });
      expect([...results.values()].filter((r) => r.award === "grand_prix").map((r) => r.title)).toEqual(["Шашу"]);
      expect([...results.values()].every((r) => r.rank !== null && r.award !== null)).toBe(true);
      const prizes = await t.db.selectFrom("special_prizes").select("name_ru").execute();
      expect(prizes.map((p) => p.name_ru)).toEqual(["За лучшее исполнение казахской народной песни"]);
    });

    test("the public results page shows every final section with its awards, and only public names", async () => {
      const view = await publicResultsPage(t.db, FINAL_2017, "kk");
      expect(view!.rounds.map((r) => r.kind)).toEqual(["final"]);
      const sections = view!.rounds[0]!.sections;
      expect(sections).toHaveLength(9);
      expect(sections.every((s) => s.rows.length >= 2 && s.rows[0]!.place === 1)).toBe(true);
      const rows = sections.flatMap((s) => s.rows);
      expect(rows.find((r) => r.performers.includes("Құрманғалиқызы Әлия"))).toMatchObject({
        place: 1,
        award: "laureate_1",
      });
      expect(rows.find((r) => r.title === "Шашу")).toMatchObject({ award: "grand_prix", ensemble: true });
      expect(rows.find((r) => r.title === "Елім-ай")!.specialPrizes).toEqual([
        "Қазақ халық әнін үздік орындағаны үшін",
      ]);
      expect(rows.find((r) => r.title === "Колыбельная медведицы")!.performers).toEqual(["Софья П."]);
      expect(JSON.stringify(view)).not.toMatch(/\d{4}-\d{2}-\d{2}T|birth|guardian|@toi\.demo/);
    });

    test("the demo guardian has her daughter's diploma; the demo judge sees the scored panels", async () => {
      const guardian = await t.db
        .selectFrom("users")
        .select("id")
        .where("email", "=", "guardian@toi.demo")
        .executeTakeFirstOrThrow();
      const entry = await t.db
        .selectFrom("entries")
        .select("reference")
        .where("title", "=", "Атамекен")
        .executeTakeFirstOrThrow();
      const diplomas = await diplomaForEntry(
        t.db,
        { reference: entry.reference },
        { userId: guardian.id, roles: await rolesOf(t.db, guardian.id) },
      );
      expect(diplomas).toMatchObject({
        preview: false,
        diplomas: [{ prize: { award: "laureate_1" }, members: [{ lastName: "Құрманғалиқызы", firstName: "Әлия" }] }],
      });
      const judge = await t.db
        .selectFrom("users")
        .select("id")
        .where("email", "=", "judge@toi.demo")
        .executeTakeFirstOrThrow();
      const panels = await judgePanels(t.db, judge.id);
      const final2017 = panels.filter((p) => p.event.slug === FINAL_2017);
      expect(final2017.map((p) => [p.round.kind, p.nomination.name_en, p.isChair, p.scored, p.total])).toEqual([
        ["remote", "Choreography", true, 8, 8],
        ["final", "Choreography", true, 8, 8],
      ]);
    });
  });

  test("the demo judge has six drawings of the Planet of ART's remote round to score, blind", async () => {
    const judge = await t.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "judge@toi.demo")
      .executeTakeFirstOrThrow();
    const panels = (await judgePanels(t.db, judge.id)).filter((p) => p.event.slug === "planet-of-art-2026");
    expect(panels.map((p) => [p.round.kind, p.round.blind, p.nomination.entryKind, p.scored, p.total])).toEqual([
      ["remote", true, "artwork", 0, 6],
    ]);
    const entries = await t.db
      .selectFrom("entries")
      .innerJoin("events", "events.id", "entries.event_id")
      .innerJoin("age_groups", "age_groups.id", "entries.age_group_id")
      .select(["entries.artwork_file", "entries.status", "age_groups.min_age"])
      .where("events.slug", "=", "planet-of-art-2026")
      .execute();
    expect(entries).toHaveLength(6);
    expect(new Set(entries.map((e) => e.min_age))).toEqual(new Set([3, 7, 11, 15]));
    for (const e of entries) {
      expect(e.status).toBe("confirmed");
      const image = await readArtwork(uploadDir, e.artwork_file!);
      expect(image?.contentType).toBe("image/jpeg");
      await image!.stream.cancel();
    }
  });

  test("inserts a past Planet of ART season: a selection, heats in all 17 regions, galas in Almaty and Astana", async () => {
    const event = (await findEventBySlug(t.db, "the-planet-of-art-2025"))!;
    expect(event).toMatchObject({ is_demo: true, status: "published" });
    const season = await publicSeason(t.db, event, "en");
    expect(season.map((s) => [s.kind, s.rounds.length])).toEqual([
      ["remote", 1],
      ["heat", 17],
      ["final", 2],
    ]);
    expect(new Set(season[1]!.rounds.flatMap((r) => r.regions))).toEqual(
      new Set([...OBLYS, "almaty", "astana", "shymkent"]),
    );
    expect(season[2]!.rounds.map((r) => r.city)).toEqual(["almaty", "astana"]);
    const published = season[1]!.rounds.filter((r) => r.hasProgramme && r.hasResults);
    expect(published.map((r) => r.city).sort()).toEqual(["karaganda", "konaev", "pavlodar", "semey"]);
    const rounds = await eventRounds(t.db, event.id);
    expect(
      catchmentClashes(
        rounds.map((r) => ({ id: r.id, step: r.position, regions: r.regions as never, towns: r.towns })),
      ),
    ).toEqual([]);

    // Every entry is in the selection and in the heat of its club's region; laureates also in a gala.
    const entries = await t.db
      .selectFrom("entries")
      .innerJoin("clubs", "clubs.id", "entries.club_id")
      .select(["entries.id", "clubs.region"])
      .where("entries.event_id", "=", event.id)
      .execute();
    expect(entries).toHaveLength(68);
    let inGala = 0;
    for (const e of entries) {
      const theirs = await entryRounds(t.db, e.id);
      expect(theirs[0]!.kind).toBe("remote");
      expect(theirs[1]!.regions).toContain(e.region);
      if (theirs[2]) {
        inGala++;
        expect(theirs[2].kind).toBe("final");
      }
    }
    expect(inGala).toBeGreaterThan(0);
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
      const results = await Promise.all([
        seedDemo(testDb.db, fakeHashPassword, NOW),
        seedDemo(testDb.db, fakeHashPassword, NOW),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const events = await testDb.db.selectFrom("events").select("slug").execute();
      expect(events).toHaveLength(4);
    } finally {
      await testDb.close();
    }
  });
});
