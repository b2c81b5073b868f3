import {
  ceilToGrid,
  type Conflict,
  findConflicts,
  moveSlot,
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
import { emailChangedFamilies, emailDroppedFamilies } from "./schedule-emails.server";
import { conflictRules, droppedEntries, loadSlots, versionOf, writeSlots } from "./schedule-versions.server";
import { listStages, stageInputs } from "./stages.server";

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
  | { kind: "swap"; entryId: number; otherEntryId: number };

/**
 * Applies a hand edit to the draft; "missing" when there is no draft or the slot is not in it. A
 * move of a confirmed entry the draft lacks (left unplaced, or confirmed since) places it, for its
 * duration rounded up to the grid.
 */
export async function editDraft(db: DB, actor: Actor, scope: RoundScope, edit: DraftEdit): Promise<"done" | "missing"> {
  return db.transaction().execute(async (tx) => {
    const draft = await versionOf(tx, scope.roundId, "draft", { forUpdate: true });
    if (!draft) return "missing";
    const slots = await loadSlots(tx, draft.id, scope.clock);
    const stages = await listStages(tx, scope.roundId, scope.clock);
    const has = (entryId: number) => slots.some((s) => s.entryId === entryId);
    if (edit.kind === "move" && !stages.some((s) => s.id === edit.stageId)) return "missing";
    let edited: Slot[];
    if (edit.kind === "move" && !has(edit.entryId)) {
      const performance = (await loadPerformances(tx, scope.eventId, scope.roundId)).find(
        (p) => p.entryId === edit.entryId,
      );
      if (!performance) return "missing";
      edited = [
        ...slots,
        {
          entryId: edit.entryId,
          stageId: edit.stageId,
          start: edit.start,
          end: edit.start + ceilToGrid(performance.durationMinutes),
        },
      ];
    } else if (edit.kind === "move") {
      edited = moveSlot(slots, edit.entryId, { start: edit.start, stageId: edit.stageId });
    } else {
      if (!has(edit.entryId) || !has(edit.otherEntryId)) return "missing";
      edited = swapSlots(slots, edit.entryId, edit.otherEntryId);
    }
    await writeSlots(tx, draft.id, scope.clock, edited, stages);
    await audit(tx, actor, {
      action: `schedule.${edit.kind}`,
      entityType: "schedule_version",
      entityId: draft.id,
      eventId: scope.eventId,
      after: edit,
    });
    return "done";
  });
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
