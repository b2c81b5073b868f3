import type { Locale } from "~/domain/locale";
import { todayIn } from "~/domain/time";

import { type CanPreview, type VisibleEvent, visibleEvent } from "../events/event-preview.server";
import type { DB } from "../platform/db.server";
import { classSessionOf, classSessionRows, type ClassSessionView, hasClassSessions } from "./class-sessions.server";
import { eventHeader } from "./programme-access.server";
import { fullName, publicName } from "./public-names.server";
import {
  type AgeRange,
  type BreakView,
  entryIdsOf,
  membersOf,
  type PerformanceView,
  publishedSlotRows,
  slotOf,
  type SlotRow,
  type SlotView,
  stagesIn,
  type StageView,
} from "./published-slots.server";

/*
 * The programme of an event as the public reads it (master classes included) and as stage managers
 * print it: published slots by day and stage, grouped into blocks of one nomination and age group.
 */

/** Consecutive performances of one nomination and age group on one stage: they share a header. */
export interface BlockView {
  kind: "block";
  key: string;
  nomination: string;
  nominationLang: Locale;
  ageGroup: AgeRange | null;
  performances: PerformanceView[];
}

export type ProgrammeItem = BlockView | BreakView;

export interface ProgrammeDay {
  /** 'YYYY-MM-DD' in the event's timezone. */
  date: string;
  stages: { stage: StageView; items: ProgrammeItem[] }[];
  /** The day's master class sessions, in time order. */
  classes: ClassSessionView[];
}

/**
 * Slots by day (in the event's timezone) and stage, in time order; consecutive performances of one
 * nomination and age group share a block, and each stage's performances that day are numbered.
 * Master class sessions go to their day, in time order.
 */
export function arrangeProgramme(
  stages: StageView[],
  slots: SlotView[],
  timeZone: string,
  classes: ClassSessionView[] = [],
): ProgrammeDay[] {
  const days = new Map<string, Map<number, SlotView[]>>();
  const classDays = new Map<string, ClassSessionView[]>();
  const sorted = [...slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.slotId - b.slotId);
  for (const slot of sorted) {
    const date = todayIn(timeZone, new Date(slot.startsAt));
    const byStage = days.get(date) ?? new Map<number, SlotView[]>();
    byStage.set(slot.stageId, [...(byStage.get(slot.stageId) ?? []), slot]);
    days.set(date, byStage);
  }
  const byTime = [...classes].sort(
    (a, b) => a.startsAt.localeCompare(b.startsAt) || a.title.localeCompare(b.title) || a.sessionId - b.sessionId,
  );
  for (const session of byTime) {
    const date = todayIn(timeZone, new Date(session.startsAt));
    classDays.set(date, [...(classDays.get(date) ?? []), session]);
  }
  return [...new Set([...days.keys(), ...classDays.keys()])].sort().map((date) => {
    const byStage = days.get(date) ?? new Map<number, SlotView[]>();
    return {
      date,
      stages: stages
        .filter((s) => byStage.has(s.id))
        .map((stage) => ({ stage, items: blocksOf(byStage.get(stage.id)!) })),
      classes: classDays.get(date) ?? [],
    };
  });
}

function blocksOf(slots: SlotView[]): ProgrammeItem[] {
  const items: ProgrammeItem[] = [];
  let order = 0;
  for (const slot of slots) {
    if (slot.kind === "break") {
      items.push(slot);
      continue;
    }
    const numbered = slot.withdrawn ? slot : { ...slot, order: ++order };
    const last = items[items.length - 1];
    const sameGroup =
      last?.kind === "block" &&
      last.performances[0]!.nominationId === slot.nominationId &&
      last.performances[0]!.ageGroup?.min === slot.ageGroup?.min &&
      last.performances[0]!.ageGroup?.max === slot.ageGroup?.max;
    if (sameGroup) last.performances.push(numbered);
    else
      items.push({
        kind: "block",
        key: `block-${slot.slotId}`,
        nomination: slot.nomination,
        nominationLang: slot.nominationLang,
        ageGroup: slot.ageGroup,
        performances: [numbered],
      });
  }
  return items;
}

const lastPublished = (rows: SlotRow[]) =>
  rows
    .reduce<Date | null>(
      (latest, r) => (r.published_at && (!latest || r.published_at > latest) ? r.published_at : latest),
      null,
    )
    ?.toISOString() ?? null;

async function programmeOf(
  db: DB,
  event: VisibleEvent,
  locale: Locale,
  options: { stageId?: number | null; roundId?: number; forStageManagers?: boolean; withClasses?: boolean },
) {
  const rows = await publishedSlotRows(
    db,
    { eventId: event.id, ...(options.roundId === undefined ? {} : { roundId: options.roundId }) },
    { includeWithdrawn: options.forStageManagers },
  );
  const members = await membersOf(db, entryIdsOf(rows));
  const nameOf = options.forStageManagers ? fullName : publicName;
  const stages = stagesIn(rows, locale);
  const shown = options.stageId ? rows.filter((r) => r.stage_id === options.stageId) : rows;
  const slots = shown.map((r) => slotOf(r, members.get(r.entry_id ?? -1) ?? [], locale, nameOf));
  const classes = options.withClasses
    ? (await classSessionRows(db, [event.id])).map((r) => classSessionOf(r, locale))
    : [];
  const days = arrangeProgramme(
    stages.filter((s) => !options.stageId || s.id === options.stageId),
    slots,
    event.timezone,
    classes,
  );
  return { stages, days, updatedAt: lastPublished(rows) };
}

/** The public programme of an event, master classes included: null when the event is not visible to this reader. */
export async function programmePage(db: DB, slug: string, locale: Locale, canPreview: CanPreview) {
  const event = await visibleEvent(db, slug, canPreview);
  if (!event) return null;
  return { event: eventHeader(event, locale), ...(await programmeOf(db, event, locale, { withClasses: true })) };
}
export type ProgrammePageView = NonNullable<Awaited<ReturnType<typeof programmePage>>>;

/** The public programme of one round (a regional heat, say) of an event the caller has found visible. */
export async function roundProgramme(db: DB, event: VisibleEvent, roundId: number, locale: Locale) {
  return programmeOf(db, event, locale, { roundId });
}
export type RoundProgrammeView = Awaited<ReturnType<typeof roundProgramme>>;

/** Does the event have a published running order in any round, or master classes? (The event page links to the programme.) */
export async function hasPublishedProgramme(db: DB, eventId: number): Promise<boolean> {
  const row = await db
    .selectFrom("schedule_versions as v")
    .innerJoin("rounds as r", "r.id", "v.round_id")
    .select("v.id")
    .where("r.event_id", "=", eventId)
    .where("v.status", "=", "published")
    .where((eb) => eb.exists(eb.selectFrom("schedule_slots as s").select("s.id").whereRef("s.version_id", "=", "v.id")))
    .executeTakeFirst();
  return Boolean(row) || hasClassSessions(db, eventId);
}

/**
 * The stage managers' running order: whole names, withdrawn entries marked, one stage or all
 * (`stages` always lists them all). The caller must already have checked that the reader organises
 * this event. Null when the stage has no published running order in this event.
 */
export async function runningOrder(db: DB, eventId: number, locale: Locale, stageId: number | null) {
  const event = await db.selectFrom("events").selectAll().where("id", "=", eventId).executeTakeFirst();
  if (!event) return null;
  const programme = await programmeOf(db, event, locale, { stageId, forStageManagers: true });
  if (stageId !== null && !programme.stages.some((s) => s.id === stageId)) return null;
  return { event: eventHeader(event, locale), ...programme };
}
export type RunningOrderView = NonNullable<Awaited<ReturnType<typeof runningOrder>>>;
