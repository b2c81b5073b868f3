import type { ScheduleVersionOptions } from "#db/types";
import { type Locale, localized } from "~/domain/locale";
import {
  type Conflict,
  findConflicts,
  type NumberedSlot,
  numberingStamp,
  parseSlotQuery,
  type Slot,
  type Unplaced,
} from "~/domain/schedule";

import { eventHeading } from "../events/events.server";
import { eventRounds } from "../events/rounds.server";
import type { DB } from "../platform/db.server";
import { loadPerformances, type PerformanceInfo } from "./performances.server";
import {
  clockText,
  localTimes,
  type RoundClock,
  type RoundScope,
  roundScopeOf,
  toMinutes,
} from "./schedule-clock.server";
import { conflictRules, droppedEntries, loadSlots, storedUnplaced, versionOf } from "./schedule-versions.server";
import { factsOf, lookUpSlot, numberVersion, referencesOf } from "./slot-numbers.server";
import { listStages, stageInputs, type StageWithWindows } from "./stages.server";

/*
 * The organiser's running-order editor as the page shows it: stages, the draft with its conflicts
 * and the entries it lacks, and the published version, everything as text and ids. A round may have
 * thousands of slots, so the page shows one stage's day at a time, a page at a time, and everything
 * it lists besides (conflicts, unplaced and dropped entries) is counted and capped or paged.
 */

/** Slots on one page of a stage's day (each carries its own move and swap forms, about 2.5 KB). */
export const SLOTS_PER_PAGE = 50;
/** Conflicts listed at the top; the rest are counted, and each is shown by its slot. */
export const CONFLICTS_SHOWN = 50;
/** Entries the draft lacks, listed a page at a time, each with a form to place it. */
export const UNPLACED_PER_PAGE = 50;
/** Published entries the draft lacks, named before publishing; the rest are counted. */
export const DROPPED_SHOWN = 100;

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

function slotView(s: Slot, ctx: ViewContext): SlotView {
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

const sectionKey = (date: string, stageId: number) => `${date}/${stageId}`;
const pageCount = (total: number, size: number) => Math.max(1, Math.ceil(total / size));
const clampPage = (page: number | undefined, pages: number) => Math.min(Math.max(page ?? 1, 1), pages);

/**
 * The stage's day and page to show: the one holding the slot asked for by number or found by a
 * search, else the asked day and stage (the first day with slots, and its first stage with slots,
 * when not asked or not there).
 */
function chooseView(
  numbered: readonly NumberedSlot[],
  sections: ReadonlyMap<string, SectionView & { offset: number }>,
  days: string[],
  stages: readonly StageWithWindows[],
  asked: EditorViewQuery,
  target: NumberedSlot | undefined,
): EditorView | null {
  if (days.length === 0 || stages.length === 0) return null;
  const view = (date: string, stageId: number, index: number | null, page?: number): EditorView => {
    const section = sections.get(sectionKey(date, stageId));
    const total = section?.slots ?? 0;
    const pages = pageCount(total, SLOTS_PER_PAGE);
    const current = index === null ? clampPage(page, pages) : Math.floor(index / SLOTS_PER_PAGE) + 1;
    return {
      days,
      date,
      stageId,
      page: current,
      pages,
      offset: (current - 1) * SLOTS_PER_PAGE,
      total,
      highlight: index === null ? null : (target?.entryId ?? null),
    };
  };
  if (target) {
    const section = sections.get(sectionKey(target.date, target.stageId))!;
    return view(target.date, target.stageId, target.position - 1 - section.offset);
  }
  const date = asked.day && days.includes(asked.day) ? asked.day : (numbered[0]?.date ?? days[0]!);
  const stageId =
    asked.stageId && stages.some((s) => s.id === asked.stageId)
      ? asked.stageId
      : (stages.find((s) => sections.has(sectionKey(date, s.id)))?.id ?? stages[0]!.id);
  return view(date, stageId, null, asked.page);
}

/** The whole editor for a round: stages, one stage's day of the draft with its conflicts, and the published version. */
export async function loadScheduleEditor(db: DB, scope: RoundScope, asked: EditorViewQuery = {}) {
  const [stages, performances, draft, published, references] = await Promise.all([
    listStages(db, scope.roundId, scope.clock),
    loadPerformances(db, scope.eventId, scope.roundId),
    versionOf(db, scope.roundId, "draft"),
    versionOf(db, scope.roundId, "published"),
    referencesOf(db, scope.eventId),
  ]);
  const draftSlots = draft ? await loadSlots(db, draft.id, scope.clock) : [];
  const publishedSlots = published ? await loadSlots(db, published.id, scope.clock) : [];
  const ctx = viewContext(scope, stages, performances, references);
  const conflicts = draft
    ? findConflicts(draftSlots, performances, stageInputs(stages, scope.locale), conflictRules(draft.options))
    : [];

  // The draft leads the page (the published version when there is no draft): its numbers, its stages' days.
  const numbered = numberVersion(draft ? draftSlots : publishedSlots, stages, scope.clock);
  const byEntry = new Map<number, NumberedSlot>();
  for (const s of numbered) if (!byEntry.has(s.entryId)) byEntry.set(s.entryId, s);
  const sections = new Map<string, SectionView & { offset: number }>();
  numbered.forEach((s, i) => {
    const key = sectionKey(s.date, s.stageId);
    const section = sections.get(key);
    if (section) section.slots++;
    else sections.set(key, { date: s.date, stageId: s.stageId, slots: 1, conflicts: 0, offset: i });
  });
  const conflictsOf = new Map<number, number[]>();
  conflicts.forEach((c, i) => {
    const touched = new Set<string>();
    for (const id of new Set(c.entryIds)) {
      const list = conflictsOf.get(id);
      if (list) list.push(i);
      else conflictsOf.set(id, [i]);
      const s = byEntry.get(id);
      if (s) touched.add(sectionKey(s.date, s.stageId));
    }
    for (const key of touched) sections.get(key)!.conflicts++;
  });
  const days = [
    ...new Set([
      ...numbered.map((s) => s.date),
      ...stages.flatMap((s) => s.windows.map((w) => ctx.local(w.start).date)),
    ]),
  ].sort();

  // A number or a search from the page's "find" box: one slot opens its page, several are listed.
  let target = asked.at ? numbered[asked.at - 1] : undefined;
  let find: FindView | null = null;
  const query = asked.find ? parseSlotQuery(asked.find) : null;
  if (query) {
    const found = lookUpSlot(numbered, query, factsOf(performances, references), null);
    if (found.status === "found") target = found.slot;
    else
      find = {
        query: asked.find!.trim(),
        count: found.status === "many" ? found.count : 0,
        matches: found.status === "many" ? found.slots.map((s) => candidateView(s, ctx)) : [],
      };
  }
  const view = chooseView(numbered, sections, days, stages, asked, target);
  const section = view ? sections.get(sectionKey(view.date, view.stageId)) : undefined;
  const onPage =
    section && view
      ? numbered.slice(section.offset, section.offset + section.slots).slice(view.offset, view.offset + SLOTS_PER_PAGE)
      : [];

  const conflictViews = new Map<number, ConflictView>();
  const conflictAt = (i: number) => {
    let v = conflictViews.get(i);
    if (!v) conflictViews.set(i, (v = conflictView(conflicts[i]!, ctx)));
    return v;
  };
  const missing = missingFromDraft(draftSlots, draft ? storedUnplaced(draft.options) : [], ctx);
  const unplacedPages = pageCount(missing.count, UNPLACED_PER_PAGE);
  const unplacedPage = clampPage(asked.unplacedPage, unplacedPages);
  const dropped = draft ? droppedEntries(publishedSlots, draftSlots, performances) : [];
  const options: ScheduleVersionOptions = draft?.options ?? {};
  const publishedSection =
    view && published
      ? publishedSlots
          .filter((s) => ctx.local(s.start).date === view.date && s.stageId === view.stageId)
          .sort((a, b) => a.start - b.start || a.entryId - b.entryId)
      : [];
  return {
    // The choices the draft was made with, to generate the next one alike; its report is shown below.
    draftOptions: {
      changeoverMinutes: options.changeoverMinutes,
      minGapMinutes: options.minGapMinutes,
      ageOrder: options.ageOrder,
    },
    stages: stages.map((s): EditorStageView => ({
      id: s.id,
      name: localized(s, "name", scope.locale),
      nameKk: s.name_kk,
      nameRu: s.name_ru,
      nameEn: s.name_en,
      venue: s.venue,
      windows: s.windows.map((w) => ({
        id: w.id,
        kind: w.kind,
        date: ctx.local(w.start).date,
        from: ctx.local(w.start).time,
        to: ctx.local(w.end).time,
      })),
    })),
    performances: performances.length,
    view,
    sections: [...sections.values()].map(({ date, stageId, slots, conflicts }) => ({
      date,
      stageId,
      slots,
      conflicts,
    })),
    find,
    draft: draft
      ? {
          id: draft.id,
          placed: draftSlots.length,
          // Sent back with a running-order number, so a number read before a renumbering is not misread.
          stamp: numberingStamp(numbered),
          slots: onPage.map((s): DraftSlotView => ({
            ...slotView(s, ctx),
            position: s.position,
            reference: references.get(s.entryId) ?? "",
            conflicts: (conflictsOf.get(s.entryId) ?? []).map(conflictAt),
          })),
          conflictCount: conflicts.length,
          conflicts: conflicts.slice(0, CONFLICTS_SHOWN).map((c, i): ConflictSummaryView => {
            const first = byEntry.get(c.entryIds[0]!);
            return { ...conflictAt(i), at: first ? { position: first.position, entryId: first.entryId } : null };
          }),
          unplacedCount: missing.count,
          unplacedPage,
          unplacedPages,
          unplacedOffset: (unplacedPage - 1) * UNPLACED_PER_PAGE,
          unplaced: missing.views((unplacedPage - 1) * UNPLACED_PER_PAGE, unplacedPage * UNPLACED_PER_PAGE),
          // Published, still confirmed, and not in the draft: publishing tells these families.
          droppedCount: dropped.length,
          dropped: dropped.slice(0, DROPPED_SHOWN).map((id) => entryLabel(ctx.performances.get(id), id)),
        }
      : null,
    published: published
      ? {
          id: published.id,
          publishedAt: published.published_at
            ? clockText(scope.clock, toMinutes(scope.clock, published.published_at))
            : "",
          placed: publishedSlots.length,
          // The same stage's day and page as the draft above, to compare.
          total: publishedSection.length,
          offset: view?.offset ?? 0,
          slots: publishedSection
            .slice(view?.offset ?? 0, (view?.offset ?? 0) + SLOTS_PER_PAGE)
            .map((s) => slotView(s, ctx)),
        }
      : null,
  };
}

/**
 * The organiser's schedule page: the event, its rounds, and the editor for the asked round (the
 * first when none is asked) at the asked stage's day and page. Null when the asked round is not the event's.
 */
export async function scheduleEditorPage(
  db: DB,
  {
    eventId,
    askedRoundId,
    locale,
    view = {},
  }: { eventId: number; askedRoundId: number | undefined | null; locale: Locale; view?: EditorViewQuery },
) {
  const event = (await eventHeading(db, eventId))!;
  const rounds = (await eventRounds(db, eventId)).map(({ id, position, kind }) => ({ id, position, kind }));
  const base = { event: { id: event.id, slug: event.slug, title: localized(event, "title", locale) }, rounds };
  if (rounds.length === 0) return { ...base, roundId: null, editor: null };
  const roundId = askedRoundId === null ? rounds[0]?.id : askedRoundId;
  const scope = await roundScopeOf(db, { eventId, roundId, locale });
  if (!scope) return null;
  return { ...base, roundId: scope.roundId, editor: await loadScheduleEditor(db, scope, view) };
}
