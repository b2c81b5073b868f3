import { sql } from "kysely";
import { describe, expect, it } from "vitest";

import { ensureSection } from "~/.server/events/rounds.server";
import { numberBlindRoundsOfEvent } from "~/.server/judging/blind-numbers.server";
import { eligibleJudges } from "~/.server/judging/eligible-judges.server";
import { judgePanels } from "~/.server/judging/judge-panels.server";
import { artworkForJudge, panelEntriesForJudge, panelPageForJudge } from "~/.server/judging/panel-entries.server";
import { saveScores, saveSheet, type ScoreItem } from "~/.server/judging/save-scores.server";
import { setRoundBlind } from "~/.server/jury/blind-rounds.server";
import type { DB } from "~/.server/platform/db.server";

import { engines, useTestDb } from "../setup/db";
import { ageGroupForm, asActor, createEventWithParts, insertUser, nominationForm, roundForm } from "./factories";

let seq = 0;

/**
 * A contest with one round, Vocal (7–10 and 11–14) and Dance, and five judges:
 * - young: Vocal 7–10 only;  all: Vocal, every age group;
 * - clubbed: Vocal, every age group, conflicted with the club Shabyt;
 * - related: Vocal, every age group, conflicted with the child Timur;
 * - dancer: Dance only.
 * Entries: `shabyt` (Vocal 7–10, entered by the club Shabyt), `member` (Vocal 7–10, a child of
 * Shabyt entered by a family), `timur` (Vocal 11–14, Timur, with a withdrawn Shabyt member),
 * `dance` (Dance 7–10).
 */
async function contest(db: DB) {
  const n = ++seq;
  const organiser = asActor((await insertUser(db)).id);
  const ids = await createEventWithParts(db, organiser.id, {
    titleEn: `Judging ${n}`,
    nominations: [
      nominationForm({ nameEn: "Vocal", formats: { solo: [1, 1] } }),
      nominationForm({ nameEn: "Dance", discipline: "choreography", formats: { solo: [1, 1] } }),
    ],
    ageGroups: [ageGroupForm(7, 10), ageGroupForm(11, 14)],
    rounds: [roundForm({ kind: "final" })],
  });
  const eventId = ids.id;
  const round = ids.rounds[0]!;
  const [vocal, dance] = ids.nominations;
  const [younger, older] = ids.ageGroups;
  const club = async (name: string) =>
    (await db.insertInto("clubs").values({ name, city: "almaty" }).returning("id").executeTakeFirstOrThrow()).id;
  const shabyt = await club(`Shabyt ${n}`);
  const other = await club(`Arman ${n}`);
  const child = async (first: string, clubId: number | null) =>
    (
      await db
        .insertInto("participants")
        .values({ club_id: clubId, last_name: "Seitkali", first_name: first, birth_date: "2015-01-01", city: "almaty" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const kids = {
    aruzhan: await child("Aruzhan", shabyt),
    dana: await child("Dana", shabyt),
    timur: await child("Timur", other),
    ayan: await child("Ayan", shabyt),
    dias: await child("Dias", null),
  };
  const entry = async (
    nominationId: number,
    ageGroupId: number,
    title: string,
    clubId: number | null,
    members: { id: number; active?: boolean }[],
  ) => {
    const row = await db
      .insertInto("entries")
      .values({
        event_id: eventId,
        nomination_id: nominationId,
        age_group_id: ageGroupId,
        format: "solo",
        title,
        status: "confirmed",
        reference: `J${n}-${title}`,
        club_id: clubId,
        video_url: `https://video.example.kz/${title}`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("entry_members")
      .values(
        members.map((m) => ({
          entry_id: row.id,
          participant_id: m.id,
          nomination_id: nominationId,
          active: m.active ?? true,
        })),
      )
      .execute();
    return row.id;
  };
  const entries = {
    shabyt: await entry(vocal!.id, younger!.id, "Aldi", shabyt, [{ id: kids.aruzhan }]),
    member: await entry(vocal!.id, younger!.id, "Koktem", null, [{ id: kids.dana }]),
    timur: await entry(vocal!.id, older!.id, "Zhuldyz", other, [{ id: kids.timur }, { id: kids.ayan, active: false }]),
    dance: await entry(dance!.id, younger!.id, "Bi", null, [{ id: kids.dias }]),
  };
  const judge = async (name: string) => (await insertUser(db, { name, email: `${name}-${n}@example.kz` })).id;
  const judges = {
    young: await judge("young"),
    all: await judge("all"),
    clubbed: await judge("clubbed"),
    related: await judge("related"),
    dancer: await judge("dancer"),
  };
  const assign = async (userId: number, nominationId: number, ageGroupId: number | null) =>
    (
      await db
        .insertInto("jury_assignments")
        .values({ round_id: round.id, nomination_id: nominationId, age_group_id: ageGroupId, user_id: userId })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const panels = {
    young: await assign(judges.young, vocal!.id, younger!.id),
    all: await assign(judges.all, vocal!.id, null),
    clubbed: await assign(judges.clubbed, vocal!.id, null),
    related: await assign(judges.related, vocal!.id, null),
    dancer: await assign(judges.dancer, dance!.id, null),
  };
  await db
    .insertInto("judge_conflicts")
    .values([
      { event_id: eventId, user_id: judges.clubbed, club_id: shabyt },
      { event_id: eventId, user_id: judges.related, participant_id: kids.timur },
    ])
    .execute();
  const criterion = async (nominationId: number, position: number, name: string, max: number, weight: number) =>
    (
      await db
        .insertInto("criteria")
        .values({ nomination_id: nominationId, position, name_en: name, max_score: max, weight })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const criteria = {
    technique: await criterion(vocal!.id, 0, "Technique", 10, 1),
    artistry: await criterion(vocal!.id, 1, "Artistry", 10, 2),
    movement: await criterion(dance!.id, 0, "Movement", 5, 1),
  };
  return {
    eventId,
    organiser,
    roundId: round.id,
    nominations: { vocal: vocal!.id, dance: dance!.id },
    ageGroups: { younger: younger!.id, older: older!.id },
    clubs: { shabyt, other },
    kids,
    entries,
    judges,
    panels,
    criteria,
  };
}
type Contest = Awaited<ReturnType<typeof contest>>;

/** Publishes a running order: `member` at 10:00, then `shabyt` at 10:05 (`timur` and `dance` unscheduled). */
async function publishRunningOrder(db: DB, c: Contest) {
  const stage = await db
    .insertInto("stages")
    .values({ round_id: c.roundId, name_en: "Main" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto("schedule_versions")
    .values({ round_id: c.roundId, status: "published", published_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("schedule_slots")
    .values([
      {
        version_id: version.id,
        stage_id: stage.id,
        entry_id: c.entries.shabyt,
        starts_at: "2026-12-10T05:05:00Z",
        ends_at: "2026-12-10T05:09:00Z",
      },
      {
        version_id: version.id,
        stage_id: stage.id,
        entry_id: c.entries.member,
        starts_at: "2026-12-10T05:00:00Z",
        ends_at: "2026-12-10T05:04:00Z",
      },
    ])
    .execute();
}

const item = (
  c: Contest,
  fields: Partial<ScoreItem> & Pick<ScoreItem, "entryId" | "criterionId" | "value" | "version">,
): ScoreItem => ({ roundId: c.roundId, ...fields });

async function storedScore(db: DB, c: Contest, judgeUserId: number, entryId: number, criterionId: number) {
  return db
    .selectFrom("scores")
    .select(["value", "version"])
    .where("round_id", "=", c.roundId)
    .where("judge_user_id", "=", judgeUserId)
    .where("entry_id", "=", entryId)
    .where("criterion_id", "=", criterionId)
    .executeTakeFirst()
    .then((r) => r && { value: Number(r.value), version: Number(r.version) });
}

describe.each(engines)("judges' access and scores on %s", (engine) => {
  const t = useTestDb(engine);

  it("puts each entry before its nomination's panel for its age group, minus conflicts by club, member's club and participant", async () => {
    const c = await contest(t.db);
    const eligible = await eligibleJudges(t.db, c.roundId);
    const sorted = (id: number) => [...(eligible.get(id) ?? [])].sort((a, b) => a - b);
    const { young, all, clubbed, related, dancer } = c.judges;
    // Entered by the club Shabyt: the clubbed judge is out.
    expect(sorted(c.entries.shabyt)).toEqual([young, all, related].sort((a, b) => a - b));
    // A family's entry of a Shabyt child: out through the member's club.
    expect(sorted(c.entries.member)).toEqual([young, all, related].sort((a, b) => a - b));
    // 11–14: not the 7–10 judge; the related judge knows Timur; a withdrawn Shabyt member doesn't count.
    expect(sorted(c.entries.timur)).toEqual([all, clubbed].sort((a, b) => a - b));
    expect(sorted(c.entries.dance)).toEqual([dancer]);
    expect(eligible.size).toBe(4);
  });

  it("leaves withdrawn entries out of the round", async () => {
    const c = await contest(t.db);
    await t.db.updateTable("entries").set({ status: "withdrawn" }).where("id", "=", c.entries.dance).execute();
    const eligible = await eligibleJudges(t.db, c.roundId);
    expect(eligible.has(c.entries.dance)).toBe(false);
  });

  it("saves a score once and answers a duplicate send as accepted", async () => {
    const c = await contest(t.db);
    const score = item(c, { entryId: c.entries.shabyt, criterionId: c.criteria.technique, value: 8.5, version: 100 });
    expect(await saveScores(t.db, c.judges.all, [score])).toEqual([
      {
        roundId: c.roundId,
        entryId: c.entries.shabyt,
        criterionId: c.criteria.technique,
        version: 100,
        status: "accepted",
      },
    ]);
    expect((await saveScores(t.db, c.judges.all, [score]))[0]!.status).toBe("accepted");
    expect(await storedScore(t.db, c, c.judges.all, c.entries.shabyt, c.criteria.technique)).toEqual({
      value: 8.5,
      version: 100,
    });
    const count = await t.db
      .selectFrom("scores")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("judge_user_id", "=", c.judges.all)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it("never lets a late retry overwrite a newer score, across sends and within one batch", async () => {
    const c = await contest(t.db);
    const at = (value: number, version: number) =>
      item(c, { entryId: c.entries.timur, criterionId: c.criteria.artistry, value, version });
    expect((await saveScores(t.db, c.judges.all, [at(9, 200)]))[0]!.status).toBe("accepted");
    const [late] = await saveScores(t.db, c.judges.all, [at(6, 150)]);
    expect(late).toMatchObject({ status: "stale", stored: { value: 9, version: 200 } });
    expect(await storedScore(t.db, c, c.judges.all, c.entries.timur, c.criteria.artistry)).toEqual({
      value: 9,
      version: 200,
    });
    // One batch holding an older change after a newer one: the newer wins, whatever the order.
    const batch = await saveScores(t.db, c.judges.all, [at(7.5, 300), at(2, 250)]);
    expect(batch.map((o) => o.status)).toEqual(["accepted", "stale"]);
    expect(await storedScore(t.db, c, c.judges.all, c.entries.timur, c.criteria.artistry)).toEqual({
      value: 7.5,
      version: 300,
    });
    // A device's versions (Date.now() * 1000 + a counter) compare exactly.
    const now = Date.now() * 1000;
    expect((await saveScores(t.db, c.judges.all, [at(8, now + 1)]))[0]!.status).toBe("accepted");
    expect((await saveScores(t.db, c.judges.all, [at(1, now)]))[0]).toMatchObject({
      status: "stale",
      stored: { value: 8, version: now + 1 },
    });
  });

  it("refuses scores outside the judge's panel, with a conflict, out of range or for another nomination's criterion", async () => {
    const c = await contest(t.db);
    const other = await contest(t.db);
    const outcomes = await saveScores(t.db, c.judges.young, [
      item(c, { entryId: c.entries.timur, criterionId: c.criteria.technique, value: 5, version: 1 }), // 11–14: not the 7–10 panel
      item(c, { entryId: c.entries.dance, criterionId: c.criteria.movement, value: 5, version: 1 }), // another nomination
      item(c, {
        roundId: other.roundId,
        entryId: other.entries.shabyt,
        criterionId: other.criteria.technique,
        value: 5,
        version: 1,
      }), // another event
      item(c, {
        roundId: c.roundId + 10_000,
        entryId: c.entries.shabyt,
        criterionId: c.criteria.technique,
        value: 5,
        version: 1,
      }), // no such round
      item(c, { entryId: c.entries.shabyt, criterionId: c.criteria.movement, value: 5, version: 1 }), // Dance's criterion
      item(c, { entryId: c.entries.shabyt, criterionId: c.criteria.technique, value: 10.5, version: 1 }),
      item(c, { entryId: c.entries.shabyt, criterionId: c.criteria.technique, value: -1, version: 1 }),
      item(c, { entryId: c.entries.shabyt, criterionId: c.criteria.technique, value: 3.333, version: 1 }),
      item(c, { entryId: c.entries.shabyt, criterionId: c.criteria.technique, value: Number.NaN, version: 1 }),
      item(c, { entryId: c.entries.shabyt, criterionId: c.criteria.artistry, value: 9.75, version: 1 }),
    ]);
    expect(outcomes.map((o) => (o.status === "refused" ? o.reason : o.status))).toEqual([
      "not_on_panel",
      "not_on_panel",
      "not_on_panel",
      "not_on_panel",
      "unknown_criterion",
      "out_of_range",
      "out_of_range",
      "out_of_range",
      "out_of_range",
      "accepted",
    ]);
    const conflicted = await saveScores(t.db, c.judges.clubbed, [
      item(c, { entryId: c.entries.member, criterionId: c.criteria.technique, value: 10, version: 1 }),
    ]);
    expect(conflicted[0]).toMatchObject({ status: "refused", reason: "conflict" });
    const written = await t.db
      .selectFrom("scores")
      .select(["judge_user_id", "entry_id", "criterion_id", "value"])
      .where("round_id", "in", [c.roundId, other.roundId])
      .execute();
    expect(written).toEqual([
      { judge_user_id: c.judges.young, entry_id: c.entries.shabyt, criterion_id: c.criteria.artistry, value: "9.75" },
    ]);
  });

  it("saves a sheet posted without JavaScript field by field: a bad or overlong field says so, a newer score from another device is kept", async () => {
    const c = await contest(t.db);
    const view = (await panelEntriesForJudge(t.db, c.judges.all, c.panels.all))!;
    const at = Date.UTC(2026, 11, 10, 5, 0);
    // Typed on the judge's tablet a minute "later" than the form is posted (its clock runs ahead).
    await saveScores(t.db, c.judges.all, [
      item(c, { entryId: c.entries.timur, criterionId: c.criteria.artistry, value: 9, version: (at + 60_000) * 1000 }),
    ]);
    const sheet = (texts: Record<number, string>) =>
      Object.fromEntries(Object.entries(texts).map(([k, v]) => [String(k), v]));

    expect(
      await saveSheet(
        t.db,
        c.judges.all,
        view,
        c.entries.timur,
        sheet({ [c.criteria.technique]: "8,5", [c.criteria.artistry]: "6" }),
        at,
      ),
    ).toEqual({
      errors: {},
      kept: { [c.criteria.artistry]: 9 },
      saved: [c.criteria.technique],
    });
    expect(await storedScore(t.db, c, c.judges.all, c.entries.timur, c.criteria.artistry)).toEqual({
      value: 9,
      version: (at + 60_000) * 1000,
    });
    expect(await storedScore(t.db, c, c.judges.all, c.entries.timur, c.criteria.technique)).toEqual({
      value: 8.5,
      version: at * 1000,
    });

    // 21 characters that would read as 7 are still not a score; the other field saves.
    const overlong = `${"0".repeat(20)}7`;
    expect(
      await saveSheet(
        t.db,
        c.judges.all,
        view,
        c.entries.shabyt,
        sheet({ [c.criteria.technique]: overlong, [c.criteria.artistry]: "10" }),
        at + 1,
      ),
    ).toEqual({
      errors: { [c.criteria.technique]: "invalid" },
      kept: {},
      saved: [c.criteria.artistry],
    });
    expect(
      await saveSheet(
        t.db,
        c.judges.all,
        view,
        c.entries.member,
        sheet({ [c.criteria.technique]: "11", [c.criteria.artistry]: "" }),
        at + 2,
      ),
    ).toEqual({
      errors: { [c.criteria.technique]: "invalid" },
      kept: {},
      saved: [],
    });
    expect(await storedScore(t.db, c, c.judges.all, c.entries.shabyt, c.criteria.technique)).toBeUndefined();
    expect(await storedScore(t.db, c, c.judges.all, c.entries.member, c.criteria.technique)).toBeUndefined();
  });

  it("refuses judges' writes once the section is locked, and only in that section", async () => {
    const c = await contest(t.db);
    const section = await ensureSection(t.db, c.roundId, c.nominations.vocal, c.ageGroups.younger);
    await t.db.updateTable("result_sections").set({ locked_at: new Date() }).where("id", "=", section).execute();
    const outcomes = await saveScores(t.db, c.judges.all, [
      item(c, { entryId: c.entries.shabyt, criterionId: c.criteria.technique, value: 5, version: 1 }),
      item(c, { entryId: c.entries.timur, criterionId: c.criteria.technique, value: 5, version: 1 }),
    ]);
    expect(outcomes.map((o) => (o.status === "refused" ? o.reason : o.status))).toEqual(["locked", "accepted"]);
    const view = await panelEntriesForJudge(t.db, c.judges.all, c.panels.all);
    expect(view!.entries.map((e) => [e.entryId, e.locked])).toEqual([
      [c.entries.shabyt, true],
      [c.entries.member, true],
      [c.entries.timur, false],
    ]);
  });

  it("shows a judge only their own panel, in running order, with only their own scores and conflicted entries counted, not shown", async () => {
    const c = await contest(t.db);
    await publishRunningOrder(t.db, c);
    await saveScores(t.db, c.judges.all, [
      item(c, { entryId: c.entries.shabyt, criterionId: c.criteria.technique, value: 8, version: 1 }),
      item(c, { entryId: c.entries.shabyt, criterionId: c.criteria.artistry, value: 9, version: 1 }),
    ]);
    await saveScores(t.db, c.judges.young, [
      item(c, { entryId: c.entries.shabyt, criterionId: c.criteria.technique, value: 4, version: 1 }),
    ]);

    // Another judge's assignment reads as missing.
    expect(await panelEntriesForJudge(t.db, c.judges.young, c.panels.all)).toBeNull();
    expect(await panelEntriesForJudge(t.db, c.judges.young, c.panels.dancer)).toBeNull();
    expect(await artworkForJudge(t.db, c.judges.young, c.panels.all, c.entries.timur)).toBeNull();

    const young = (await panelEntriesForJudge(t.db, c.judges.young, c.panels.young))!;
    // Running order: member at 10:00, shabyt at 10:05; the 11–14 entry belongs to another panel.
    expect(young.entries.map((e) => e.entryId)).toEqual([c.entries.member, c.entries.shabyt]);
    expect(young.entries.map((e) => e.scores)).toEqual([{}, { [c.criteria.technique]: { value: 4, version: 1 } }]);
    expect(young.entries[0]).toMatchObject({
      number: 1,
      reference: `J${seq}-Koktem`,
      title: "Koktem",
      performers: ["Seitkali Dana"],
      club: null,
    });
    expect(young.entries[1]).toMatchObject({ number: 2, performers: ["Seitkali Aruzhan"], club: `Shabyt ${seq}` });
    expect(young.criteria.map((k) => [k.name_en, k.maxScore, k.weight])).toEqual([
      ["Technique", 10, 1],
      ["Artistry", 10, 2],
    ]);
    expect(young.panel).toMatchObject({ total: 2, scored: 0, hidden: 0 });

    const all = (await panelEntriesForJudge(t.db, c.judges.all, c.panels.all))!;
    // Scheduled first, then the unscheduled by reference.
    expect(all.entries.map((e) => [e.entryId, e.number])).toEqual([
      [c.entries.member, 1],
      [c.entries.shabyt, 2],
      [c.entries.timur, 3],
    ]);
    expect(all.entries[1]!.scores).toEqual({
      [c.criteria.technique]: { value: 8, version: 1 },
      [c.criteria.artistry]: { value: 9, version: 1 },
    });
    expect(all.panel).toMatchObject({ total: 3, scored: 1, hidden: 0 });

    const clubbed = (await panelEntriesForJudge(t.db, c.judges.clubbed, c.panels.clubbed))!;
    expect(clubbed.entries.map((e) => [e.entryId, e.number])).toEqual([[c.entries.timur, 3]]);
    expect(clubbed.panel).toMatchObject({ total: 1, hidden: 2 });

    const panels = await judgePanels(t.db, c.judges.all);
    expect(panels.map((p) => [p.assignmentId, p.scored, p.total, p.ageGroup])).toEqual([[c.panels.all, 1, 3, null]]);
    expect((await judgePanels(t.db, c.judges.clubbed)).map((p) => [p.total, p.hidden])).toEqual([[1, 2]]);
    expect(await judgePanels(t.db, (await insertUser(t.db)).id)).toEqual([]);
  });

  it("hides names, clubs and references in a blind round but keeps the title and the running-order number", async () => {
    const c = await contest(t.db);
    await t.db.updateTable("rounds").set({ blind: true }).where("id", "=", c.roundId).execute();
    const view = (await panelEntriesForJudge(t.db, c.judges.all, c.panels.all))!;
    expect(view.panel.round.blind).toBe(true);
    expect(
      view.entries.map((e) => ({
        number: e.number,
        reference: e.reference,
        performers: e.performers,
        club: e.club,
        title: e.title,
      })),
    ).toEqual([
      { number: 1, reference: null, performers: [], club: null, title: "Aldi" },
      { number: 2, reference: null, performers: [], club: null, title: "Koktem" },
      { number: 3, reference: null, performers: [], club: null, title: "Zhuldyz" },
    ]);
    expect(JSON.stringify(view)).not.toMatch(/Seitkali|Shabyt|Arman|J\d+-/);
  });

  it("keeps a blind round's numbers when entries arrive, and leaves no gap where a recused entry would be", async () => {
    const c = await contest(t.db);
    expect(await setRoundBlind(t.db, c.organiser, { eventId: c.eventId, roundId: c.roundId, blind: true })).toBe(true);
    const numbered = async (judge: number, panel: number) =>
      (await panelEntriesForJudge(t.db, judge, panel))!.entries.map((e) => [e.entryId, e.number]);

    expect(await numbered(c.judges.all, c.panels.all)).toEqual([
      [c.entries.shabyt, 1],
      [c.entries.member, 2],
      [c.entries.timur, 3],
    ]);
    // The clubbed judge may not see two of the three: the one left is №1, not №3.
    expect(await numbered(c.judges.clubbed, c.panels.clubbed)).toEqual([[c.entries.timur, 1]]);

    // A late entry whose reference sorts first takes the next number; nobody is renumbered.
    const event = await t.db
      .selectFrom("entries")
      .select(["event_id", "nomination_id", "age_group_id"])
      .where("id", "=", c.entries.shabyt)
      .executeTakeFirstOrThrow();
    const late = await t.db
      .insertInto("entries")
      .values({ ...event, format: "solo", title: "Aaa", status: "confirmed", reference: `A0-late-${engine}` })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await numbered(c.judges.all, c.panels.all)).toEqual([
      [c.entries.shabyt, 1],
      [c.entries.member, 2],
      [c.entries.timur, 3],
      [late.id, 4],
    ]);
    expect(await numbered(c.judges.clubbed, c.panels.clubbed)).toEqual([
      [c.entries.timur, 1],
      [late.id, 2],
    ]);
    // Written by the next path that changes the round (here: a later entry joining it), as shown.
    const later = await t.db
      .insertInto("entries")
      .values({ ...event, format: "solo", title: "Aab", status: "confirmed", reference: `A0-later-${engine}` })
      .returning("id")
      .executeTakeFirstOrThrow();
    await numberBlindRoundsOfEvent(t.db, c.eventId);
    expect(await numbered(c.judges.all, c.panels.all)).toEqual([
      [c.entries.shabyt, 1],
      [c.entries.member, 2],
      [c.entries.timur, 3],
      [late.id, 4],
      [later.id, 5],
    ]);
  });

  it("writes no blind numbers when a judge's page loads: the round's write paths give them (ADR 0023)", async () => {
    const c = await contest(t.db);
    await t.db.updateTable("rounds").set({ blind: true }).where("id", "=", c.roundId).execute();
    const stored = async () =>
      Number(
        (
          await t.db
            .selectFrom("judge_blind_numbers")
            .select((eb) => eb.fn.countAll().as("n"))
            .where("round_id", "=", c.roundId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const view = (await panelEntriesForJudge(t.db, c.judges.all, c.panels.all))!;
    await panelPageForJudge(t.db, c.judges.clubbed, c.panels.clubbed);
    expect(view.entries.map((e) => e.number)).toEqual([1, 2, 3]);
    expect(await stored()).toBe(0);

    await setRoundBlind(t.db, c.organiser, { eventId: c.eventId, roundId: c.roundId, blind: true });
    const rows = await t.db
      .selectFrom("judge_blind_numbers")
      .select(["judge_user_id", "entry_id", "number"])
      .where("round_id", "=", c.roundId)
      .where("judge_user_id", "in", [c.judges.all, c.judges.clubbed])
      .orderBy("judge_user_id")
      .orderBy("number")
      .execute();
    expect(rows.filter((r) => r.judge_user_id === c.judges.all).map((r) => [r.entry_id, r.number])).toEqual(
      view.entries.map((e) => [e.entryId, e.number]),
    );
    expect(rows.filter((r) => r.judge_user_id === c.judges.clubbed).map((r) => [r.entry_id, r.number])).toEqual([
      [c.entries.timur, 1],
    ]);
  });

  it("lets a judge see the artwork of an entry on their panel only", async () => {
    const c = await contest(t.db);
    await t.db
      .updateTable("entries")
      .set({ artwork_file: "abc.webp" })
      .where("id", "in", [c.entries.shabyt, c.entries.timur])
      .execute();
    expect(await artworkForJudge(t.db, c.judges.all, c.panels.all, c.entries.shabyt)).toBe("abc.webp");
    expect(await artworkForJudge(t.db, c.judges.young, c.panels.young, c.entries.timur)).toBeNull();
    expect(await artworkForJudge(t.db, c.judges.clubbed, c.panels.clubbed, c.entries.shabyt)).toBeNull();
    expect(await artworkForJudge(t.db, c.judges.clubbed, c.panels.clubbed, c.entries.timur)).toBe("abc.webp");
  });

  it("works out 10,000 entries × 5 judges with conflicts (its speed is measured by the results.compute bench)", async () => {
    const c = await contest(t.db);
    const bulk = await createEventWithParts(t.db, (await insertUser(t.db)).id, {
      titleEn: `Bulk ${seq}`,
      nominations: [nominationForm({ nameEn: "Art", entryKind: "artwork", formats: { solo: [1, 1] } })],
      ageGroups: [ageGroupForm(7, 10), ageGroupForm(11, 14)],
      rounds: [roundForm({ kind: "remote" })],
    });
    const { rounds, nominations, ageGroups: groups } = bulk;
    const [round, nomination] = [rounds[0]!, nominations[0]!];
    // Entry i: age group by parity, club Shabyt for every tenth; one member each.
    await sql`insert into entries (event_id, nomination_id, age_group_id, format, title, status, reference, club_id)
      select ${bulk.id}, ${nomination.id}, case when i % 2 = 0 then ${groups[0]!.id}::int else ${groups[1]!.id}::int end, 'solo', 'Work ' || i, 'confirmed',
        'BULK-' || ${seq} || '-' || i, case when i % 10 = 0 then ${c.clubs.shabyt}::int else null end
      from generate_series(1, 10000) i`.execute(t.db);
    await sql`insert into participants (last_name, first_name, birth_date, city, club_id)
      select 'Bulk', 'P' || e.id, '2015-01-01', 'almaty', null from entries e where e.event_id = ${bulk.id}`.execute(
      t.db,
    );
    await sql`insert into entry_members (entry_id, participant_id, nomination_id)
      select e.id, p.id, e.nomination_id from entries e join participants p on p.first_name = 'P' || e.id and p.last_name = 'Bulk' where e.event_id = ${bulk.id}`.execute(
      t.db,
    );
    const judges = await Promise.all(Array.from({ length: 5 }, () => insertUser(t.db)));
    await t.db
      .insertInto("jury_assignments")
      .values(
        judges.map((j) => ({ round_id: round.id, nomination_id: nomination.id, age_group_id: null, user_id: j.id })),
      )
      .execute();
    await t.db
      .insertInto("judge_conflicts")
      .values({ event_id: bulk.id, user_id: judges[0]!.id, club_id: c.clubs.shabyt })
      .execute();

    const eligible = await eligibleJudges(t.db, round.id);
    expect(eligible.size).toBe(10_000);
    const sizes = [...eligible.values()].map((s) => s.size);
    expect(sizes.filter((n) => n === 4)).toHaveLength(1000);
    expect(sizes.filter((n) => n === 5)).toHaveLength(9000);
  });
});
