import type { ScheduleVersionOptions } from "#db/types";
import { type Locale, localized } from "~/domain/locale";
import { type Conflict, findConflicts, type Slot, type Unplaced } from "~/domain/schedule";

import { eventHeading } from "../events/events.server";
import { eventRounds } from "../events/rounds.server";
import type { DB } from "../platform/db.server";
import { loadPerformances, type PerformanceInfo } from "./performances.server";
import {
  clockText,
  minutesToLocal,
  type RoundClock,
  type RoundScope,
  roundScopeOf,
  toMinutes,
} from "./schedule-clock.server";
import { conflictRules, droppedEntries, loadSlots, storedUnplaced, versionOf } from "./schedule-versions.server";
import { listStages, stageInputs, type StageWithWindows } from "./stages.server";

/*
 * The organiser's running-order editor as the page shows it: stages, the draft with its conflicts
 * and the entries it lacks, and the published version, everything as text and ids.
 */

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

/**
 * The organiser's schedule page: the event, its rounds, and the editor for the asked round (the
 * first when none is asked). Null when the asked round is not the event's.
 */
export async function scheduleEditorPage(
  db: DB,
  { eventId, askedRoundId, locale }: { eventId: number; askedRoundId: number | undefined | null; locale: Locale },
) {
  const event = (await eventHeading(db, eventId))!;
  const rounds = (await eventRounds(db, eventId)).map(({ id, position, kind }) => ({ id, position, kind }));
  const base = { event: { id: event.id, slug: event.slug, title: localized(event, "title", locale) }, rounds };
  if (rounds.length === 0) return { ...base, roundId: null, editor: null };
  const roundId = askedRoundId === null ? rounds[0]?.id : askedRoundId;
  const scope = await roundScopeOf(db, { eventId, roundId, locale });
  if (!scope) return null;
  return { ...base, roundId: scope.roundId, editor: await loadScheduleEditor(db, scope) };
}
