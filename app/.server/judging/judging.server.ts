import { sql } from "kysely";

import type { EntryKind, PerformanceFormat, RoundKind } from "#db/types";
import { isScoreValue, parseScoreText } from "~/domain/score-value";
import { SCORE_TEXT_MAX } from "~/schemas/judge";

import { ensureSection, roundEntryIds } from "../events/rounds.server";
import type { DB } from "../platform/db.server";

/**
 * Who may see and score which entry. An entry's judges are the round's panel for its nomination
 * and age group (an assignment without an age group covers them all), minus every judge with a
 * conflict of interest for the round's event: with the entry's club, the club of any active
 * member, or a member. A conflicted judge never sees the entry, and their missing score is not a
 * zero (aggregation averages the others).
 */

interface EntryScope {
  nominationId: number;
  ageGroupId: number | null;
  /** Panel judges without a conflict. */
  eligible: Set<number>;
  /** Panel judges with a conflict. */
  conflicted: Set<number>;
}

interface ScopeFilter {
  /** Only this judge's panels and conflicts (the judge's own screen). */
  judgeUserId?: number;
  /** Only these entries (still limited to the round's entries). */
  entryIds?: readonly number[];
}

const intArray = (ids: readonly number[]) => sql`${[...ids]}::int[]`;

/** Eligibility of the round's entries, in a fixed number of queries whatever the round's size. */
async function roundScope(db: DB, roundId: number, filter: ScopeFilter = {}): Promise<Map<number, EntryScope>> {
  const scope = new Map<number, EntryScope>();
  const round = await db.selectFrom("rounds").select(["id", "event_id"]).where("id", "=", roundId).executeTakeFirst();
  if (!round) return scope;
  let ids = await roundEntryIds(db, roundId);
  if (filter.entryIds) {
    const wanted = new Set(filter.entryIds);
    ids = ids.filter((id) => wanted.has(id));
  }
  if (!ids.length) return scope;

  let assignmentsQuery = db
    .selectFrom("jury_assignments")
    .select(["nomination_id", "age_group_id", "user_id"])
    .where("round_id", "=", roundId);
  if (filter.judgeUserId !== undefined) assignmentsQuery = assignmentsQuery.where("user_id", "=", filter.judgeUserId);
  const [assignments, entries] = await Promise.all([
    assignmentsQuery.execute(),
    db
      .selectFrom("entries")
      .select(["id", "nomination_id", "age_group_id", "club_id"])
      .where(sql<boolean>`id = any(${intArray(ids)})`)
      .execute(),
  ]);

  const panelByNomination = new Map<number, { ageGroupId: number | null; userId: number }[]>();
  for (const a of assignments) {
    const list = panelByNomination.get(a.nomination_id) ?? [];
    list.push({ ageGroupId: a.age_group_id, userId: a.user_id });
    panelByNomination.set(a.nomination_id, list);
  }
  const judges = [...new Set(assignments.map((a) => a.user_id))];
  const conflicts = judges.length
    ? await db
        .selectFrom("judge_conflicts")
        .select(["user_id", "club_id", "participant_id"])
        .where("event_id", "=", round.event_id)
        .where("user_id", "in", judges)
        .execute()
    : [];
  const clubConflicts = new Map<number, Set<number>>();
  const participantConflicts = new Map<number, Set<number>>();
  for (const c of conflicts) {
    const [map, key] = c.club_id !== null ? [clubConflicts, c.club_id] : [participantConflicts, c.participant_id!];
    const set = map.get(c.user_id) ?? new Set<number>();
    set.add(key);
    map.set(c.user_id, set);
  }
  // Members matter only when some judge has a conflict.
  const members = conflicts.length
    ? await db
        .selectFrom("entry_members")
        .innerJoin("participants", "participants.id", "entry_members.participant_id")
        .select(["entry_members.entry_id", "participants.id", "participants.club_id"])
        .where(sql<boolean>`entry_members.entry_id = any(${intArray(ids)})`)
        .where("entry_members.active", "=", true)
        .execute()
    : [];
  const membersOf = new Map<number, { id: number; clubId: number | null }[]>();
  for (const m of members) {
    const list = membersOf.get(m.entry_id) ?? [];
    list.push({ id: m.id, clubId: m.club_id });
    membersOf.set(m.entry_id, list);
  }

  for (const e of entries) {
    const eligible = new Set<number>();
    const conflicted = new Set<number>();
    const panel = (panelByNomination.get(e.nomination_id) ?? []).filter(
      (a) => a.ageGroupId === null || a.ageGroupId === e.age_group_id,
    );
    for (const { userId } of panel) {
      const clubs = clubConflicts.get(userId);
      const people = participantConflicts.get(userId);
      const own = membersOf.get(e.id) ?? [];
      const isConflicted =
        (clubs !== undefined &&
          ((e.club_id !== null && clubs.has(e.club_id)) ||
            own.some((m) => m.clubId !== null && clubs.has(m.clubId)))) ||
        (people !== undefined && own.some((m) => people.has(m.id)));
      (isConflicted ? conflicted : eligible).add(userId);
    }
    scope.set(e.id, { nominationId: e.nomination_id, ageGroupId: e.age_group_id, eligible, conflicted });
  }
  return scope;
}

/** For every entry of the round: the judges who may see and score it. */
export async function eligibleJudges(db: DB, roundId: number): Promise<Map<number, Set<number>>> {
  const scope = await roundScope(db, roundId);
  return new Map([...scope].map(([entryId, s]) => [entryId, s.eligible]));
}

// ---------------------------------------------------------------------------------------------
// The judge's panels

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

interface Names {
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

async function assignmentsOf(db: DB, judgeUserId: number, assignmentId?: number) {
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
type AssignmentRow = Awaited<ReturnType<typeof assignmentsOf>>[number];

function inAssignment(
  a: Pick<AssignmentRow, "nomination_id" | "age_group_id">,
  s: Pick<EntryScope, "nominationId" | "ageGroupId">,
): boolean {
  return s.nominationId === a.nomination_id && (a.age_group_id === null || a.age_group_id === s.ageGroupId);
}

function panelOf(a: AssignmentRow, counts: { scored: number; total: number; hidden: number }): JudgePanel {
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

// ---------------------------------------------------------------------------------------------
// Saving scores

export interface ScoreItem {
  roundId: number;
  entryId: number;
  criterionId: number;
  value: number;
  /** Only moves forward; a device sends Date.now()*1000 + a counter (a safe integer until the year 2255). */
  version: number;
}

export type ScoreRefusal = "not_on_panel" | "conflict" | "locked" | "out_of_range" | "unknown_criterion";

export type ScoreOutcome = Pick<ScoreItem, "roundId" | "entryId" | "criterionId" | "version"> &
  (
    | { status: "accepted" }
    /** A newer version is stored: its value and version. */
    | { status: "stale"; stored: JudgeScore }
    | { status: "refused"; reason: ScoreRefusal }
  );

const keyOf = (i: Pick<ScoreItem, "roundId" | "entryId" | "criterionId">) =>
  `${i.roundId}:${i.entryId}:${i.criterionId}`;

/**
 * Saves a judge's scores. Each item is accepted, stale (the database holds a newer version: a late
 * retry or a duplicate never overwrites it), or refused with a reason. Sending the same item twice
 * answers accepted both times. Writes to a locked section are refused; the section rows are read
 * FOR SHARE in the same transaction, so a concurrent lock waits for this save or refuses it.
 */
export async function saveScores(db: DB, judgeUserId: number, items: readonly ScoreItem[]): Promise<ScoreOutcome[]> {
  if (!items.length) return [];
  for (const i of items)
    if (!Number.isSafeInteger(i.version) || i.version < 1) throw new RangeError(`Invalid score version ${i.version}`);
  const versions = items.map((i) => i.version);
  const outcomes: (ScoreOutcome | undefined)[] = new Array(items.length);
  const base = (i: number) => ({
    roundId: items[i]!.roundId,
    entryId: items[i]!.entryId,
    criterionId: items[i]!.criterionId,
    version: versions[i]!,
  });
  const refuse = (i: number, reason: ScoreRefusal) => (outcomes[i] = { ...base(i), status: "refused", reason });

  return db.transaction().execute(async (tx) => {
    const criterionIds = [...new Set(items.map((i) => i.criterionId))];
    const criteria = new Map(
      (
        await tx
          .selectFrom("criteria")
          .select(["id", "nomination_id", "max_score"])
          .where("id", "in", criterionIds)
          .execute()
      ).map((c) => [c.id, c]),
    );
    const candidates: number[] = [];
    for (const roundId of new Set(items.map((i) => i.roundId))) {
      const idx = items.flatMap((it, i) => (it.roundId === roundId ? [i] : []));
      const scope = await roundScope(tx, roundId, { judgeUserId, entryIds: idx.map((i) => items[i]!.entryId) });
      const sections = new Map<string, boolean>();
      const passed: number[] = [];
      for (const i of idx) {
        const it = items[i]!;
        const s = scope.get(it.entryId);
        const criterion = criteria.get(it.criterionId);
        if (!s || !(s.eligible.has(judgeUserId) || s.conflicted.has(judgeUserId))) refuse(i, "not_on_panel");
        else if (!s.eligible.has(judgeUserId)) refuse(i, "conflict");
        else if (!criterion || criterion.nomination_id !== s.nominationId) refuse(i, "unknown_criterion");
        else if (!isScoreValue(it.value, Number(criterion.max_score))) refuse(i, "out_of_range");
        else {
          passed.push(i);
          sections.set(`${s.nominationId}:${s.ageGroupId ?? 0}`, false);
        }
      }
      // In a fixed order, like the rows below, so two concurrent saves never wait on each other in a cycle.
      for (const key of [...sections.keys()].sort()) {
        const [nominationId, ageGroupId] = key.split(":").map(Number) as [number, number];
        const id = await ensureSection(tx, roundId, nominationId, ageGroupId || null);
        const row = await tx
          .selectFrom("result_sections")
          .select("locked_at")
          .where("id", "=", id)
          .forShare()
          .executeTakeFirstOrThrow();
        sections.set(key, row.locked_at !== null);
      }
      for (const i of passed) {
        const s = scope.get(items[i]!.entryId)!;
        if (sections.get(`${s.nominationId}:${s.ageGroupId ?? 0}`)) refuse(i, "locked");
        else candidates.push(i);
      }
    }

    // One row per key: the highest version of a batch wins, the others are stale against it.
    const best = new Map<string, number>();
    for (const i of candidates) {
      const k = keyOf(items[i]!);
      const j = best.get(k);
      if (j === undefined || versions[i]! > versions[j]!) best.set(k, i);
    }
    const winners = [...best.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, i]) => i);
    const written = new Set<string>();
    if (winners.length) {
      const rows = await tx
        .insertInto("scores")
        .values(
          winners.map((i) => ({
            round_id: items[i]!.roundId,
            entry_id: items[i]!.entryId,
            judge_user_id: judgeUserId,
            criterion_id: items[i]!.criterionId,
            value: String(items[i]!.value),
            version: versions[i]!,
            updated_by_user_id: judgeUserId,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(["round_id", "entry_id", "judge_user_id", "criterion_id"])
            .doUpdateSet((eb) => ({
              value: eb.ref("excluded.value"),
              version: eb.ref("excluded.version"),
              updated_at: sql`now()`,
              updated_by_user_id: eb.ref("excluded.updated_by_user_id"),
            }))
            .where((eb) => eb("scores.version", "<", eb.ref("excluded.version"))),
        )
        .returning(["round_id", "entry_id", "criterion_id"])
        .execute();
      for (const r of rows) written.add(`${r.round_id}:${r.entry_id}:${r.criterion_id}`);
    }
    const unwritten = candidates.filter((i) => !(written.has(keyOf(items[i]!)) && best.get(keyOf(items[i]!)) === i));
    const stored = new Map<string, JudgeScore>();
    if (unwritten.length) {
      const rows = await tx
        .selectFrom("scores")
        .select(["round_id", "entry_id", "criterion_id", "value", "version"])
        .where("judge_user_id", "=", judgeUserId)
        .where((eb) =>
          eb.or(
            unwritten.map((i) =>
              eb.and([
                eb("round_id", "=", items[i]!.roundId),
                eb("entry_id", "=", items[i]!.entryId),
                eb("criterion_id", "=", items[i]!.criterionId),
              ]),
            ),
          ),
        )
        .execute();
      for (const r of rows)
        stored.set(`${r.round_id}:${r.entry_id}:${r.criterion_id}`, {
          value: Number(r.value),
          version: Number(r.version),
        });
    }
    for (const i of candidates) {
      const k = keyOf(items[i]!);
      const current = stored.get(k);
      // The stored version is this one (written now, or by an earlier send of the same item).
      if (!current || current.version === versions[i]) outcomes[i] = { ...base(i), status: "accepted" };
      else outcomes[i] = { ...base(i), status: "stale", stored: current };
    }
    return outcomes as ScoreOutcome[];
  });
}

/** What became of one entry's sheet posted as a form (the judge's screen without JavaScript). */
export interface SheetSaveResult {
  /** Criterion id → "invalid" (not a score on the criterion's scale) or the server's refusal reason. */
  errors: Record<string, string>;
  /** Criterion id → the newer score from another device of the judge, which the server kept instead. */
  kept: Record<string, number>;
  /** Criteria whose score was saved. */
  saved: number[];
}

/**
 * Saves one entry's sheet as typed: each criterion's text is read against its maximum (empty leaves
 * the score as it is); the valid ones are saved like a device's changes, versioned by the clock.
 */
export async function saveSheet(
  db: DB,
  judgeUserId: number,
  view: JudgePanelEntries,
  entryId: number,
  texts: Readonly<Record<string, string>>,
  now = Date.now(),
): Promise<SheetSaveResult> {
  const version = Math.floor(now) * 1000;
  const result: SheetSaveResult = { errors: {}, kept: {}, saved: [] };
  const items: ScoreItem[] = [];
  for (const c of view.criteria) {
    const text = texts[c.id] ?? "";
    const value = text.length > SCORE_TEXT_MAX ? "invalid" : parseScoreText(text, c.maxScore);
    if (value === "invalid") result.errors[c.id] = "invalid";
    else if (value !== null) items.push({ roundId: view.panel.round.id, entryId, criterionId: c.id, value, version });
  }
  for (const o of items.length ? await saveScores(db, judgeUserId, items) : []) {
    if (o.status === "refused") result.errors[o.criterionId] = o.reason;
    else if (o.status === "stale") result.kept[o.criterionId] = o.stored.value;
    else result.saved.push(o.criterionId);
  }
  return result;
}
