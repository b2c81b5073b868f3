// How the running-order editor names what it shows: a slot, a conflict, an entry the draft lacks, as
// text and ids for the page (the view types the components import), built from one ViewContext.

import type { ScheduleVersionOptions } from "#db/types";
import { type Locale, localized } from "~/domain/locale";
import { type Conflict, type NumberedSlot, type Slot, type Unplaced } from "~/domain/schedule";

import { type PerformanceInfo } from "./performances.server";
import { clockText, localTimes, type RoundClock, type RoundScope } from "./schedule-clock.server";
import { type StageWithWindows } from "./stages.server";

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
  /** A performer has no standing photo/video consent (organisers' views only). */
  noPhotoVideo?: boolean;
}

/** A slot of the draft on the page: its running-order number, reference and what is wrong with it. */
export interface DraftSlotView extends SlotView {
  position: number;
  reference: string;
  conflicts: ConflictView[];
}

/** A slot a search found (or could not tell apart from others): enough to name it by its number. */
export interface SlotCandidateView {
  position: number;
  entryId: number;
  date: string;
  time: string;
  stage: string;
  label: string;
  reference: string;
}

/** A stage as the editor shows and edits it, its windows as wall-clock dates and times. */
export interface EditorStageView {
  id: number;
  name: string;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  venue: string;
  windows: { id: number; kind: "open" | "break"; date: string; from: string; to: string }[];
}

/** The choices the draft was made with, to generate the next one alike. */
export type DraftOptionsView = Pick<ScheduleVersionOptions, "changeoverMinutes" | "minGapMinutes" | "ageOrder">;

/** A conflict as a catalogue key (`schedule.conflict.<key>`) and the values that fill it. */
export interface ConflictView {
  key: string;
  vars: Record<string, string | number>;
}

/** A conflict in the list at the top, with the number of its first slot to go to. */
export interface ConflictSummaryView extends ConflictView {
  at: { position: number; entryId: number } | null;
}

/** An entry the draft lacks: why the generator left it out, or "not_in_draft" when it never saw it (confirmed since). */
export interface UnplacedView {
  entryId: number;
  reason: Unplaced["reason"] | "not_in_draft";
  vars: Record<string, string | number>;
}

/** One stage on one day: how many slots it has and how many conflicts touch them. */
export interface SectionView {
  date: string;
  stageId: number;
  slots: number;
  conflicts: number;
}

/** Which stage's day the page shows, which page of it, and the slot it was asked to find. */
export interface EditorView {
  days: string[];
  date: string;
  stageId: number;
  page: number;
  pages: number;
  /** Slots of this stage's day before the page: the page shows numbers `first` + 1 … */
  offset: number;
  total: number;
  highlight: number | null;
}

/** What the page was asked to show: a stage's day and page, a running-order number, or a search. */
export interface EditorViewQuery {
  day?: string;
  stageId?: number;
  page?: number;
  at?: number;
  find?: string;
  unplacedPage?: number;
}

/** A search from the page's "find" box that did not name exactly one slot. */
export interface FindView {
  query: string;
  count: number;
  matches: SlotCandidateView[];
}

export function entryLabel(
  p: Pick<PerformanceInfo, "entryId" | "title" | "performers"> | undefined,
  entryId: number,
): string {
  if (!p) return `#${entryId}`;
  const title = p.title ? `«${p.title}»` : `#${entryId}`;
  return p.performers.length ? `${title} (${p.performers.join(", ")})` : title;
}

/** What every view of a round's slots is built from, each list indexed once. */
export interface ViewContext {
  clock: RoundClock;
  local: (minutes: number) => { date: string; time: string };
  stages: readonly StageWithWindows[];
  performances: ReadonlyMap<number, PerformanceInfo>;
  /** The first performance of each panel, which names it. */
  panels: ReadonlyMap<string, PerformanceInfo>;
  references: ReadonlyMap<number, string>;
  locale: Locale;
}

export function viewContext(
  scope: Pick<RoundScope, "clock" | "locale">,
  stages: readonly StageWithWindows[],
  performances: readonly PerformanceInfo[],
  references: ReadonlyMap<number, string> = new Map(),
): ViewContext {
  const panels = new Map<string, PerformanceInfo>();
  for (const p of performances) if (!panels.has(p.panelKey)) panels.set(p.panelKey, p);
  return {
    clock: scope.clock,
    local: localTimes(scope.clock),
    stages,
    performances: new Map(performances.map((p) => [p.entryId, p])),
    panels,
    references,
    locale: scope.locale,
  };
}

function stageName(stages: readonly StageWithWindows[], stageId: number, locale: Locale): string {
  const s = stages.find((x) => x.id === stageId);
  return s ? localized(s, "name", locale) || `#${stageId}` : `#${stageId}`;
}

function nominationName(p: PerformanceInfo, locale: Locale): string {
  return localized({ name_kk: p.nomination_kk, name_ru: p.nomination_ru, name_en: p.nomination_en }, "name", locale);
}

function panelName(ctx: ViewContext, panelKey: string): string {
  const p = ctx.panels.get(panelKey);
  if (!p) return panelKey;
  const nomination = nominationName(p, ctx.locale);
  return p.ageGroup ? `${nomination}, ${p.ageGroup.min}–${p.ageGroup.max}` : nomination;
}

export function conflictView(c: Conflict, ctx: ViewContext): ConflictView {
  const [a, b] = c.entryIds.map((id) => entryLabel(ctx.performances.get(id), id));
  const vars: Record<string, string | number> = { a: a ?? "", b: b ?? "" };
  const childNames = (ids: number[]) => {
    const names = new Set<string>();
    for (const id of c.entryIds) {
      const p = ctx.performances.get(id);
      p?.memberIds.forEach((m, i) => ids.includes(m) && names.add(p.performers[i] ?? `#${m}`));
    }
    return [...names].join(", ");
  };
  const stage = (id: number) => stageName(ctx.stages, id, ctx.locale);
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
      Object.assign(vars, { stage: stage(c.params.stageId), from: clockText(ctx.clock, c.params.unavailableFrom) });
      break;
    case "over_time":
      Object.assign(vars, {
        stage: stage(c.params.stageId),
        end: clockText(ctx.clock, c.params.end),
        stageEnd: clockText(ctx.clock, c.params.stageEnd),
      });
      break;
    case "double_booking":
      if (c.params.gapMinutes < 0) key = "double_booking_overlap";
      Object.assign(vars, {
        stage: stage(c.params.stageId),
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
        panel: panelName(ctx, c.params.panelKey),
        stages: c.params.stageIds.map(stage).join(", "),
      });
      break;
    case "panel_interleaved":
      Object.assign(vars, { panel: panelName(ctx, c.params.panelKey), stage: stage(c.params.stageId) });
      break;
  }
  return { key, vars };
}

export function unplacedView(u: Unplaced, ctx: ViewContext): UnplacedView {
  const entry = entryLabel(ctx.performances.get(u.entryId), u.entryId);
  const vars: Record<string, string | number> = { entry };
  if (u.reason === "invalid_duration") vars.durationMinutes = u.params.durationMinutes;
  if (u.reason === "too_long_for_any_window") Object.assign(vars, u.params);
  if (u.reason === "child_gap") vars.stage = stageName(ctx.stages, u.params.stageId, ctx.locale);
  return { entryId: u.entryId, reason: u.reason, vars };
}

/**
 * Every confirmed entry the draft has no slot for, checked now, in the order of the performances:
 * with the generator's reason when it reported one, otherwise as not in this draft. Entries reported
 * then but no longer confirmed drop out. `views` puts a stretch of the list into words.
 */
export function missingFromDraft(
  slots: readonly Slot[],
  reported: readonly Unplaced[],
  ctx: ViewContext,
): { count: number; views: (from: number, to: number) => UnplacedView[] } {
  const inDraft = new Set(slots.map((s) => s.entryId));
  const reasons = new Map<number, Unplaced>();
  for (const u of reported) if (!reasons.has(u.entryId)) reasons.set(u.entryId, u);
  const missing = [...ctx.performances.values()].filter((p) => !inDraft.has(p.entryId));
  return {
    count: missing.length,
    views: (from, to) =>
      missing.slice(from, to).map((p) => {
        const known = reasons.get(p.entryId);
        return known
          ? unplacedView(known, ctx)
          : { entryId: p.entryId, reason: "not_in_draft" as const, vars: { entry: entryLabel(p, p.entryId) } };
      }),
  };
}

export function slotView(s: Slot, ctx: ViewContext): SlotView {
  const p = ctx.performances.get(s.entryId);
  const start = ctx.local(s.start);
  return {
    entryId: s.entryId,
    stageId: s.stageId,
    date: start.date,
    time: start.time,
    endTime: ctx.local(s.end).time,
    label: entryLabel(p, s.entryId),
    panelKey: p?.panelKey ?? "",
    nomination: p ? nominationName(p, ctx.locale) : "",
    ageGroup: p?.ageGroup ?? null,
  };
}

export function candidateView(s: NumberedSlot, ctx: ViewContext): SlotCandidateView {
  const { entryId, date, time, label } = slotView(s, ctx);
  const reference = ctx.references.get(entryId) ?? "";
  return {
    position: s.position,
    entryId,
    date,
    time,
    stage: stageName(ctx.stages, s.stageId, ctx.locale),
    label,
    reference,
  };
}
