import { sql } from "kysely";
import { beforeAll, describe, expect, test } from "vitest";

import { postEventForm } from "~/.server/events/event-form.server";
import { eventFormValues, type RefusedRemoval, RemovalRefusedError, updateEvent } from "~/.server/events/events.server";
import type { DB } from "~/.server/platform/db.server";
import { removeStage } from "~/.server/schedule/stages.server";
import type { Holdings } from "~/domain/removals";
import { type EventFormValues, eventSchema } from "~/schemas/event";

import { engines, useTestDb } from "../setup/db";
import { ageGroupForm, insertUser, roundForm } from "./factories";
import { stage, version } from "./programme-fixture";
import { type Contest, contest, entry, family, section } from "./publication-fixture";

/*
 * Issue 14, item 5: nothing is lost silently. Each round, nomination, age group, stage and club
 * here holds something (entries, scores, advancement, results, prizes, panels, a running order);
 * every way the organiser can remove one is tried, and each is refused with what holds it while
 * nothing attached to it changes. Rows nothing holds are still removed.
 */

/** Tables whose rows a removal could take with it, counted before and after each attempt. */
const ATTACHED = [
  "rounds",
  "nominations",
  "nomination_formats",
  "age_groups",
  "entries",
  "entry_members",
  "participants",
  "clubs",
  "criteria",
  "scores",
  "round_entries",
  "result_sections",
  "results",
  "grand_prix",
  "special_prizes",
  "jury_assignments",
  "judge_conflicts",
  "stages",
  "stage_windows",
  "schedule_versions",
  "schedule_slots",
] as const;

async function attached(db: DB): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ATTACHED) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

/** The event form as the browser posts it: dotted names, a checked box as "on", an unchecked one left out. */
function formData(values: EventFormValues): FormData {
  const form = new FormData();
  const add = (name: string, value: unknown): void => {
    if (Array.isArray(value)) value.forEach((v, i) => add(`${name}.${i}`, v));
    else if (value && typeof value === "object")
      for (const [key, v] of Object.entries(value)) add(name ? `${name}.${key}` : key, v);
    else if (value === true) form.append(name, "on");
    else if (value !== false && value !== undefined) form.append(name, String(value));
  };
  add("", values);
  form.append("intent", "save");
  return form;
}

/** restrict_violation (ON DELETE RESTRICT) or foreign_key_violation (NO ACTION). */
const refusedByForeignKey = (err: unknown) => ["23001", "23503"].includes((err as { code?: string }).code ?? "");

describe.each(engines)("removing what holds data, on %s", (engine) => {
  const t = useTestDb(engine);
  let c: Contest;
  let judgeId: number;
  let stageId: number;
  let draftId: number;
  let saved: EventFormValues;

  /** The saved form without the rows whose ids are given, with a new title (which must not be saved either). */
  const formWithout = (ids: { nominations?: number[]; ageGroups?: number[]; rounds?: number[] }) => ({
    ...saved,
    titleEn: "Renamed while removing",
    nominations: saved.nominations.filter((n) => !ids.nominations?.includes(Number(n.id))),
    ageGroups: saved.ageGroups.filter((g) => !ids.ageGroups?.includes(Number(g.id))),
    rounds: saved.rounds.filter((r) => !ids.rounds?.includes(Number(r.id))),
  });

  /** Saves the form through the use-case the edit page calls; returns what it refused. */
  async function refusedSaving(values: EventFormValues): Promise<RefusedRemoval[]> {
    const error = await updateEvent(t.db, c.eventId, eventSchema.parse(values), c.organiser).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(RemovalRefusedError);
    return (error as RemovalRefusedError).refused;
  }

  const holdingsOf = (refused: RefusedRemoval[]) => refused.map((r) => [r.list, Number(r.row.id), r.holdings]);

  beforeAll(async () => {
    const db = t.db;
    c = await contest(db);
    const child = async (first: string) =>
      (await family(db, c, { first, last: "Removal", locale: "ru", club: true })).childId;
    const younger = { nominationId: c.vocalId, ageGroupId: c.youngerId, clubId: c.clubId };
    const e1 = await entry(db, c, { ...younger, childIds: [await child("Aruzhan")], title: "Әлди" });
    const e2 = await entry(db, c, { ...younger, childIds: [await child("Dias")], title: "Kökem" });
    const e3 = await entry(db, c, {
      nominationId: c.vocalId,
      ageGroupId: c.olderId,
      childIds: [await child("Timur")],
      title: "Dombra",
    });
    judgeId = (await insertUser(db, { name: "Judge" })).id;
    const criterion = await db
      .insertInto("criteria")
      .values({ nomination_id: c.vocalId, name_en: "Artistry", max_score: "10" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const score = (roundId: number, entryId: number) => ({
      round_id: roundId,
      entry_id: entryId,
      judge_user_id: judgeId,
      criterion_id: criterion.id,
      value: "8",
      version: 1,
    });
    await db
      .insertInto("scores")
      .values([
        score(c.remote.id, e1.id),
        score(c.remote.id, e2.id),
        score(c.remote.id, e3.id),
        score(c.final.id, e1.id),
      ])
      .execute();
    await db
      .insertInto("round_entries")
      .values([e1, e2].map((e) => ({ round_id: c.final.id, entry_id: e.id })))
      .execute();
    await section(db, {
      roundId: c.final.id,
      nominationId: c.vocalId,
      ageGroupId: c.youngerId,
      published: true,
      rows: [
        { entryId: e1.id, rank: 1, percent: 90 },
        { entryId: e2.id, rank: 2, percent: 80 },
      ],
    });
    await section(db, {
      roundId: c.remote.id,
      nominationId: c.vocalId,
      ageGroupId: c.olderId,
      locked: true,
      rows: [{ entryId: e3.id, rank: 1, percent: 80 }],
    });
    await db
      .insertInto("grand_prix")
      .values({ round_id: c.final.id, nomination_id: c.vocalId, age_group_id: c.youngerId, entry_id: e1.id })
      .execute();
    await db
      .insertInto("special_prizes")
      .values({ round_id: c.final.id, entry_id: e2.id, name_en: "Audience" })
      .execute();
    await db
      .insertInto("jury_assignments")
      .values({ round_id: c.final.id, nomination_id: c.vocalId, age_group_id: c.youngerId, user_id: judgeId })
      .execute();
    await db
      .insertInto("judge_conflicts")
      .values({ event_id: c.eventId, user_id: judgeId, club_id: c.clubId })
      .execute();
    stageId = await stage(db, c.final.id, 1, { kk: "Үлкен зал", ru: "Большой зал", en: "Main hall" });
    await db
      .insertInto("stage_windows")
      .values({ stage_id: stageId, starts_at: "2026-12-10T04:00:00Z", ends_at: "2026-12-10T12:00:00Z" })
      .execute();
    await version(db, c.final.id, "published", [
      { stageId, from: "2026-12-10T04:00:00Z", to: "2026-12-10T04:05:00Z", entryId: e1.id },
    ]);
    draftId = await version(db, c.final.id, "draft", [
      { stageId, from: "2026-12-10T04:00:00Z", to: "2026-12-10T04:05:00Z", entryId: e1.id },
      { stageId, from: "2026-12-10T06:00:00Z", to: "2026-12-10T06:30:00Z" },
    ]);
    const { id: _id, status: _status, version: _version, ...values } = await eventFormValues(db, c.eventId);
    saved = values;
  });

  test("removing the final in the event form is refused with what it holds, and nothing is saved", async () => {
    const before = await attached(t.db);
    const refused = await refusedSaving(formWithout({ rounds: [c.final.id] }));
    expect(holdingsOf(refused)).toEqual([
      ["rounds", c.final.id, { advanced: 2, scores: 1, publishedSections: 1, prizes: 2, judges: 1, stages: 1 }],
    ]);
    expect(refused[0]).toMatchObject({ index: 1, row: { kind: "final", city: "astana" } });
    expect(await attached(t.db)).toEqual(before);
    const { version: _v, ...after } = await eventFormValues(t.db, c.eventId);
    expect(after).toMatchObject(saved);
    expect(after.titleEn).not.toBe("Renamed while removing");
  });

  test("removing a round that holds scores and a locked section is refused", async () => {
    const before = await attached(t.db);
    expect(holdingsOf(await refusedSaving(formWithout({ rounds: [c.remote.id] })))).toEqual([
      ["rounds", c.remote.id, { scores: 3, lockedSections: 1 }],
    ]);
    expect(await attached(t.db)).toEqual(before);
  });

  test("removing a nomination with entries, scores, results, prizes, a panel and criteria is refused", async () => {
    const before = await attached(t.db);
    expect(holdingsOf(await refusedSaving(formWithout({ nominations: [c.vocalId] })))).toEqual([
      [
        "nominations",
        c.vocalId,
        { entries: 3, scores: 4, publishedSections: 1, lockedSections: 1, prizes: 1, judges: 1, criteria: 1 },
      ],
    ]);
    expect(await attached(t.db)).toEqual(before);
  });

  test("removing age groups with entries is refused, each with what it holds", async () => {
    const before = await attached(t.db);
    expect(holdingsOf(await refusedSaving(formWithout({ ageGroups: [c.youngerId, c.olderId] })))).toEqual([
      ["ageGroups", c.youngerId, { entries: 2, scores: 3, publishedSections: 1, prizes: 1, judges: 1 }],
      ["ageGroups", c.olderId, { entries: 1, scores: 1, lockedSections: 1 }],
    ]);
    expect(await attached(t.db)).toEqual(before);
  });

  test("one held row refuses the whole save: an unused row removed with it stays too", async () => {
    const before = await attached(t.db);
    const refused = await refusedSaving(formWithout({ nominations: [c.danceId], rounds: [c.final.id] }));
    expect(refused.map((r) => [r.list, Number(r.row.id)])).toEqual([["rounds", c.final.id]]);
    expect(await attached(t.db)).toEqual(before);
  });

  test("the event form comes back as posted, with the refused rows back in their places (409)", async () => {
    const before = await attached(t.db);
    const posted = formWithout({ rounds: [c.final.id], nominations: [c.vocalId] });
    const post = await postEventForm(formData(posted), { intent: "save", saveIntentOnly: true }, (data) =>
      updateEvent(t.db, c.eventId, data, c.organiser),
    );
    expect(post.saved).toBe(false);
    if (post.saved) return;
    expect(post.status).toBe(409);
    expect(post.refused?.map((r) => [r.list, r.index, Number(r.row.id)])).toEqual([
      ["nominations", 0, c.vocalId],
      ["rounds", 1, c.final.id],
    ]);
    expect(post.values.titleEn).toBe("Renamed while removing");
    expect(post.values.nominations.map((n) => n.id)).toEqual(saved.nominations.map((n) => n.id));
    expect(post.values.rounds.map((r) => r.id)).toEqual(saved.rounds.map((r) => r.id));
    expect(post.values.rounds[1]).toMatchObject({ kind: "final", city: "astana" });
    expect(await attached(t.db)).toEqual(before);
  });

  test("removing a stage with performances in the draft and the published programme is refused", async () => {
    const before = await attached(t.db);
    const scope = { eventId: c.eventId, roundId: c.final.id, stageId };
    expect(await removeStage(t.db, c.organiser, scope)).toEqual({
      status: "held",
      holdings: { draftSlots: 1, publishedSlots: 1 } satisfies Holdings,
    });
    expect(await attached(t.db)).toEqual(before);
  });

  test("a stage used only by an earlier programme still holds it", async () => {
    const earlier = await stage(t.db, c.final.id, 2, { kk: "", ru: "", en: "Old hall" });
    await version(t.db, c.final.id, "superseded", [
      { stageId: earlier, from: "2026-12-10T04:00:00Z", to: "2026-12-10T04:30:00Z" },
    ]);
    expect(await removeStage(t.db, c.organiser, { eventId: c.eventId, roundId: c.final.id, stageId: earlier })).toEqual(
      {
        status: "held",
        holdings: { earlierSlots: 1 },
      },
    );
  });

  test("the database refuses each such removal too, whatever code asks", async () => {
    const before = await attached(t.db);
    const attempts = [
      t.db.deleteFrom("rounds").where("id", "=", c.final.id),
      t.db.deleteFrom("rounds").where("id", "=", c.remote.id),
      t.db.deleteFrom("nominations").where("id", "=", c.vocalId),
      t.db.deleteFrom("age_groups").where("id", "=", c.youngerId),
      t.db.deleteFrom("stages").where("id", "=", stageId),
      t.db.deleteFrom("clubs").where("id", "=", c.clubId),
    ];
    for (const attempt of attempts) {
      const error = await attempt.execute().then(
        () => null,
        (err: unknown) => err,
      );
      expect(refusedByForeignKey(error), attempt.compile().sql).toBe(true);
    }
    expect(await attached(t.db)).toEqual(before);
  });

  test("no foreign key into a round, nomination, age group, stage or club cascades beyond the row's own parts", async () => {
    const { rows } = await sql<{ ref: string; source: string; rule: string }>`
      select target.relname as ref, source.relname || '.' || a.attname as source, c.confdeltype as rule
      from pg_constraint c
      join pg_class source on source.oid = c.conrelid
      join pg_class target on target.oid = c.confrelid
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and target.relname in ('rounds', 'nominations', 'age_groups', 'stages', 'clubs')
        and c.confdeltype not in ('r', 'a')
      order by 1, 2`.execute(t.db);
    // A nomination's formats and a stage's open times are parts of it; a round's schedule versions
    // hold no slot without one of its stages; the rest is bookkeeping, not data anyone recorded
    // (which digests were sent, which number a judge's screen gave an entry of a blind round, how
    // many of a nomination's entries are confirmed); an Academy whose chosen round goes falls back to
    // its default (the event's last step).
    expect(rows.map((r) => `${r.ref} <- ${r.source}`)).toEqual([
      "clubs <- club_digests.club_id",
      "clubs <- memberships.club_id",
      "clubs <- roster_imports.club_id",
      "nominations <- judge_blind_numbers.nomination_id",
      "nominations <- nomination_formats.nomination_id",
      "nominations <- nomination_places.nomination_id",
      "rounds <- academy_settings.round_id",
      "rounds <- advance_notices.round_id",
      "rounds <- judge_blind_numbers.round_id",
      "rounds <- schedule_versions.round_id",
      "stages <- stage_windows.stage_id",
    ]);
  });

  test("rows nothing holds are still removed, with their own parts and what was computed from nothing", async () => {
    await updateEvent(
      t.db,
      c.eventId,
      eventSchema.parse({
        ...saved,
        ageGroups: [...saved.ageGroups, ageGroupForm(15, 17)],
        rounds: [...saved.rounds, roundForm({ kind: "heat" })],
      }),
      c.organiser,
    );
    const { version: _v, ...grown } = await eventFormValues(t.db, c.eventId);
    const heatId = Number(grown.rounds[2]!.id);
    const oldestId = Number(grown.ageGroups[2]!.id);
    const entryId = (
      await t.db.selectFrom("entries").select("id").where("age_group_id", "=", c.olderId).executeTakeFirstOrThrow()
    ).id;
    // Results computed before anyone scored: an unlocked section of empty rows.
    await section(t.db, {
      roundId: c.final.id,
      nominationId: c.danceId,
      ageGroupId: oldestId,
      rows: [],
    });
    await section(t.db, {
      roundId: heatId,
      nominationId: c.vocalId,
      ageGroupId: c.olderId,
      rows: [{ entryId, rank: null, percent: null }],
    });
    const before = await attached(t.db);

    await updateEvent(
      t.db,
      c.eventId,
      eventSchema.parse({
        ...grown,
        nominations: grown.nominations.filter((n) => Number(n.id) !== c.danceId),
        ageGroups: grown.ageGroups.filter((g) => Number(g.id) !== oldestId),
        rounds: grown.rounds.filter((r) => Number(r.id) !== heatId),
      }),
      c.organiser,
    );

    const after = await attached(t.db);
    expect(after).toEqual({
      ...before,
      rounds: before.rounds! - 1,
      nominations: before.nominations! - 1,
      nomination_formats: before.nomination_formats! - 1,
      age_groups: before.age_groups! - 1,
      result_sections: before.result_sections! - 2,
      results: before.results! - 1,
    });

    const idle = await t.db
      .insertInto("clubs")
      .values({ name: "Idle club", city: "almaty" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.deleteFrom("clubs").where("id", "=", idle.id).execute();
    expect(await attached(t.db)).toEqual(after);
  });

  test("a stage no running order uses is removed with its open times and the draft's breaks on it", async () => {
    const spare = await stage(t.db, c.final.id, 3, { kk: "", ru: "", en: "Spare hall" });
    await t.db
      .insertInto("stage_windows")
      .values({ stage_id: spare, starts_at: "2026-12-10T04:00:00Z", ends_at: "2026-12-10T12:00:00Z" })
      .execute();
    await t.db
      .insertInto("schedule_slots")
      .values({
        version_id: draftId,
        stage_id: spare,
        kind: "break",
        starts_at: "2026-12-10T06:00:00Z",
        ends_at: "2026-12-10T06:30:00Z",
      })
      .execute();
    const before = await attached(t.db);
    expect(await removeStage(t.db, c.organiser, { eventId: c.eventId, roundId: c.final.id, stageId: spare })).toEqual({
      status: "removed",
    });
    expect(await attached(t.db)).toEqual({
      ...before,
      stages: before.stages! - 1,
      stage_windows: before.stage_windows! - 1,
      schedule_slots: before.schedule_slots! - 1,
    });
  });
});
