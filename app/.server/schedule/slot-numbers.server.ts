import {
  findSlots,
  type NumberedSlot,
  numberingStamp,
  numberSlots,
  type Slot,
  type SlotFacts,
  type SlotQuery,
} from "~/domain/schedule";

import type { DB } from "../platform/db.server";
import type { PerformanceInfo } from "./performances.server";
import { localTimes, type RoundClock } from "./schedule-clock.server";

/*
 * Running-order numbers of a version's slots, and finding a slot by what the organiser types: its
 * number as the page showed it, or a reference code, performer or title.
 */

/** The slots numbered day by day and stage by stage (in the stages' order), each with its day. */
export function numberVersion(
  slots: readonly Slot[],
  stages: readonly { id: number }[],
  clock: RoundClock,
): NumberedSlot[] {
  const local = localTimes(clock);
  return numberSlots(
    slots,
    stages.map((s) => s.id),
    (minutes) => local(minutes).date,
  );
}

/** The event's entries' reference codes, by entry id. */
export async function referencesOf(db: DB, eventId: number): Promise<Map<number, string>> {
  const rows = await db.selectFrom("entries").select(["id", "reference"]).where("event_id", "=", eventId).execute();
  return new Map(rows.map((r) => [r.id, r.reference]));
}

/** What each performance can be found by: title, performers and reference code. */
export function factsOf(
  performances: readonly PerformanceInfo[],
  references: ReadonlyMap<number, string>,
): (entryId: number) => SlotFacts | undefined {
  const byId = new Map(performances.map((p) => [p.entryId, p]));
  return (entryId) => {
    const p = byId.get(entryId);
    return p ? { reference: references.get(entryId) ?? "", title: p.title, performers: p.performers } : undefined;
  };
}

/** The most slots a search lists when it finds more than one. */
export const MATCHES_SHOWN = 10;

export type SlotLookup =
  | { status: "found"; slot: NumberedSlot }
  /** A number read from a page numbered before the slots were renumbered. */
  | { status: "stale" }
  | { status: "none" }
  | { status: "many"; count: number; slots: NumberedSlot[] };

/**
 * The one slot `query` names. A number counts only if `stamp` (sent by the page that showed it) is
 * the numbering's stamp now, or no stamp came with it.
 */
export function lookUpSlot(
  numbered: readonly NumberedSlot[],
  query: SlotQuery,
  facts: (entryId: number) => SlotFacts | undefined,
  stamp: string | null,
): SlotLookup {
  if (query.kind === "number" && stamp && stamp !== numberingStamp(numbered)) return { status: "stale" };
  const found = findSlots(numbered, facts, query);
  if (found.length === 1) return { status: "found", slot: found[0]! };
  if (found.length === 0) return { status: "none" };
  return { status: "many", count: found.length, slots: found.slice(0, MATCHES_SHOWN) };
}
