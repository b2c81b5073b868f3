import type { EntryKind, RoundKind } from "#db/types";
import { type Locale, localized } from "~/domain/locale";
import { formatDate } from "~/i18n/format";

import type { DB } from "../platform/db.server";
import { type EntryScope, roundScope } from "./eligible-judges.server";

/*
 * A judge's own panels, as the judge's screen lists them: by event and round, with how many entries
 * the judge has scored, may score, and does not see because of a conflict of interest.
 */

/** A judge of any event: a judge's membership or a seat on a panel. */
export async function isJudge(db: DB, userId: number): Promise<boolean> {
  const [membership, seat] = await Promise.all([
    db
      .selectFrom("memberships")
      .select("id")
      .where("user_id", "=", userId)
      .where("role", "=", "judge")
      .limit(1)
      .executeTakeFirst(),
    db.selectFrom("jury_assignments").select("id").where("user_id", "=", userId).limit(1).executeTakeFirst(),
  ]);
  return Boolean(membership || seat);
}

/** Whether the jury assignment is this judge's own seat. */
export async function isOwnAssignment(db: DB, judgeUserId: number, assignmentId: number): Promise<boolean> {
  const seat = await db
    .selectFrom("jury_assignments")
    .select("id")
    .where("id", "=", assignmentId)
    .where("user_id", "=", judgeUserId)
    .executeTakeFirst();
  return seat !== undefined;
}

export interface Names {
  name_kk: string;
  name_ru: string;
  name_en: string;
}

export interface JudgePanel {
  assignmentId: number;
  isChair: boolean;
  event: {
    id: number;
    slug: string;
    title_kk: string;
    title_ru: string;
    title_en: string;
    startsOn: string;
    timezone: string;
  };
  round: {
    id: number;
    kind: RoundKind;
    position: number;
    city: string | null;
    startsOn: string | null;
    blind: boolean;
  };
  nomination: Names & { id: number; entryKind: EntryKind };
  ageGroup: { id: number; min: number; max: number } | null;
  /** Entries this judge has scored on every criterion. */
  scored: number;
  /** Entries this judge may score. */
  total: number;
  /** Entries hidden from this judge by a conflict of interest. */
  hidden: number;
}

export async function assignmentsOf(db: DB, judgeUserId: number, assignmentId?: number) {
  let q = db
    .selectFrom("jury_assignments as ja")
    .innerJoin("rounds", "rounds.id", "ja.round_id")
    .innerJoin("events", "events.id", "rounds.event_id")
    .innerJoin("nominations", "nominations.id", "ja.nomination_id")
    .leftJoin("age_groups", "age_groups.id", "ja.age_group_id")
    .select([
      "ja.id",
      "ja.round_id",
      "ja.nomination_id",
      "ja.age_group_id",
      "ja.is_chair",
      "events.id as event_id",
      "events.slug",
      "events.title_kk",
      "events.title_ru",
      "events.title_en",
      "events.starts_on as event_starts_on",
      "events.timezone",
      "rounds.kind",
      "rounds.position as round_position",
      "rounds.city",
      "rounds.starts_on as round_starts_on",
      "rounds.blind",
      "nominations.name_kk",
      "nominations.name_ru",
      "nominations.name_en",
      "nominations.entry_kind",
      "age_groups.min_age",
      "age_groups.max_age",
    ])
    .where("ja.user_id", "=", judgeUserId);
  if (assignmentId !== undefined) q = q.where("ja.id", "=", assignmentId);
  return q
    .orderBy("events.starts_on", "desc")
    .orderBy("events.id")
    .orderBy("rounds.position")
    .orderBy("rounds.id")
    .orderBy("nominations.position")
    .orderBy("nominations.id")
    .orderBy("age_groups.min_age")
    .execute();
}
export type AssignmentRow = Awaited<ReturnType<typeof assignmentsOf>>[number];

export function inAssignment(
  a: Pick<AssignmentRow, "nomination_id" | "age_group_id">,
  s: Pick<EntryScope, "nominationId" | "ageGroupId">,
): boolean {
  return s.nominationId === a.nomination_id && (a.age_group_id === null || a.age_group_id === s.ageGroupId);
}

export function panelOf(a: AssignmentRow, counts: { scored: number; total: number; hidden: number }): JudgePanel {
  return {
    assignmentId: a.id,
    isChair: a.is_chair,
    event: {
      id: a.event_id,
      slug: a.slug,
      title_kk: a.title_kk,
      title_ru: a.title_ru,
      title_en: a.title_en,
      startsOn: a.event_starts_on,
      timezone: a.timezone,
    },
    round: {
      id: a.round_id,
      kind: a.kind,
      position: a.round_position,
      city: a.city,
      startsOn: a.round_starts_on,
      blind: a.blind,
    },
    nomination: {
      id: a.nomination_id,
      name_kk: a.name_kk,
      name_ru: a.name_ru,
      name_en: a.name_en,
      entryKind: a.entry_kind,
    },
    ageGroup:
      a.age_group_id !== null && a.min_age !== null && a.max_age !== null
        ? { id: a.age_group_id, min: a.min_age, max: a.max_age }
        : null,
    ...counts,
  };
}

/** How many of the nomination's criteria this judge has scored, per entry of the round. */
async function scoredCounts(db: DB, judgeUserId: number, roundIds: readonly number[]): Promise<Map<string, number>> {
  if (!roundIds.length) return new Map();
  const rows = await db
    .selectFrom("scores")
    .innerJoin("entries", "entries.id", "scores.entry_id")
    .innerJoin("criteria", (j) =>
      j.onRef("criteria.id", "=", "scores.criterion_id").onRef("criteria.nomination_id", "=", "entries.nomination_id"),
    )
    .select(["scores.round_id", "scores.entry_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("scores.judge_user_id", "=", judgeUserId)
    .where("scores.round_id", "in", [...roundIds])
    .groupBy(["scores.round_id", "scores.entry_id"])
    .execute();
  return new Map(rows.map((r) => [`${r.round_id}:${r.entry_id}`, Number(r.n)]));
}

async function criteriaCounts(db: DB, nominationIds: readonly number[]): Promise<Map<number, number>> {
  if (!nominationIds.length) return new Map();
  const rows = await db
    .selectFrom("criteria")
    .select(["nomination_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("nomination_id", "in", [...nominationIds])
    .groupBy("nomination_id")
    .execute();
  return new Map(rows.map((r) => [r.nomination_id, Number(r.n)]));
}

/** The judge's panels, newest event first, with progress. */
export async function judgePanels(db: DB, judgeUserId: number): Promise<JudgePanel[]> {
  const rows = await assignmentsOf(db, judgeUserId);
  const roundIds = [...new Set(rows.map((r) => r.round_id))];
  const scopes = new Map(
    await Promise.all(roundIds.map(async (id) => [id, await roundScope(db, id, { judgeUserId })] as const)),
  );
  const [scored, criteria] = await Promise.all([
    scoredCounts(db, judgeUserId, roundIds),
    criteriaCounts(db, [...new Set(rows.map((r) => r.nomination_id))]),
  ]);
  return rows.map((a) => {
    const needed = criteria.get(a.nomination_id) ?? 0;
    const counts = { scored: 0, total: 0, hidden: 0 };
    for (const [entryId, s] of scopes.get(a.round_id) ?? []) {
      if (!inAssignment(a, s)) continue;
      if (!s.eligible.has(judgeUserId)) {
        if (s.conflicted.has(judgeUserId)) counts.hidden++;
        continue;
      }
      counts.total++;
      if (needed > 0 && (scored.get(`${a.round_id}:${entryId}`) ?? 0) >= needed) counts.scored++;
    }
    return panelOf(a, counts);
  });
}

/** The judge's panels as the judge's home page lists them: by event, then round. */
export interface PanelEvent {
  id: number;
  title: string;
  rounds: {
    id: number;
    kind: RoundKind;
    city: string | null;
    date: string | null;
    blind: boolean;
    panels: {
      assignmentId: number;
      nomination: string;
      ageGroup: { min: number; max: number } | null;
      isChair: boolean;
      scored: number;
      total: number;
      hidden: number;
    }[];
  }[];
}

/** The judge's panels grouped by event and round, in the reader's language; null for someone who is no judge. */
export async function judgePanelsByEvent(db: DB, judgeUserId: number, locale: Locale): Promise<PanelEvent[] | null> {
  const panels = await judgePanels(db, judgeUserId);
  if (panels.length === 0 && !(await isJudge(db, judgeUserId))) return null;
  const events: PanelEvent[] = [];
  for (const p of panels) {
    let event = events.find((e) => e.id === p.event.id);
    if (!event) events.push((event = { id: p.event.id, title: localized(p.event, "title", locale), rounds: [] }));
    let round = event.rounds.find((r) => r.id === p.round.id);
    if (!round) {
      event.rounds.push(
        (round = {
          id: p.round.id,
          kind: p.round.kind,
          city: p.round.city,
          date: p.round.startsOn ? formatDate(p.round.startsOn, locale) : null,
          blind: p.round.blind,
          panels: [],
        }),
      );
    }
    round.panels.push({
      assignmentId: p.assignmentId,
      nomination: localized(p.nomination, "name", locale),
      ageGroup: p.ageGroup,
      isChair: p.isChair,
      scored: p.scored,
      total: p.total,
      hidden: p.hidden,
    });
  }
  return events;
}
