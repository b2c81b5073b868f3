import type { ScheduleVersionOptions } from "#db/types";
import { type Locale, localized } from "~/domain/locale";
import { findConflicts, type NumberedSlot, numberingStamp, parseSlotQuery, type Slot } from "~/domain/schedule";

import { eventHeading } from "../events/events.server";
import { eventRounds } from "../events/rounds.server";
import type { DB } from "../platform/db.server";
import { entriesWithoutPhotoConsent } from "../registration/photo-consent.server";
import { loadPerformances } from "./performances.server";
import { clockText, type RoundScope, roundScopeOf, toMinutes } from "./schedule-clock.server";
import {
  candidateView,
  type ConflictSummaryView,
  type ConflictView,
  conflictView,
  type DraftSlotView,
  type EditorStageView,
  type EditorView,
  type EditorViewQuery,
  entryLabel,
  type FindView,
  missingFromDraft,
  type SectionView,
  slotView,
  viewContext,
} from "./schedule-editor-views.server";
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
  const publishedPage = publishedSection.slice(view?.offset ?? 0, (view?.offset ?? 0) + SLOTS_PER_PAGE);
  // Which performances on the page must not be filmed: read as the entries table reads consent.
  const withoutConsent = await entriesWithoutPhotoConsent(db, [
    ...onPage.map((s) => s.entryId),
    ...publishedPage.map((s) => s.entryId),
  ]);
  const slotOf = (s: Slot) => ({ ...slotView(s, ctx), noPhotoVideo: withoutConsent.has(s.entryId) });
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
            ...slotOf(s),
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
          slots: publishedPage.map(slotOf),
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
  // The city tells parallel rounds (seventeen regional heats) apart in the round picker.
  const rounds = (await eventRounds(db, eventId)).map(({ id, position, kind, city }) => ({ id, position, kind, city }));
  const base = { event: { id: event.id, slug: event.slug, title: localized(event, "title", locale) }, rounds };
  if (rounds.length === 0) return { ...base, roundId: null, editor: null };
  const roundId = askedRoundId === null ? rounds[0]?.id : askedRoundId;
  const scope = await roundScopeOf(db, { eventId, roundId, locale });
  if (!scope) return null;
  return { ...base, roundId: scope.roundId, editor: await loadScheduleEditor(db, scope, view) };
}
