import { type Locale, localized } from "~/domain/locale";

import type { DB } from "../platform/db.server";
import { eventOutline } from "./event-outline.server";

/*
 * Locked results freeze what they were computed from (ADR 0009): a nomination's criteria while any
 * of its results sections is locked; a panel, and a conflict of interest, when they would change a
 * locked section; the event's scoring rules while any of its sections is locked. Each change reads
 * the sections FOR SHARE in its own transaction: a lock taken meanwhile waits for the change, or the change sees it.
 */

/** A results section (round × nomination × age group; null = entries without an age group). */
export interface SectionKey {
  roundId: number;
  nominationId: number;
  ageGroupId: number | null;
}

/** Refused: the change would alter the results of these locked sections. */
export interface Frozen {
  status: "locked";
  sections: SectionKey[];
}

/**
 * The event's results sections, read FOR SHARE: a section being locked meanwhile (FOR UPDATE in
 * publication.server.ts) waits for this transaction, or this one sees its lock.
 */
export async function eventSections(tx: DB, eventId: number): Promise<(SectionKey & { locked: boolean })[]> {
  const rows = await tx
    .selectFrom("result_sections")
    .select(["round_id", "nomination_id", "age_group_id", "locked_at"])
    .where("round_id", "in", tx.selectFrom("rounds").select("id").where("event_id", "=", eventId))
    .orderBy("id")
    .forShare()
    .execute();
  return rows.map((r) => ({
    roundId: r.round_id,
    nominationId: r.nomination_id,
    ageGroupId: r.age_group_id,
    locked: r.locked_at !== null,
  }));
}

/** The locked sections among the event's that `touches` says a change would alter; null when none. */
export async function frozenBy(tx: DB, eventId: number, touches: (s: SectionKey) => boolean): Promise<Frozen | null> {
  const sections = (await eventSections(tx, eventId))
    .filter((s) => s.locked && touches(s))
    .map(({ locked: _, ...key }) => key);
  return sections.length ? { status: "locked", sections } : null;
}

/** A panel covers a section: same round and nomination, and its age group (or every age group). */
export const panelCovers = (panel: SectionKey) => (s: SectionKey) =>
  s.roundId === panel.roundId &&
  s.nominationId === panel.nominationId &&
  (panel.ageGroupId === null || s.ageGroupId === panel.ageGroupId);

/** Criteria are frozen while any results section of their nomination is locked (totals and the first-criterion tie-break use them). */
export const ofNomination = (nominationId: number) => (s: SectionKey) => s.nominationId === nominationId;

/** The event's locked sections, to show which parts of the jury setup are frozen. */
export async function lockedSections(db: DB, eventId: number): Promise<SectionKey[]> {
  const rows = await db
    .selectFrom("result_sections")
    .innerJoin("rounds", "rounds.id", "result_sections.round_id")
    .select(["result_sections.round_id", "result_sections.nomination_id", "result_sections.age_group_id"])
    .where("rounds.event_id", "=", eventId)
    .where("result_sections.locked_at", "is not", null)
    .orderBy("result_sections.id")
    .execute();
  return rows.map((r) => ({ roundId: r.round_id, nominationId: r.nomination_id, ageGroupId: r.age_group_id }));
}

/** A locked section as the jury pages name it. */
export interface LockedSectionView extends SectionKey {
  /** 1 for the event's first round. */
  roundNumber: number;
  roundKind: string;
  nomination: string;
  ageGroup: { min: number; max: number } | null;
}

/** The event's locked sections with their names, in round, nomination and age order. */
export async function lockedSectionsView(db: DB, eventId: number, locale: Locale): Promise<LockedSectionView[]> {
  const [locked, { rounds, nominations, ageGroups }] = await Promise.all([
    lockedSections(db, eventId),
    eventOutline(db, eventId),
  ]);
  const index = <T extends { id: number }>(list: T[], id: number | null) =>
    id === null ? -1 : list.findIndex((x) => x.id === id);
  return locked
    .map((s) => {
      const nomination = nominations.find((n) => n.id === s.nominationId);
      const group = ageGroups.find((g) => g.id === s.ageGroupId);
      return {
        ...s,
        roundNumber: index(rounds, s.roundId) + 1,
        roundKind: rounds.find((r) => r.id === s.roundId)?.kind ?? "",
        nomination: nomination ? localized(nomination, "name", locale) : "",
        ageGroup: group ? { min: group.min_age, max: group.max_age } : null,
      };
    })
    .sort(
      (a, b) =>
        a.roundNumber - b.roundNumber ||
        index(nominations, a.nominationId) - index(nominations, b.nominationId) ||
        index(ageGroups, a.ageGroupId) - index(ageGroups, b.ageGroupId),
    );
}

/** A refusal's sections with their names, for the message. */
export async function describeFrozen(
  db: DB,
  eventId: number,
  locale: Locale,
  frozen: Frozen,
): Promise<LockedSectionView[]> {
  const named = await lockedSectionsView(db, eventId, locale);
  const same = (a: SectionKey) => (b: SectionKey) =>
    a.roundId === b.roundId && a.nominationId === b.nominationId && a.ageGroupId === b.ageGroupId;
  return named.filter((n) => frozen.sections.some(same(n)));
}

/** An action's answer when a change is refused: it would alter these locked sections (named). */
export interface LockRefusal {
  refusal: "locked";
  sections: LockedSectionView[];
}

export async function lockRefusal(db: DB, eventId: number, locale: Locale, frozen: Frozen): Promise<LockRefusal> {
  return { refusal: "locked", sections: await describeFrozen(db, eventId, locale, frozen) };
}
