// The running-order generator: places a round's performances on stages and times.
//
// Strategy (greedy list scheduling; deterministic; at worst stages × Σ block size² earliest-start
// searches, close to linear in practice: 2,000 performances on 6 stages take milliseconds):
// 1. Performances are grouped into panel blocks (same panelKey: one jury). Blocks are ordered by the
//    organiser's `blockOrder`, then by nomination in the order nominations first appear in the
//    input, then younger age groups first (smallest ageMin), then by first appearance.
// 2. Blocks are taken in that order; each is appended, whole, to one stage. Every stage gets a trial
//    placement; the block goes where the most of its performances fit and, among those, where it
//    finishes earliest, which balances the stages (ties: the stage listed first). A panel with a
//    `preferredStage` is tried on that stage only (binding: the jury and its equipment are there).
//    Since blocks are only ever appended, every stage runs its blocks in the global order and a
//    block's performances are consecutive on its stage; a block may pause over a break or overnight.
// 3. Inside a block, the next performance is the remaining one that can start earliest, ties going
//    to the one listed first. So performances keep their given order unless a child's gap would
//    idle the stage: then a later performance of the same block moves up, and the stage waits only
//    when no performance of the block can start yet. A short performance may likewise move up to
//    use the minutes left before a break that the next one does not fit in.
// 4. A performance's earliest start respects the stage's availability (windows minus breaks), the
//    changeover after the previous performance on the stage (its own `changeoverAfterMinutes`, or the
//    round's), and, for every child in it, the gap
//    after (and before) each of that child's performances already placed on any stage.
// Whatever cannot be placed is reported in `unplaced` with a reason; nothing is dropped.
//
// Times are whole minutes: a 2.5-minute song takes a 3-minute slot. The changeover needs no stage
// time: it may fall in a break or overnight.

import { availableMinutesWithin, ceilToGrid, firstFit, stageAvailability } from "./grid";
import {
  changeoverAfter,
  type PerformanceInput,
  type ResolvedOptions,
  resolveOptions,
  type ScheduleInput,
  type Slot,
  type TimeRange,
} from "./types";

export type Unplaced =
  | { entryId: number; reason: "invalid_duration"; params: { durationMinutes: number } }
  | { entryId: number; reason: "duplicate_entry"; params: Record<string, never> }
  /** The panel's preferred stage is not among the stages. */
  | { entryId: number; reason: "unknown_stage"; params: { stageId: number } }
  /** Longer, on the grid, than any stretch of availability of any stage the panel may use. */
  | {
      entryId: number;
      reason: "too_long_for_any_window";
      params: { durationMinutes: number; longestWindowMinutes: number };
    }
  /** The panel's stage has no time left for it (null: no stage has any availability at all). */
  | { entryId: number; reason: "no_stage_time"; params: { stageId: number | null } }
  /** The stage had time, but never far enough from these children's other performances. */
  | { entryId: number; reason: "child_gap"; params: { stageId: number; childIds: number[] } };

export type UnplacedReason = Unplaced["reason"];

export interface StageStats {
  stageId: number;
  performances: number;
  firstStart: number | null;
  /** The stage's makespan: when its last performance ends (null when it has none). */
  lastEnd: number | null;
  /** Sum of the performance durations (rounded up to whole minutes). */
  performanceMinutes: number;
  /**
   * Available minutes between firstStart and lastEnd that hold neither a performance nor the
   * changeover after one: time a better order could have used.
   */
  idleMinutes: number;
}

export interface ScheduleStats {
  stagesUsed: number;
  /** When the last performance on any stage ends (null when nothing was placed). */
  makespan: number | null;
  /** One entry per input stage, in input order. */
  stages: StageStats[];
}

export interface ScheduleResult {
  /** Ordered by stage (input order), then start. */
  slots: Slot[];
  /** In input order. */
  unplaced: Unplaced[];
  stats: ScheduleStats;
}

interface Performance {
  index: number;
  entryId: number;
  duration: number;
  /** The changeover the stage needs after it. */
  changeover: number;
  memberIds: number[];
}

interface Block {
  panelKey: string;
  performances: Performance[];
}

interface Stage {
  index: number;
  id: number;
  available: TimeRange[];
  longest: number;
}

/** A child's performances, placed or being tried. */
type Busy = Map<number, TimeRange[]>;

/**
 * The order in which panel blocks are scheduled: the organiser's `blockOrder` first (keys with no
 * performance are skipped), then by nomination in order of first appearance in `performances`, then
 * younger age groups first (smallest ageMin in the block), then by the block's first appearance.
 */
export function orderPanels(performances: readonly PerformanceInput[], blockOrder: readonly string[] = []): string[] {
  const nominationRank = new Map<number, number>();
  const panels = new Map<string, { nominationRank: number; ageMin: number; firstSeen: number }>();
  performances.forEach((p, index) => {
    if (!nominationRank.has(p.nominationId)) nominationRank.set(p.nominationId, nominationRank.size);
    const panel = panels.get(p.panelKey);
    if (panel) panel.ageMin = Math.min(panel.ageMin, p.ageMin);
    else
      panels.set(p.panelKey, {
        nominationRank: nominationRank.get(p.nominationId)!,
        ageMin: p.ageMin,
        firstSeen: index,
      });
  });
  const organiserRank = new Map<string, number>();
  for (const key of blockOrder) if (!organiserRank.has(key)) organiserRank.set(key, organiserRank.size);
  // Unlisted panels share the rank organiserRank.size, so they fall through to the default order.
  const rank = (key: string) => organiserRank.get(key) ?? organiserRank.size;
  return [...panels.keys()].sort((a, b) => {
    const pa = panels.get(a)!;
    const pb = panels.get(b)!;
    return (
      rank(a) - rank(b) || pa.nominationRank - pb.nominationRank || pa.ageMin - pb.ageMin || pa.firstSeen - pb.firstSeen
    );
  });
}

/** Places every performance it can; see the strategy at the top of this file. */
export function scheduleRunningOrder(input: ScheduleInput): ScheduleResult {
  const options = resolveOptions(input.options);
  const stages = prepareStages(input);
  const stageById = new Map(stages.map((s) => [s.id, s]));
  const unplaced: { index: number; item: Unplaced }[] = [];
  const reject = (p: { index: number }, item: Unplaced) => unplaced.push({ index: p.index, item });

  const blocks = new Map<string, Block>();
  const seen = new Set<number>();
  input.performances.forEach((p, index) => {
    if (seen.has(p.entryId)) return reject({ index }, { entryId: p.entryId, reason: "duplicate_entry", params: {} });
    seen.add(p.entryId);
    if (!Number.isFinite(p.durationMinutes) || p.durationMinutes <= 0) {
      return reject(
        { index },
        { entryId: p.entryId, reason: "invalid_duration", params: { durationMinutes: p.durationMinutes } },
      );
    }
    const changeover = changeoverAfter(p, options);
    if (!Number.isFinite(changeover) || changeover < 0) {
      throw new RangeError(`changeoverAfterMinutes of entry ${p.entryId} must be a number ≥ 0, got ${changeover}`);
    }
    let block = blocks.get(p.panelKey);
    if (!block) blocks.set(p.panelKey, (block = { panelKey: p.panelKey, performances: [] }));
    block.performances.push({
      index,
      entryId: p.entryId,
      duration: ceilToGrid(p.durationMinutes),
      changeover,
      memberIds: [...new Set(p.memberIds)].sort((a, b) => a - b),
    });
  });

  const busy: Busy = new Map();
  const cursors = stages.map(() => Number.NEGATIVE_INFINITY);
  const slotsByStage: Slot[][] = stages.map(() => []);
  const changeoverOf = new Map<number, number>();

  for (const panelKey of orderPanels(input.performances, options.blockOrder)) {
    const block = blocks.get(panelKey);
    if (!block) continue;
    const preferredId = options.preferredStage[panelKey];
    let candidates = stages;
    if (preferredId !== undefined) {
      const preferred = stageById.get(preferredId);
      if (!preferred) {
        for (const p of block.performances)
          reject(p, { entryId: p.entryId, reason: "unknown_stage", params: { stageId: preferredId } });
        continue;
      }
      candidates = [preferred];
    }

    const longest = Math.max(0, ...candidates.map((s) => s.longest));
    const placeable: Performance[] = [];
    for (const p of block.performances) {
      if (longest === 0)
        reject(p, { entryId: p.entryId, reason: "no_stage_time", params: { stageId: preferredId ?? null } });
      else if (p.duration > longest) {
        reject(p, {
          entryId: p.entryId,
          reason: "too_long_for_any_window",
          params: { durationMinutes: p.duration, longestWindowMinutes: longest },
        });
      } else placeable.push(p);
    }
    if (placeable.length === 0) continue;

    let best: Trial | null = null;
    for (const stage of candidates) {
      const trial = tryBlockOnStage(stage, cursors[stage.index]!, placeable, busy, options);
      if (
        !best ||
        trial.failed.length < best.failed.length ||
        (trial.failed.length === best.failed.length && trial.finish < best.finish)
      ) {
        best = trial;
      }
    }
    const chosen = best!;
    for (const f of chosen.failed) reject(f.performance, f.unplaced);
    for (const { performance, start } of chosen.placed) {
      const slot = { entryId: performance.entryId, stageId: chosen.stage.id, start, end: start + performance.duration };
      slotsByStage[chosen.stage.index]!.push(slot);
      changeoverOf.set(performance.entryId, performance.changeover);
      for (const child of performance.memberIds) addBusy(busy, child, slot);
    }
    cursors[chosen.stage.index] = chosen.cursor;
  }

  const slots = slotsByStage.flatMap((stageSlots) => stageSlots.sort((a, b) => a.start - b.start));
  return {
    slots,
    unplaced: unplaced.sort((a, b) => a.index - b.index).map((u) => u.item),
    stats: scheduleStats(stages, slotsByStage, changeoverOf),
  };
}

function prepareStages(input: ScheduleInput): Stage[] {
  const ids = new Set<number>();
  return input.stages.map((stage, index) => {
    if (ids.has(stage.id)) throw new RangeError(`Stage ${stage.id} is listed twice`);
    ids.add(stage.id);
    const available = stageAvailability(stage);
    return { index, id: stage.id, available, longest: Math.max(0, ...available.map((r) => r.end - r.start)) };
  });
}

function addBusy(busy: Busy, child: number, range: TimeRange): void {
  const ranges = busy.get(child);
  if (ranges) ranges.push(range);
  else busy.set(child, [range]);
}

interface Trial {
  stage: Stage;
  placed: { performance: Performance; start: number }[];
  failed: { performance: Performance; unplaced: Unplaced }[];
  /** When the block's last placed performance ends (-∞ when none was placed). */
  finish: number;
  /** The stage's next free start after the block. */
  cursor: number;
}

/** Places the block on `stage` from `cursor` on, without committing anything. */
function tryBlockOnStage(
  stage: Stage,
  cursor: number,
  performances: readonly Performance[],
  busy: Busy,
  options: ResolvedOptions,
): Trial {
  const trial: Trial = { stage, placed: [], failed: [], finish: Number.NEGATIVE_INFINITY, cursor };
  const tentative: Busy = new Map();
  const remaining = [...performances];
  while (remaining.length > 0) {
    // No performance can start before the shortest one fits: reaching that bound ends the search.
    const shortest = Math.min(...remaining.map((p) => p.duration));
    const bound = firstFit(stage.available, trial.cursor, shortest);
    let bestIndex = -1;
    let bestStart = Number.POSITIVE_INFINITY;
    for (let i = 0; i < remaining.length; i++) {
      const performance = remaining[i]!;
      const found = earliestStart(stage, trial.cursor, performance, busy, tentative, options.minGapMinutes);
      if (found.start === null) {
        // Cursors and children's commitments only grow, so a performance that cannot start now never can.
        trial.failed.push({ performance, unplaced: failure(stage, trial.cursor, performance, found.blockers) });
        remaining.splice(i--, 1);
        continue;
      }
      if (found.start < bestStart) {
        bestStart = found.start;
        bestIndex = i;
        if (bestStart === bound) break;
      }
    }
    if (bestIndex < 0) break;
    const [performance] = remaining.splice(bestIndex, 1) as [Performance];
    const end = bestStart + performance.duration;
    trial.placed.push({ performance, start: bestStart });
    for (const child of performance.memberIds) addBusy(tentative, child, { start: bestStart, end });
    trial.finish = end;
    trial.cursor = ceilToGrid(end + performance.changeover);
  }
  return trial;
}

function failure(stage: Stage, cursor: number, performance: Performance, blockers: number[]): Unplaced {
  if (blockers.length === 0 || firstFit(stage.available, cursor, performance.duration) === null) {
    return { entryId: performance.entryId, reason: "no_stage_time", params: { stageId: stage.id } };
  }
  return { entryId: performance.entryId, reason: "child_gap", params: { stageId: stage.id, childIds: blockers } };
}

/**
 * The earliest whole-minute start ≥ `from` where the performance fits in the stage's
 * availability and every child in it is at least `minGap` minutes away from their other
 * performances; null when there is none, with the children who pushed it past the last chance.
 */
function earliestStart(
  stage: Stage,
  from: number,
  performance: Performance,
  busy: Busy,
  tentative: Busy,
  minGap: number,
): { start: number | null; blockers: number[] } {
  const { duration } = performance;
  const blockers = new Set<number>();
  let at = from;
  for (;;) {
    const start = firstFit(stage.available, at, duration);
    if (start === null) return { start: null, blockers: [...blockers].sort((a, b) => a - b) };
    // Any start before `end + minGap` of a clashing performance clashes with it too, so jump past the
    // latest such bound at once.
    let pushedTo = start;
    for (const child of performance.memberIds) {
      for (const ranges of [busy.get(child), tentative.get(child)]) {
        if (!ranges) continue;
        for (const r of ranges) {
          if (start < r.end + minGap && r.start < start + duration + minGap) {
            pushedTo = Math.max(pushedTo, r.end + minGap);
            blockers.add(child);
          }
        }
      }
    }
    if (pushedTo === start) return { start, blockers: [] };
    at = pushedTo;
  }
}

function scheduleStats(
  stages: readonly Stage[],
  slotsByStage: readonly Slot[][],
  changeoverOf: ReadonlyMap<number, number>,
): ScheduleStats {
  const perStage = stages.map((stage): StageStats => {
    const slots = slotsByStage[stage.index]!;
    const first = slots[0];
    const last = slots[slots.length - 1];
    const performanceMinutes = slots.reduce((sum, s) => sum + s.end - s.start, 0);
    if (!first || !last) {
      return {
        stageId: stage.id,
        performances: 0,
        firstStart: null,
        lastEnd: null,
        performanceMinutes,
        idleMinutes: 0,
      };
    }
    let changeover = 0;
    for (let i = 1; i < slots.length; i++) {
      const prev = slots[i - 1]!;
      const prevEnd = prev.end;
      const until = Math.min(slots[i]!.start, ceilToGrid(prevEnd + changeoverOf.get(prev.entryId)!));
      changeover += availableMinutesWithin(stage.available, prevEnd, until);
    }
    const available = availableMinutesWithin(stage.available, first.start, last.end);
    return {
      stageId: stage.id,
      performances: slots.length,
      firstStart: first.start,
      lastEnd: last.end,
      performanceMinutes,
      idleMinutes: available - performanceMinutes - changeover,
    };
  });
  const ends = perStage.flatMap((s) => (s.lastEnd === null ? [] : [s.lastEnd]));
  return {
    stagesUsed: perStage.filter((s) => s.performances > 0).length,
    makespan: ends.length > 0 ? Math.max(...ends) : null,
    stages: perStage,
  };
}
