import { sql } from "kysely";

import type { PerformanceFormat } from "#db/types";

import type { DB } from "../platform/db.server";
import { intArray, roundScope } from "./eligible-judges.server";
import { assignmentsOf, inAssignment, type JudgePanel, type Names, panelOf } from "./judge-panels.server";

/*
 * What a judge sees on one panel: its entries in running order (names and clubs hidden in a blind
 * round), the criteria, and the judge's own scores; and an entry's artwork, for a judge who may see it.
 */

export interface JudgeCriterion extends Names {
  id: number;
  maxScore: number;
  weight: number;
}

export interface JudgeScore {
  value: number;
  version: number;
}

export interface JudgeEntry {
  entryId: number;
  /** Place in the panel's running order (1-based); the neutral code of a blind round. */
  number: number;
  /** null in a blind round. */
  reference: string | null;
  title: string;
  format: PerformanceFormat;
  durationSeconds: number | null;
  videoUrl: string | null;
  hasArtwork: boolean;
  /** Full names and club; empty and null in a blind round. */
  performers: string[];
  club: string | null;
  ageGroup: { min: number; max: number } | null;
  startsAt: Date | null;
  /** The section is locked: the organiser changes scores now, the judge no longer. */
  locked: boolean;
  /** This judge's own scores by criterion id. */
  scores: Record<number, JudgeScore>;
}

export interface JudgePanelEntries {
  panel: JudgePanel;
  criteria: JudgeCriterion[];
  entries: JudgeEntry[];
}

/**
 * The entries of one of the judge's panels that the judge may score, in running order (the round's
 * published schedule; entries it doesn't place follow by reference), with this judge's scores only.
 * null when the assignment isn't this judge's (the route answers 404).
 */
export async function panelEntriesForJudge(
  db: DB,
  judgeUserId: number,
  assignmentId: number,
): Promise<JudgePanelEntries | null> {
  const [a] = await assignmentsOf(db, judgeUserId, assignmentId);
  if (!a) return null;
  const scope = await roundScope(db, a.round_id, { judgeUserId });
  const inPanel = [...scope].filter(([, s]) => inAssignment(a, s)).map(([id]) => id);

  const [entries, slots, criteria, locks, scores] = await Promise.all([
    inPanel.length
      ? db
          .selectFrom("entries")
          .leftJoin("clubs", "clubs.id", "entries.club_id")
          .leftJoin("age_groups", "age_groups.id", "entries.age_group_id")
          .select([
            "entries.id",
            "entries.reference",
            "entries.title",
            "entries.format",
            "entries.duration_seconds",
            "entries.video_url",
            "entries.artwork_file",
            "entries.age_group_id",
            "clubs.name as club",
            "age_groups.min_age",
            "age_groups.max_age",
          ])
          .where(sql<boolean>`entries.id = any(${intArray(inPanel)})`)
          .execute()
      : [],
    db
      .selectFrom("schedule_slots")
      .innerJoin("schedule_versions", "schedule_versions.id", "schedule_slots.version_id")
      .innerJoin("stages", "stages.id", "schedule_slots.stage_id")
      .select(["schedule_slots.entry_id", "schedule_slots.starts_at"])
      .where("schedule_versions.round_id", "=", a.round_id)
      .where("schedule_versions.status", "=", "published")
      .where("schedule_slots.kind", "=", "entry")
      .orderBy("schedule_slots.starts_at")
      .orderBy("stages.position")
      .orderBy("schedule_slots.id")
      .execute(),
    db
      .selectFrom("criteria")
      .select(["id", "name_kk", "name_ru", "name_en", "max_score", "weight"])
      .where("nomination_id", "=", a.nomination_id)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("result_sections")
      .select(["age_group_id"])
      .where("round_id", "=", a.round_id)
      .where("nomination_id", "=", a.nomination_id)
      .where("locked_at", "is not", null)
      .execute(),
    db
      .selectFrom("scores")
      .select(["entry_id", "criterion_id", "value", "version"])
      .where("round_id", "=", a.round_id)
      .where("judge_user_id", "=", judgeUserId)
      .execute(),
  ]);

  const slotOf = new Map<number, { order: number; startsAt: Date }>();
  slots.forEach((s, i) => {
    if (s.entry_id !== null && !slotOf.has(s.entry_id)) slotOf.set(s.entry_id, { order: i, startsAt: s.starts_at });
  });
  const ordered = [...entries].sort((x, y) => {
    const sx = slotOf.get(x.id);
    const sy = slotOf.get(y.id);
    if (sx && sy) return sx.order - sy.order;
    if (sx || sy) return sx ? -1 : 1;
    return x.reference < y.reference ? -1 : x.reference > y.reference ? 1 : x.id - y.id;
  });

  const criterionIds = new Set(criteria.map((c) => c.id));
  const scoresOf = new Map<number, Record<number, JudgeScore>>();
  for (const s of scores) {
    if (!criterionIds.has(s.criterion_id)) continue;
    const own = scoresOf.get(s.entry_id) ?? {};
    own[s.criterion_id] = { value: Number(s.value), version: Number(s.version) };
    scoresOf.set(s.entry_id, own);
  }
  const lockedGroups = new Set(locks.map((l) => l.age_group_id ?? 0));
  const visibleIds = new Set(inPanel.filter((id) => scope.get(id)!.eligible.has(judgeUserId)));
  const members =
    a.blind || !visibleIds.size
      ? []
      : await db
          .selectFrom("entry_members")
          .innerJoin("participants", "participants.id", "entry_members.participant_id")
          .select([
            "entry_members.entry_id",
            "participants.last_name",
            "participants.first_name",
            "participants.patronymic",
          ])
          .where(sql<boolean>`entry_members.entry_id = any(${intArray([...visibleIds])})`)
          .where("entry_members.active", "=", true)
          .orderBy("participants.last_name")
          .orderBy("participants.first_name")
          .execute();

  const needed = criteria.length;
  let scored = 0;
  const list: JudgeEntry[] = [];
  ordered.forEach((e, i) => {
    if (!visibleIds.has(e.id)) return;
    const own = scoresOf.get(e.id) ?? {};
    if (needed > 0 && Object.keys(own).length >= needed) scored++;
    list.push({
      entryId: e.id,
      number: i + 1,
      reference: a.blind ? null : e.reference,
      title: e.title,
      format: e.format,
      durationSeconds: e.duration_seconds,
      videoUrl: e.video_url,
      hasArtwork: e.artwork_file !== null,
      performers: a.blind
        ? []
        : members
            .filter((m) => m.entry_id === e.id)
            .map((m) => [m.last_name, m.first_name, m.patronymic].filter(Boolean).join(" ")),
      club: a.blind ? null : e.club,
      ageGroup: e.min_age !== null && e.max_age !== null ? { min: e.min_age, max: e.max_age } : null,
      startsAt: slotOf.get(e.id)?.startsAt ?? null,
      locked: lockedGroups.has(e.age_group_id ?? 0),
      scores: own,
    });
  });

  return {
    panel: panelOf(a, { scored, total: list.length, hidden: inPanel.length - list.length }),
    criteria: criteria.map((c) => ({
      id: c.id,
      name_kk: c.name_kk,
      name_ru: c.name_ru,
      name_en: c.name_en,
      maxScore: Number(c.max_score),
      weight: Number(c.weight),
    })),
    entries: list,
  };
}

/** The artwork file of an entry this judge may see on this panel; null otherwise. */
export async function artworkForJudge(
  db: DB,
  judgeUserId: number,
  assignmentId: number,
  entryId: number,
): Promise<string | null> {
  const [a] = await assignmentsOf(db, judgeUserId, assignmentId);
  if (!a) return null;
  const scope = (await roundScope(db, a.round_id, { judgeUserId, entryIds: [entryId] })).get(entryId);
  if (!scope || !inAssignment(a, scope) || !scope.eligible.has(judgeUserId)) return null;
  const entry = await db.selectFrom("entries").select("artwork_file").where("id", "=", entryId).executeTakeFirst();
  return entry?.artwork_file ?? null;
}
