import type { Round } from "#db/types";

import type { DB } from "../platform/db.server";
import { eventRounds, firstStepRouting } from "./rounds.server";

/**
 * The rounds an entry is in, step by step (earliest first), by the same rule as `roundEntryIds`:
 * - the first step's only round holds every confirmed entry;
 * - where the first step has several rounds (heats in parallel), routing decides (`firstStepRouting`,
 *   which `roundEntryIds` uses too);
 * - a later step's rounds hold the entries written into them (round_entries).
 * Only a confirmed entry is in any round. The last element is the round the entry is in now.
 */
export async function entryRounds(db: DB, entryId: number): Promise<Round[]> {
  const entry = await db
    .selectFrom("entries")
    .select(["event_id", "status"])
    .where("id", "=", entryId)
    .executeTakeFirst();
  if (!entry || entry.status !== "confirmed") return [];
  const rounds = await eventRounds(db, entry.event_id);
  if (rounds.length === 0) return [];
  const firstStep = rounds.filter((r) => r.position === rounds[0]!.position);
  // Several rounds in the first step: routing decides, worked out once for the whole step.
  const routed = firstStep.length > 1 ? (await firstStepRouting(db, entry.event_id)).byRound : null;
  const inFirst = routed ? firstStep.filter((r) => routed.get(r.id)?.includes(entryId)) : firstStep;
  const later = rounds.filter((r) => r.position !== firstStep[0]!.position);
  const written =
    later.length === 0
      ? new Set<number>()
      : new Set(
          (
            await db
              .selectFrom("round_entries")
              .select("round_id")
              .where("entry_id", "=", entryId)
              .where(
                "round_id",
                "in",
                later.map((r) => r.id),
              )
              .execute()
          ).map((r) => r.round_id),
        );
  return [...inFirst, ...later.filter((r) => written.has(r.id))];
}
