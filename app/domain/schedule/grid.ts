import type { StageInput, TimeRange } from "./types";

/**
 * Every start, end and stage window sits on this grid: whole minutes. The printed programme shows
 * exact minutes (a 3-minute solo takes 3 minutes, followed by a 1-minute changeover), which a coarser
 * grid would waste: 2,000 short performances did not fit a festival's stages on a 5-minute grid.
 */
export const GRID_MINUTES = 1;

// `+ 0` turns -0 (Math.ceil(-0.4)) into 0, so equal schedules compare equal everywhere.
export function ceilToGrid(minutes: number): number {
  return Math.ceil(minutes / GRID_MINUTES) * GRID_MINUTES + 0;
}

export function floorToGrid(minutes: number): number {
  return Math.floor(minutes / GRID_MINUTES) * GRID_MINUTES + 0;
}

export function isOnGrid(minutes: number): boolean {
  return Number.isInteger(minutes) && minutes % GRID_MINUTES === 0;
}

/** Sorted, disjoint ranges; touching or overlapping ones merged, empty ones dropped. */
function union(ranges: readonly TimeRange[]): TimeRange[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: TimeRange[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ start: r.start, end: r.end });
  }
  return merged;
}

function assertFinite(stageId: number, ranges: readonly TimeRange[]): void {
  for (const r of ranges) {
    if (!Number.isFinite(r.start) || !Number.isFinite(r.end)) {
      throw new RangeError(`Stage ${stageId} has a window or break that is not a finite range of minutes`);
    }
  }
}

/**
 * When a stage can hold performances: its windows minus its breaks, on the grid. Windows shrink
 * to whole minutes (10:00:30 opens at 10:01) and breaks grow to them: the
 * result is exact for grid-aligned slots, which are the only ones the generator makes.
 * Sorted and disjoint; touching windows merge, so a performance may run across their seam.
 */
export function stageAvailability(stage: Pick<StageInput, "id" | "windows" | "breaks">): TimeRange[] {
  assertFinite(stage.id, stage.windows);
  assertFinite(stage.id, stage.breaks ?? []);
  const windows = union(stage.windows).map((w) => ({ start: ceilToGrid(w.start), end: floorToGrid(w.end) }));
  const breaks = union((stage.breaks ?? []).map((b) => ({ start: floorToGrid(b.start), end: ceilToGrid(b.end) })));
  const free: TimeRange[] = [];
  let b = 0;
  for (const w of windows) {
    let start = w.start;
    while (b < breaks.length && breaks[b]!.end <= start) b++;
    for (let i = b; i < breaks.length && breaks[i]!.start < w.end; i++) {
      const brk = breaks[i]!;
      if (brk.start > start) free.push({ start, end: brk.start });
      start = Math.max(start, brk.end);
    }
    if (w.end > start) free.push({ start, end: w.end });
  }
  return free.filter((r) => r.end > r.start);
}

/** Index of the first range that ends after `minute` (binary search), or ranges.length. */
function firstEndingAfter(ranges: readonly TimeRange[], minute: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ranges[mid]!.end <= minute) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The earliest whole-minute start ≥ `from` where `duration` minutes fit inside one available range, or null. */
export function firstFit(available: readonly TimeRange[], from: number, duration: number): number | null {
  const earliest = ceilToGrid(from);
  for (let i = firstEndingAfter(available, earliest); i < available.length; i++) {
    const range = available[i]!;
    const start = Math.max(earliest, range.start);
    if (start + duration <= range.end) return start;
  }
  return null;
}

/** The available range holding `minute`, or null. */
export function rangeAt(available: readonly TimeRange[], minute: number): TimeRange | null {
  const range = available[firstEndingAfter(available, minute)];
  return range && range.start <= minute ? range : null;
}

/** How many available minutes lie in [from, to). */
export function availableMinutesWithin(available: readonly TimeRange[], from: number, to: number): number {
  let total = 0;
  for (let i = firstEndingAfter(available, from); i < available.length && available[i]!.start < to; i++) {
    const range = available[i]!;
    total += Math.min(to, range.end) - Math.max(from, range.start);
  }
  return total;
}
