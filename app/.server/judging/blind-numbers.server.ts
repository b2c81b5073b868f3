import { sql } from "kysely";

import type { DB } from "../platform/db.server";
import { intArray, roundScope } from "./eligible-judges.server";

/*
 * Blind numbers (ADR 0023): in a blind round each judge knows an entry by a number, given once and
 * kept. Numbers are written by the paths that change who a judge sees (an entry joining the round,
 * the round turning blind, a panel or a conflict changing, the judge's own scores), never by a page
 * load: the judge's page only reads them.
 */

/** Where each entry stands on the round's published running order, and its time there. */
export async function publishedSlots(db: DB, roundId: number): Promise<Map<number, { order: number; startsAt: Date }>> {
  const slots = await db
    .selectFrom("schedule_slots")
    .innerJoin("schedule_versions", "schedule_versions.id", "schedule_slots.version_id")
    .innerJoin("stages", "stages.id", "schedule_slots.stage_id")
    .select(["schedule_slots.entry_id", "schedule_slots.starts_at"])
    .where("schedule_versions.round_id", "=", roundId)
    .where("schedule_versions.status", "=", "published")
    .where("schedule_slots.kind", "=", "entry")
    .orderBy("schedule_slots.starts_at")
    .orderBy("stages.position")
    .orderBy("schedule_slots.id")
    .execute();
  const slotOf = new Map<number, { order: number; startsAt: Date }>();
  slots.forEach((s, i) => {
    if (s.entry_id !== null && !slotOf.has(s.entry_id)) slotOf.set(s.entry_id, { order: i, startsAt: s.starts_at });
  });
  return slotOf;
}

/** The entries in running order: the published schedule's, then those it doesn't place by reference. */
export function inRunningOrder<E extends { id: number; reference: string }>(
  entries: readonly E[],
  slotOf: ReadonlyMap<number, { order: number }>,
): E[] {
  return [...entries].sort((x, y) => {
    const sx = slotOf.get(x.id);
    const sy = slotOf.get(y.id);
    if (sx && sy) return sx.order - sy.order;
    if (sx || sy) return sx ? -1 : 1;
    return x.reference < y.reference ? -1 : x.reference > y.reference ? 1 : x.id - y.id;
  });
}

interface NumberKey {
  roundId: number;
  judgeUserId: number;
  nominationId: number;
}

async function storedNumbers(db: DB, key: NumberKey): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("judge_blind_numbers")
    .select(["entry_id", "number"])
    .where("round_id", "=", key.roundId)
    .where("judge_user_id", "=", key.judgeUserId)
    .where("nomination_id", "=", key.nominationId)
    .execute();
  return new Map(rows.map((r) => [r.entry_id, r.number]));
}

/** Numbers after the highest one stored, in running order, for the entries that have none yet. */
function withNext(known: ReadonlyMap<number, number>, entryIds: readonly number[]): Map<number, number> {
  const numbers = new Map(known);
  let next = Math.max(0, ...known.values()) + 1;
  for (const id of entryIds) if (!numbers.has(id)) numbers.set(id, next++);
  return numbers;
}

/**
 * The judge's numbers for these entries (listed in running order), read only. An entry no write
 * path has numbered yet shows the number it will take (the next ones after those stored, in running
 * order), so the list is gapless even before it is written.
 */
export async function blindNumbersForJudge(db: DB, key: NumberKey, entryIds: readonly number[]) {
  return withNext(await storedNumbers(db, key), entryIds);
}

/**
 * Gives every judge of a blind round a number for each entry the judge may see and has none for
 * yet: the next free numbers, in running order. Idempotent; numbers already given are kept. Two
 * writers at once may race for a number: the unique key refuses the loser's row, and it tries again
 * with the numbers the winner took. A round that isn't blind is left alone. `entryIds` numbers just
 * these entries (those that joined), which spares reading the whole round.
 */
export async function numberBlindRound(
  db: DB,
  roundId: number,
  { entryIds }: { entryIds?: readonly number[] } = {},
): Promise<void> {
  const round = await db.selectFrom("rounds").select("blind").where("id", "=", roundId).executeTakeFirst();
  if (!round?.blind) return;
  const scope = await roundScope(db, roundId, { entryIds });
  if (!scope.size) return;
  const [entries, slotOf, panels] = await Promise.all([
    db
      .selectFrom("entries")
      .select(["id", "reference"])
      .where(sql<boolean>`id = any(${intArray([...scope.keys()])})`)
      .execute(),
    publishedSlots(db, roundId),
    db
      .selectFrom("jury_assignments")
      .select(["user_id", "nomination_id"])
      .distinct()
      .where("round_id", "=", roundId)
      .execute(),
  ]);
  const ordered = inRunningOrder(entries, slotOf);
  for (const panel of panels) {
    const key = { roundId, judgeUserId: panel.user_id, nominationId: panel.nomination_id };
    const visible = ordered
      .filter((e) => {
        const s = scope.get(e.id)!;
        return s.nominationId === panel.nomination_id && s.eligible.has(panel.user_id);
      })
      .map((e) => e.id);
    let known = await storedNumbers(db, key);
    for (let attempt = 0; attempt < 5; attempt++) {
      const numbers = withNext(known, visible);
      const missing = visible.filter((id) => !known.has(id));
      if (!missing.length) break;
      await db
        .insertInto("judge_blind_numbers")
        .values(
          missing.map((entryId) => ({
            round_id: roundId,
            judge_user_id: key.judgeUserId,
            nomination_id: key.nominationId,
            entry_id: entryId,
            number: numbers.get(entryId)!,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
      known = await storedNumbers(db, key);
    }
  }
}

/** Numbers these entries (or all) in every blind round of the event, after they joined or changed. */
export async function numberBlindRoundsOfEvent(
  db: DB,
  eventId: number,
  only: { entryIds?: readonly number[] } = {},
): Promise<void> {
  const rounds = await db
    .selectFrom("rounds")
    .select("id")
    .where("event_id", "=", eventId)
    .where("blind", "=", true)
    .orderBy("position")
    .execute();
  for (const r of rounds) await numberBlindRound(db, r.id, only);
}
