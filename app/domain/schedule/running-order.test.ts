import { describe, expect, it } from "vitest";

import { findConflicts } from "./conflicts";
import { orderPanels, scheduleRunningOrder } from "./running-order";
import { panelKeyOf, type PerformanceInput, type ScheduleOptions, type StageInput } from "./types";

/** Minutes since the first day's midnight: at("10:00") = 600, at("10:00", 1) = the second day's 10:00. */
function at(clock: string, day = 0): number {
  const [h, m] = clock.split(":").map(Number) as [number, number];
  return day * 1440 + h * 60 + m;
}

const AGE_MIN: Record<number, number> = { 1: 7, 2: 11, 3: 15 };

function performance(
  entryId: number,
  {
    nomination = 1,
    ageGroup = 1,
    minutes = 5,
    members = [1000 + entryId],
  }: { nomination?: number; ageGroup?: number; minutes?: number; members?: number[] } = {},
): PerformanceInput {
  return {
    entryId,
    nominationId: nomination,
    ageGroupId: ageGroup,
    ageMin: AGE_MIN[ageGroup] ?? 0,
    durationMinutes: minutes,
    memberIds: members,
    panelKey: panelKeyOf(nomination, ageGroup),
  };
}

function stage(id: number, windows: [string, string][], breaks: [string, string][] = []): StageInput {
  const range = ([start, end]: [string, string]) => ({ start: at(start), end: at(end) });
  return { id, name: `Stage ${id}`, windows: windows.map(range), breaks: breaks.map(range) };
}

const MAIN = stage(1, [["10:00", "13:00"]]);
const SMALL = stage(2, [["10:00", "13:00"]]);

function schedule(stages: StageInput[], performances: PerformanceInput[], options?: ScheduleOptions) {
  const result = scheduleRunningOrder({ stages, performances, options });
  expect(findConflicts(result.slots, performances, stages, options)).toEqual([]);
  return result;
}

const startsOf = (result: ReturnType<typeof schedule>) => result.slots.map((s) => [s.entryId, s.start]);

describe("scheduleRunningOrder", () => {
  it("runs a block back to back from the window's start, each performance followed by the changeover", () => {
    const result = schedule(
      [MAIN],
      [performance(1, { minutes: 3 }), performance(2, { minutes: 5 }), performance(3, { minutes: 7 })],
    );
    // Exact minutes: a 3-minute song takes 3 minutes, not a 5-minute slot.
    expect(result.slots).toEqual([
      { entryId: 1, stageId: 1, start: at("10:00"), end: at("10:03") },
      { entryId: 2, stageId: 1, start: at("10:08"), end: at("10:13") },
      { entryId: 3, stageId: 1, start: at("10:18"), end: at("10:25") },
    ]);
    expect(result.unplaced).toEqual([]);
  });

  it("starts on the exact minute a window opens, and rounds a fractional duration up to a whole minute", () => {
    const result = schedule(
      [{ id: 1, name: "Hall", windows: [{ start: at("10:02"), end: at("11:00") }] }],
      [performance(1, { minutes: 2.5 })],
    );
    expect(result.slots[0]).toMatchObject({ start: at("10:02"), end: at("10:05") });
  });

  it("leaves each performance's own changeover after it: 1 minute after a solo, 3 after an ensemble", () => {
    const performances = [
      { ...performance(1, { minutes: 3 }), changeoverAfterMinutes: 1 },
      { ...performance(2, { minutes: 5, members: [1, 2, 3, 4] }), changeoverAfterMinutes: 3 },
      { ...performance(3, { minutes: 2 }), changeoverAfterMinutes: 1 },
    ];
    const result = schedule([MAIN], performances, { changeoverMinutes: 10 });
    expect(startsOf(result)).toEqual([
      [1, at("10:00")],
      [2, at("10:04")],
      [3, at("10:12")],
    ]);
  });

  it("gives a child in two nominations the minimum gap by moving a later performance of the block up", () => {
    const ARUZHAN = 7;
    const performances = [
      performance(1, { nomination: 1, members: [ARUZHAN] }),
      performance(2, { nomination: 1 }),
      performance(3, { nomination: 2, members: [ARUZHAN] }),
      performance(4, { nomination: 2 }),
      performance(5, { nomination: 2 }),
    ];
    const result = schedule([MAIN, SMALL], performances);
    // Aruzhan sings 10:00–10:05 on the main stage; her second entry waits until 10:20 on the small one.
    expect(startsOf(result)).toEqual([
      [1, at("10:00")],
      [2, at("10:10")],
      [4, at("10:00")],
      [5, at("10:10")],
      [3, at("10:20")],
    ]);
  });

  it("lets the stage wait when no performance of the block can start yet", () => {
    const ARUZHAN = 7;
    // The main stage is busy until 10:20; the small one waits for Aruzhan's gap and is still sooner.
    const result = schedule(
      [MAIN, SMALL],
      [
        performance(1, { nomination: 1, members: [ARUZHAN] }),
        performance(2, { nomination: 1, minutes: 10 }),
        performance(3, { nomination: 2, members: [ARUZHAN] }),
      ],
    );
    expect(result.slots.find((s) => s.entryId === 3)).toEqual({
      entryId: 3,
      stageId: 2,
      start: at("10:20"),
      end: at("10:25"),
    });
  });

  it("uses a custom gap and changeover", () => {
    const ARUZHAN = 7;
    const result = schedule([MAIN], [performance(1, { members: [ARUZHAN] }), performance(2, { members: [ARUZHAN] })], {
      changeoverMinutes: 0,
      minGapMinutes: 30,
    });
    expect(startsOf(result)).toEqual([
      [1, at("10:00")],
      [2, at("10:35")],
    ]);
  });

  it("respects a lunch break, given as an explicit break or as the gap between two windows", () => {
    const performances = [60, 60, 55, 60].map((minutes, i) => performance(i + 1, { minutes }));
    const withBreak = schedule([stage(1, [["10:00", "19:00"]], [["13:00", "14:00"]])], performances);
    const twoWindows = schedule(
      [
        stage(1, [
          ["10:00", "13:00"],
          ["14:00", "19:00"],
        ]),
      ],
      performances,
    );
    expect(startsOf(withBreak)).toEqual([
      [1, at("10:00")],
      [2, at("11:05")],
      [3, at("14:00")],
      [4, at("15:00")],
    ]);
    expect(twoWindows).toEqual(withBreak);
  });

  it("fills the minutes before a break with a shorter performance of the same block", () => {
    const result = schedule(
      [
        stage(1, [
          ["10:00", "11:00"],
          ["12:00", "13:00"],
        ]),
      ],
      [performance(1, { minutes: 40 }), performance(2, { minutes: 30 }), performance(3, { minutes: 10 })],
    );
    expect(startsOf(result)).toEqual([
      [1, at("10:00")],
      [3, at("10:45")],
      [2, at("12:00")],
    ]);
  });

  it("keeps a panel's block on one stage even when another stage is free", () => {
    const performances = Array.from({ length: 12 }, (_, i) => performance(i + 1));
    const result = schedule([MAIN, SMALL], performances);
    expect(new Set(result.slots.map((s) => s.stageId))).toEqual(new Set([1]));
    expect(result.stats.stagesUsed).toBe(1);
  });

  it("spreads blocks over the stages, each to the stage where it finishes earliest", () => {
    const performances = [
      ...[1, 2, 3, 4].map((id) => performance(id, { nomination: 1, minutes: 20 })),
      ...[5, 6].map((id) => performance(id, { nomination: 2, minutes: 20 })),
      ...[7, 8].map((id) => performance(id, { nomination: 3, minutes: 20 })),
    ];
    const result = schedule([MAIN, SMALL], performances);
    const stageOf = (entryId: number) => result.slots.find((s) => s.entryId === entryId)?.stageId;
    expect([1, 2, 3, 4].map(stageOf)).toEqual([1, 1, 1, 1]);
    expect([5, 6].map(stageOf)).toEqual([2, 2]);
    // Nomination 2 ends at 10:45 on the small stage, before the main stage's 11:35: nomination 3 follows it there.
    expect([7, 8].map(stageOf)).toEqual([2, 2]);
    expect(result.stats.makespan).toBe(at("11:35"));
  });

  it("schedules nominations in the order given and younger age groups first inside each", () => {
    const performances = [
      performance(1, { nomination: 20, ageGroup: 3 }),
      performance(2, { nomination: 10, ageGroup: 2 }),
      performance(3, { nomination: 20, ageGroup: 1 }),
      performance(4, { nomination: 10, ageGroup: 1 }),
      performance(5, { nomination: 20, ageGroup: 2 }),
    ];
    expect(orderPanels(performances)).toEqual(["20:1", "20:2", "20:3", "10:1", "10:2"]);
    const result = schedule([MAIN], performances);
    expect(result.slots.map((s) => s.entryId)).toEqual([3, 5, 1, 4, 2]);
  });

  it("follows the organiser's block order, then the default order for blocks it leaves out", () => {
    const performances = [
      performance(1, { nomination: 1, ageGroup: 1 }),
      performance(2, { nomination: 1, ageGroup: 2 }),
      performance(3, { nomination: 2, ageGroup: 1 }),
      performance(4, { nomination: 2, ageGroup: 2 }),
    ];
    const blockOrder = ["2:2", "unknown", "1:2", "2:2"];
    expect(orderPanels(performances, blockOrder)).toEqual(["2:2", "1:2", "1:1", "2:1"]);
    const result = schedule([MAIN], performances, { blockOrder });
    expect(result.slots.map((s) => s.entryId)).toEqual([4, 2, 1, 3]);
  });

  it("places a panel on its preferred stage", () => {
    const performances = [performance(1, { nomination: 1 }), performance(2, { nomination: 2 })];
    const result = schedule([MAIN, SMALL], performances, { preferredStage: { "2:1": 1 } });
    expect(result.slots.map((s) => [s.entryId, s.stageId, s.start])).toEqual([
      [1, 1, at("10:00")],
      [2, 1, at("10:10")],
    ]);
  });

  describe("reports what it cannot place, with the reason", () => {
    it("a performance longer than every window", () => {
      const result = schedule(
        [stage(1, [["10:00", "10:45"]]), stage(2, [["10:00", "10:30"]])],
        [performance(1, { minutes: 46 }), performance(2, { minutes: 45 })],
      );
      expect(result.unplaced).toEqual([
        { entryId: 1, reason: "too_long_for_any_window", params: { durationMinutes: 46, longestWindowMinutes: 45 } },
      ]);
      expect(result.slots.map((s) => s.entryId)).toEqual([2]);
    });

    it("performances that no longer fit on the panel's stage", () => {
      const performances = [1, 2, 3, 4].map((id) => performance(id, { minutes: 10 }));
      const result = schedule([stage(1, [["10:00", "10:45"]])], performances);
      expect(result.slots.map((s) => s.entryId)).toEqual([1, 2, 3]);
      expect(result.unplaced).toEqual([{ entryId: 4, reason: "no_stage_time", params: { stageId: 1 } }]);
    });

    it("a child's second performance when the stage closes before the gap is over", () => {
      const ARUZHAN = 7;
      const result = schedule(
        [stage(1, [["10:00", "10:20"]])],
        [performance(1, { members: [ARUZHAN] }), performance(2, { members: [ARUZHAN, 8] })],
      );
      expect(result.unplaced).toEqual([
        { entryId: 2, reason: "child_gap", params: { stageId: 1, childIds: [ARUZHAN] } },
      ]);
    });

    it("a panel whose preferred stage does not exist or is never open", () => {
      const closed = { id: 3, name: "Closed", windows: [] };
      const result = schedule([MAIN, closed], [performance(1), performance(2, { nomination: 2 })], {
        preferredStage: { "1:1": 99, "2:1": 3 },
      });
      expect(result.unplaced).toEqual([
        { entryId: 1, reason: "unknown_stage", params: { stageId: 99 } },
        { entryId: 2, reason: "no_stage_time", params: { stageId: 3 } },
      ]);
    });

    it("everything, when no stage has any time", () => {
      const result = schedule([{ id: 1, name: "Closed", windows: [] }], [performance(1)]);
      expect(result.unplaced).toEqual([{ entryId: 1, reason: "no_stage_time", params: { stageId: null } }]);
      expect(scheduleRunningOrder({ stages: [], performances: [performance(1)] }).unplaced).toEqual(result.unplaced);
    });

    it("a duplicate entry and a performance without a usable duration, in input order", () => {
      const result = schedule(
        [MAIN],
        [performance(1), performance(2, { minutes: 0 }), performance(1), performance(3, { minutes: Number.NaN })],
      );
      expect(result.slots.map((s) => s.entryId)).toEqual([1]);
      expect(result.unplaced).toEqual([
        { entryId: 2, reason: "invalid_duration", params: { durationMinutes: 0 } },
        { entryId: 1, reason: "duplicate_entry", params: {} },
        { entryId: 3, reason: "invalid_duration", params: { durationMinutes: Number.NaN } },
      ]);
    });
  });

  it("reports each stage's use: performances, makespan and idle minutes", () => {
    const ARUZHAN = 7;
    // Aruzhan's second entry opens the small stage at 10:20, once her gap is over.
    const result = schedule(
      [MAIN, SMALL],
      [
        performance(1, { nomination: 1, members: [ARUZHAN] }),
        performance(2, { nomination: 1, minutes: 10 }),
        performance(3, { nomination: 2, members: [ARUZHAN] }),
      ],
    );
    expect(result.stats).toEqual({
      stagesUsed: 2,
      makespan: at("10:25"),
      stages: [
        {
          stageId: 1,
          performances: 2,
          firstStart: at("10:00"),
          lastEnd: at("10:20"),
          performanceMinutes: 15,
          idleMinutes: 0,
        },
        {
          stageId: 2,
          performances: 1,
          firstStart: at("10:20"),
          lastEnd: at("10:25"),
          performanceMinutes: 5,
          idleMinutes: 0,
        },
      ],
    });
  });

  it("counts time a child's gap leaves unused inside a stage's day as idle", () => {
    const ARUZHAN = 7;
    const result = schedule([MAIN], [performance(1, { members: [ARUZHAN] }), performance(2, { members: [ARUZHAN] })]);
    // 10:00–10:05, changeover to 10:10, then idle until 10:20 for Aruzhan's gap.
    expect(result.stats.stages[0]).toMatchObject({ firstStart: at("10:00"), lastEnd: at("10:25"), idleMinutes: 10 });
  });

  it("spans days: a block pauses overnight and carries on in the next morning's window", () => {
    const twoDays = {
      id: 1,
      name: "Hall",
      windows: [
        { start: at("18:00"), end: at("19:00") },
        { start: at("10:00", 1), end: at("11:00", 1) },
      ],
    };
    const result = schedule(
      [twoDays],
      [1, 2, 3].map((id) => performance(id, { minutes: 25 })),
    );
    expect(startsOf(result)).toEqual([
      [1, at("18:00")],
      [2, at("18:30")],
      [3, at("10:00", 1)],
    ]);
  });

  it("throws on options and stages that are programming errors", () => {
    expect(() =>
      scheduleRunningOrder({ stages: [MAIN], performances: [], options: { changeoverMinutes: -5 } }),
    ).toThrow(RangeError);
    expect(() => scheduleRunningOrder({ stages: [MAIN, MAIN], performances: [] })).toThrow(RangeError);
  });
});
