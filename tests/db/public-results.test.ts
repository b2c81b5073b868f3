import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createSession } from "~/.server/accounts/session.server";
import type { DB } from "~/.server/platform/db.server";
import { boot, runtime, shutdown } from "~/.server/platform/runtime.server";
import { hasPublishedResults, publicResultSection, publicResultsPage } from "~/.server/results/public-results.server";
import { loader } from "~/routes/events.$slug_.results";

import { engines, useTestDb } from "../setup/db";
import { contest, danceEntry, family, section, sibling, vocalEntry } from "./publication-fixture";

/**
 * A published contest: the remote round's Vocal 7–10 and the final's Vocal 7–10 are published; the
 * final's Dance 11–14 (Madina) is locked but not published, and must not show anywhere.
 */
async function publishedContest(db: DB, status: "published" | "draft" = "published") {
  const c = await contest(db, { status });
  const aruzhan = await family(db, c, { first: "Aruzhan", last: "Akhmetova", locale: "kk", publicName: "full" });
  const dias = await family(db, c, { first: "Dias", last: "Seitkali", locale: "ru", publicName: "initial" });
  const timur = await family(db, c, { first: "Timur", last: "Bekov", locale: "en", publicName: "initial", club: true });
  const alikhan = await sibling(db, aruzhan.guardian.id, "Alikhan", "Akhmetov");
  const madina = await family(db, c, { first: "Madina", last: "Oralova", locale: "ru" });
  const solo = await vocalEntry(db, c, [aruzhan.childId], "Әлди", { submittedBy: aruzhan.guardian.id });
  const diasSolo = await vocalEntry(db, c, [dias.childId], "Kökem", { submittedBy: dias.guardian.id });
  const ensemble = await vocalEntry(db, c, [timur.childId, alikhan], "Dombra", {
    format: "ensemble",
    clubId: c.clubId,
  });
  const dance = await danceEntry(db, c, [madina.childId], "Kara zhorga");
  const vocal = { nominationId: c.vocalId, ageGroupId: c.youngerId };
  const by = c.organiser.id;
  await section(db, {
    roundId: c.remote.id,
    ...vocal,
    published: true,
    by,
    rows: [
      { entryId: solo.id, rank: 1, percent: 90 },
      { entryId: diasSolo.id, rank: 2, percent: 80 },
      { entryId: ensemble.id, rank: 3, percent: 70 },
    ],
  });
  await section(db, {
    roundId: c.final.id,
    ...vocal,
    published: true,
    by,
    rows: [
      { entryId: ensemble.id, rank: 2, shared: true, percent: 85, award: "laureate_2", total: 34 },
      { entryId: solo.id, rank: 1, percent: 96.5, award: "grand_prix", total: 38.6 },
      { entryId: diasSolo.id, rank: 2, shared: true, percent: 85, award: "laureate_2", total: 34 },
    ],
  });
  await section(db, {
    roundId: c.final.id,
    nominationId: c.danceId,
    ageGroupId: c.olderId,
    locked: true,
    by,
    rows: [{ entryId: dance.id, rank: 1, percent: 99, award: "laureate_1" }],
  });
  await db
    .insertInto("special_prizes")
    .values({ round_id: c.final.id, entry_id: diasSolo.id, name_en: "Best voice", name_ru: "Лучший голос" })
    .execute();
  return { c, aruzhan, dias, timur, madina, solo, diasSolo, ensemble, dance };
}

/** Nothing on the public page may carry these: personal data, entry codes, scores, unpublished sections. */
function expectNothingPrivate(json: string, p: Awaited<ReturnType<typeof publishedContest>>) {
  for (const secret of [
    "2016-03-14",
    "2017-05-20", // birth dates
    p.aruzhan.guardian.email,
    p.dias.guardian.email,
    "parent", // guardians' emails and names
    p.solo.reference,
    p.diasSolo.reference,
    p.ensemble.reference, // entry references
    "Madina",
    "Oralova",
    "Kara zhorga",
    "Dance",
    "Хореография", // the unpublished section
    "Seitkali",
    "Bekov", // surnames of children shown by initial
    "38.6",
    '"total"',
    '"percent"',
    '"judge', // scores
  ]) {
    expect(json, secret).not.toContain(secret);
  }
}

describe.each(engines)("the public results page (%s)", (engine) => {
  const t = useTestDb(engine);

  it("shows only published sections, latest round first, places in order with the consented names", async () => {
    const p = await publishedContest(t.db);
    const view = (await publicResultsPage(t.db, p.c.slug, "en"))!;
    expect(view.rounds.map((r) => [r.kind, r.sections.map((s) => s.nomination)])).toEqual([
      ["final", ["Vocal"]],
      ["remote", ["Vocal"]],
    ]);
    const final = view.rounds[0]!.sections[0]!;
    expect(final.ageGroup).toEqual({ min: 7, max: 10 });
    expect(final.rows.map((r) => [r.place, r.shared, r.award, r.performers, r.ensemble, r.specialPrizes])).toEqual([
      [1, false, "grand_prix", ["Akhmetova Aruzhan"], false, []],
      // A shared place lists its entries by name.
      [2, true, "laureate_2", ["Alikhan A.", "Timur B."], true, []],
      [2, true, "laureate_2", ["Dias S."], false, ["Best voice"]],
    ]);
    expect(final.rows[1]!.clubs).toEqual([expect.stringContaining("Club Shanyrak")]);
    expect(final.rows[1]!.cities).toEqual(["almaty"]);
    expect(view.rounds[1]!.sections[0]!.rows.map((r) => r.award)).toEqual([null, null, null]);
    expectNothingPrivate(JSON.stringify(view), p);
  });

  it("names special prizes in the reader's language, falling back when a language is missing", async () => {
    const p = await publishedContest(t.db);
    const ru = (await publicResultsPage(t.db, p.c.slug, "ru"))!;
    expect(ru.rounds[0]!.sections[0]!.rows[2]!.specialPrizes).toEqual(["Лучший голос"]);
    expect(ru.rounds[0]!.sections[0]!.nomination).toBe("Вокал");
    const kk = (await publicResultsPage(t.db, p.c.slug, "kk"))!;
    expect(kk.rounds[0]!.sections[0]!.rows[2]!.specialPrizes).toEqual(["Лучший голос"]);
  });

  it("lists a season's sections without their places, each on a page of its own, paged best first", async () => {
    const p = await publishedContest(t.db);
    const small = (await publicResultsPage(t.db, p.c.slug, "en"))!;
    expect(small.inline).toBe(true);
    expect(small.rounds[0]!.sections[0]!.count).toBe(3);

    // Past the inline limit (here 2 places), sections come with counts only.
    const season = (await publicResultsPage(t.db, p.c.slug, "en", 2))!;
    expect(season.inline).toBe(false);
    expect(season.rounds.map((r) => r.sections.map((s) => [s.nomination, s.count, s.rows.length]))).toEqual([
      [["Vocal", 3, 0]],
      [["Vocal", 3, 0]],
    ]);
    expect(JSON.stringify(season)).not.toContain("Aruzhan");

    const finalId = season.rounds[0]!.sections[0]!.id;
    const pages = [];
    for (const n of [1, 2]) {
      const view = (await publicResultSection(t.db, p.c.slug, finalId, "en", n, 2))!;
      expect(view.round.kind).toBe("final");
      expect(view.section.count).toBe(3);
      expect(view.page).toEqual({ page: n, pages: 2, offset: (n - 1) * 2 });
      pages.push(view.section.rows.map((r) => [r.place, r.award]));
      expectNothingPrivate(JSON.stringify(view), p);
    }
    expect(pages).toEqual([
      [
        [1, "grand_prix"],
        [2, "laureate_2"],
      ],
      [[2, "laureate_2"]],
    ]);
    // A page past the end is the last one.
    expect((await publicResultSection(t.db, p.c.slug, finalId, "en", 9, 2))!.page.page).toBe(2);
  });

  it("shows no section that is unpublished, of another event, or of a draft event", async () => {
    const p = await publishedContest(t.db);
    const other = await publishedContest(t.db);
    const draft = await publishedContest(t.db, "draft");
    const sectionIds = async (db: DB, roundId: number) =>
      await db.selectFrom("result_sections").select(["id", "published_at"]).where("round_id", "=", roundId).execute();
    const final = await sectionIds(t.db, p.c.final.id);
    const published = final.find((s) => s.published_at !== null)!.id;
    const locked = final.find((s) => s.published_at === null)!.id;
    expect(await publicResultSection(t.db, p.c.slug, published, "en", null)).not.toBeNull();
    expect(await publicResultSection(t.db, p.c.slug, locked, "en", null)).toBeNull();
    expect(await publicResultSection(t.db, other.c.slug, published, "en", null)).toBeNull();
    const draftFinal = (await sectionIds(t.db, draft.c.final.id)).find((s) => s.published_at !== null)!.id;
    expect(await publicResultSection(t.db, draft.c.slug, draftFinal, "en", null)).toBeNull();
  });

  it("is empty while nothing is published, and absent for a draft event", async () => {
    const p = await publishedContest(t.db);
    expect(await hasPublishedResults(t.db, p.c.eventId)).toBe(true);
    await t.db
      .updateTable("result_sections")
      .set({ published_at: null })
      .where("round_id", "in", [p.c.remote.id, p.c.final.id])
      .execute();
    expect(await hasPublishedResults(t.db, p.c.eventId)).toBe(false);
    const view = (await publicResultsPage(t.db, p.c.slug, "en"))!;
    expect(view.rounds).toEqual([]);
    expect(JSON.stringify(view)).not.toContain("Aruzhan");

    const draft = await publishedContest(t.db, "draft");
    expect(await publicResultsPage(t.db, draft.c.slug, "en")).toBeNull();
    expect(await publicResultsPage(t.db, "no-such-event", "en")).toBeNull();
  });
});

describe("the public results loader", () => {
  let p: Awaited<ReturnType<typeof publishedContest>>;
  let draft: Awaited<ReturnType<typeof publishedContest>>;

  beforeAll(async () => {
    await boot({
      ...process.env,
      DATABASE_URL: "",
      DATA_DIR: "memory://",
      SEED_DEMO: "0",
      EMAIL_WORKER: "0",
      SESSION_SECRETS: "public-results-secret",
    });
    const { db } = await runtime();
    p = await publishedContest(db);
    draft = await publishedContest(db, "draft");
  }, 60_000);
  afterAll(async () => {
    await shutdown();
  });

  const load = async (slug: string, userId?: number) => {
    const headers = new Headers({ "Accept-Language": "ru" });
    if (userId) {
      const { db, sessionCookie } = await runtime();
      headers.set("Cookie", (await sessionCookie.serialize(await createSession(db, userId))).split(";")[0]!);
    }
    return loader({
      request: new Request(`http://toi.test/events/${slug}/results`, { headers }),
      params: { slug },
      context: { cspNonce: "", clientIp: "127.0.0.1" },
    });
  };

  it("sends only published sections and allowed fields, to anyone and to the event's organisers alike", async () => {
    for (const who of [undefined, p.c.organiser.id]) {
      const data = await load(p.c.slug, who);
      const json = JSON.stringify(data);
      expect(data.results.rounds.flatMap((r) => r.sections.map((s) => s.nomination))).toEqual(["Вокал", "Вокал"]);
      expect(json).toContain("Akhmetova Aruzhan");
      expectNothingPrivate(json, p);
    }
  });

  it("answers 404 for a draft event, even to its organisers", async () => {
    for (const who of [undefined, draft.c.organiser.id]) {
      const thrown = await load(draft.c.slug, who).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(404);
    }
  });
});
