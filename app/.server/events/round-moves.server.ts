import { sql } from "kysely";

import type { Round } from "#db/types";
import { parseId } from "~/forms/ids";
import { badRequest } from "~/http/responses";

import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { notify } from "../registration/entry-emails.server";
import { roundLabel } from "../results/section-facts.server";
import { entryRounds } from "./entry-rounds.server";
import { eventRounds, firstStepRouting } from "./rounds.server";

/*
 * The organiser moves entries into another round of the same step (another regional heat, the
 * other gala), one at a time or many with one reason. In the first step the move is a round_moves
 * row, which routing obeys (app/domain/season.ts); in a later step the entry's round_entries row
 * moves too. A move is refused for an entry that already has a score in its round (the judges'
 * work stays where it was done). Each move is audited and the family is emailed, through the outbox.
 */

export const MAX_BULK_MOVE = 10_000;

export type MoveRefusal = "not_found" | "same" | "scored" | "not_in_step" | "ambiguous";

export type MoveResult =
  | { status: "done"; moved: number[]; refused: { entryId: number; reason: MoveRefusal }[] }
  | { status: "invalid"; reason: "no_reason" | "none_chosen" | "too_many" | "no_round" };

/** The rounds of the event an entry can be moved between: those whose step has several rounds. */
export async function moveTargets(db: DB, eventId: number): Promise<Round[]> {
  const rounds = await eventRounds(db, eventId);
  return rounds.filter((r) => rounds.some((o) => o.id !== r.id && o.position === r.position));
}

/** The round(s) of each parallel step an entry is in now (step position → round ids). */
async function roundsByStep(db: DB, eventId: number, entryId: number): Promise<Map<number, number[]>> {
  const parallel = new Set((await moveTargets(db, eventId)).map((r) => r.id));
  const found = new Map<number, number[]>();
  for (const r of await entryRounds(db, entryId))
    if (parallel.has(r.id)) found.set(r.position, [...(found.get(r.position) ?? []), r.id]);
  return found;
}

/**
 * Moves the event's confirmed entries into `toRoundId`, a round of a step with several rounds, each
 * from the round of that step it is in now (`fromRoundId` when the event lets an entry be in several).
 * All in one transaction; entries that cannot move are listed with why, the others move.
 */
export async function moveEntries(
  db: DB,
  actor: Actor,
  input: {
    eventId: number;
    entryIds: number[];
    toRoundId: number;
    fromRoundId?: number | null;
    reason: string;
    baseUrl: string;
  },
): Promise<MoveResult> {
  const why = input.reason.trim();
  if (why === "") return { status: "invalid", reason: "no_reason" };
  const ids = [...new Set(input.entryIds)].sort((a, b) => a - b);
  if (ids.length === 0) return { status: "invalid", reason: "none_chosen" };
  if (ids.length > MAX_BULK_MOVE) return { status: "invalid", reason: "too_many" };
  return db.transaction().execute(async (tx) => {
    const rounds = await eventRounds(tx, input.eventId);
    const to = rounds.find((r) => r.id === input.toRoundId);
    const step = rounds.filter((r) => r.position === to?.position);
    if (!to || step.length < 2) return { status: "invalid" as const, reason: "no_round" as const };
    const first = to.position === rounds[0]!.position;
    // Entries in id order, as advancement locks them.
    const entries = await tx
      .selectFrom("entries")
      .select("id")
      .where("event_id", "=", input.eventId)
      .where("status", "=", "confirmed")
      .where(sql<boolean>`id = any(${sql`${ids}::int[]`})`)
      .orderBy("id")
      .forUpdate()
      .execute();
    const now = await currentRounds(tx, input.eventId, step, first, ids);
    const scored = await scoredIn(tx, ids, step);
    const moved: number[] = [];
    const refused: { entryId: number; reason: MoveRefusal }[] = [];
    const confirmed = new Set(entries.map((e) => e.id));
    for (const entryId of ids) {
      const held = now.get(entryId) ?? [];
      const from = input.fromRoundId ? held.find((id) => id === input.fromRoundId) : held[0];
      const reason: MoveRefusal | null = !confirmed.has(entryId)
        ? "not_found"
        : held.length === 0 || (input.fromRoundId && from === undefined)
          ? "not_in_step"
          : held.length > 1 && !input.fromRoundId
            ? "ambiguous"
            : held.includes(to.id)
              ? "same"
              : scored.has(`${entryId}:${from}`)
                ? "scored"
                : null;
      if (reason) {
        refused.push({ entryId, reason });
        continue;
      }
      await moveOne(tx, { entryId, from: from!, to: to.id, step, first, reason: why, actor });
      await audit(tx, actor, {
        action: "entry.move",
        entityType: "entry",
        entityId: entryId,
        eventId: input.eventId,
        before: { round_id: from },
        after: { round_id: to.id, reason: why, ...(ids.length > 1 ? { bulk: true } : {}) },
      });
      await notify(tx, entryId, "entry_moved", input.baseUrl, {
        to: "family",
        reason: why,
        round: (locale) => roundLabel(to, locale),
      });
      moved.push(entryId);
    }
    return { status: "done" as const, moved, refused };
  });
}

/** The round(s) of the step each entry is in now. */
async function currentRounds(tx: DB, eventId: number, step: Round[], first: boolean, ids: number[]) {
  const now = new Map<number, number[]>();
  if (first) {
    const routed = await firstStepRouting(tx, eventId);
    for (const [roundId, entryIds] of routed.byRound) for (const id of entryIds) now.set(id, [roundId]);
    return now;
  }
  const rows = await tx
    .selectFrom("round_entries")
    .select(["entry_id", "round_id"])
    .where(
      "round_id",
      "in",
      step.map((r) => r.id),
    )
    .where(sql<boolean>`entry_id = any(${sql`${ids}::int[]`})`)
    .orderBy("round_id")
    .execute();
  for (const r of rows) now.set(r.entry_id, [...(now.get(r.entry_id) ?? []), r.round_id]);
  return now;
}

/** "entry:round" for each entry with a score in a round of the step. */
async function scoredIn(tx: DB, ids: number[], step: Round[]): Promise<Set<string>> {
  const rows = await tx
    .selectFrom("scores")
    .select(["entry_id", "round_id"])
    .distinct()
    .where(
      "round_id",
      "in",
      step.map((r) => r.id),
    )
    .where(sql<boolean>`entry_id = any(${sql`${ids}::int[]`})`)
    .execute();
  return new Set(rows.map((r) => `${r.entry_id}:${r.round_id}`));
}

async function moveOne(
  tx: DB,
  m: { entryId: number; from: number; to: number; step: Round[]; first: boolean; reason: string; actor: Actor },
) {
  if (!m.first)
    await tx
      .updateTable("round_entries")
      .set({ round_id: m.to })
      .where("entry_id", "=", m.entryId)
      .where("round_id", "=", m.from)
      .execute();
  // Computed rows of the old round without a score behind them: derived, gone with the entry.
  await tx.deleteFrom("results").where("round_id", "=", m.from).where("entry_id", "=", m.entryId).execute();
  await tx
    .deleteFrom("round_moves")
    .where("entry_id", "=", m.entryId)
    .where(
      "round_id",
      "in",
      m.step.map((r) => r.id),
    )
    .execute();
  await tx
    .insertInto("round_moves")
    .values({ entry_id: m.entryId, round_id: m.to, reason: m.reason, moved_by_user_id: m.actor.id })
    .execute();
}

/** A step of parallel rounds as the entry page offers it: the round(s) the entry is in, and the others. */
export interface MoveChoice {
  step: number;
  current: { id: number; label: string }[];
  others: { id: number; label: string }[];
}

/** Where an entry is in each step of parallel rounds and where it could be moved. */
export async function entryMoveChoices(
  db: DB,
  eventId: number,
  entryId: number,
  locale: Parameters<typeof roundLabel>[1],
): Promise<MoveChoice[]> {
  const [targets, now] = await Promise.all([moveTargets(db, eventId), roundsByStep(db, eventId, entryId)]);
  const positions = [...new Set(targets.map((r) => r.position))];
  const label = (r: Round) => ({ id: r.id, label: roundLabel(r, locale) });
  return positions.flatMap((position) => {
    const step = targets.filter((r) => r.position === position);
    const held = now.get(position) ?? [];
    if (held.length === 0) return [];
    return [
      {
        step: position + 1,
        current: step.filter((r) => held.includes(r.id)).map(label),
        others: step.filter((r) => !held.includes(r.id)).map(label),
      },
    ];
  });
}

/** The event's rounds entries can be moved into, named for a select. */
export async function moveTargetChoices(db: DB, eventId: number, locale: Parameters<typeof roundLabel>[1]) {
  return (await moveTargets(db, eventId)).map((r) => ({
    id: r.id,
    step: r.position + 1,
    label: roundLabel(r, locale),
  }));
}

/**
 * A move as posted (`toRoundId`, optional `fromRoundId`, `reason`) for these entries, as a notice:
 * "moved" with counts, or why nothing moved. A malformed round id is a 400.
 */
export async function moveFromForm(
  db: DB,
  actor: Actor,
  { eventId, entryIds, form, baseUrl }: { eventId: number; entryIds: number[]; form: FormData; baseUrl: string },
): Promise<{ notice: string; count: number; refused: number }> {
  const toRoundId = parseId(String(form.get("toRoundId") ?? ""));
  const fromRaw = form.get("fromRoundId");
  const fromRoundId = fromRaw ? parseId(String(fromRaw)) : null;
  if (toRoundId === undefined || fromRoundId === undefined) throw badRequest();
  const result = await moveEntries(db, actor, {
    eventId,
    entryIds,
    toRoundId,
    fromRoundId,
    reason: String(form.get("reason") ?? "").slice(0, 1000),
    baseUrl,
  });
  if (result.status === "invalid") return { notice: result.reason, count: 0, refused: 0 };
  if (result.moved.length === 0 && result.refused.length === 1)
    return { notice: result.refused[0]!.reason, count: 0, refused: 1 };
  return { notice: "moved", count: result.moved.length, refused: result.refused.length };
}
