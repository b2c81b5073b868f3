import type { ScheduleVersionOptions } from "#db/types";
import {
  ceilToGrid,
  type Conflict,
  findConflicts,
  insertSlot,
  moveSlot,
  parseSlotQuery,
  type ScheduleOptions,
  scheduleRunningOrder,
  type Slot,
  swapSlots,
  type Unplaced,
} from "~/domain/schedule";
import type { GenerateChoices } from "~/schemas/schedule";

import { eventHeading } from "../events/events.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { loadPerformances, type PerformanceInfo } from "./performances.server";
import type { RoundScope } from "./schedule-clock.server";
import { candidateView, type SlotCandidateView, viewContext } from "./schedule-editor-views.server";
import { emailChangedFamilies, emailDroppedFamilies } from "./schedule-emails.server";
import { conflictRules, droppedEntries, loadSlots, versionOf, writeSlots } from "./schedule-versions.server";
import { factsOf, lookUpSlot, numberVersion, referencesOf } from "./slot-numbers.server";
import { listStages, stageInputs, type StageWithWindows } from "./stages.server";

/*
 * The organiser's running order for one round: a generated draft, edited by hand, and publishing
 * it. The domain works in minutes since 00:00 (event time zone) of the round's first day; the
 * round's clock (schedule-clock.server.ts) converts to and from instants at the edge.
 */

/** Blocks in the event's nomination order, each nomination's age groups oldest first. */
function olderFirst(performances: readonly PerformanceInfo[]): string[] {
  const seen = new Map<string, { nominationRank: number; ageMin: number }>();
  const nominations: number[] = [];
  for (const p of performances) {
    if (!nominations.includes(p.nominationId)) nominations.push(p.nominationId);
    if (!seen.has(p.panelKey))
      seen.set(p.panelKey, { nominationRank: nominations.indexOf(p.nominationId), ageMin: p.ageMin });
  }
  return [...seen.entries()]
    .sort(([, a], [, b]) => a.nominationRank - b.nominationRank || b.ageMin - a.ageMin)
    .map(([key]) => key);
}

/**
 * Generates a running order from the confirmed entries and stores it as a new draft, replacing the
 * old one. What could not be placed is kept with the draft's options, so the page can explain it for
 * as long as the draft lives.
 */
export async function generateDraft(
  db: DB,
  actor: Actor,
  scope: RoundScope,
  choices: GenerateChoices = { changeoverMinutes: 5, minGapMinutes: 15, ageOrder: "younger" },
): Promise<{ placed: number; unplaced: Unplaced[] }> {
  return db.transaction().execute(async (tx) => {
    const stages = await listStages(tx, scope.roundId, scope.clock);
    const performances = await loadPerformances(tx, scope.eventId, scope.roundId);
    const options: ScheduleOptions = {
      ...conflictRules(choices),
      ...(choices.ageOrder === "older" ? { blockOrder: olderFirst(performances) } : {}),
    };
    const result = scheduleRunningOrder({ stages: stageInputs(stages, scope.locale), performances, options });
    await tx
      .deleteFrom("schedule_versions")
      .where("round_id", "=", scope.roundId)
      .where("status", "=", "draft")
      .execute();
    const version = await tx
      .insertInto("schedule_versions")
      .values({
        round_id: scope.roundId,
        status: "draft",
        options: JSON.stringify({ ...choices, ...(result.unplaced.length ? { unplaced: result.unplaced } : {}) }),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeSlots(tx, version.id, scope.clock, result.slots, stages);
    await audit(tx, actor, {
      action: "schedule.generate",
      entityType: "schedule_version",
      entityId: version.id,
      eventId: scope.eventId,
      after: { round_id: scope.roundId, placed: result.slots.length, unplaced: result.unplaced },
    });
    return { placed: result.slots.length, unplaced: result.unplaced };
  });
}

export type DraftEdit =
  | { kind: "move"; entryId: number; stageId: number; start: number }
  | { kind: "swap"; entryId: number; otherEntryId: number }
  /** Into the other slot's place in the running order (see `insertSlot`). */
  | { kind: "moveTo"; entryId: number; otherEntryId: number };

/** A swap or a move into another slot's place, that slot named as on the page (`other`). */
export interface NamedEdit {
  kind: "swap" | "moveTo";
  entryId: number;
  other: { query: string; stamp: string | null };
}

/** Why the slot named in a NamedEdit could not be told: nothing typed, nothing or several found, a stale number, itself. */
export type NamingProblem =
  | { problem: "empty" | "none" | "stale" | "same" }
  | { problem: "many"; count: number; candidates: SlotCandidateView[] };

/**
 * Applies a hand edit to the draft; "missing" when there is no draft or the slot is not in it. A
 * move of a confirmed entry the draft lacks (left unplaced, or confirmed since) places it, for its
 * duration rounded up to a whole minute. A NamedEdit finds its other slot in the same transaction, so the
 * number it was given is read against the numbering it is applied to.
 */
export async function editDraft(db: DB, actor: Actor, scope: RoundScope, edit: DraftEdit): Promise<"done" | "missing">;
export async function editDraft(
  db: DB,
  actor: Actor,
  scope: RoundScope,
  edit: NamedEdit,
): Promise<"done" | "missing" | NamingProblem>;
export async function editDraft(
  db: DB,
  actor: Actor,
  scope: RoundScope,
  edit: DraftEdit | NamedEdit,
): Promise<"done" | "missing" | NamingProblem> {
  return db.transaction().execute(async (tx) => {
    const draft = await versionOf(tx, scope.roundId, "draft", { forUpdate: true });
    if (!draft) return "missing";
    const slots = await loadSlots(tx, draft.id, scope.clock);
    const stages = await listStages(tx, scope.roundId, scope.clock);
    const has = (entryId: number) => slots.some((s) => s.entryId === entryId);
    let resolved: DraftEdit;
    if ("other" in edit) {
      const named = await nameOther(tx, scope, { slots, stages }, edit);
      if ("problem" in named) return named;
      resolved = named;
    } else resolved = edit;
    if (resolved.kind === "move" && !stages.some((s) => s.id === resolved.stageId)) return "missing";
    let edited: Slot[];
    if (resolved.kind === "move" && !has(resolved.entryId)) {
      const performance = (await loadPerformances(tx, scope.eventId, scope.roundId)).find(
        (p) => p.entryId === resolved.entryId,
      );
      if (!performance) return "missing";
      edited = [
        ...slots,
        {
          entryId: resolved.entryId,
          stageId: resolved.stageId,
          start: resolved.start,
          end: resolved.start + ceilToGrid(performance.durationMinutes),
        },
      ];
    } else if (resolved.kind === "move") {
      edited = moveSlot(slots, resolved.entryId, { start: resolved.start, stageId: resolved.stageId });
    } else {
      if (!has(resolved.entryId) || !has(resolved.otherEntryId)) return "missing";
      edited =
        resolved.kind === "swap"
          ? swapSlots(slots, resolved.entryId, resolved.otherEntryId)
          : intoPlaceOf(slots, stages, scope, draft.options, resolved);
    }
    await writeSlots(tx, draft.id, scope.clock, edited, stages);
    await audit(tx, actor, {
      action: `schedule.${resolved.kind}`,
      entityType: "schedule_version",
      entityId: draft.id,
      eventId: scope.eventId,
      after: "other" in edit ? { ...resolved, named: edit.other.query } : resolved,
    });
    return "done";
  });
}

/** The other slot of a NamedEdit, by its running-order number or a search among the draft's slots. */
async function nameOther(
  tx: DB,
  scope: RoundScope,
  draft: { slots: readonly Slot[]; stages: readonly StageWithWindows[] },
  edit: NamedEdit,
): Promise<DraftEdit | NamingProblem> {
  const query = parseSlotQuery(edit.other.query);
  if (!query) return { problem: "empty" };
  const numbered = numberVersion(draft.slots, draft.stages, scope.clock);
  const [performances, references] =
    query.kind === "search"
      ? await Promise.all([loadPerformances(tx, scope.eventId, scope.roundId), referencesOf(tx, scope.eventId)])
      : [[], new Map<number, string>()];
  const found = lookUpSlot(numbered, query, factsOf(performances, references), edit.other.stamp);
  if (found.status === "found")
    return found.slot.entryId === edit.entryId
      ? { problem: "same" }
      : { kind: edit.kind, entryId: edit.entryId, otherEntryId: found.slot.entryId };
  if (found.status !== "many") return { problem: found.status };
  const ctx = viewContext(scope, draft.stages, performances, references);
  return { problem: "many", count: found.count, candidates: found.slots.map((s) => candidateView(s, ctx)) };
}

/**
 * The slots with one moved into the other's place: before it, or after it when it moves later on the
 * same stage's day, so it takes the other's number; the slots after it are pushed as far as the
 * draft's changeover needs.
 */
function intoPlaceOf(
  slots: readonly Slot[],
  stages: readonly StageWithWindows[],
  scope: RoundScope,
  options: ScheduleVersionOptions,
  edit: { entryId: number; otherEntryId: number },
): Slot[] {
  const numbered = numberVersion(slots, stages, scope.clock);
  const moving = numbered.find((s) => s.entryId === edit.entryId)!;
  const other = numbered.find((s) => s.entryId === edit.otherEntryId)!;
  const { changeoverMinutes = 5 } = conflictRules(options);
  const later = moving.date === other.date && moving.stageId === other.stageId && moving.position < other.position;
  return insertSlot(
    slots,
    edit.entryId,
    { stageId: other.stageId, start: later ? other.end + changeoverMinutes : other.start },
    changeoverMinutes,
  );
}

export async function draftConflicts(db: DB, scope: RoundScope): Promise<Conflict[]> {
  const draft = await versionOf(db, scope.roundId, "draft");
  if (!draft) return [];
  const [slots, stages, performances] = await Promise.all([
    loadSlots(db, draft.id, scope.clock),
    listStages(db, scope.roundId, scope.clock),
    loadPerformances(db, scope.eventId, scope.roundId),
  ]);
  return findConflicts(slots, performances, stageInputs(stages, scope.locale), conflictRules(draft.options));
}

export type PublishResult =
  | { status: "published"; versionId: number; emailed: number }
  | { status: "no_draft" }
  | { status: "conflicts"; conflicts: number };

/**
 * Publishes the draft: the published version becomes superseded and the draft takes its place, in
 * one transaction. Each family (guardians of the performers, and whoever submitted the entry) with
 * an entry newly scheduled or moved to another time or stage gets one email listing its changes;
 * each family with a still-confirmed entry that had a time in the old version and has none in the
 * new one gets one email saying so. `emailed` counts both kinds.
 */
export async function publishDraft(
  db: DB,
  actor: Actor,
  scope: RoundScope & { force: boolean; programmeUrl: string },
): Promise<PublishResult> {
  return db.transaction().execute(async (tx) => {
    const draft = await versionOf(tx, scope.roundId, "draft", { forUpdate: true });
    if (!draft) return { status: "no_draft" as const };
    const [slots, stages, performances] = await Promise.all([
      loadSlots(tx, draft.id, scope.clock),
      listStages(tx, scope.roundId, scope.clock),
      loadPerformances(tx, scope.eventId, scope.roundId),
    ]);
    const conflicts = findConflicts(
      slots,
      performances,
      stageInputs(stages, scope.locale),
      conflictRules(draft.options),
    );
    if (conflicts.length > 0 && !scope.force) return { status: "conflicts" as const, conflicts: conflicts.length };

    const previous = await versionOf(tx, scope.roundId, "published", { forUpdate: true });
    const before = new Map((previous ? await loadSlots(tx, previous.id, scope.clock) : []).map((s) => [s.entryId, s]));
    const changed = slots.filter((s) => {
      const old = before.get(s.entryId);
      return !old || old.start !== s.start || old.stageId !== s.stageId;
    });
    const dropped = droppedEntries([...before.values()], slots, performances);

    if (previous)
      await tx.updateTable("schedule_versions").set({ status: "superseded" }).where("id", "=", previous.id).execute();
    await tx
      .updateTable("schedule_versions")
      .set({ status: "published", published_at: new Date(), published_by: actor.id })
      .where("id", "=", draft.id)
      .execute();
    const emailed =
      (await emailChangedFamilies(tx, scope, changed, stages)) + (await emailDroppedFamilies(tx, scope, dropped));
    await audit(tx, actor, {
      action: "schedule.publish",
      entityType: "schedule_version",
      entityId: draft.id,
      eventId: scope.eventId,
      before: previous ? { version_id: previous.id } : null,
      after: {
        version_id: draft.id,
        round_id: scope.roundId,
        changed_entries: changed.map((s) => s.entryId),
        dropped_entries: dropped,
        conflicts: conflicts.length,
        emailed,
      },
    });
    return { status: "published" as const, versionId: draft.id, emailed };
  });
}

/** Publishes the round's draft and tells families where the programme is: `siteUrl` is the public site's base. */
export async function publishRoundSchedule(
  db: DB,
  actor: Actor,
  scope: RoundScope & { force: boolean; siteUrl: string },
): Promise<PublishResult> {
  const { slug } = (await eventHeading(db, scope.eventId))!;
  return publishDraft(db, actor, { ...scope, programmeUrl: `${scope.siteUrl}/events/${slug}/programme` });
}
