import { sql } from "kysely";

import { roundEntryIds } from "../events/rounds.server";
import type { DB } from "../platform/db.server";

/**
 * Who may see and score which entry. An entry's judges are the round's panel for its nomination
 * and age group (an assignment without an age group covers them all), minus every judge with a
 * conflict of interest for the round's event: with the entry's club, the club of any active
 * member, or a member. A conflicted judge never sees the entry, and their missing score is not a
 * zero (aggregation averages the others).
 */

export interface EntryScope {
  nominationId: number;
  ageGroupId: number | null;
  /** Panel judges without a conflict. */
  eligible: Set<number>;
  /** Panel judges with a conflict. */
  conflicted: Set<number>;
}

export interface ScopeFilter {
  /** Only this judge's panels and conflicts (the judge's own screen): entries outside them are left out. */
  judgeUserId?: number;
  /** Only these entries (still limited to the round's entries). */
  entryIds?: readonly number[];
}

export const intArray = (ids: readonly number[]) => sql`${[...ids]}::int[]`;

/** Eligibility of the round's entries, in a fixed number of queries whatever the round's size. */
export async function roundScope(db: DB, roundId: number, filter: ScopeFilter = {}): Promise<Map<number, EntryScope>> {
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
  const assignments = await assignmentsQuery.execute();
  // One judge's screen needs only the nominations the judge sits on: the rest have no judge to see.
  const nominations = filter.judgeUserId === undefined ? null : [...new Set(assignments.map((a) => a.nomination_id))];
  if (nominations?.length === 0) return scope;
  const entries = await db
    .selectFrom("entries")
    .select(["id", "nomination_id", "age_group_id", "club_id"])
    .where(sql<boolean>`id = any(${intArray(ids)})`)
    .$if(nominations !== null, (q) => q.where("nomination_id", "in", nominations!))
    .execute();
  if (!entries.length) return scope;

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
        .where(sql<boolean>`entry_members.entry_id = any(${intArray(entries.map((e) => e.id))})`)
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

/** A round's nomination and age group in which some entries have no judge who may score them. */
export interface SectionWithoutJudge {
  nominationId: number;
  ageGroupId: number | null;
  /** Entries no judge may score: they would stay unscored ("0 of 1") for ever. */
  entries: number;
  /** Every judge of the panel has a conflict with them (rather than the panel having no judge at all). */
  recused: boolean;
}

/**
 * The sections of a round with entries that no eligible judge can score: the panel's only judges
 * are recused (a conflict of interest), or the panel has none. The organiser adds a judge.
 */
export function sectionsWithoutJudge(scope: ReadonlyMap<number, EntryScope>): SectionWithoutJudge[] {
  const out = new Map<string, SectionWithoutJudge>();
  for (const s of scope.values()) {
    if (s.eligible.size > 0) continue;
    const key = `${s.nominationId}:${s.ageGroupId ?? 0}`;
    const section = out.get(key) ?? {
      nominationId: s.nominationId,
      ageGroupId: s.ageGroupId,
      entries: 0,
      recused: false,
    };
    section.entries++;
    if (s.conflicted.size > 0) section.recused = true;
    out.set(key, section);
  }
  return [...out.values()];
}
