import { describe, expect, it } from "vitest";

import { findConflicts, scheduleRunningOrder } from "../../app/domain/schedule";
import { makeBenchSchedule, makeOverfullSchedule } from "./schedule-data";

// The bench's figures are only worth reading if its rounds are what they claim to be; the timing is
// left to the bench (this machine is shared), the placing is checked here.
describe("the schedule bench's rounds", () => {
  it("builds the festival round the issue describes", () => {
    const { stages, performances, options } = makeBenchSchedule(1);
    expect(stages).toHaveLength(8);
    expect(performances).toHaveLength(2000);
    const sizes = performances.map((p) => p.memberIds.length);
    expect(sizes.filter((n) => n === 1)).toHaveLength(1000);
    expect(sizes.filter((n) => n === 2)).toHaveLength(500);
    for (const p of performances) {
      const [min, max, changeover] =
        p.memberIds.length === 1 ? [2, 4, 1] : p.memberIds.length === 2 ? [3, 4, 1] : [4, 6, 3];
      expect(p.durationMinutes).toBeGreaterThanOrEqual(min);
      expect(p.durationMinutes).toBeLessThanOrEqual(max);
      expect(p.changeoverAfterMinutes).toBe(changeover);
    }
    const performancesOf = new Map<number, number>();
    for (const p of performances) for (const m of p.memberIds) performancesOf.set(m, (performancesOf.get(m) ?? 0) + 1);
    const busy = [...performancesOf.values()].filter((n) => n > 1);
    expect(busy).toHaveLength(120);
    expect(busy.every((n) => n === 2 || n === 3)).toBe(true);
    expect(options).toMatchObject({ minGapMinutes: 30 });
  });

  it("places all 2,000 performances of the festival round without a conflict, the same way every time", () => {
    for (const seed of [1, 2, 3]) {
      const input = makeBenchSchedule(seed);
      const result = scheduleRunningOrder(input);
      expect(result.unplaced).toEqual([]);
      expect(result.slots).toHaveLength(2000);
      expect(findConflicts(result.slots, input.performances, input.stages, input.options)).toEqual([]);
      if (seed === 1) expect(scheduleRunningOrder(makeBenchSchedule(1))).toEqual(result);
    }
  });

  it("reports what the over-full round leaves out, each with its reason, and places the rest cleanly", () => {
    const input = makeOverfullSchedule(1);
    const result = scheduleRunningOrder(input);
    expect(result.slots.length).toBeGreaterThan(0);
    expect(result.slots.length + result.unplaced.length).toBe(2000);
    expect(new Set(result.unplaced.map((u) => u.reason))).toEqual(new Set(["no_stage_time"]));
    expect(findConflicts(result.slots, input.performances, input.stages, input.options)).toEqual([]);
  });
});
