import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

import type { ScheduleVersionOptions } from "#db/types";
import { type Locale, localized } from "~/domain/locale";
import {
  ceilToGrid,
  type Conflict,
  findConflicts,
  moveSlot,
  panelKeyOf,
  type PerformanceInput,
  type ScheduleOptions,
  scheduleRunningOrder,
  type Slot,
  type StageInput,
  swapSlots,
  type Unplaced,
} from "~/domain/schedule";
import { FEDERATION_TIMEZONE } from "~/domain/time";
import type { GenerateChoices } from "~/schemas/schedule";

import { isFirstRound } from "../events/rounds.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { enqueueEmail } from "../platform/email/outbox.server";

/*
 * The organiser's running-order editor for one round: stages and their windows, a generated draft
 * edited by hand, and publishing it. The domain works in minutes since 00:00 (event time zone) of
 * the round's first day; this module converts to and from instants at the edge.
 */

/** A performance whose entry gives no duration takes this long. */
export const DEFAULT_PERFORMANCE_MINUTES = 4;

const MINUTE = 60_000;

export interface RoundClock {
  timeZone: string;
  /** 00:00 of the round's first day in the event's time zone. */
  epoch: Date;
  firstDay: string;
}

export function toMinutes(clock: RoundClock, instant: Date | string): number {
  return Math.round((new Date(instant).getTime() - clock.epoch.getTime()) / MINUTE);
}

export function toInstant(clock: RoundClock, minutes: number): Date {
  return new Date(clock.epoch.getTime() + minutes * MINUTE);
}

/** A wall-clock date and time ('YYYY-MM-DD', 'HH:mm') in the round's zone → minutes, or null. */
export function localToMinutes(clock: RoundClock, date: string, time: string): number | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const instant = new TZDate(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), clock.timeZone);
  return Number.isNaN(instant.getTime()) ? null : toMinutes(clock, new Date(instant.getTime()));
}

export function minutesToLocal(clock: RoundClock, minutes: number): { date: string; time: string } {
  const local = new TZDate(toInstant(clock, minutes).getTime(), clock.timeZone);
  return { date: format(local, "yyyy-MM-dd"), time: format(local, "HH:mm") };
}

export interface ScheduleRound {
  id: number;
  eventId: number;
  position: number;
  kind: string;
}

/** The round, if it belongs to the event; its clock starts on the round's first day (or the event's). */
export async function getScheduleRound(db: DB, { eventId, roundId }: { eventId: number; roundId: number }) {
  const row = await db
    .selectFrom("rounds")
    .innerJoin("events", "events.id", "rounds.event_id")
    .select([
      "rounds.id",
      "rounds.event_id",
      "rounds.position",
      "rounds.kind",
      "rounds.starts_on",
      "events.starts_on as event_starts_on",
      "events.timezone",
    ])
    .where("rounds.id", "=", roundId)
    .where("rounds.event_id", "=", eventId)
    .executeTakeFirst();
  if (!row) return null;
  const timeZone = row.timezone || FEDERATION_TIMEZONE;
  const firstDay = row.starts_on ?? row.event_starts_on;
  const [y, m, d] = firstDay.split("-").map(Number) as [number, number, number];
  const clock: RoundClock = { timeZone, firstDay, epoch: new Date(new TZDate(y, m - 1, d, 0, 0, timeZone).getTime()) };
  return {
    round: { id: row.id, eventId: row.event_id, position: row.position, kind: row.kind } as ScheduleRound,
    clock,
  };
}

// ---------------------------------------------------------------------------------------------
// Stages and windows

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

/** Removes the stage with its windows and its slots in every version (the database cascades). */
export async function removeStage(
  db: DB,
  actor: Actor,
  scope: { eventId: number; roundId: number; stageId: number },
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const before = await stageInRound(tx, scope);
    if (!before) return false;
    await tx.deleteFrom("stages").where("id", "=", scope.stageId).execute();
    await audit(tx, actor, {
      action: "stage.delete",
      entityType: "stage",
      entityId: scope.stageId,
      eventId: scope.eventId,
      before,
    });
    return true;
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

// ---------------------------------------------------------------------------------------------
// Performances: the round's confirmed entries that perform on a stage. In the event's first round
// that is every confirmed live entry; in a later round (a final after a remote round), the entries
// that advanced into it, video entries included, since finalists perform live.

export interface PerformanceInfo extends PerformanceInput {
  title: string;
  nominationId: number;
  nomination_kk: string;
  nomination_ru: string;
  nomination_en: string;
  ageGroup: { min: number; max: number } | null;
  performers: string[];
}

export async function loadPerformances(db: DB, eventId: number, roundId: number): Promise<PerformanceInfo[]> {
  const first = await isFirstRound(db, eventId, roundId);
  const entries = await db
    .selectFrom("entries")
    .innerJoin("nominations", "nominations.id", "entries.nomination_id")
    .leftJoin("age_groups", "age_groups.id", "entries.age_group_id")
    .select([
      "entries.id",
      "entries.title",
      "entries.duration_seconds",
      "entries.nomination_id",
      "entries.age_group_id",
      "nominations.name_kk",
      "nominations.name_ru",
      "nominations.name_en",
      "age_groups.min_age",
      "age_groups.max_age",
    ])
    .where("entries.event_id", "=", eventId)
    .where("entries.status", "=", "confirmed")
    .$if(first, (q) => q.where("nominations.entry_kind", "=", "live"))
    .$if(!first, (q) =>
      q
        .where("nominations.entry_kind", "in", ["live", "video"])
        .where("entries.id", "in", (eb) =>
          eb.selectFrom("round_entries").select("entry_id").where("round_id", "=", roundId),
        ),
    )
    .orderBy("nominations.position")
    .orderBy("nominations.id")
    .orderBy("entries.id")
    .execute();
  const members = entries.length
    ? await db
        .selectFrom("entry_members")
        .innerJoin("participants", "participants.id", "entry_members.participant_id")
        .select(["entry_members.entry_id", "participants.id", "participants.first_name", "participants.last_name"])
        .where(
          "entry_members.entry_id",
          "in",
          entries.map((e) => e.id),
        )
        .where("entry_members.active", "=", true)
        .orderBy("participants.last_name")
        .execute()
    : [];
  return entries.map((e) => {
    const own = members.filter((m) => m.entry_id === e.id);
    return {
      entryId: e.id,
      nominationId: e.nomination_id,
      ageGroupId: e.age_group_id,
      ageMin: e.min_age ?? 0,
      durationMinutes: e.duration_seconds ? Math.ceil(e.duration_seconds / 60) : DEFAULT_PERFORMANCE_MINUTES,
      memberIds: own.map((m) => m.id),
      panelKey: panelKeyOf(e.nomination_id, e.age_group_id),
      title: e.title,
      nomination_kk: e.name_kk,
      nomination_ru: e.name_ru,
      nomination_en: e.name_en,
      ageGroup: e.min_age === null || e.max_age === null ? null : { min: e.min_age, max: e.max_age },
      performers: own.map((m) => `${m.first_name} ${m.last_name}`.trim()),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Versions

type Status = "draft" | "published";

export async function versionOf(db: DB, roundId: number, status: Status) {
  return db
    .selectFrom("schedule_versions")
    .select(["id", "created_at", "published_at", "options"])
    .where("round_id", "=", roundId)
    .where("status", "=", status)
    .executeTakeFirst();
}

export async function loadSlots(db: DB, versionId: number, clock: RoundClock): Promise<Slot[]> {
  const rows = await db
    .selectFrom("schedule_slots")
    .select(["entry_id", "stage_id", "starts_at", "ends_at"])
    .where("version_id", "=", versionId)
    .where("kind", "=", "entry")
    .orderBy("starts_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    entryId: r.entry_id!,
    stageId: r.stage_id,
    start: toMinutes(clock, r.starts_at),
    end: toMinutes(clock, r.ends_at),
  }));
}

/** Replaces the draft's entry slots; break slots mirror the stages' break windows for the public programme. */
async function writeSlots(
  tx: DB,
  versionId: number,
  clock: RoundClock,
  slots: readonly Slot[],
  stages: readonly StageWithWindows[],
) {
  await tx.deleteFrom("schedule_slots").where("version_id", "=", versionId).execute();
  const rows = [
    ...slots.map((s) => ({
      version_id: versionId,
      stage_id: s.stageId,
      kind: "entry" as const,
      entry_id: s.entryId,
      starts_at: toInstant(clock, s.start),
      ends_at: toInstant(clock, s.end),
    })),
    ...stages.flatMap((st) =>
      st.windows
        .filter((w) => w.kind === "break")
        .map((w) => ({
          version_id: versionId,
          stage_id: st.id,
          kind: "break" as const,
          entry_id: null,
          starts_at: toInstant(clock, w.start),
          ends_at: toInstant(clock, w.end),
        })),
    ),
  ];
  if (rows.length) await tx.insertInto("schedule_slots").values(rows).execute();
}

export interface RoundScope {
  eventId: number;
  roundId: number;
  clock: RoundClock;
  locale: Locale;
}

/** The rules a version's conflicts are judged by: the ones it was generated with. */
export function conflictRules(options: ScheduleVersionOptions | undefined | null): ScheduleOptions {
  return { changeoverMinutes: options?.changeoverMinutes ?? 5, minGapMinutes: options?.minGapMinutes ?? 15 };
}

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

// Every reason the generator gives (the type makes a new one fail to compile until it is listed).
const UNPLACED_REASONS: Record<Unplaced["reason"], true> = {
  invalid_duration: true,
  duplicate_entry: true,
  unknown_stage: true,
  too_long_for_any_window: true,
  no_stage_time: true,
  child_gap: true,
};

/** The generator's report as the draft keeps it; anything this code did not write is left out. */
export function storedUnplaced(options: ScheduleVersionOptions | undefined | null): Unplaced[] {
  return (options?.unplaced ?? []).filter(
    (u) => Number.isSafeInteger(u.entryId) && Object.hasOwn(UNPLACED_REASONS, u.reason),
  ) as Unplaced[];
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
    const draft = await tx
      .selectFrom("schedule_versions")
      .select("id")
      .where("round_id", "=", scope.roundId)
      .where("status", "=", "draft")
      .forUpdate()
      .executeTakeFirst();
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
    const draft = await tx
      .selectFrom("schedule_versions")
      .select(["id", "options"])
      .where("round_id", "=", scope.roundId)
      .where("status", "=", "draft")
      .forUpdate()
      .executeTakeFirst();
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

    const previous = await tx
      .selectFrom("schedule_versions")
      .select("id")
      .where("round_id", "=", scope.roundId)
      .where("status", "=", "published")
      .forUpdate()
      .executeTakeFirst();
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

/** Confirmed entries with a slot in the published version and none in the draft, in the published order. */
function droppedEntries(
  published: readonly Slot[],
  draft: readonly Slot[],
  performances: readonly PerformanceInfo[],
): number[] {
  const inDraft = new Set(draft.map((s) => s.entryId));
  const confirmed = new Set(performances.map((p) => p.entryId));
  return [...published]
    .sort((a, b) => a.start - b.start || a.stageId - b.stageId)
    .map((s) => s.entryId)
    .filter((id) => !inDraft.has(id) && confirmed.has(id));
}

/**
 * The families to write to about some entries: the guardians of the entries' active performers and
 * whoever submitted them, each with their entries, and a label per entry ("Aruzhan «Aldi»").
 */
async function familiesOf(tx: DB, entryIds: readonly number[]) {
  if (entryIds.length === 0) return [];
  const entries = await tx
    .selectFrom("entries")
    .select(["id", "title", "reference", "submitted_by_user_id"])
    .where("id", "in", entryIds)
    .execute();
  const members = await tx
    .selectFrom("entry_members")
    .innerJoin("participants", "participants.id", "entry_members.participant_id")
    .select(["entry_members.entry_id", "participants.first_name", "participants.guardian_user_id"])
    .where("entry_members.entry_id", "in", entryIds)
    .where("entry_members.active", "=", true)
    .orderBy("participants.first_name")
    .execute();
  const entriesByUser = new Map<number, Set<number>>();
  const add = (userId: number | null, entryId: number) => {
    if (userId === null) return;
    if (!entriesByUser.has(userId)) entriesByUser.set(userId, new Set());
    entriesByUser.get(userId)!.add(entryId);
  };
  for (const e of entries) add(e.submitted_by_user_id, e.id);
  for (const m of members) add(m.guardian_user_id, m.entry_id);
  if (entriesByUser.size === 0) return [];
  const labelOf = (entryId: number) => {
    const entry = entries.find((e) => e.id === entryId)!;
    const names = members
      .filter((m) => m.entry_id === entryId)
      .map((m) => m.first_name)
      .join(", ");
    return [names, entry.title ? `«${entry.title}»` : entry.reference].filter(Boolean).join(" ");
  };
  const users = await tx
    .selectFrom("users")
    .select(["id", "email", "name", "locale"])
    .where("id", "in", [...entriesByUser.keys()])
    .orderBy("id")
    .execute();
  return users.map((user) => ({ user, entryIds: [...entriesByUser.get(user.id)!], labelOf }));
}

async function eventTitles(tx: DB, eventId: number) {
  return tx
    .selectFrom("events")
    .select(["title_kk", "title_ru", "title_en"])
    .where("id", "=", eventId)
    .executeTakeFirstOrThrow();
}

async function emailChangedFamilies(
  tx: DB,
  scope: RoundScope & { programmeUrl: string },
  changed: readonly Slot[],
  stages: readonly StageWithWindows[],
): Promise<number> {
  const families = await familiesOf(
    tx,
    changed.map((s) => s.entryId),
  );
  if (families.length === 0) return 0;
  const event = await eventTitles(tx, scope.eventId);
  const slotOf = new Map(changed.map((s) => [s.entryId, s]));
  for (const { user, entryIds, labelOf } of families) {
    const lines = entryIds
      .sort((a, b) => slotOf.get(a)!.start - slotOf.get(b)!.start)
      .map((entryId) => {
        const slot = slotOf.get(entryId)!;
        const stage = stages.find((s) => s.id === slot.stageId);
        const { date, time } = minutesToLocal(scope.clock, slot.start);
        return `${labelOf(entryId)}: ${date.split("-").reverse().join(".")} ${time}, ${stage ? localized(stage, "name", user.locale) : ""}`;
      });
    await enqueueEmail(tx, {
      to: user.email,
      locale: user.locale,
      userId: user.id,
      template: "schedule_changed",
      params: {
        name: user.name,
        event: localized(event, "title", user.locale),
        url: scope.programmeUrl,
        changes: lines.join("; "),
      },
    });
  }
  return families.length;
}

async function emailDroppedFamilies(
  tx: DB,
  scope: RoundScope & { programmeUrl: string },
  dropped: readonly number[],
): Promise<number> {
  const families = await familiesOf(tx, dropped);
  if (families.length === 0) return 0;
  const event = await eventTitles(tx, scope.eventId);
  for (const { user, entryIds, labelOf } of families) {
    const entries = entryIds.sort((a, b) => dropped.indexOf(a) - dropped.indexOf(b)).map(labelOf);
    await enqueueEmail(tx, {
      to: user.email,
      locale: user.locale,
      userId: user.id,
      template: "schedule_dropped",
      params: {
        name: user.name,
        event: localized(event, "title", user.locale),
        url: scope.programmeUrl,
        entries: entries.join("; "),
      },
    });
  }
  return families.length;
}

// ---------------------------------------------------------------------------------------------
// The editor's view: everything as text and ids, ready for the page

export interface SlotView {
  entryId: number;
  stageId: number;
  date: string;
  time: string;
  endTime: string;
  label: string;
  panelKey: string;
  nomination: string;
  ageGroup: { min: number; max: number } | null;
}

/** A conflict as a catalogue key (`schedule.conflict.<key>`) and the values that fill it. */
export interface ConflictView {
  key: string;
  entryIds: number[];
  vars: Record<string, string | number>;
}

/** An entry the draft lacks: why the generator left it out, or "not_in_draft" when it never saw it (confirmed since). */
export interface UnplacedView {
  entryId: number;
  reason: Unplaced["reason"] | "not_in_draft";
  vars: Record<string, string | number>;
}

export function entryLabel(
  p: Pick<PerformanceInfo, "entryId" | "title" | "performers"> | undefined,
  entryId: number,
): string {
  if (!p) return `#${entryId}`;
  const title = p.title ? `«${p.title}»` : `#${entryId}`;
  return p.performers.length ? `${title} (${p.performers.join(", ")})` : title;
}

function stageName(stages: readonly StageWithWindows[], stageId: number, locale: Locale): string {
  const s = stages.find((x) => x.id === stageId);
  return s ? localized(s, "name", locale) || `#${stageId}` : `#${stageId}`;
}

function panelName(performances: readonly PerformanceInfo[], panelKey: string, locale: Locale): string {
  const p = performances.find((x) => x.panelKey === panelKey);
  if (!p) return panelKey;
  const nomination = localized(
    { name_kk: p.nomination_kk, name_ru: p.nomination_ru, name_en: p.nomination_en },
    "name",
    locale,
  );
  return p.ageGroup ? `${nomination}, ${p.ageGroup.min}–${p.ageGroup.max}` : nomination;
}

function clockText(clock: RoundClock, minutes: number): string {
  const { date, time } = minutesToLocal(clock, minutes);
  return `${date.split("-").reverse().join(".")} ${time}`;
}

export function conflictView(
  c: Conflict,
  ctx: {
    clock: RoundClock;
    stages: readonly StageWithWindows[];
    performances: readonly PerformanceInfo[];
    locale: Locale;
  },
): ConflictView {
  const byId = new Map(ctx.performances.map((p) => [p.entryId, p]));
  const [a, b] = c.entryIds.map((id) => entryLabel(byId.get(id), id));
  const vars: Record<string, string | number> = { a: a ?? "", b: b ?? "" };
  const childNames = (ids: number[]) => {
    const names = new Set<string>();
    for (const id of c.entryIds) {
      const p = byId.get(id);
      p?.memberIds.forEach((m, i) => ids.includes(m) && names.add(p.performers[i] ?? `#${m}`));
    }
    return [...names].join(", ");
  };
  let key: string = c.code;
  switch (c.code) {
    case "duplicate_slot":
      vars.slots = c.params.slots;
      break;
    case "off_grid":
      break;
    case "slot_too_short":
      Object.assign(vars, c.params);
      break;
    case "unknown_stage":
      vars.stage = `#${c.params.stageId}`;
      break;
    case "stage_unavailable":
      Object.assign(vars, {
        stage: stageName(ctx.stages, c.params.stageId, ctx.locale),
        from: clockText(ctx.clock, c.params.unavailableFrom),
      });
      break;
    case "over_time":
      Object.assign(vars, {
        stage: stageName(ctx.stages, c.params.stageId, ctx.locale),
        end: clockText(ctx.clock, c.params.end),
        stageEnd: clockText(ctx.clock, c.params.stageEnd),
      });
      break;
    case "double_booking":
      if (c.params.gapMinutes < 0) key = "double_booking_overlap";
      Object.assign(vars, {
        stage: stageName(ctx.stages, c.params.stageId, ctx.locale),
        gapMinutes: c.params.gapMinutes,
        changeoverMinutes: c.params.changeoverMinutes,
      });
      break;
    case "child_overlap":
      vars.children = childNames(c.params.childIds);
      break;
    case "gap_too_short":
      Object.assign(vars, {
        children: childNames(c.params.childIds),
        gapMinutes: c.params.gapMinutes,
        minGapMinutes: c.params.minGapMinutes,
      });
      break;
    case "panel_split":
      Object.assign(vars, {
        panel: panelName(ctx.performances, c.params.panelKey, ctx.locale),
        stages: c.params.stageIds.map((id) => stageName(ctx.stages, id, ctx.locale)).join(", "),
      });
      break;
    case "panel_interleaved":
      Object.assign(vars, {
        panel: panelName(ctx.performances, c.params.panelKey, ctx.locale),
        stage: stageName(ctx.stages, c.params.stageId, ctx.locale),
      });
      break;
  }
  return { key, entryIds: c.entryIds, vars };
}

export function unplacedView(
  u: Unplaced,
  ctx: { stages: readonly StageWithWindows[]; performances: readonly PerformanceInfo[]; locale: Locale },
): UnplacedView {
  const entry = entryLabel(
    ctx.performances.find((p) => p.entryId === u.entryId),
    u.entryId,
  );
  const vars: Record<string, string | number> = { entry };
  if (u.reason === "invalid_duration") vars.durationMinutes = u.params.durationMinutes;
  if (u.reason === "too_long_for_any_window") Object.assign(vars, u.params);
  if (u.reason === "child_gap") vars.stage = stageName(ctx.stages, u.params.stageId, ctx.locale);
  return { entryId: u.entryId, reason: u.reason, vars };
}

/**
 * Every confirmed entry the draft has no slot for, checked now: with the generator's reason when it
 * reported one, otherwise as not in this draft. Entries reported then but no longer confirmed drop out.
 */
export function missingFromDraft(
  slots: readonly Slot[],
  reported: readonly Unplaced[],
  ctx: { stages: readonly StageWithWindows[]; performances: readonly PerformanceInfo[]; locale: Locale },
): UnplacedView[] {
  const inDraft = new Set(slots.map((s) => s.entryId));
  return ctx.performances
    .filter((p) => !inDraft.has(p.entryId))
    .map((p) => {
      const known = reported.find((u) => u.entryId === p.entryId);
      return known
        ? unplacedView(known, ctx)
        : { entryId: p.entryId, reason: "not_in_draft" as const, vars: { entry: entryLabel(p, p.entryId) } };
    });
}

function slotViews(
  slots: readonly Slot[],
  clock: RoundClock,
  performances: readonly PerformanceInfo[],
  locale: Locale,
): SlotView[] {
  const byId = new Map(performances.map((p) => [p.entryId, p]));
  return [...slots]
    .sort((x, y) => x.start - y.start || x.stageId - y.stageId)
    .map((s) => {
      const p = byId.get(s.entryId);
      const start = minutesToLocal(clock, s.start);
      return {
        entryId: s.entryId,
        stageId: s.stageId,
        date: start.date,
        time: start.time,
        endTime: minutesToLocal(clock, s.end).time,
        label: entryLabel(p, s.entryId),
        panelKey: p?.panelKey ?? "",
        nomination: p
          ? localized({ name_kk: p.nomination_kk, name_ru: p.nomination_ru, name_en: p.nomination_en }, "name", locale)
          : "",
        ageGroup: p?.ageGroup ?? null,
      };
    });
}

/** The whole editor for a round: stages, the draft with its conflicts, and the published version. */
export async function loadScheduleEditor(db: DB, scope: RoundScope) {
  const [stages, performances, draft, published] = await Promise.all([
    listStages(db, scope.roundId, scope.clock),
    loadPerformances(db, scope.eventId, scope.roundId),
    versionOf(db, scope.roundId, "draft"),
    versionOf(db, scope.roundId, "published"),
  ]);
  const draftSlots = draft ? await loadSlots(db, draft.id, scope.clock) : [];
  const publishedSlots = published ? await loadSlots(db, published.id, scope.clock) : [];
  const conflicts = draft
    ? findConflicts(draftSlots, performances, stageInputs(stages, scope.locale), conflictRules(draft.options))
    : [];
  const ctx = { clock: scope.clock, stages, performances, locale: scope.locale };
  const byId = new Map(performances.map((p) => [p.entryId, p]));
  const options: ScheduleVersionOptions = draft?.options ?? {};
  return {
    // The choices the draft was made with, to generate the next one alike; its report is shown below.
    draftOptions: {
      changeoverMinutes: options.changeoverMinutes,
      minGapMinutes: options.minGapMinutes,
      ageOrder: options.ageOrder,
    },
    stages: stages.map((s) => ({
      id: s.id,
      name: localized(s, "name", scope.locale),
      nameKk: s.name_kk,
      nameRu: s.name_ru,
      nameEn: s.name_en,
      venue: s.venue,
      windows: s.windows.map((w) => ({
        id: w.id,
        kind: w.kind,
        date: minutesToLocal(scope.clock, w.start).date,
        from: minutesToLocal(scope.clock, w.start).time,
        to: minutesToLocal(scope.clock, w.end).time,
      })),
    })),
    performances: performances.length,
    draft: draft
      ? {
          id: draft.id,
          slots: slotViews(draftSlots, scope.clock, performances, scope.locale),
          conflicts: conflicts.map((c) => conflictView(c, ctx)),
          unplaced: missingFromDraft(draftSlots, storedUnplaced(draft.options), ctx),
          // Published, still confirmed, and not in the draft: publishing tells these families.
          dropped: droppedEntries(publishedSlots, draftSlots, performances).map((id) => entryLabel(byId.get(id), id)),
        }
      : null,
    published: published
      ? {
          id: published.id,
          publishedAt: published.published_at
            ? clockText(scope.clock, toMinutes(scope.clock, published.published_at))
            : "",
          slots: slotViews(publishedSlots, scope.clock, performances, scope.locale),
        }
      : null,
  };
}
