import { describe, expect, it } from "vitest";

import { lockAndCountHoldings } from "~/.server/events/removals.server";
import { moveEntries } from "~/.server/events/round-moves.server";
import { entryPlaces, roundEntryIds } from "~/.server/events/rounds.server";
import type { DB } from "~/.server/platform/db.server";
import { advancementPage, applyAdvanceRule } from "~/.server/results/advancement.server";

import { engines, useTestDb } from "../setup/db";
import { insertUser } from "./factories";
import { contest, family, lastOutboxId, outbox, section, vocalEntry } from "./publication-fixture";

const BASE = "https://toi.example.kz";

/**
 * A remote selection, two regional heats in parallel (Astana; Abai region in Semey), then two galas
 * in parallel: Almaty's for entries from Almaty, Astana's for everyone else. Aruzhan's family lives in
 * Almaty; Dias's club is in Abai region. Both reached the Astana heat, where the best two advance.
 */
async function season(db: DB) {
  const c = await contest(db);
  await db.updateTable("clubs").set({ region: "abai", city: "semey" }).where("id", "=", c.clubId).execute();
  const heat = c.final.id;
  await db
    .updateTable("rounds")
    .set({ kind: "heat", regions: ["astana"], advance_rule: "top_n", advance_value: 2 })
    .where("id", "=", heat)
    .execute();
  const round = (position: number, kind: "heat" | "gala", city: string, regions: string[]) =>
    db
      .insertInto("rounds")
      .values({ event_id: c.eventId, position, kind, city, regions })
      .returning("id")
      .executeTakeFirstOrThrow()
      .then((r) => r.id);
  const abaiHeat = await round(1, "heat", "semey", ["abai"]);
  const galaAlmaty = await round(2, "gala", "almaty", ["almaty"]);
  const galaAstana = await round(2, "gala", "astana", []);
  const aruzhan = await family(db, c, { first: "Aruzhan", last: "Akhmetova", locale: "kk" });
  const dias = await family(db, c, { first: "Dias", last: "Seitkali", locale: "ru", club: true });
  const first = await vocalEntry(db, c, [aruzhan.childId], "Әлди", { submittedBy: aruzhan.guardian.id });
  const second = await vocalEntry(db, c, [dias.childId], "Kökem", { submittedBy: dias.guardian.id });
  await db
    .insertInto("round_entries")
    .values([first, second].map((e) => ({ round_id: heat, entry_id: e.id })))
    .execute();
  const heatSection = await section(db, {
    roundId: heat,
    nominationId: c.vocalId,
    ageGroupId: c.youngerId,
    locked: true,
    rows: [
      { entryId: first.id, rank: 1, percent: 95 },
      { entryId: second.id, rank: 2, percent: 90 },
    ],
  });
  return { c, heat, abaiHeat, galaAlmaty, galaAstana, first, second, heatSection };
}

async function score(db: DB, nominationId: number, roundId: number, entryId: number) {
  const criterion = await db
    .insertInto("criteria")
    .values({ nomination_id: nominationId, name_en: "Tone", max_score: 10 })
    .returning("id")
    .executeTakeFirstOrThrow();
  const judge = await insertUser(db);
  await db
    .insertInto("scores")
    .values({
      round_id: roundId,
      entry_id: entryId,
      judge_user_id: judge.id,
      criterion_id: criterion.id,
      value: 9,
      version: 1,
    })
    .execute();
}

describe.each(engines)("the season as a graph (%s)", (engine) => {
  const t = useTestDb(engine);

  it("places an entry by its club's region, else its family's town", async () => {
    const s = await season(t.db);
    const places = await entryPlaces(t.db, [s.first.id, s.second.id]);
    expect(places.get(s.first.id)).toEqual({ region: "almaty", town: "almaty" });
    expect(places.get(s.second.id)).toEqual({ region: "abai", town: "semey" });
  });

  it("advances from a heat into both galas at once, each entry into the gala routing gives it", async () => {
    const s = await season(t.db);
    const page = (await advancementPage(t.db, s.c.eventId, { roundId: s.heat, targetId: s.galaAstana }, "en"))!;
    expect(page.targets.map((r) => r.id)).toEqual([s.galaAlmaty, s.galaAstana]);
    expect(page.next!.id).toBe(s.galaAstana);
    expect(page.sections[0]).toMatchObject({ entries: 2, proposed: 1, chosen: 0 });

    const outcome = await applyAdvanceRule(t.db, s.c.organiser, {
      eventId: s.c.eventId,
      roundId: s.heat,
      sectionId: null,
      baseUrl: BASE,
    });
    expect(outcome).toMatchObject({ status: "done", added: [s.first.id, s.second.id], elsewhere: [] });
    expect(await roundEntryIds(t.db, s.galaAlmaty)).toEqual([s.first.id]);
    expect(await roundEntryIds(t.db, s.galaAstana)).toEqual([s.second.id]);
  });

  it("keeps an entry in one round per step: a hand-picked entry already in the other gala stays there", async () => {
    const s = await season(t.db);
    await applyAdvanceRule(t.db, s.c.organiser, {
      eventId: s.c.eventId,
      roundId: s.heat,
      sectionId: null,
      baseUrl: BASE,
    });
    const { confirmAdvancement } = await import("~/.server/results/advancement.server");
    const outcome = await confirmAdvancement(t.db, s.c.organiser, {
      eventId: s.c.eventId,
      roundId: s.heat,
      targetId: s.galaAlmaty,
      sectionIds: [s.heatSection],
      entryIds: [s.first.id, s.second.id],
      baseUrl: BASE,
    });
    expect(outcome).toMatchObject({ status: "done", added: [], elsewhere: [s.second.id] });
    expect(await roundEntryIds(t.db, s.galaAstana)).toEqual([s.second.id]);
  });

  it("moves an entry to the other gala: audited, the family emailed; refused once it has scores", async () => {
    const s = await season(t.db);
    await applyAdvanceRule(t.db, s.c.organiser, {
      eventId: s.c.eventId,
      roundId: s.heat,
      sectionId: null,
      baseUrl: BASE,
    });
    const before = await lastOutboxId(t.db);
    const moved = await moveEntries(t.db, s.c.organiser, {
      eventId: s.c.eventId,
      entryIds: [s.second.id],
      toRoundId: s.galaAlmaty,
      reason: "The family moved to Almaty.",
      baseUrl: BASE,
    });
    expect(moved).toEqual({ status: "done", moved: [s.second.id], refused: [] });
    expect(await roundEntryIds(t.db, s.galaAlmaty)).toEqual([s.first.id, s.second.id]);
    expect(await roundEntryIds(t.db, s.galaAstana)).toEqual([]);
    const mails = await outbox(t.db, "entry_moved", before);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ locale: "ru" });
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "entity_id"])
      .where("action", "=", "entry.move")
      .execute();
    expect(audit.map((a) => [a.action, Number(a.entity_id)])).toEqual([["entry.move", s.second.id]]);

    await score(t.db, s.c.vocalId, s.galaAlmaty, s.first.id);
    const refused = await moveEntries(t.db, s.c.organiser, {
      eventId: s.c.eventId,
      entryIds: [s.first.id],
      toRoundId: s.galaAstana,
      reason: "Wrong gala.",
      baseUrl: BASE,
    });
    expect(refused).toEqual({ status: "done", moved: [], refused: [{ entryId: s.first.id, reason: "scored" }] });
    expect(
      await moveEntries(t.db, s.c.organiser, {
        eventId: s.c.eventId,
        entryIds: [s.first.id],
        toRoundId: s.galaAstana,
        reason: " ",
        baseUrl: BASE,
      }),
    ).toEqual({ status: "invalid", reason: "no_reason" });

    // The gala now holds advanced entries, a move and scores: removing it is refused.
    const held = await t.db.transaction().execute((tx) => lockAndCountHoldings(tx, "rounds", [s.galaAlmaty]));
    expect(held.get(s.galaAlmaty)).toMatchObject({ advanced: 2, moved: 1, scores: 1 });
  });

  it("routes a first step of parallel heats by region, and a move there wins", async () => {
    const s = await season(t.db);
    // Make the heats the first step: the remote round goes after them.
    await t.db.updateTable("rounds").set({ position: 5 }).where("id", "=", s.c.remote.id).execute();
    await t.db.updateTable("rounds").set({ regions: [] }).where("id", "=", s.heat).execute();
    expect(await roundEntryIds(t.db, s.abaiHeat)).toEqual([s.second.id]);
    expect(await roundEntryIds(t.db, s.heat)).toEqual([s.first.id]);
    await moveEntries(t.db, s.c.organiser, {
      eventId: s.c.eventId,
      entryIds: [s.second.id],
      toRoundId: s.heat,
      reason: "Performs in Astana.",
      baseUrl: BASE,
    });
    expect(await roundEntryIds(t.db, s.heat)).toEqual([s.first.id, s.second.id]);
    expect(await roundEntryIds(t.db, s.abaiHeat)).toEqual([]);
  });
});
