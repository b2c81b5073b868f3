// The independent checker: everything wrong with a set of slots, typically after hand edits. It
// shares only the availability arithmetic (grid.ts) with the generator, so a generator bug shows up
// here rather than being repeated.

import { isOnGrid, rangeAt, stageAvailability } from "./grid";
import {
  changeoverAfter,
  type PerformanceInput,
  resolveOptions,
  type ScheduleOptions,
  type Slot,
  type StageInput,
} from "./types";

/**
 * Something wrong with the slots, with the entries involved and what the UI needs to say exactly
 * what: ids and minutes, never text. Pairs list the earlier slot first.
 */
export type Conflict =
  /** The slot's entry is not among the round's performances. */
  | { code: "unknown_entry"; entryIds: [number]; params: Record<string, never> }
  /** The entry has more than one slot. */
  | { code: "duplicate_slot"; entryIds: [number]; params: { slots: number } }
  | { code: "unknown_stage"; entryIds: [number]; params: { stageId: number } }
  /** A start or end that is not a whole minute. */
  | { code: "off_grid"; entryIds: [number]; params: { start: number; end: number } }
  /** The slot is shorter than the performance (its duration changed, or the slot was resized). */
  | { code: "slot_too_short"; entryIds: [number]; params: { slotMinutes: number; durationMinutes: number } }
  /** Part of the slot falls outside the stage's windows or in a break, from `unavailableFrom` on. */
  | {
      code: "stage_unavailable";
      entryIds: [number];
      params: { stageId: number; start: number; end: number; unavailableFrom: number };
    }
  /** The slot ends after the stage's last window. */
  | { code: "over_time"; entryIds: [number]; params: { stageId: number; end: number; stageEnd: number } }
  /** Two slots on one stage closer than the changeover after the first; a negative gap is an overlap. */
  | {
      code: "double_booking";
      entryIds: [number, number];
      params: { stageId: number; gapMinutes: number; changeoverMinutes: number };
    }
  /** Children on two stages (or in two entries) at once. */
  | { code: "child_overlap"; entryIds: [number, number]; params: { childIds: number[]; overlapMinutes: number } }
  /** Children with less than the minimum gap between the end of one performance and the next. */
  | {
      code: "gap_too_short";
      entryIds: [number, number];
      params: { childIds: number[]; gapMinutes: number; minGapMinutes: number };
    }
  /** One panel's entries on several stages: the jury cannot sit at all of them. */
  | { code: "panel_split"; entryIds: number[]; params: { panelKey: string; stageIds: number[] } }
  /** Other panels' entries placed inside a panel's block on its stage (the jury would sit through them). */
  | { code: "panel_interleaved"; entryIds: number[]; params: { panelKey: string; stageId: number } };

export type ConflictCode = Conflict["code"];

/**
 * Every conflict in `slots`, in a fixed order (per-slot problems by entry, then double bookings,
 * children's clashes and panel problems, each by time), whatever the order of `slots`.
 */
export function findConflicts(
  slots: readonly Slot[],
  performances: readonly PerformanceInput[],
  stages: readonly StageInput[],
  options?: ScheduleOptions,
): Conflict[] {
  const resolved = resolveOptions(options);
  const { minGapMinutes } = resolved;
  const performanceById = new Map<number, PerformanceInput>();
  for (const p of performances) if (!performanceById.has(p.entryId)) performanceById.set(p.entryId, p);
  const stageOrder = new Map<number, number>();
  const availability = new Map(
    stages.map((s, i) => {
      if (stageOrder.has(s.id)) throw new RangeError(`Stage ${s.id} is listed twice`);
      stageOrder.set(s.id, i);
      return [s.id, stageAvailability(s)] as const;
    }),
  );
  const sorted = [...slots].sort(
    (a, b) => a.start - b.start || a.end - b.end || a.entryId - b.entryId || a.stageId - b.stageId,
  );
  return [
    ...slotProblems(sorted, performanceById, availability),
    ...doubleBookings(sorted, (slot) => changeoverAfter(performanceById.get(slot.entryId), resolved)),
    ...childClashes(sorted, performanceById, minGapMinutes),
    ...panelProblems(sorted, performanceById, stageOrder),
  ];
}

function slotProblems(
  sorted: readonly Slot[],
  performanceById: ReadonlyMap<number, PerformanceInput>,
  availability: ReadonlyMap<number, ReturnType<typeof stageAvailability>>,
): Conflict[] {
  const conflicts: Conflict[] = [];
  const count = new Map<number, number>();
  for (const slot of sorted) count.set(slot.entryId, (count.get(slot.entryId) ?? 0) + 1);
  const byEntry = [...sorted].sort((a, b) => a.entryId - b.entryId || a.start - b.start || a.stageId - b.stageId);
  let previousEntry: number | null = null;
  for (const slot of byEntry) {
    const entryIds: [number] = [slot.entryId];
    const performance = performanceById.get(slot.entryId);
    if (slot.entryId !== previousEntry) {
      if (!performance) conflicts.push({ code: "unknown_entry", entryIds, params: {} });
      const slots = count.get(slot.entryId)!;
      if (slots > 1) conflicts.push({ code: "duplicate_slot", entryIds, params: { slots } });
    }
    previousEntry = slot.entryId;
    if (!isOnGrid(slot.start) || !isOnGrid(slot.end)) {
      conflicts.push({ code: "off_grid", entryIds, params: { start: slot.start, end: slot.end } });
    }
    if (performance && slot.end - slot.start < performance.durationMinutes) {
      conflicts.push({
        code: "slot_too_short",
        entryIds,
        params: { slotMinutes: slot.end - slot.start, durationMinutes: performance.durationMinutes },
      });
    }
    const available = availability.get(slot.stageId);
    if (!available) {
      conflicts.push({ code: "unknown_stage", entryIds, params: { stageId: slot.stageId } });
      continue;
    }
    const stageEnd = available[available.length - 1]?.end;
    if (stageEnd !== undefined && slot.end > stageEnd) {
      conflicts.push({ code: "over_time", entryIds, params: { stageId: slot.stageId, end: slot.end, stageEnd } });
      continue;
    }
    const range = rangeAt(available, slot.start);
    if (!range || slot.end > range.end) {
      conflicts.push({
        code: "stage_unavailable",
        entryIds,
        params: {
          stageId: slot.stageId,
          start: slot.start,
          end: slot.end,
          unavailableFrom: range ? range.end : slot.start,
        },
      });
    }
  }
  return conflicts;
}

/** Pairs (i < j in start order) closer than `minDistance`; slots sorted by start, so the scan stops early. */
function closePairs(slots: readonly Slot[], minDistance: number, visit: (a: Slot, b: Slot) => void): void {
  for (let i = 0; i < slots.length; i++) {
    const a = slots[i]!;
    for (let j = i + 1; j < slots.length && slots[j]!.start < a.end + minDistance; j++) visit(a, slots[j]!);
  }
}

function doubleBookings(sorted: readonly Slot[], changeoverAfterSlot: (slot: Slot) => number): Conflict[] {
  const conflicts: Conflict[] = [];
  const longest = Math.max(0, ...sorted.map(changeoverAfterSlot));
  for (const [stageId, slots] of groupBy(sorted, (s) => s.stageId)) {
    closePairs(slots, longest, (a, b) => {
      const changeoverMinutes = changeoverAfterSlot(a);
      if (b.start >= a.end + changeoverMinutes) return;
      conflicts.push({
        code: "double_booking",
        entryIds: [a.entryId, b.entryId],
        params: { stageId, gapMinutes: b.start - a.end, changeoverMinutes },
      });
    });
  }
  return sortPairs(conflicts, sorted);
}

function childClashes(
  sorted: readonly Slot[],
  performanceById: ReadonlyMap<number, PerformanceInput>,
  minGapMinutes: number,
): Conflict[] {
  const slotsByChild = new Map<number, Slot[]>();
  for (const slot of sorted) {
    for (const child of new Set(performanceById.get(slot.entryId)?.memberIds ?? [])) {
      const list = slotsByChild.get(child);
      if (list) list.push(slot);
      else slotsByChild.set(child, [slot]);
    }
  }
  // One conflict per pair of slots, naming every child the two share.
  const pairs = new Map<Slot, Map<Slot, number[]>>();
  for (const [child, slots] of [...slotsByChild].sort((a, b) => a[0] - b[0])) {
    closePairs(slots, minGapMinutes, (a, b) => {
      if (a.entryId === b.entryId) return; // the same entry twice is a duplicate_slot
      let withA = pairs.get(a);
      if (!withA) pairs.set(a, (withA = new Map()));
      const children = withA.get(b);
      if (children) children.push(child);
      else withA.set(b, [child]);
    });
  }
  const conflicts: Conflict[] = [];
  for (const [a, withA] of pairs) {
    for (const [b, childIds] of withA) {
      const gapMinutes = b.start - a.end;
      conflicts.push(
        gapMinutes < 0
          ? {
              code: "child_overlap",
              entryIds: [a.entryId, b.entryId],
              params: { childIds, overlapMinutes: Math.min(a.end, b.end) - b.start },
            }
          : {
              code: "gap_too_short",
              entryIds: [a.entryId, b.entryId],
              params: { childIds, gapMinutes, minGapMinutes },
            },
      );
    }
  }
  return sortPairs(conflicts, sorted);
}

function panelProblems(
  sorted: readonly Slot[],
  performanceById: ReadonlyMap<number, PerformanceInput>,
  stageOrder: ReadonlyMap<number, number>,
): Conflict[] {
  const conflicts: Conflict[] = [];
  const byPanel = groupBy(
    sorted.filter((s) => performanceById.has(s.entryId)),
    (s) => performanceById.get(s.entryId)!.panelKey,
  );
  for (const [panelKey, slots] of byPanel) {
    const stageIds = [...new Set(slots.map((s) => s.stageId))];
    if (stageIds.length > 1) {
      const rank = (id: number) => stageOrder.get(id) ?? Number.POSITIVE_INFINITY;
      stageIds.sort((a, b) => rank(a) - rank(b) || a - b);
      conflicts.push({
        code: "panel_split",
        entryIds: [...new Set(slots.map((s) => s.entryId))],
        params: { panelKey, stageIds },
      });
    }
  }
  for (const [stageId, slots] of groupBy(sorted, (s) => s.stageId)) {
    const panelOf = (s: Slot) => performanceById.get(s.entryId)?.panelKey;
    const last = new Map<string, number>();
    slots.forEach((s, i) => {
      const key = panelOf(s);
      if (key !== undefined) last.set(key, i);
    });
    const reported = new Set<string>();
    slots.forEach((s, first) => {
      const panelKey = panelOf(s);
      if (panelKey === undefined || reported.has(panelKey)) return;
      reported.add(panelKey);
      const intruders = slots.slice(first, last.get(panelKey)! + 1).filter((other) => panelOf(other) !== panelKey);
      if (intruders.length > 0) {
        conflicts.push({
          code: "panel_interleaved",
          entryIds: intruders.map((o) => o.entryId),
          params: { panelKey, stageId },
        });
      }
    });
  }
  return conflicts;
}

/** Groups in order of first appearance, keeping the input order inside each group. */
function groupBy<K, T>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Pair conflicts in the order of their earlier slot, then their later one. */
function sortPairs(conflicts: Conflict[], sorted: readonly Slot[]): Conflict[] {
  const position = new Map<number, number>();
  sorted.forEach((s, i) => {
    if (!position.has(s.entryId)) position.set(s.entryId, i);
  });
  const at = (id: number | undefined) => position.get(id!)!;
  return conflicts.sort((a, b) => at(a.entryIds[0]) - at(b.entryIds[0]) || at(a.entryIds[1]) - at(b.entryIds[1]));
}
