import { tiedGroups } from "~/domain/results";

import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { decideOn, type Frozen, refreshUnlocked, sectionRow } from "./decisions.server";

/*
 * Ties the rules leave to the jury's chair: the chair's order for a group of entries holding the
 * same place, recorded and cleared by an organiser. Computing applies it as the last tie-break.
 */

export type TieDecisionResult = { ok: true } | { ok: false; reason: "missing" | "not_tied" } | Frozen;

/**
 * Records the chair's order for entries still tied (`order`: entry ids, best first). The entries
 * must be exactly one group holding the same rank in the stored results.
 */
export async function recordTieDecision(
  db: DB,
  actor: Actor,
  { sectionId, order }: { sectionId: number; order: readonly number[] },
): Promise<TieDecisionResult> {
  const section = await sectionRow(db, sectionId);
  if (!section) return { ok: false, reason: "missing" };
  return decideOn<TieDecisionResult>(db, [sectionId], async (tx, refuse) => {
    await refreshUnlocked(tx, sectionId);
    const stored = await tx
      .selectFrom("results")
      .select(["entry_id", "rank"])
      .where("section_id", "=", sectionId)
      .execute();
    const group = tiedGroups(stored.map((r) => ({ entryId: r.entry_id, rank: r.rank }))).find((g) =>
      g.some((r) => r.entryId === order[0]),
    );
    const same =
      group &&
      group.length === order.length &&
      new Set(order).size === order.length &&
      order.every((id) => group.some((r) => r.entryId === id));
    if (!same) refuse({ ok: false, reason: "not_tied" });
    const before = await tx
      .selectFrom("tie_decisions")
      .select(["entry_id", "position"])
      .where("section_id", "=", sectionId)
      .where("entry_id", "in", [...order])
      .execute();
    await tx
      .deleteFrom("tie_decisions")
      .where("section_id", "=", sectionId)
      .where("entry_id", "in", [...order])
      .execute();
    await tx
      .insertInto("tie_decisions")
      .values(
        order.map((entryId, i) => ({
          section_id: sectionId,
          entry_id: entryId,
          position: i + 1,
          decided_by_user_id: actor.id,
        })),
      )
      .execute();
    await audit(tx, actor, {
      action: "results.tie_decision",
      entityType: "result_section",
      entityId: sectionId,
      eventId: section.event_id,
      before,
      after: { order },
    });
    return { ok: true };
  });
}

export type ClearTieResult = { ok: true } | { ok: false; reason: "missing" } | Frozen;

/**
 * Clears the chair's recorded order for these entries of the section (one recorded decision, as the
 * review lists it): the entries are tied again until the chair decides anew. Audited.
 */
export async function clearTieDecision(
  db: DB,
  actor: Actor,
  { sectionId, entryIds }: { sectionId: number; entryIds: readonly number[] },
): Promise<ClearTieResult> {
  const section = await sectionRow(db, sectionId);
  if (!section || entryIds.length === 0) return { ok: false, reason: "missing" };
  return decideOn<ClearTieResult>(db, [sectionId], async (tx, refuse) => {
    const before = await tx
      .deleteFrom("tie_decisions")
      .where("section_id", "=", sectionId)
      .where("entry_id", "in", [...entryIds])
      .returning(["entry_id", "position", "decided_by_user_id"])
      .execute();
    if (before.length === 0) refuse({ ok: false, reason: "missing" });
    const order = [...before].sort((a, b) => a.position - b.position).map((d) => d.entry_id);
    await audit(tx, actor, {
      action: "results.tie_decision_clear",
      entityType: "result_section",
      entityId: sectionId,
      eventId: section.event_id,
      before: { order, decidedBy: before[0]!.decided_by_user_id },
      after: null,
    });
    return { ok: true };
  });
}
