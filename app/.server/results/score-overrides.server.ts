import { sql } from "kysely";

import { isScoreValue } from "~/domain/score-value";

import { ensureSection, roundEntryIds } from "../events/rounds.server";
import { eligibleJudges } from "../judging/eligible-judges.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { decideOn, type Frozen } from "./decisions.server";

export interface ScoreOverride {
  roundId: number;
  entryId: number;
  judgeUserId: number;
  criterionId: number;
  value: number;
  reason: string;
  /** When given, the entry must be in this section (the page's own), else "unknown_entry". */
  sectionId?: number;
}

export type OverrideResult =
  | { ok: true; sectionId: number }
  | { ok: false; reason: "reason_required" | "unknown_entry" | "not_eligible" | "unknown_criterion" | "out_of_range" }
  | Frozen;

/**
 * An organiser sets a judge's score: the only way a score changes once its section is locked. Needs
 * a reason; the judge must be one who may score the entry (a recused judge's score never counts).
 * The version moves past both the stored one and any device's clock-based version, so a late retry
 * from the judge's device cannot undo it. Audited with before, after and reason; the section is
 * recomputed (locked or not). Refused while the section is published.
 */
export async function overrideScore(db: DB, actor: Actor, o: ScoreOverride): Promise<OverrideResult> {
  const reason = o.reason.trim();
  if (!reason) return { ok: false, reason: "reason_required" };
  const entry = await db
    .selectFrom("entries")
    .innerJoin("rounds", "rounds.event_id", "entries.event_id")
    .select(["entries.id", "entries.nomination_id", "entries.age_group_id", "rounds.event_id"])
    .where("entries.id", "=", o.entryId)
    .where("rounds.id", "=", o.roundId)
    .executeTakeFirst();
  if (!entry || !(await roundEntryIds(db, o.roundId)).includes(o.entryId))
    return { ok: false, reason: "unknown_entry" };
  const sectionId = await ensureSection(db, o.roundId, entry.nomination_id, entry.age_group_id);
  if (o.sectionId !== undefined && o.sectionId !== sectionId) return { ok: false, reason: "unknown_entry" };
  if (!(await eligibleJudges(db, o.roundId)).get(o.entryId)?.has(o.judgeUserId))
    return { ok: false, reason: "not_eligible" };
  const criterion = await db
    .selectFrom("criteria")
    .select(["id", "nomination_id", "max_score"])
    .where("id", "=", o.criterionId)
    .executeTakeFirst();
  if (!criterion || criterion.nomination_id !== entry.nomination_id) return { ok: false, reason: "unknown_criterion" };
  if (!isScoreValue(o.value, Number(criterion.max_score))) return { ok: false, reason: "out_of_range" };

  const key = { round_id: o.roundId, entry_id: o.entryId, judge_user_id: o.judgeUserId, criterion_id: o.criterionId };
  return decideOn<OverrideResult>(db, [sectionId], async (tx) => {
    const before = await tx
      .selectFrom("scores")
      .select(["value", "version"])
      .where("round_id", "=", o.roundId)
      .where("entry_id", "=", o.entryId)
      .where("judge_user_id", "=", o.judgeUserId)
      .where("criterion_id", "=", o.criterionId)
      .forUpdate()
      .executeTakeFirst();
    const clock = Date.now() * 1000;
    const after = await tx
      .insertInto("scores")
      .values({ ...key, value: String(o.value), version: clock, updated_by_user_id: actor.id })
      .onConflict((oc) =>
        oc.columns(["round_id", "entry_id", "judge_user_id", "criterion_id"]).doUpdateSet({
          value: String(o.value),
          version: sql`greatest(scores.version + 1, ${clock}::bigint)`,
          updated_at: sql`now()`,
          updated_by_user_id: actor.id,
        }),
      )
      .returning(["value", "version"])
      .executeTakeFirstOrThrow();
    await audit(tx, actor, {
      action: "results.score_override",
      entityType: "score",
      entityId: `${o.roundId}:${o.entryId}:${o.judgeUserId}:${o.criterionId}`,
      eventId: entry.event_id,
      before: before ? { value: Number(before.value), version: String(before.version) } : null,
      after: { value: Number(after.value), version: String(after.version), reason, sectionId },
    });
    return { ok: true as const, sectionId };
  });
}
