import { describe, expect, it } from "vitest";

import { ensureConsentTexts } from "#db/seed/consent-texts";
import type { ScoringRules } from "#db/types";
import { findSection } from "~/.server/events/rounds.server";
import type { DB } from "~/.server/platform/db.server";
import { computeRound, computeSection } from "~/.server/results/compute.server";
import { diplomasForNomination } from "~/.server/results/diplomas/diplomas.server";
import { setGrandPrix } from "~/.server/results/grand-prix.server";
import { lockSection, publishSection, unpublishSection } from "~/.server/results/publication.server";
import { sectionReview } from "~/.server/results/review.server";
import { overrideScore } from "~/.server/results/score-overrides.server";
import { findEventSection } from "~/.server/results/sections.server";
import { addSpecialPrize, removeSpecialPrize } from "~/.server/results/special-prizes.server";
import { clearTieDecision, recordTieDecision } from "~/.server/results/ties.server";

import { engines, useTestDb } from "../setup/db";
import { ageGroupForm, asActor, createEventWithParts, insertUser, nominationForm, roundForm } from "./factories";

let seq = 0;

/**
 * A final with one nomination (Vocal) in two age groups, three criteria — technique and repertoire
 * out of 10, artistry out of 10 counting double (maximum 40) — and three judges A, B, C on the
 * panel for every age group. C has a conflict of interest with the club Shabyt.
 *
 * 7–10 (hand-computed; a judge's total is technique + 2·artistry + repertoire):
 * - e1: A 9,9,9 = 36; B 9,9,8 = 35; C 6,7,6 = 26 → mean 32.3333 (80.8333%), median 35; C is an outlier.
 * - e2 (Shabyt, C recused; C's stray 1,1,1 must not count): A 9,9,8 = 35; B 9,8,9 = 34 → 34.5 (86.25%).
 * - e3: A 8,8,8 = 32; B 7,8,7 = 30; C 9,8,— incomplete → 31 (77.5%).
 * - e4: no scores → unranked, no award.
 * 11–14:
 * - f1: A 8,7,8 = 30; B 30; C 9,9,9 = 36 → mean 32, median 30.
 * - f2: 8,8,8 = 32 from each → mean 32, median 32: wins the tie by median.
 * - f3, f4: 7,7,7 = 28 from each: tied on everything.
 */
async function final(db: DB, scoring: ScoringRules = {}) {
  const n = ++seq;
  const organiser = asActor((await insertUser(db, { email: `organiser-${n}@example.kz` })).id);
  const event = await createEventWithParts(db, organiser.id, {
    titleEn: `Results ${n}`,
    nominations: [nominationForm({ nameEn: "Vocal", formats: { solo: [1, 1] } })],
    ageGroups: [ageGroupForm(7, 10), ageGroupForm(11, 14)],
    rounds: [roundForm({ kind: "final" })],
  });
  const [eventId, round, vocal, [younger, older]] = [
    event.id,
    event.rounds[0]!,
    event.nominations[0]!,
    event.ageGroups,
  ];
  await db
    .updateTable("events")
    .set({ scoring: JSON.stringify(scoring) })
    .where("id", "=", eventId)
    .execute();
  const criteria = await db
    .insertInto("criteria")
    .values([
      { nomination_id: vocal.id, position: 1, name_en: "Technique", max_score: 10, weight: 1 },
      { nomination_id: vocal.id, position: 2, name_en: "Artistry", max_score: 10, weight: 2 },
      { nomination_id: vocal.id, position: 3, name_en: "Repertoire", max_score: 10, weight: 1 },
    ])
    .returning("id")
    .execute();
  const shabyt = (
    await db
      .insertInto("clubs")
      .values({ name: `Shabyt ${n}`, city: "almaty" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const judge = async (name: string) =>
    (await insertUser(db, { name: `Judge ${name}`, email: `judge-${name.toLowerCase()}-${n}@example.kz` })).id;
  const judges = { a: await judge("A"), b: await judge("B"), c: await judge("C") };
  for (const userId of Object.values(judges)) {
    await db
      .insertInto("jury_assignments")
      .values({ round_id: round.id, nomination_id: vocal.id, age_group_id: null, user_id: userId })
      .execute();
  }
  await db.insertInto("judge_conflicts").values({ event_id: eventId, user_id: judges.c, club_id: shabyt }).execute();
  const entry = async (ageGroupId: number, title: string, clubId: number | null = null) => {
    const row = await db
      .insertInto("entries")
      .values({
        event_id: eventId,
        nomination_id: vocal.id,
        age_group_id: ageGroupId,
        format: "solo",
        title,
        status: "confirmed",
        reference: `R${n}-${title}`,
        club_id: clubId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const child = await db
      .insertInto("participants")
      .values({ club_id: clubId, last_name: "Seitkali", first_name: title, birth_date: "2015-01-01", city: "almaty" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("entry_members")
      .values({ entry_id: row.id, participant_id: child.id, nomination_id: vocal.id })
      .execute();
    return row.id;
  };
  const e = {
    e1: await entry(younger!.id, "e1"),
    e2: await entry(younger!.id, "e2", shabyt),
    e3: await entry(younger!.id, "e3"),
    e4: await entry(younger!.id, "e4"),
  };
  const f = {
    f1: await entry(older!.id, "f1"),
    f2: await entry(older!.id, "f2"),
    f3: await entry(older!.id, "f3"),
    f4: await entry(older!.id, "f4"),
  };
  const sheet = async (entryId: number, judgeId: number, ...values: number[]) => {
    await db
      .insertInto("scores")
      .values(
        values.map((value, i) => ({
          round_id: round.id,
          entry_id: entryId,
          judge_user_id: judgeId,
          criterion_id: criteria[i]!.id,
          value,
          version: 1,
        })),
      )
      .execute();
  };
  await sheet(e.e1, judges.a, 9, 9, 9);
  await sheet(e.e1, judges.b, 9, 9, 8);
  await sheet(e.e1, judges.c, 6, 7, 6);
  await sheet(e.e2, judges.a, 9, 9, 8);
  await sheet(e.e2, judges.b, 9, 8, 9);
  await sheet(e.e2, judges.c, 1, 1, 1);
  await sheet(e.e3, judges.a, 8, 8, 8);
  await sheet(e.e3, judges.b, 7, 8, 7);
  await sheet(e.e3, judges.c, 9, 8);
  for (const j of Object.values(judges)) {
    await sheet(f.f1, j, ...(j === judges.c ? [9, 9, 9] : [8, 7, 8]));
    await sheet(f.f2, j, 8, 8, 8);
    await sheet(f.f3, j, 7, 7, 7);
    await sheet(f.f4, j, 7, 7, 7);
  }
  const section = async (ageGroupId: number) => (await findSection(db, round.id, vocal.id, ageGroupId))!.id;
  return {
    organiser,
    eventId,
    roundId: round.id,
    nominationId: vocal.id,
    ageGroups: { younger: younger!.id, older: older!.id },
    criteria: criteria.map((c) => c.id),
    judges,
    e,
    f,
    section,
  };
}

async function results(db: DB, sectionId: number) {
  const rows = await db
    .selectFrom("results")
    .innerJoin("entries", "entries.id", "results.entry_id")
    .select([
      "entries.title",
      "results.total",
      "results.percent",
      "results.judge_count",
      "results.rank",
      "results.shared",
      "results.award",
    ])
    .where("results.section_id", "=", sectionId)
    .orderBy("entries.title")
    .execute();
  return rows.map((r) => [
    r.title,
    r.total === null ? null : Number(r.total),
    r.percent === null ? null : Number(r.percent),
    r.judge_count,
    r.rank,
    r.shared,
    r.award,
  ]);
}

/** The event's audit entries of one action, oldest first. */
const audited = (db: DB, eventId: number, action: string) =>
  db
    .selectFrom("audit_log")
    .select(["action", "actor_user_id", "before", "after"])
    .where("event_id", "=", eventId)
    .where("action", "=", action)
    .orderBy("id")
    .execute();

/** Writes a judge's whole sheet for the entry directly, past the judge's screen. */
const setSheet = (db: DB, entryId: number, judgeId: number, change: { value: string; updated_at?: Date }) =>
  db.updateTable("scores").set(change).where("entry_id", "=", entryId).where("judge_user_id", "=", judgeId).execute();

/** A judge's sheet for the entry turned to all 10s a minute after the section was (made to look) computed. */
async function rescoreAfterComputing(db: DB, sectionId: number, entryId: number, judgeId: number) {
  await db
    .updateTable("result_sections")
    .set({ computed_at: new Date(Date.now() - 60_000) })
    .where("id", "=", sectionId)
    .execute();
  await setSheet(db, entryId, judgeId, { value: "10", updated_at: new Date(Date.now() - 30_000) });
}

describe.each(engines)("results on %s", (engine) => {
  const t = useTestDb(engine);

  it("computes a round: the others' mean for a recusal, incomplete sheets left out, no award without scores", async () => {
    const f = await final(t.db);
    expect(await computeRound(t.db, f.roundId)).toEqual({ sections: 2, results: 8, skippedLocked: 0 });
    const younger = await f.section(f.ageGroups.younger);
    expect(await results(t.db, younger)).toEqual([
      ["e1", 32.3333, 80.8333, 3, 2, false, "laureate_2"],
      ["e2", 34.5, 86.25, 2, 1, false, "laureate_1"],
      ["e3", 31, 77.5, 2, 3, false, "laureate_3"],
      ["e4", null, null, 0, null, false, null],
    ]);
    const section = await t.db
      .selectFrom("result_sections")
      .select("computed_at")
      .where("id", "=", younger)
      .executeTakeFirstOrThrow();
    expect(section.computed_at).not.toBeNull();
  });

  it("takes the trimmed mean when the event says so (the mean below 3 judges)", async () => {
    const f = await final(t.db, { aggregation: "trimmed_mean" });
    await computeRound(t.db, f.roundId);
    expect(await results(t.db, await f.section(f.ageGroups.younger))).toEqual([
      ["e1", 35, 87.5, 3, 1, false, "laureate_1"],
      ["e2", 34.5, 86.25, 2, 2, false, "laureate_2"],
      ["e3", 31, 77.5, 2, 3, false, "laureate_3"],
      ["e4", null, null, 0, null, false, null],
    ]);
  });

  it("breaks a tie by the median and shares a place nothing breaks", async () => {
    const f = await final(t.db);
    await computeRound(t.db, f.roundId);
    expect(await results(t.db, await f.section(f.ageGroups.older))).toEqual([
      ["f1", 32, 80, 3, 2, false, "laureate_2"],
      ["f2", 32, 80, 3, 1, false, "laureate_1"],
      ["f3", 28, 70, 3, 3, true, "laureate_3"],
      ["f4", 28, 70, 3, 3, true, "laureate_3"],
    ]);
  });

  it("asks for the chair when places are not shared, and follows the order the organiser records", async () => {
    const f = await final(t.db, { sharedPlaces: false });
    await computeRound(t.db, f.roundId);
    const older = await f.section(f.ageGroups.older);
    const review = (await sectionReview(t.db, older))!;
    expect(review.ties).toEqual([{ rank: 3, entryIds: [f.f.f3, f.f.f4], needsChair: true }]);
    expect(await recordTieDecision(t.db, f.organiser, { sectionId: older, order: [f.f.f4, f.f.f1] })).toEqual({
      ok: false,
      reason: "not_tied",
    });
    expect(await recordTieDecision(t.db, f.organiser, { sectionId: older, order: [f.f.f4] })).toEqual({
      ok: false,
      reason: "not_tied",
    });
    expect(await recordTieDecision(t.db, f.organiser, { sectionId: older, order: [f.f.f4, f.f.f3] })).toEqual({
      ok: true,
    });
    expect((await results(t.db, older)).map((r) => [r[0], r[4], r[5], r[6]])).toEqual([
      ["f1", 2, false, "laureate_2"],
      ["f2", 1, false, "laureate_1"],
      ["f3", 4, false, "diplomant_1"],
      ["f4", 3, false, "laureate_3"],
    ]);
    expect((await sectionReview(t.db, older))!.ties).toEqual([]);
    const log = await audited(t.db, f.eventId, "results.tie_decision");
    expect(log.map(({ action, after }) => ({ action, after }))).toEqual([
      { action: "results.tie_decision", after: { order: [f.f.f4, f.f.f3] } },
    ]);
  });

  it("shows a stale unlocked section as computed now without storing it; locking stores it", async () => {
    const f = await final(t.db);
    await computeRound(t.db, f.roundId);
    const younger = await f.section(f.ageGroups.younger);
    // C's sheet for e1 becomes 10, 10, 10 = 40: e1 (36 + 35 + 40) / 3 = 37 overtakes e2 (34.5).
    await rescoreAfterComputing(t.db, younger, f.e.e1, f.judges.c);
    const stored = await results(t.db, younger);
    expect((await sectionReview(t.db, younger))!.stale).toBe(true);
    const current = (await sectionReview(t.db, younger, { current: true }))!;
    expect(current.stale).toBe(false);
    expect(current.entries[0]).toMatchObject({ entryId: f.e.e1, result: { total: 37, rank: 1, award: "laureate_1" } });
    expect(current.grandPrix.candidates.map((c) => c.entryId)).toEqual([f.e.e1]);
    expect(await results(t.db, younger)).toEqual(stored);

    expect(await lockSection(t.db, f.organiser, { eventId: f.eventId, sectionId: younger })).toEqual({
      status: "locked",
    });
    expect((await sectionReview(t.db, younger))!.stale).toBe(false);
    expect((await results(t.db, younger)).find((r) => r[0] === "e1")!.slice(1)).toEqual([
      37,
      92.5,
      3,
      1,
      false,
      "laureate_1",
    ]);
  });

  it("shows the organiser each judge's scores, recusals, missing scores and outliers", async () => {
    const f = await final(t.db);
    await computeRound(t.db, f.roundId);
    const younger = await f.section(f.ageGroups.younger);
    expect(await findEventSection(t.db, f.eventId + 999, younger)).toBeNull();
    const review = (await sectionReview(t.db, younger))!;
    expect(review.section).toMatchObject({
      eventId: f.eventId,
      nomination: { name_en: "Vocal" },
      ageGroup: { min: 7, max: 10 },
      lockedAt: null,
    });
    expect(review.stale).toBe(false);
    expect(review.maximum).toBe(40);
    expect(review.criteria.map((c) => [c.name_en, c.max, c.weight])).toEqual([
      ["Technique", 10, 1],
      ["Artistry", 10, 2],
      ["Repertoire", 10, 1],
    ]);
    expect(review.judges.map((j) => j.name)).toEqual(["Judge A", "Judge B", "Judge C"]);
    const row = (entryId: number) => review.entries.find((e) => e.entryId === entryId)!;
    expect(review.entries.map((e) => e.entryId)).toEqual([f.e.e2, f.e.e1, f.e.e3, f.e.e4]);
    expect(row(f.e.e1).sheets.map((s) => [s.status, s.total, s.outlier])).toEqual([
      ["scored", 36, false],
      ["scored", 35, false],
      ["scored", 26, true],
    ]);
    expect(row(f.e.e2).sheets.map((s) => [s.status, s.total])).toEqual([
      ["scored", 35],
      ["scored", 34],
      ["recused", null],
    ]);
    expect(row(f.e.e2).sheets[2]!.scores).toEqual({});
    expect(row(f.e.e3).sheets[2]).toMatchObject({
      status: "incomplete",
      total: null,
      scores: { [f.criteria[0]!]: 9, [f.criteria[1]!]: 8 },
    });
    expect(row(f.e.e4).sheets.map((s) => s.status)).toEqual(["missing", "missing", "missing"]);
    expect(row(f.e.e1)).toMatchObject({
      performers: ["Seitkali e1"],
      result: { total: 32.3333, rank: 2, award: "laureate_2" },
    });
    expect(review.grandPrix).toMatchObject({
      ageGroupId: f.ageGroups.younger,
      acrossAgeGroups: false,
      choice: undefined,
      candidates: [{ entryId: f.e.e2 }],
    });

    // A new score makes the stored results stale until recomputed.
    await rescoreAfterComputing(t.db, younger, f.e.e1, f.judges.a);
    expect((await sectionReview(t.db, younger))!.stale).toBe(true);
    await computeSection(t.db, younger);
    expect((await sectionReview(t.db, younger))!.stale).toBe(false);
  });

  it("marks in the organiser's review the entries whose performer has no standing photo/video consent", async () => {
    const f = await final(t.db);
    await computeRound(t.db, f.roundId);
    const younger = await f.section(f.ageGroups.younger);
    const noPhoto = async () =>
      Object.fromEntries((await sectionReview(t.db, younger))!.entries.map((e) => [e.title, e.noPhotoVideo]));
    // Nobody has consented yet: every entry is marked.
    expect(await noPhoto()).toEqual({ e1: true, e2: true, e3: true, e4: true });
    const performer = async (entryId: number) =>
      (
        await t.db
          .selectFrom("entry_members")
          .select("participant_id")
          .where("entry_id", "=", entryId)
          .executeTakeFirstOrThrow()
      ).participant_id;
    await ensureConsentTexts(t.db);
    const text = await t.db
      .selectFrom("consent_texts")
      .select("id")
      .where("kind", "=", "photo_video")
      .orderBy("version", "desc")
      .executeTakeFirstOrThrow();
    for (const entryId of [f.e.e1, f.e.e3]) {
      await t.db
        .insertInto("consents")
        .values({ participant_id: await performer(entryId), kind: "photo_video", text_id: text.id })
        .execute();
    }
    expect(await noPhoto()).toEqual({ e1: false, e2: true, e3: false, e4: true });
    // A withdrawn consent no longer counts.
    await t.db
      .updateTable("consents")
      .set({ withdrawn_at: new Date() })
      .where("participant_id", "=", await performer(f.e.e3))
      .execute();
    expect(await noPhoto()).toEqual({ e1: false, e2: true, e3: true, e4: true });
  });

  it("refuses the Grand Prix to a Laureate I below the rules' minimum score, and offers none as a candidate", async () => {
    const f = await final(t.db, { grandPrixMinPercent: 100 });
    await computeRound(t.db, f.roundId);
    const younger = await f.section(f.ageGroups.younger);
    expect(await setGrandPrix(t.db, f.organiser, { sectionId: younger, choice: f.e.e2 })).toEqual({
      ok: false,
      reason: "below_minimum",
    });
    expect((await sectionReview(t.db, younger))!.grandPrix.candidates).toEqual([]);
    expect(await setGrandPrix(t.db, f.organiser, { sectionId: younger, choice: "none" })).toEqual({ ok: true });
  });

  it("gives the Grand Prix only to a Laureate I, and allows not awarding it", async () => {
    const f = await final(t.db);
    await computeRound(t.db, f.roundId);
    const younger = await f.section(f.ageGroups.younger);
    const award = async (entryId: number) =>
      (await t.db.selectFrom("results").select("award").where("entry_id", "=", entryId).executeTakeFirstOrThrow())
        .award;
    expect(await setGrandPrix(t.db, f.organiser, { sectionId: younger, choice: f.e.e1 })).toEqual({
      ok: false,
      reason: "not_laureate_1",
    });
    expect(await setGrandPrix(t.db, f.organiser, { sectionId: younger, choice: f.f.f2 })).toEqual({
      ok: false,
      reason: "other_age_group",
    });
    expect(await setGrandPrix(t.db, f.organiser, { sectionId: younger, choice: f.e.e2 })).toEqual({ ok: true });
    expect(await award(f.e.e2)).toBe("grand_prix");
    expect((await sectionReview(t.db, younger))!.grandPrix.choice).toBe(f.e.e2);
    expect(await setGrandPrix(t.db, f.organiser, { sectionId: younger, choice: "none" })).toEqual({ ok: true });
    expect(await award(f.e.e2)).toBe("laureate_1");
    expect((await sectionReview(t.db, younger))!.grandPrix.choice).toBeNull();
    const log = await audited(t.db, f.eventId, "results.grand_prix");
    expect(log.map((l) => l.after)).toEqual([
      { choice: f.e.e2, ageGroupId: f.ageGroups.younger },
      { choice: "none", ageGroupId: f.ageGroups.younger },
    ]);
  });

  it("chooses the Grand Prix across age groups when the event says so", async () => {
    const f = await final(t.db, { grandPrixAcrossAgeGroups: true });
    await computeRound(t.db, f.roundId);
    const younger = await f.section(f.ageGroups.younger);
    expect(await setGrandPrix(t.db, f.organiser, { sectionId: younger, choice: f.f.f2 })).toEqual({ ok: true });
    const awards = await t.db
      .selectFrom("results")
      .select(["entry_id", "award"])
      .where("award", "in", ["grand_prix", "laureate_1"])
      .where("round_id", "=", f.roundId)
      .orderBy("entry_id")
      .execute();
    expect(awards).toEqual([
      { entry_id: f.e.e2, award: "laureate_1" },
      { entry_id: f.f.f2, award: "grand_prix" },
    ]);
    expect((await sectionReview(t.db, younger))!.grandPrix).toMatchObject({
      ageGroupId: null,
      acrossAgeGroups: true,
      choice: f.f.f2,
      choiceElsewhere: { entryId: f.f.f2 },
    });
    // Recomputing the whole round keeps it.
    await computeRound(t.db, f.roundId);
    expect(
      (await t.db.selectFrom("results").select("award").where("entry_id", "=", f.f.f2).executeTakeFirstOrThrow()).award,
    ).toBe("grand_prix");
  });

  it("keeps special prizes beside the results without changing them", async () => {
    const f = await final(t.db);
    await computeRound(t.db, f.roundId);
    const younger = await f.section(f.ageGroups.younger);
    const before = await results(t.db, younger);
    expect(
      await addSpecialPrize(t.db, f.organiser, {
        sectionId: younger,
        entryId: f.f.f1,
        nameKk: "",
        nameRu: "Приз жюри",
        nameEn: "",
      }),
    ).toEqual({ ok: false, reason: "unknown_entry" });
    const added = await addSpecialPrize(t.db, f.organiser, {
      sectionId: younger,
      entryId: f.e.e3,
      nameKk: "Қазылар жүлдесі",
      nameRu: "Приз жюри",
      nameEn: "Jury prize",
    });
    expect(added.ok).toBe(true);
    expect(await results(t.db, younger)).toEqual(before);
    const review = (await sectionReview(t.db, younger))!;
    expect(review.entries.find((e) => e.entryId === f.e.e3)!.specialPrizes).toMatchObject([
      { name_kk: "Қазылар жүлдесі", name_ru: "Приз жюри", name_en: "Jury prize" },
    ]);
    const id = added.ok ? added.id : 0;
    expect(
      await removeSpecialPrize(t.db, f.organiser, { sectionId: await f.section(f.ageGroups.older), prizeId: id }),
    ).toEqual({ ok: false, reason: "missing" });
    expect(await removeSpecialPrize(t.db, f.organiser, { sectionId: younger, prizeId: id })).toEqual({ ok: true });
    expect(await t.db.selectFrom("special_prizes").select("id").where("round_id", "=", f.roundId).execute()).toEqual(
      [],
    );
  });

  it("leaves a locked section alone on a round recompute; an organiser's override with a reason changes it, audited", async () => {
    const f = await final(t.db);
    await computeRound(t.db, f.roundId);
    const younger = await f.section(f.ageGroups.younger);
    await t.db
      .updateTable("result_sections")
      .set({ locked_at: new Date(), locked_by_user_id: f.organiser.id })
      .where("id", "=", younger)
      .execute();
    const locked = await results(t.db, younger);
    // A score slipped in after the lock (not through the judge's screen, which refuses): the locked results stand.
    await setSheet(t.db, f.e.e3, f.judges.a, { value: "10" });
    expect(await computeRound(t.db, f.roundId)).toEqual({ sections: 1, results: 4, skippedLocked: 1 });
    expect(await results(t.db, younger)).toEqual(locked);
    await setSheet(t.db, f.e.e3, f.judges.a, { value: "8" });

    const override = {
      roundId: f.roundId,
      entryId: f.e.e3,
      judgeUserId: f.judges.c,
      criterionId: f.criteria[2]!,
      value: 8,
    };
    expect(await overrideScore(t.db, f.organiser, { ...override, reason: "  " })).toEqual({
      ok: false,
      reason: "reason_required",
    });
    expect(await overrideScore(t.db, f.organiser, { ...override, entryId: f.e.e2, reason: "Paper sheet" })).toEqual({
      ok: false,
      reason: "not_eligible",
    });
    expect(await overrideScore(t.db, f.organiser, { ...override, value: 11, reason: "Paper sheet" })).toEqual({
      ok: false,
      reason: "out_of_range",
    });
    expect(
      await overrideScore(t.db, f.organiser, {
        ...override,
        reason: "Paper sheet",
        sectionId: await f.section(f.ageGroups.older),
      }),
    ).toEqual({ ok: false, reason: "unknown_entry" });
    expect(await overrideScore(t.db, f.organiser, { ...override, reason: "Paper sheet" })).toEqual({
      ok: true,
      sectionId: younger,
    });
    // C's sheet for e3 is now complete: 9 + 16 + 8 = 33, so (32 + 30 + 33) / 3 = 31.6667.
    expect((await results(t.db, younger)).find((r) => r[0] === "e3")).toEqual([
      "e3",
      31.6667,
      79.1667,
      3,
      3,
      false,
      "laureate_3",
    ]);
    const log = await audited(t.db, f.eventId, "results.score_override");
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      actor_user_id: f.organiser.id,
      before: null,
      after: { value: 8, reason: "Paper sheet", sectionId: younger },
    });

    // An override outranks a device's version even from a clock far ahead.
    const ahead = Date.now() * 1000 + 10 ** 12;
    await t.db
      .updateTable("scores")
      .set({ version: ahead })
      .where("entry_id", "=", f.e.e3)
      .where("judge_user_id", "=", f.judges.c)
      .where("criterion_id", "=", f.criteria[0]!)
      .execute();
    expect(
      await overrideScore(t.db, f.organiser, {
        ...override,
        criterionId: f.criteria[0]!,
        value: 7.5,
        reason: "Typo on the sheet",
      }),
    ).toMatchObject({ ok: true });
    const score = await t.db
      .selectFrom("scores")
      .select(["value", "version", "updated_by_user_id"])
      .where("entry_id", "=", f.e.e3)
      .where("judge_user_id", "=", f.judges.c)
      .where("criterion_id", "=", f.criteria[0]!)
      .executeTakeFirstOrThrow();
    expect([Number(score.value), Number(score.version), score.updated_by_user_id]).toEqual([
      7.5,
      ahead + 1,
      f.organiser.id,
    ]);
    const second = (await audited(t.db, f.eventId, "results.score_override")).at(-1);
    expect(second).toMatchObject({
      before: { value: 9, version: String(ahead) },
      after: { value: 7.5, version: String(ahead + 1), reason: "Typo on the sheet" },
    });
  });

  it("freezes a published section: every change is refused and the published results stay as they were", async () => {
    const f = await final(t.db);
    await computeRound(t.db, f.roundId);
    const younger = await f.section(f.ageGroups.younger);
    expect(await setGrandPrix(t.db, f.organiser, { sectionId: younger, choice: f.e.e2 })).toEqual({ ok: true });
    const prize = await addSpecialPrize(t.db, f.organiser, {
      sectionId: younger,
      entryId: f.e.e3,
      nameKk: "",
      nameRu: "Приз жюри",
      nameEn: "",
    });
    if (!prize.ok) throw new Error("no prize");
    await t.db
      .updateTable("result_sections")
      .set({ locked_at: new Date(), published_at: new Date() })
      .where("id", "=", younger)
      .execute();
    const published = await results(t.db, younger);
    const audits = async () =>
      Number(
        (
          await t.db
            .selectFrom("audit_log")
            .select((eb) => eb.fn.countAll().as("n"))
            .where("event_id", "=", f.eventId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const auditsBefore = await audits();

    const frozen = { ok: false, reason: "published" };
    // C's sheet for e1 at 10, 10, 10 would make e1 first (and take Laureate I from the Grand Prix).
    expect(
      await overrideScore(t.db, f.organiser, {
        roundId: f.roundId,
        entryId: f.e.e1,
        judgeUserId: f.judges.c,
        criterionId: f.criteria[0]!,
        value: 10,
        reason: "Paper sheet",
      }),
    ).toEqual(frozen);
    expect(await setGrandPrix(t.db, f.organiser, { sectionId: younger, choice: "none" })).toEqual(frozen);
    expect(await recordTieDecision(t.db, f.organiser, { sectionId: younger, order: [f.e.e1, f.e.e3] })).toEqual(frozen);
    expect(await clearTieDecision(t.db, f.organiser, { sectionId: younger, entryIds: [f.e.e1] })).toEqual(frozen);
    expect(
      await addSpecialPrize(t.db, f.organiser, {
        sectionId: younger,
        entryId: f.e.e1,
        nameKk: "",
        nameRu: "Ещё приз",
        nameEn: "",
      }),
    ).toEqual(frozen);
    expect(await removeSpecialPrize(t.db, f.organiser, { sectionId: younger, prizeId: prize.id })).toEqual(frozen);

    // A score slipped in by other means: recomputing leaves the published section alone, even "including locked".
    await setSheet(t.db, f.e.e1, f.judges.c, { value: "10" });
    expect(await computeSection(t.db, younger)).toEqual({ sections: 0, results: 0, skippedLocked: 1 });
    expect(await computeRound(t.db, f.roundId, { includeLocked: true })).toEqual({
      sections: 1,
      results: 4,
      skippedLocked: 1,
    });

    expect(await results(t.db, younger)).toEqual(published);
    expect((await results(t.db, younger)).find((r) => r[0] === "e2")![6]).toBe("grand_prix");
    expect(await t.db.selectFrom("grand_prix").select("entry_id").where("round_id", "=", f.roundId).execute()).toEqual([
      { entry_id: f.e.e2 },
    ]);
    expect(
      await t.db.selectFrom("special_prizes").select("name_ru").where("round_id", "=", f.roundId).execute(),
    ).toEqual([{ name_ru: "Приз жюри" }]);
    expect(await audits()).toBe(auditsBefore);
  });

  it("refuses a Grand Prix chosen across age groups while another age group of the nomination is published", async () => {
    const f = await final(t.db, { grandPrixAcrossAgeGroups: true });
    await computeRound(t.db, f.roundId);
    const [younger, older] = [await f.section(f.ageGroups.younger), await f.section(f.ageGroups.older)];
    await t.db
      .updateTable("result_sections")
      .set({ locked_at: new Date(), published_at: new Date() })
      .where("id", "=", older)
      .execute();
    expect(await setGrandPrix(t.db, f.organiser, { sectionId: younger, choice: f.e.e2 })).toEqual({
      ok: false,
      reason: "published",
    });
    expect(await t.db.selectFrom("grand_prix").select("id").where("round_id", "=", f.roundId).execute()).toEqual([]);
  });

  it("keeps a Grand Prix choice that lost Laureate I, says so, and refuses to publish until it is chosen again", async () => {
    const f = await final(t.db);
    await computeRound(t.db, f.roundId);
    const younger = await f.section(f.ageGroups.younger);
    expect(await setGrandPrix(t.db, f.organiser, { sectionId: younger, choice: f.e.e2 })).toEqual({ ok: true });
    expect((await sectionReview(t.db, younger))!.grandPrix.stale).toBeNull();
    await t.db
      .updateTable("result_sections")
      .set({ locked_at: new Date(), locked_by_user_id: f.organiser.id })
      .where("id", "=", younger)
      .execute();
    // C's sheet for e1 becomes 10, 10, 10 = 40: e1 (36 + 35 + 40) / 3 = 37 overtakes e2 (34.5).
    for (const criterionId of f.criteria) {
      expect(
        await overrideScore(t.db, f.organiser, {
          roundId: f.roundId,
          entryId: f.e.e1,
          judgeUserId: f.judges.c,
          criterionId,
          value: 10,
          reason: "Paper sheet",
        }),
      ).toMatchObject({ ok: true });
    }
    expect((await results(t.db, younger)).map((r) => [r[0], r[1], r[4], r[6]]).slice(0, 2)).toEqual([
      ["e1", 37, 1, "laureate_1"],
      ["e2", 34.5, 2, "laureate_2"],
    ]);
    const review = (await sectionReview(t.db, younger))!;
    // The choice is not dropped: it stays recorded, is flagged, and is not applied.
    expect(review.grandPrix.choice).toBe(f.e.e2);
    expect(review.grandPrix.stale).toEqual({ entryId: f.e.e2, reference: expect.stringMatching(/-e2$/), title: "e2" });
    const batch = await diplomasForNomination(t.db, {
      eventId: f.eventId,
      roundId: f.roundId,
      nominationId: f.nominationId,
      ageGroupId: f.ageGroups.younger,
    });
    if (!batch.ok) throw new Error(batch.problem);
    expect(batch.diplomas.filter((d) => "award" in d.prize && d.prize.award === "grand_prix")).toEqual([]);

    const scope = { eventId: f.eventId, sectionId: younger, baseUrl: "https://toi.example.kz" };
    expect(await publishSection(t.db, f.organiser, scope)).toEqual({ status: "refused", reason: "grand_prix_stale" });
    expect(
      (
        await t.db
          .selectFrom("result_sections")
          .select("published_at")
          .where("id", "=", younger)
          .executeTakeFirstOrThrow()
      ).published_at,
    ).toBeNull();
    expect(await setGrandPrix(t.db, f.organiser, { sectionId: younger, choice: f.e.e1 })).toEqual({ ok: true });
    expect((await sectionReview(t.db, younger))!.grandPrix.stale).toBeNull();
    expect(await publishSection(t.db, f.organiser, scope)).toMatchObject({ status: "published" });
    expect(await unpublishSection(t.db, f.organiser, scope)).toEqual({ status: "unpublished" });
  });

  it("shows the chair's recorded order with who recorded it and when, and clears it (audited)", async () => {
    const f = await final(t.db, { sharedPlaces: false });
    await t.db.updateTable("users").set({ name: "Aigerim Organiser" }).where("id", "=", f.organiser.id).execute();
    await computeRound(t.db, f.roundId);
    const older = await f.section(f.ageGroups.older);
    expect((await sectionReview(t.db, older))!.chairDecisions).toEqual([]);
    expect(await recordTieDecision(t.db, f.organiser, { sectionId: older, order: [f.f.f4, f.f.f3] })).toEqual({
      ok: true,
    });
    const review = (await sectionReview(t.db, older))!;
    expect(review.ties).toEqual([]);
    expect(review.chairDecisions).toEqual([
      { entryIds: [f.f.f4, f.f.f3], decidedBy: "Aigerim Organiser", decidedAt: expect.any(Date) },
    ]);

    // Changing it: record another order over it.
    expect(await recordTieDecision(t.db, f.organiser, { sectionId: older, order: [f.f.f4, f.f.f3] })).toEqual({
      ok: false,
      reason: "not_tied",
    });
    expect(await clearTieDecision(t.db, f.organiser, { sectionId: older, entryIds: [f.f.f4, f.f.f3] })).toEqual({
      ok: true,
    });
    const cleared = (await sectionReview(t.db, older))!;
    expect(cleared.chairDecisions).toEqual([]);
    expect(cleared.ties).toEqual([{ rank: 3, entryIds: [f.f.f3, f.f.f4], needsChair: true }]);
    expect(await recordTieDecision(t.db, f.organiser, { sectionId: older, order: [f.f.f3, f.f.f4] })).toEqual({
      ok: true,
    });
    expect((await results(t.db, older)).map((r) => [r[0], r[4]])).toEqual([
      ["f1", 2],
      ["f2", 1],
      ["f3", 3],
      ["f4", 4],
    ]);
    expect(await clearTieDecision(t.db, f.organiser, { sectionId: older, entryIds: [f.f.f1] })).toEqual({
      ok: false,
      reason: "missing",
    });
    const log = await audited(t.db, f.eventId, "results.tie_decision_clear");
    expect(log.map(({ action, before, after }) => ({ action, before, after }))).toEqual([
      {
        action: "results.tie_decision_clear",
        before: { order: [f.f.f4, f.f.f3], decidedBy: f.organiser.id },
        after: null,
      },
    ]);
  });

  it("drops the results of an entry that leaves the round", async () => {
    const f = await final(t.db);
    await computeRound(t.db, f.roundId);
    await t.db.updateTable("entries").set({ status: "withdrawn" }).where("id", "=", f.e.e2).execute();
    await computeRound(t.db, f.roundId);
    const younger = await f.section(f.ageGroups.younger);
    expect((await results(t.db, younger)).map((r) => [r[0], r[4], r[6]])).toEqual([
      ["e1", 1, "laureate_1"],
      ["e3", 2, "laureate_2"],
      ["e4", null, null],
    ]);
  });
});
