import { type Locale, localized } from "~/domain/locale";
import type { Holdings } from "~/domain/removals";
import type { StageInput } from "~/domain/schedule";

import { deleteUnheld, lockAndCountHoldings } from "../events/removals.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { localToMinutes, type RoundClock, toInstant, toMinutes } from "./schedule-clock.server";

/*
 * A round's stages and their availability windows (open hours and breaks), as the organiser sets
 * them up before generating a running order.
 */

export interface StageFields {
  nameKk: string;
  nameRu: string;
  nameEn: string;
  venue: string;
}

export interface StageWithWindows {
  id: number;
  position: number;
  name_kk: string;
  name_ru: string;
  name_en: string;
  venue: string;
  windows: { id: number; kind: "open" | "break"; start: number; end: number }[];
}

export async function listStages(db: DB, roundId: number, clock: RoundClock): Promise<StageWithWindows[]> {
  const stages = await db
    .selectFrom("stages")
    .select(["id", "position", "name_kk", "name_ru", "name_en", "venue"])
    .where("round_id", "=", roundId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  if (stages.length === 0) return [];
  const windows = await db
    .selectFrom("stage_windows")
    .select(["id", "stage_id", "kind", "starts_at", "ends_at"])
    .where(
      "stage_id",
      "in",
      stages.map((s) => s.id),
    )
    .orderBy("starts_at")
    .orderBy("id")
    .execute();
  return stages.map((s) => ({
    ...s,
    windows: windows
      .filter((w) => w.stage_id === s.id)
      .map((w) => ({ id: w.id, kind: w.kind, start: toMinutes(clock, w.starts_at), end: toMinutes(clock, w.ends_at) })),
  }));
}

function stageRow(fields: StageFields) {
  return { name_kk: fields.nameKk, name_ru: fields.nameRu, name_en: fields.nameEn, venue: fields.venue };
}

export async function addStage(
  db: DB,
  actor: Actor,
  { eventId, roundId }: { eventId: number; roundId: number },
  fields: StageFields,
) {
  return db.transaction().execute(async (tx) => {
    const last = await tx
      .selectFrom("stages")
      .select((eb) => eb.fn.max("position").as("max"))
      .where("round_id", "=", roundId)
      .executeTakeFirst();
    const stage = await tx
      .insertInto("stages")
      .values({ round_id: roundId, position: Number(last?.max ?? 0) + 1, ...stageRow(fields) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(tx, actor, {
      action: "stage.create",
      entityType: "stage",
      entityId: stage.id,
      eventId,
      after: stageRow(fields),
    });
    return stage.id;
  });
}

/** The stage, only when it is in the given round of the given event. */
async function stageInRound(
  db: DB,
  { eventId, roundId, stageId }: { eventId: number; roundId: number; stageId: number },
) {
  return db
    .selectFrom("stages")
    .innerJoin("rounds", "rounds.id", "stages.round_id")
    .select(["stages.id", "stages.name_kk", "stages.name_ru", "stages.name_en", "stages.venue"])
    .where("stages.id", "=", stageId)
    .where("stages.round_id", "=", roundId)
    .where("rounds.event_id", "=", eventId)
    .executeTakeFirst();
}

export async function renameStage(
  db: DB,
  actor: Actor,
  scope: { eventId: number; roundId: number; stageId: number },
  fields: StageFields,
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const before = await stageInRound(tx, scope);
    if (!before) return false;
    await tx.updateTable("stages").set(stageRow(fields)).where("id", "=", scope.stageId).execute();
    await audit(tx, actor, {
      action: "stage.update",
      entityType: "stage",
      entityId: scope.stageId,
      eventId: scope.eventId,
      before,
      after: stageRow(fields),
    });
    return true;
  });
}

/**
 * Removes the stage with its open times and breaks, unless a running order places anyone on it or a
 * published programme (the current or an earlier one) shows it (ADR 0011): then nothing changes and
 * the answer says what holds it.
 */
export async function removeStage(
  db: DB,
  actor: Actor,
  scope: { eventId: number; roundId: number; stageId: number },
): Promise<{ status: "removed" | "missing" } | { status: "held"; holdings: Holdings }> {
  return db.transaction().execute(async (tx) => {
    const before = await stageInRound(tx, scope);
    if (!before) return { status: "missing" };
    const holdings = (await lockAndCountHoldings(tx, "stages", [scope.stageId])).get(scope.stageId);
    if (holdings) return { status: "held", holdings };
    await deleteUnheld(tx, "stages", [scope.stageId]);
    await audit(tx, actor, {
      action: "stage.delete",
      entityType: "stage",
      entityId: scope.stageId,
      eventId: scope.eventId,
      before,
    });
    return { status: "removed" };
  });
}

export interface WindowFields {
  kind: "open" | "break";
  date: string;
  from: string;
  to: string;
}

export async function addStageWindow(
  db: DB,
  actor: Actor,
  scope: { eventId: number; roundId: number; stageId: number },
  clock: RoundClock,
  fields: WindowFields,
): Promise<boolean> {
  const start = localToMinutes(clock, fields.date, fields.from);
  const end = localToMinutes(clock, fields.date, fields.to);
  if (start === null || end === null || end <= start)
    throw new RangeError("addStageWindow: the schema lets through only ordered times");
  return db.transaction().execute(async (tx) => {
    if (!(await stageInRound(tx, scope))) return false;
    const after = { kind: fields.kind, starts_at: toInstant(clock, start), ends_at: toInstant(clock, end) };
    const row = await tx
      .insertInto("stage_windows")
      .values({ stage_id: scope.stageId, ...after })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(tx, actor, {
      action: "stage_window.create",
      entityType: "stage_window",
      entityId: row.id,
      eventId: scope.eventId,
      after: { stage_id: scope.stageId, ...after },
    });
    return true;
  });
}

export async function removeStageWindow(
  db: DB,
  actor: Actor,
  scope: { eventId: number; roundId: number; windowId: number },
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom("stage_windows")
      .innerJoin("stages", "stages.id", "stage_windows.stage_id")
      .innerJoin("rounds", "rounds.id", "stages.round_id")
      .select([
        "stage_windows.id",
        "stage_windows.stage_id",
        "stage_windows.kind",
        "stage_windows.starts_at",
        "stage_windows.ends_at",
      ])
      .where("stage_windows.id", "=", scope.windowId)
      .where("stages.round_id", "=", scope.roundId)
      .where("rounds.event_id", "=", scope.eventId)
      .executeTakeFirst();
    if (!before) return false;
    await tx.deleteFrom("stage_windows").where("id", "=", scope.windowId).execute();
    await audit(tx, actor, {
      action: "stage_window.delete",
      entityType: "stage_window",
      entityId: scope.windowId,
      eventId: scope.eventId,
      before,
    });
    return true;
  });
}

export function stageInputs(stages: readonly StageWithWindows[], locale: Locale): StageInput[] {
  return stages.map((s) => ({
    id: s.id,
    name: localized(s, "name", locale),
    windows: s.windows.filter((w) => w.kind === "open").map(({ start, end }) => ({ start, end })),
    breaks: s.windows.filter((w) => w.kind === "break").map(({ start, end }) => ({ start, end })),
  }));
}
