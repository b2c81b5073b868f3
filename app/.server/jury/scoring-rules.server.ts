import type { ScoringRules } from "#db/types";
import type { Locale } from "~/domain/locale";
import { resolveRules } from "~/domain/results";

import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { juryEvent } from "./event-outline.server";
import { type Frozen, frozenBy, lockedSectionsView } from "./frozen-sections.server";

/** The event's scoring rules (aggregation, tie-breaks, awards), as stored; null when there is no such event. */
export async function readScoringRules(db: DB, eventId: number): Promise<ScoringRules | null> {
  const row = await db.selectFrom("events").select("scoring").where("id", "=", eventId).executeTakeFirst();
  return row ? row.scoring : null;
}

/** Saves the event's scoring rules; they are frozen while any results section of the event is locked. */
export async function saveScoringRules(
  db: DB,
  actor: Actor,
  eventId: number,
  rules: ScoringRules,
): Promise<"saved" | "missing" | Frozen> {
  return db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom("events")
      .select("scoring")
      .where("id", "=", eventId)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!before) return "missing";
    const frozen = await frozenBy(tx, eventId, () => true);
    if (frozen) return frozen;
    await tx
      .updateTable("events")
      .set({ scoring: JSON.stringify(rules) })
      .where("id", "=", eventId)
      .execute();
    await audit(tx, actor, {
      action: "event.scoring",
      entityType: "event",
      entityId: eventId,
      eventId,
      before: before.scoring,
      after: rules,
    });
    return "saved";
  });
}

/** The rules page: the event's rules in force (defaults where unset), and the locked sections that freeze them. */
export async function loadRulesPage(db: DB, eventId: number, locale: Locale) {
  const [event, stored, locked] = await Promise.all([
    juryEvent(db, eventId, locale),
    readScoringRules(db, eventId),
    lockedSectionsView(db, eventId, locale),
  ]);
  return { event, rules: resolveRules(stored), locked };
}
