import { numberBlindRound } from "../judging/blind-numbers.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";

/** Makes a round blind (judges see neither names, clubs, references nor times: only a number and the work) or not. */
export async function setRoundBlind(
  db: DB,
  actor: Actor,
  { eventId, roundId, blind }: { eventId: number; roundId: number; blind: boolean },
): Promise<boolean> {
  const changed = await db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom("rounds")
      .select(["id", "blind"])
      .where("id", "=", roundId)
      .where("event_id", "=", eventId)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!before) return false;
    await tx.updateTable("rounds").set({ blind }).where("id", "=", roundId).execute();
    await audit(tx, actor, {
      action: "round.blind",
      entityType: "round",
      entityId: roundId,
      eventId,
      before: { blind: before.blind },
      after: { blind },
    });
    return true;
  });
  // The judges' numbers are given as the round turns blind, not when a judge's page first loads (ADR 0023).
  if (changed && blind) await numberBlindRound(db, roundId);
  return changed;
}
