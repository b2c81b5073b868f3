import { describe, expect, it } from "vitest";

import { entryRounds } from "~/.server/events/entry-rounds.server";
import { publicSeason, roundPage, seasonShapes } from "~/.server/events/public-season.server";
import type { DB } from "~/.server/platform/db.server";
import { entryJourney } from "~/.server/registration/entry-journey.server";

import { engines, useTestDb } from "../setup/db";
import { stage, version } from "./programme-fixture";
import { contest, family, section, vocalEntry } from "./publication-fixture";

const publicOnly = async () => false;
const organiserSees = async () => true;

/**
 * A season: the remote selection (step 1), heats in Pavlodar and Karaganda regions in parallel
 * (step 2), galas in Astana and Almaty in parallel (step 3). Aruzhan is in the Pavlodar heat, whose
 * running order and Vocal results are published; Dias is in the Karaganda heat (a draft running
 * order, results locked but unpublished) and went on to the Astana gala.
 */
async function season(db: DB, status: "published" | "draft" = "published") {
  const c = await contest(db, { status });
  await db.updateTable("rounds").set({ position: 2 }).where("id", "=", c.final.id).execute();
  const [pavlodar, karaganda, almatyGala] = await db
    .insertInto("rounds")
    .values([
      {
        event_id: c.eventId,
        position: 1,
        kind: "heat",
        city: "pavlodar",
        regions: ["pavlodar"],
        starts_on: "2026-11-14",
        ends_on: "2026-11-14",
        venue_en: "Ertis Palace",
      },
      {
        event_id: c.eventId,
        position: 1,
        kind: "heat",
        city: "karaganda",
        regions: ["karaganda"],
        starts_on: "2026-11-21",
        ends_on: "2026-11-21",
      },
      {
        event_id: c.eventId,
        position: 2,
        kind: "final",
        city: "almaty",
        regions: ["almaty"],
        starts_on: "2026-12-10",
        ends_on: "2026-12-10",
      },
    ])
    .returning("id")
    .execute();
  const aruzhan = await family(db, c, { first: "Aruzhan", last: "Akhmetova", locale: "kk" });
  const dias = await family(db, c, { first: "Dias", last: "Seitkali", locale: "ru", publicName: "initial" });
  const madina = await family(db, c, { first: "Madina", last: "Oralova", locale: "ru" });
  const solo = await vocalEntry(db, c, [aruzhan.childId], "Әлди");
  const diasSolo = await vocalEntry(db, c, [dias.childId], "Kökem");
  const withdrawn = await vocalEntry(db, c, [madina.childId], "Kara zhorga");
  await db.updateTable("entries").set({ status: "withdrawn" }).where("id", "=", withdrawn.id).execute();
  await db
    .insertInto("round_entries")
    .values([
      { round_id: pavlodar!.id, entry_id: solo.id },
      { round_id: karaganda!.id, entry_id: diasSolo.id },
      { round_id: c.final.id, entry_id: diasSolo.id },
      { round_id: pavlodar!.id, entry_id: withdrawn.id },
    ])
    .execute();
  const hall = await stage(
    db,
    pavlodar!.id,
    0,
    { kk: "Үлкен зал", ru: "Большой зал", en: "Main hall" },
    "Ertis Palace",
  );
  await version(db, pavlodar!.id, "published", [
    { stageId: hall, from: "2026-11-14T05:00:00Z", to: "2026-11-14T05:04:00Z", entryId: solo.id },
  ]);
  const small = await stage(db, karaganda!.id, 0, { kk: "Кіші зал", ru: "Малый зал", en: "Small hall" });
  await version(db, karaganda!.id, "draft", [
    { stageId: small, from: "2026-11-21T05:00:00Z", to: "2026-11-21T05:04:00Z", entryId: diasSolo.id },
  ]);
  const vocal = { nominationId: c.vocalId, ageGroupId: c.youngerId, by: c.organiser.id };
  await section(db, {
    roundId: pavlodar!.id,
    ...vocal,
    published: true,
    rows: [{ entryId: solo.id, rank: 1, percent: 92, award: "laureate_1" }],
  });
  await section(db, {
    roundId: karaganda!.id,
    ...vocal,
    locked: true,
    rows: [{ entryId: diasSolo.id, rank: 1, percent: 88, award: "laureate_1" }],
  });
  return {
    c,
    pavlodar: pavlodar!,
    karaganda: karaganda!,
    almatyGala: almatyGala!,
    aruzhan,
    dias,
    solo,
    diasSolo,
    withdrawn,
  };
}

describe.each(engines)("the public season (%s)", (engine) => {
  const t = useTestDb(engine);

  it("finds the rounds an entry is in, step by step; a withdrawn entry is in none", async () => {
    const s = await season(t.db);
    expect((await entryRounds(t.db, s.solo.id)).map((r) => r.id)).toEqual([s.c.remote.id, s.pavlodar.id]);
    expect((await entryRounds(t.db, s.diasSolo.id)).map((r) => r.id)).toEqual([
      s.c.remote.id,
      s.karaganda.id,
      s.c.final.id,
    ]);
    expect(await entryRounds(t.db, s.withdrawn.id)).toEqual([]);
    expect(await entryRounds(t.db, 999_999)).toEqual([]);
  });

  it("lists the steps with the heats and galas in parallel, counting only published programmes and results", async () => {
    const s = await season(t.db);
    const steps = await publicSeason(t.db, { id: s.c.eventId, status: "published" }, "en");
    expect(steps.map((st) => [st.number, st.kind, st.rounds.map((r) => r.id)])).toEqual([
      [1, "remote", [s.c.remote.id]],
      [2, "heat", [s.pavlodar.id, s.karaganda.id]],
      [3, "final", [s.c.final.id, s.almatyGala.id]],
    ]);
    const [pavlodar, karaganda] = steps[1]!.rounds;
    expect(pavlodar).toMatchObject({ regions: ["pavlodar"], city: "pavlodar", hasProgramme: true, hasResults: true });
    expect(karaganda).toMatchObject({ regions: ["karaganda"], hasProgramme: false, hasResults: false });
    // A draft's preview never counts results (the results pages show published events only).
    const draft = await publicSeason(t.db, { id: s.c.eventId, status: "draft" }, "en");
    expect(draft[1]!.rounds[0]).toMatchObject({ hasProgramme: true, hasResults: false });
  });

  it("shows a heat's own published programme and results, and nothing of another heat or anything private", async () => {
    const s = await season(t.db);
    const page = (await roundPage(t.db, s.c.slug, s.pavlodar.id, "en", publicOnly))!;
    expect(page.step).toEqual({ number: 2, of: 3, kind: "heat", parallel: 2 });
    expect(page.round.venue).toBe("Ertis Palace");
    const performances = page.programme.days.flatMap((d) =>
      d.stages.flatMap((st) => st.items.flatMap((i) => (i.kind === "block" ? i.performances : []))),
    );
    expect(performances.map((p) => [p.title, p.performers])).toEqual([["Әлди", ["Akhmetova Aruzhan"]]]);
    expect(page.results!.sections.map((sec) => [sec.nomination, sec.rows.map((r) => r.award)])).toEqual([
      ["Vocal", ["laureate_1"]],
    ]);
    const json = JSON.stringify(page);
    for (const secret of ["2016-03-14", "parent", s.solo.reference, "Kökem", "Seitkali", '"percent"'])
      expect(json, secret).not.toContain(secret);

    // The Karaganda heat: a draft running order and unpublished results show as not out yet.
    const other = (await roundPage(t.db, s.c.slug, s.karaganda.id, "en", publicOnly))!;
    expect(other.programme.days).toEqual([]);
    expect(other.results).toBeNull();
  });

  it("gives the home page's cards the shape of a season with parallel rounds, and none to a plain chain", async () => {
    const s = await season(t.db);
    const plain = await contest(t.db);
    const shapes = await seasonShapes(t.db, [s.c.eventId, plain.eventId]);
    expect(shapes.get(s.c.eventId)).toEqual([
      { kind: "remote", rounds: 1 },
      { kind: "heat", rounds: 2 },
      { kind: "final", rounds: 2 },
    ]);
    expect(shapes.has(plain.eventId)).toBe(false);
  });

  it("is a 404 for a round of another event, and for a draft event unless the reader may preview it", async () => {
    const s = await season(t.db);
    const other = await season(t.db);
    expect(await roundPage(t.db, s.c.slug, other.pavlodar.id, "en", publicOnly)).toBeNull();
    const draft = await season(t.db, "draft");
    expect(await roundPage(t.db, draft.c.slug, draft.pavlodar.id, "en", publicOnly)).toBeNull();
    expect(await roundPage(t.db, draft.c.slug, draft.pavlodar.id, "en", organiserSees)).not.toBeNull();
  });

  it("tells a family the heat, venue and stage time, and what comes next", async () => {
    const s = await season(t.db);
    const before = new Date("2026-11-01T00:00:00Z");
    const entry = (id: number) => ({
      id,
      status: "confirmed" as const,
      eventId: s.c.eventId,
      eventTimezone: "Asia/Almaty",
    });
    // Before the heat: no results yet in this test, so clear them and look at the stage time.
    await t.db
      .updateTable("result_sections")
      .set({ published_at: null })
      .where("round_id", "=", s.pavlodar.id)
      .execute();
    const aruzhan = await entryJourney(t.db, entry(s.solo.id), "en", before);
    expect(aruzhan.ageGroup).toEqual({ min: 7, max: 10 });
    expect(aruzhan.round).toMatchObject({ id: s.pavlodar.id, kind: "heat", regions: ["pavlodar"], city: "pavlodar" });
    expect(aruzhan.slot).toMatchObject({ startsAt: "2026-11-14T05:00:00.000Z", stage: "Main hall" });
    expect(aruzhan.next).toEqual({ kind: "come", startsAt: "2026-11-14T05:00:00.000Z" });

    const dias = await entryJourney(t.db, entry(s.diasSolo.id), "en", before);
    expect(dias.round).toMatchObject({ id: s.c.final.id, kind: "final", city: "astana" });
    expect(dias.next).toEqual({ kind: "awaitProgramme", date: "2026-12-10" });

    await t.db
      .updateTable("result_sections")
      .set({ published_at: new Date() })
      .where("round_id", "=", s.pavlodar.id)
      .execute();
    expect((await entryJourney(t.db, entry(s.solo.id), "en", before)).next).toEqual({
      kind: "resultsOut",
      isLast: false,
    });
  });
});
