import { sql } from "kysely";

import { isScoreValue, parseScoreText } from "~/domain/score-value";
import { SCORE_TEXT_MAX } from "~/schemas/judge";

import { ensureSection } from "../events/rounds.server";
import type { DB } from "../platform/db.server";
import { roundScope } from "./eligible-judges.server";
import type { JudgePanelEntries, JudgeScore } from "./panel-entries.server";

/*
 * Where a judge's scores are saved: from the device's queue (a batch of versioned changes, JSON) and
 * from one entry's sheet posted as a plain form. A score is an upsert that keeps the highest version.
 */

export interface ScoreItem {
  roundId: number;
  entryId: number;
  criterionId: number;
  value: number;
  /** Only moves forward; a device sends Date.now()*1000 + a counter (a safe integer until the year 2255). */
  version: number;
}

export type ScoreRefusal = "not_on_panel" | "conflict" | "locked" | "out_of_range" | "unknown_criterion";

export type ScoreOutcome = Pick<ScoreItem, "roundId" | "entryId" | "criterionId" | "version"> &
  (
    | { status: "accepted" }
    /** A newer version is stored: its value and version. */
    | { status: "stale"; stored: JudgeScore }
    | { status: "refused"; reason: ScoreRefusal }
  );

const keyOf = (i: Pick<ScoreItem, "roundId" | "entryId" | "criterionId">) =>
  `${i.roundId}:${i.entryId}:${i.criterionId}`;

/**
 * Saves a judge's scores. Each item is accepted, stale (the database holds a newer version: a late
 * retry or a duplicate never overwrites it), or refused with a reason. Sending the same item twice
 * answers accepted both times. Writes to a locked section are refused; the section rows are read
 * FOR SHARE in the same transaction, so a concurrent lock waits for this save or refuses it.
 */
export async function saveScores(db: DB, judgeUserId: number, items: readonly ScoreItem[]): Promise<ScoreOutcome[]> {
  if (!items.length) return [];
  for (const i of items)
    if (!Number.isSafeInteger(i.version) || i.version < 1) throw new RangeError(`Invalid score version ${i.version}`);
  const versions = items.map((i) => i.version);
  const outcomes: (ScoreOutcome | undefined)[] = new Array(items.length);
  const base = (i: number) => ({
    roundId: items[i]!.roundId,
    entryId: items[i]!.entryId,
    criterionId: items[i]!.criterionId,
    version: versions[i]!,
  });
  const refuse = (i: number, reason: ScoreRefusal) => (outcomes[i] = { ...base(i), status: "refused", reason });

  return db.transaction().execute(async (tx) => {
    const criterionIds = [...new Set(items.map((i) => i.criterionId))];
    const criteria = new Map(
      (
        await tx
          .selectFrom("criteria")
          .select(["id", "nomination_id", "max_score"])
          .where("id", "in", criterionIds)
          .execute()
      ).map((c) => [c.id, c]),
    );
    const candidates: number[] = [];
    for (const roundId of new Set(items.map((i) => i.roundId))) {
      const idx = items.flatMap((it, i) => (it.roundId === roundId ? [i] : []));
      const scope = await roundScope(tx, roundId, { judgeUserId, entryIds: idx.map((i) => items[i]!.entryId) });
      const sections = new Map<string, boolean>();
      const passed: number[] = [];
      for (const i of idx) {
        const it = items[i]!;
        const s = scope.get(it.entryId);
        const criterion = criteria.get(it.criterionId);
        if (!s || !(s.eligible.has(judgeUserId) || s.conflicted.has(judgeUserId))) refuse(i, "not_on_panel");
        else if (!s.eligible.has(judgeUserId)) refuse(i, "conflict");
        else if (!criterion || criterion.nomination_id !== s.nominationId) refuse(i, "unknown_criterion");
        else if (!isScoreValue(it.value, Number(criterion.max_score))) refuse(i, "out_of_range");
        else {
          passed.push(i);
          sections.set(`${s.nominationId}:${s.ageGroupId ?? 0}`, false);
        }
      }
      // In a fixed order, like the rows below, so two concurrent saves never wait on each other in a cycle.
      for (const key of [...sections.keys()].sort()) {
        const [nominationId, ageGroupId] = key.split(":").map(Number) as [number, number];
        const id = await ensureSection(tx, roundId, nominationId, ageGroupId || null);
        const row = await tx
          .selectFrom("result_sections")
          .select("locked_at")
          .where("id", "=", id)
          .forShare()
          .executeTakeFirstOrThrow();
        sections.set(key, row.locked_at !== null);
      }
      for (const i of passed) {
        const s = scope.get(items[i]!.entryId)!;
        if (sections.get(`${s.nominationId}:${s.ageGroupId ?? 0}`)) refuse(i, "locked");
        else candidates.push(i);
      }
    }

    // One row per key: the highest version of a batch wins, the others are stale against it.
    const best = new Map<string, number>();
    for (const i of candidates) {
      const k = keyOf(items[i]!);
      const j = best.get(k);
      if (j === undefined || versions[i]! > versions[j]!) best.set(k, i);
    }
    const winners = [...best.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, i]) => i);
    const written = new Set<string>();
    if (winners.length) {
      const rows = await tx
        .insertInto("scores")
        .values(
          winners.map((i) => ({
            round_id: items[i]!.roundId,
            entry_id: items[i]!.entryId,
            judge_user_id: judgeUserId,
            criterion_id: items[i]!.criterionId,
            value: String(items[i]!.value),
            version: versions[i]!,
            updated_by_user_id: judgeUserId,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(["round_id", "entry_id", "judge_user_id", "criterion_id"])
            .doUpdateSet((eb) => ({
              value: eb.ref("excluded.value"),
              version: eb.ref("excluded.version"),
              updated_at: sql`now()`,
              updated_by_user_id: eb.ref("excluded.updated_by_user_id"),
            }))
            .where((eb) => eb("scores.version", "<", eb.ref("excluded.version"))),
        )
        .returning(["round_id", "entry_id", "criterion_id"])
        .execute();
      for (const r of rows) written.add(`${r.round_id}:${r.entry_id}:${r.criterion_id}`);
    }
    const unwritten = candidates.filter((i) => !(written.has(keyOf(items[i]!)) && best.get(keyOf(items[i]!)) === i));
    const stored = new Map<string, JudgeScore>();
    if (unwritten.length) {
      const rows = await tx
        .selectFrom("scores")
        .select(["round_id", "entry_id", "criterion_id", "value", "version"])
        .where("judge_user_id", "=", judgeUserId)
        .where((eb) =>
          eb.or(
            unwritten.map((i) =>
              eb.and([
                eb("round_id", "=", items[i]!.roundId),
                eb("entry_id", "=", items[i]!.entryId),
                eb("criterion_id", "=", items[i]!.criterionId),
              ]),
            ),
          ),
        )
        .execute();
      for (const r of rows)
        stored.set(`${r.round_id}:${r.entry_id}:${r.criterion_id}`, {
          value: Number(r.value),
          version: Number(r.version),
        });
    }
    for (const i of candidates) {
      const k = keyOf(items[i]!);
      const current = stored.get(k);
      // The stored version is this one (written now, or by an earlier send of the same item).
      if (!current || current.version === versions[i]) outcomes[i] = { ...base(i), status: "accepted" };
      else outcomes[i] = { ...base(i), status: "stale", stored: current };
    }
    return outcomes as ScoreOutcome[];
  });
}

/** What became of one entry's sheet posted as a form (the judge's screen without JavaScript). */
export interface SheetSaveResult {
  /** Criterion id → "invalid" (not a score on the criterion's scale) or the server's refusal reason. */
  errors: Record<string, string>;
  /** Criterion id → the newer score from another device of the judge, which the server kept instead. */
  kept: Record<string, number>;
  /** Criteria whose score was saved. */
  saved: number[];
}

/**
 * Saves one entry's sheet as typed: each criterion's text is read against its maximum (empty leaves
 * the score as it is); the valid ones are saved like a device's changes, versioned by the clock.
 */
export async function saveSheet(
  db: DB,
  judgeUserId: number,
  view: JudgePanelEntries,
  entryId: number,
  texts: Readonly<Record<string, string>>,
  now = Date.now(),
): Promise<SheetSaveResult> {
  const version = Math.floor(now) * 1000;
  const result: SheetSaveResult = { errors: {}, kept: {}, saved: [] };
  const items: ScoreItem[] = [];
  for (const c of view.criteria) {
    const text = texts[c.id] ?? "";
    const value = text.length > SCORE_TEXT_MAX ? "invalid" : parseScoreText(text, c.maxScore);
    if (value === "invalid") result.errors[c.id] = "invalid";
    else if (value !== null) items.push({ roundId: view.panel.round.id, entryId, criterionId: c.id, value, version });
  }
  for (const o of items.length ? await saveScores(db, judgeUserId, items) : []) {
    if (o.status === "refused") result.errors[o.criterionId] = o.reason;
    else if (o.status === "stale") result.kept[o.criterionId] = o.stored.value;
    else result.saved.push(o.criterionId);
  }
  return result;
}
