import { describe, expect, it } from "vitest";

import { findSlots, numberingStamp, numberSlots, parseSlotQuery, type SlotFacts } from "./numbering";
import type { Slot } from "./types";

const slot = (entryId: number, stageId: number, start: number): Slot => ({ entryId, stageId, start, end: start + 5 });
const dayOf = (minutes: number) => `2026-12-${String(10 + Math.floor(minutes / 1440)).padStart(2, "0")}`;

// Two days; the stages are listed small (2) before main (1).
const slots = [slot(11, 1, 600), slot(12, 2, 610), slot(13, 2, 600), slot(14, 1, 1440 + 600), slot(15, 3, 620)];
const facts: Record<number, SlotFacts> = {
  11: { reference: "SH26-AAAAAA", title: "Aldi", performers: ["Aruzhan Sadykova"] },
  12: { reference: "SH26-BBBBBB", title: "Koktem", performers: ["Dias Omarov"] },
  13: { reference: "SH26-CCCCCC", title: "Dos", performers: ["Aruzhan Sadykova", "Timur Kim"] },
  14: { reference: "SH26-DDDDDD", title: "Zhuldyz", performers: ["Timur Kim"] },
  15: { reference: "SH26-EEEEEE", title: "Aldi-ai", performers: ["Dana Li"] },
};

describe("numberSlots", () => {
  it("numbers day by day, stage by stage in the given order (unlisted stages last), then by start", () => {
    const numbered = numberSlots(slots, [2, 1], dayOf);
    expect(numbered.map((s) => [s.position, s.entryId, s.date])).toEqual([
      [1, 13, "2026-12-10"],
      [2, 12, "2026-12-10"],
      [3, 11, "2026-12-10"],
      [4, 15, "2026-12-10"],
      [5, 14, "2026-12-11"],
    ]);
  });

  it("gives a stamp that changes when the numbers change, not when a slot moves within its number", () => {
    const stamp = numberingStamp(numberSlots(slots, [2, 1], dayOf));
    expect(numberingStamp(numberSlots([...slots].reverse(), [2, 1], dayOf))).toBe(stamp);
    expect(numberingStamp(numberSlots(slots, [1, 2], dayOf))).not.toBe(stamp);
    const later = slots.map((s) => (s.entryId === 14 ? slot(14, 1, 1440 + 700) : s));
    expect(numberingStamp(numberSlots(later, [2, 1], dayOf))).toBe(stamp);
  });
});

describe("findSlots", () => {
  const numbered = numberSlots(slots, [2, 1], dayOf);
  const find = (raw: string) => findSlots(numbered, (id) => facts[id], parseSlotQuery(raw)!).map((s) => s.entryId);

  it("reads a number with or without a sign", () => {
    expect(["3", "#3", " № 3 ", "no. 3"].map(find)).toEqual([[11], [11], [11], [11]]);
    expect(find("6")).toEqual([]);
    expect(find("0")).toEqual([]);
  });

  it("finds by reference code exactly, or by every word in the title, performers and reference", () => {
    expect(find("sh26-aaaaaa")).toEqual([11]);
    expect(find("aruzhan")).toEqual([13, 11]);
    expect(find("Sadykova  timur")).toEqual([13]);
    expect(find("aldi")).toEqual([11, 15]);
    expect(find("nobody")).toEqual([]);
  });

  it("ignores an empty query", () => {
    expect(parseSlotQuery("  ")).toBeNull();
  });
});
