// Hand edits of a running order. They only move slots: run findConflicts on the result to see what
// the edit broke. Nothing is snapped or repaired here, so the UI shows exactly what the organiser did.

import type { Slot } from "./types";

function indexOfEntry(slots: readonly Slot[], entryId: number): number {
  const index = slots.findIndex((s) => s.entryId === entryId);
  if (index < 0) throw new RangeError(`No slot for entry ${entryId}`);
  if (slots.findIndex((s, i) => i > index && s.entryId === entryId) >= 0) {
    throw new RangeError(`Entry ${entryId} has more than one slot`);
  }
  return index;
}

/** The slots with `entryId`'s slot starting at `to.start` (on `to.stageId`, if given), its length kept. */
export function moveSlot(slots: readonly Slot[], entryId: number, to: { start: number; stageId?: number }): Slot[] {
  const index = indexOfEntry(slots, entryId);
  const slot = slots[index]!;
  const moved = {
    ...slot,
    stageId: to.stageId ?? slot.stageId,
    start: to.start,
    end: to.start + (slot.end - slot.start),
  };
  return slots.map((s, i) => (i === index ? moved : s));
}

/**
 * The slots with two entries' places exchanged, each keeping its length. On one stage they swap
 * running order within the span they occupied: the later one starts where the earlier one started
 * and the earlier one ends where the later one ended, so the gap between them and every other slot
 * stay put (swapping neighbours of different lengths breaks nothing). On two stages, each takes the
 * other's stage and start. Swapping two slots that do not overlap twice gives the original slots back.
 */
export function swapSlots(slots: readonly Slot[], entryIdA: number, entryIdB: number): Slot[] {
  const indexA = indexOfEntry(slots, entryIdA);
  const indexB = indexOfEntry(slots, entryIdB);
  if (indexA === indexB) return [...slots];
  const a = slots[indexA]!;
  const b = slots[indexB]!;
  let movedA: Slot;
  let movedB: Slot;
  if (a.stageId === b.stageId) {
    const aFirst =
      a.start < b.start || (a.start === b.start && (a.end < b.end || (a.end === b.end && a.entryId < b.entryId)));
    const [first, second] = aFirst ? [a, b] : [b, a];
    const newSecond = { ...second, start: first.start, end: first.start + (second.end - second.start) };
    const newFirst = { ...first, start: second.end - (first.end - first.start), end: second.end };
    [movedA, movedB] = aFirst ? [newFirst, newSecond] : [newSecond, newFirst];
  } else {
    movedA = { ...a, stageId: b.stageId, start: b.start, end: b.start + (a.end - a.start) };
    movedB = { ...b, stageId: a.stageId, start: a.start, end: a.start + (b.end - b.start) };
  }
  return slots.map((s, i) => (i === indexA ? movedA : i === indexB ? movedB : s));
}

/**
 * The slots with `entryId`'s slot put at `to.start` on `to.stageId`, its length kept, and the slots
 * from there on on that stage pushed later, each only as far as it must to keep `gapMinutes` after
 * the one before, until a gap absorbs the push: one performance inserted into a running order. Its
 * old place is left empty; whatever the push breaks (a break, the stage's closing) findConflicts shows.
 */
export function insertSlot(
  slots: readonly Slot[],
  entryId: number,
  to: { start: number; stageId: number },
  gapMinutes: number,
): Slot[] {
  const index = indexOfEntry(slots, entryId);
  const slot = slots[index]!;
  const inserted = { ...slot, stageId: to.stageId, start: to.start, end: to.start + (slot.end - slot.start) };
  const result = slots.map((s, i) => (i === index ? inserted : s));
  const after = result
    .map((s, i) => ({ s, i }))
    .filter(({ s, i }) => i !== index && s.stageId === to.stageId && s.start >= to.start)
    .sort((a, b) => a.s.start - b.s.start || a.s.end - b.s.end || a.s.entryId - b.s.entryId);
  let free = inserted.end + gapMinutes;
  for (const { s, i } of after) {
    if (s.start >= free) break;
    result[i] = { ...s, start: free, end: free + (s.end - s.start) };
    free = result[i]!.end + gapMinutes;
  }
  return result;
}
