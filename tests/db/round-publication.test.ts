import { describe, expect, it } from "vitest";

import type { DB } from "~/.server/platform/db.server";
import { applyToRound, roundActionSummary } from "~/.server/results/round-publication.server";
import { emailSection, sectionAudience } from "~/.server/results/section-email.server";

import { engines, useTestDb } from "../setup/db";
import { insertUser } from "./factories";
import { contest, danceEntry, entry, family, lastOutboxId, outbox, section, vocalEntry } from "./publication-fixture";

const BASE = "https://toi.example.kz";

/**
 * The remote round of a contest with one judge on every panel and one criterion per nomination:
 * Vocal 7–10 fully scored (two entries), Vocal 11–14 with a score missing, and Dance 11–14 whose
 * only entry comes from the judge's own club (the judge is recused, so no one may score it).
 */
async function remoteRound(db: DB) {
  const c = await contest(db);
  const judge = await insertUser(db, { email: `judge-${c.eventId}@example.kz` });
  await db
    .insertInto("judge_conflicts")
    .values({ event_id: c.eventId, user_id: judge.id, club_id: c.clubId })
    .execute();
  const criteria = await db
    .insertInto("criteria")
    .values([c.vocalId, c.danceId].map((nomination_id) => ({ nomination_id, max_score: "10", weight: 1 })))
    .returning(["id", "nomination_id"])
    .execute();
  await db
    .insertInto("jury_assignments")
    .values(
      [c.vocalId, c.danceId].map((nomination_id) => ({ round_id: c.remote.id, nomination_id, user_id: judge.id })),
    )
    .execute();
  const kids = await Promise.all(
    (
      [
        ["Aruzhan", "kk"],
        ["Dias", "ru"],
        ["Timur", "en"],
        ["Madina", "ru"],
      ] as const
    ).map(([first, locale]) => family(db, c, { first, last: "Seitkali", locale })),
  );
  const [a, d, t, m] = kids.map((k) => k!);
  const solo1 = await vocalEntry(db, c, [a!.childId], "Әлди", { submittedBy: a!.guardian.id });
  const solo2 = await vocalEntry(db, c, [d!.childId], "Kökem", { submittedBy: d!.guardian.id });
  const older = await entry(db, c, {
    nominationId: c.vocalId,
    ageGroupId: c.olderId,
    childIds: [t!.childId],
    title: "Dombra",
    submittedBy: t!.guardian.id,
  });
  const dance = await danceEntry(db, c, [m!.childId], "Kara zhorga", { submittedBy: m!.guardian.id, clubId: c.clubId });
  const vocalCriterion = criteria.find((x) => x.nomination_id === c.vocalId)!.id;
  await db
    .insertInto("scores")
    .values(
      [solo1.id, solo2.id].map((entry_id) => ({
        round_id: c.remote.id,
        entry_id,
        judge_user_id: judge.id,
        criterion_id: vocalCriterion,
        value: "8",
        version: 1,
      })),
    )
    .execute();
  const sectionOf = (nominationId: number, ageGroupId: number, ids: number[]) =>
    section(db, {
      roundId: c.remote.id,
      nominationId,
      ageGroupId,
      rows: ids.map((entryId, i) => ({ entryId, rank: i + 1, percent: 80 - i, award: null })),
    });
  const complete = await sectionOf(c.vocalId, c.youngerId, [solo1.id, solo2.id]);
  const missing = await sectionOf(c.vocalId, c.olderId, [older.id]);
  const unjudged = await sectionOf(c.danceId, c.olderId, [dance.id]);
  return { c, complete, missing, unjudged };
}

const state = async (db: DB, id: number) => {
  const row = await db
    .selectFrom("result_sections")
    .select(["locked_at", "published_at"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return { locked: row.locked_at !== null, published: row.published_at !== null };
};

describe.each(engines)("locking and publishing a whole round (%s)", (engine) => {
  const t = useTestDb(engine);

  it("sums up the round first: ready sections, and incomplete ones with why", async () => {
    const r = await remoteRound(t.db);
    const summary = await roundActionSummary(t.db, {
      eventId: r.c.eventId,
      roundId: r.c.remote.id,
      action: "lock",
      locale: "en",
    });
    expect(summary!.ready.map((s) => s.sectionId)).toEqual([r.complete]);
    expect(summary!.incomplete.map((s) => [s.sectionId, s.problems, s.withoutJudge])).toEqual([
      [r.missing, ["missing_scores"], 0],
      [r.unjudged, ["no_judge"], 1],
    ]);
    expect(summary!.done).toEqual([]);
    expect(
      await roundActionSummary(t.db, {
        eventId: r.c.eventId + 1,
        roundId: r.c.remote.id,
        action: "lock",
        locale: "en",
      }),
    ).toBeNull();
  });

  it("locks the complete sections and skips the incomplete ones, audited once for the round", async () => {
    const r = await remoteRound(t.db);
    const input = { eventId: r.c.eventId, roundId: r.c.remote.id, baseUrl: BASE, locale: "en" as const };
    expect(await applyToRound(t.db, r.c.organiser, { ...input, action: "lock", include: [] })).toEqual({
      status: "done",
      changed: 1,
      skipped: 2,
      refused: 0,
      emailed: 0,
    });
    expect(await state(t.db, r.complete)).toEqual({ locked: true, published: false });
    expect(await state(t.db, r.missing)).toEqual({ locked: false, published: false });
    expect(await state(t.db, r.unjudged)).toEqual({ locked: false, published: false });
    const audits = await t.db
      .selectFrom("audit_log")
      .select(["action", "entity_type", "after"])
      .where("event_id", "=", r.c.eventId)
      .where("action", "like", "results.%")
      .orderBy("id")
      .execute();
    expect(audits.map((a) => a.action)).toEqual(["results.lock", "results.round_lock"]);
    expect(audits[1]!.after).toMatchObject({ sections: [r.complete], skipped: [r.missing, r.unjudged] });
  });

  it("publishes complete sections and the incomplete ones the organiser ticked, emailing their families once", async () => {
    const r = await remoteRound(t.db);
    const before = await lastOutboxId(t.db);
    const input = { eventId: r.c.eventId, roundId: r.c.remote.id, baseUrl: BASE, locale: "en" as const };
    expect(await applyToRound(t.db, r.c.organiser, { ...input, action: "publish", include: [r.unjudged] })).toEqual({
      status: "done",
      changed: 2,
      skipped: 1,
      refused: 0,
      emailed: 3,
    });
    expect(await state(t.db, r.complete)).toEqual({ locked: true, published: true });
    expect(await state(t.db, r.unjudged)).toEqual({ locked: true, published: true });
    expect(await state(t.db, r.missing)).toEqual({ locked: false, published: false });
    const emails = await outbox(t.db, "results_published", before);
    expect(emails.map((e) => e.locale).sort()).toEqual(["kk", "ru", "ru"]);
    // Again: nothing left to publish but the skipped section, and no one is emailed twice.
    const again = await applyToRound(t.db, r.c.organiser, { ...input, action: "publish", include: [] });
    expect(again).toEqual({ status: "done", changed: 0, skipped: 1, refused: 0, emailed: 0 });
    expect(await outbox(t.db, "results_published", before)).toHaveLength(3);
  });

  it("refuses a round of another event", async () => {
    const r = await remoteRound(t.db);
    const other = await contest(t.db);
    expect(
      await applyToRound(t.db, r.c.organiser, {
        eventId: other.eventId,
        roundId: r.c.remote.id,
        action: "lock",
        include: [r.complete],
        baseUrl: BASE,
        locale: "en",
      }),
    ).toEqual({ status: "not_found" });
    expect(await state(t.db, r.complete)).toEqual({ locked: false, published: false });
  });
});

describe.each(engines)("emailing the families of one section (%s)", (engine) => {
  const t = useTestDb(engine);

  it("counts the families first, then queues one email each in their language, or the one written", async () => {
    const r = await remoteRound(t.db);
    const scope = { eventId: r.c.eventId, sectionId: r.complete };
    const audience = await sectionAudience(t.db, scope.eventId, scope.sectionId);
    expect(audience).toMatchObject({ entries: 2, families: 2, byLocale: { kk: 1, ru: 1, en: 0 } });
    const before = await lastOutboxId(t.db);
    expect(
      await emailSection(t.db, r.c.organiser, {
        ...scope,
        message: { ru: { subject: "Репетиция", body: "Репетиция в 9:00.\nЗал 2." }, en: { subject: "", body: "" } },
        baseUrl: BASE,
      }),
    ).toEqual({ status: "queued", emailed: 2 });
    const emails = await outbox(t.db, "section_message", before);
    expect(emails.map((e) => [e.locale, (e.params as { subject: string }).subject])).toEqual(
      expect.arrayContaining([
        ["kk", "Репетиция"],
        ["ru", "Репетиция"],
      ]),
    );
    expect((emails[0]!.params as { body: string }).body).toBe("Репетиция в 9:00.\nЗал 2.");
  });

  it("sends nothing without a text, and nothing for another event's section", async () => {
    const r = await remoteRound(t.db);
    const other = await contest(t.db);
    const before = await lastOutboxId(t.db);
    const message = { kk: { subject: "Хабар", body: "Мәтін" } };
    expect(
      await emailSection(t.db, r.c.organiser, {
        eventId: r.c.eventId,
        sectionId: r.complete,
        message: { kk: { subject: " ", body: "Мәтін" } },
        baseUrl: BASE,
      }),
    ).toEqual({ status: "empty" });
    expect(
      await emailSection(t.db, r.c.organiser, {
        eventId: other.eventId,
        sectionId: r.complete,
        message,
        baseUrl: BASE,
      }),
    ).toEqual({ status: "not_found" });
    expect(await outbox(t.db, "section_message", before)).toEqual([]);
  });
});
