import { describe, expect, it } from "vitest";

import { findConflicts } from "./conflicts";
import { insertSlot, moveSlot, swapSlots } from "./edits";
import { panelKeyOf, type PerformanceInput, type Slot, type StageInput } from "./types";

const ARUZHAN = 7;
const DANA = 8;

function performance(
  entryId: number,
  { nomination = 1, minutes = 5, members = [1000 + entryId] } = {},
): PerformanceInput {
  return {
    entryId,
    nominationId: nomination,
    ageGroupId: 1,
    ageMin: 7,
    durationMinutes: minutes,
    memberIds: members,
    panelKey: panelKeyOf(nomination, 1),
  };
}

// Day one: 10:00–13:00 and 14:00–19:00 on both stages, with a 16:00–16:30 break on the small stage.
const STAGES: StageInput[] = [
  {
    id: 1,
    name: "Main",
    windows: [
      { start: 600, end: 780 },
      { start: 840, end: 1140 },
    ],
  },
  {
    id: 2,
    name: "Small",
    windows: [
      { start: 600, end: 780 },
      { start: 840, end: 1140 },
    ],
    breaks: [{ start: 960, end: 990 }],
  },
];

const slot = (entryId: number, stageId: number, start: number, minutes = 5): Slot => ({
  entryId,
  stageId,
  start,
  end: start + minutes,
});

describe("findConflicts", () => {
  it("finds nothing wrong in a clean running order", () => {
    const performances = [
      performance(1, { members: [ARUZHAN] }),
      performance(2),
      performance(3, { nomination: 2, members: [ARUZHAN] }),
    ];
    const slots = [slot(1, 1, 600), slot(2, 1, 610), slot(3, 2, 620)];
    expect(findConflicts(slots, performances, STAGES)).toEqual([]);
  });

  it("reports two slots on one stage closer than the changeover as a double booking", () => {
    const performances = [performance(1), performance(2), performance(3, { minutes: 3 })];
    const slots = [slot(1, 1, 600), slot(2, 1, 605), slot(3, 1, 612, 3)];
    expect(findConflicts(slots, performances, STAGES)).toEqual([
      { code: "double_booking", entryIds: [1, 2], params: { stageId: 1, gapMinutes: 0, changeoverMinutes: 5 } },
      { code: "double_booking", entryIds: [2, 3], params: { stageId: 1, gapMinutes: 2, changeoverMinutes: 5 } },
    ]);
  });

  it("reports a start or end that is not a whole minute", () => {
    const slots = [slot(1, 1, 612.5, 3)];
    expect(findConflicts(slots, [performance(1, { minutes: 3 })], STAGES)).toEqual([
      { code: "off_grid", entryIds: [1], params: { start: 612.5, end: 615.5 } },
    ]);
  });

  it("holds each slot to the changeover after its own performance", () => {
    const performances = [
      { ...performance(1), changeoverAfterMinutes: 1 },
      { ...performance(2), changeoverAfterMinutes: 3 },
      performance(3),
    ];
    // 1 minute after the solo is enough; 2 after the ensemble is not.
    const slots = [slot(1, 1, 600), slot(2, 1, 606), slot(3, 1, 613)];
    expect(findConflicts(slots, performances, STAGES, { changeoverMinutes: 10 })).toEqual([
      { code: "double_booking", entryIds: [2, 3], params: { stageId: 1, gapMinutes: 2, changeoverMinutes: 3 } },
    ]);
  });

  it("reports overlapping slots with a negative gap, and honours a custom changeover", () => {
    const performances = [performance(1, { minutes: 20 }), performance(2)];
    const slots = [slot(1, 1, 600, 20), slot(2, 1, 610)];
    expect(findConflicts(slots, performances, STAGES, { changeoverMinutes: 0 })).toEqual([
      { code: "double_booking", entryIds: [1, 2], params: { stageId: 1, gapMinutes: -10, changeoverMinutes: 0 } },
    ]);
    expect(
      findConflicts([slot(1, 1, 600, 20), slot(2, 1, 620)], performances, STAGES, { changeoverMinutes: 0 }),
    ).toEqual([]);
  });

  it("reports a child on two stages at once, naming every child the two entries share", () => {
    const performances = [
      performance(1, { members: [DANA, ARUZHAN] }),
      performance(2, { nomination: 2, minutes: 10, members: [ARUZHAN, DANA, 9] }),
    ];
    expect(findConflicts([slot(1, 1, 600), slot(2, 2, 600, 10)], performances, STAGES)).toEqual([
      { code: "child_overlap", entryIds: [1, 2], params: { childIds: [ARUZHAN, DANA], overlapMinutes: 5 } },
    ]);
  });

  it("reports a gap shorter than the minimum, with the child and the gap in minutes", () => {
    const performances = [
      performance(1, { members: [ARUZHAN] }),
      performance(2, { nomination: 2, members: [ARUZHAN] }),
    ];
    const slots = [slot(2, 2, 615), slot(1, 1, 600)];
    expect(findConflicts(slots, performances, STAGES)).toEqual([
      { code: "gap_too_short", entryIds: [1, 2], params: { childIds: [ARUZHAN], gapMinutes: 10, minGapMinutes: 15 } },
    ]);
    expect(findConflicts(slots, performances, STAGES, { minGapMinutes: 10 })).toEqual([]);
  });

  it("reports a slot outside the windows or in a break, from the first unavailable minute", () => {
    const performances = [
      performance(1, { minutes: 10 }),
      performance(2),
      performance(3, { nomination: 2, minutes: 10 }),
    ];
    const slots = [slot(1, 1, 775, 10), slot(2, 1, 800), slot(3, 2, 955, 10)];
    expect(findConflicts(slots, performances, STAGES)).toEqual([
      { code: "stage_unavailable", entryIds: [1], params: { stageId: 1, start: 775, end: 785, unavailableFrom: 780 } },
      { code: "stage_unavailable", entryIds: [2], params: { stageId: 1, start: 800, end: 805, unavailableFrom: 800 } },
      { code: "stage_unavailable", entryIds: [3], params: { stageId: 2, start: 955, end: 965, unavailableFrom: 960 } },
    ]);
  });

  it("reports a slot running past the stage's last window as over time", () => {
    expect(findConflicts([slot(1, 1, 1135, 10)], [performance(1, { minutes: 10 })], STAGES)).toEqual([
      { code: "over_time", entryIds: [1], params: { stageId: 1, end: 1145, stageEnd: 1140 } },
    ]);
  });

  it("reports a panel spread over several stages and a panel's block broken by another panel", () => {
    const performances = [performance(1), performance(2), performance(3, { nomination: 2 }), performance(4)];
    const slots = [slot(1, 1, 600), slot(3, 1, 610), slot(2, 1, 620), slot(4, 2, 600)];
    expect(findConflicts(slots, performances, STAGES)).toEqual([
      { code: "panel_split", entryIds: [1, 4, 2], params: { panelKey: "1:1", stageIds: [1, 2] } },
      { code: "panel_interleaved", entryIds: [3], params: { panelKey: "1:1", stageId: 1 } },
    ]);
  });

  it("reports slots that do not match the round's entries and stages", () => {
    const performances = [performance(1, { minutes: 7 }), performance(2, { nomination: 2 })];
    const slots = [slot(1, 1, 600), slot(2, 9, 600), slot(3, 1, 700), slot(2, 9, 700)];
    expect(findConflicts(slots, performances, STAGES)).toEqual([
      { code: "slot_too_short", entryIds: [1], params: { slotMinutes: 5, durationMinutes: 7 } },
      { code: "duplicate_slot", entryIds: [2], params: { slots: 2 } },
      { code: "unknown_stage", entryIds: [2], params: { stageId: 9 } },
      { code: "unknown_stage", entryIds: [2], params: { stageId: 9 } },
      { code: "unknown_entry", entryIds: [3], params: {} },
    ]);
  });

  it("gives the same answer whatever the order of the slots", () => {
    const performances = [
      performance(1, { members: [ARUZHAN] }),
      performance(2, { members: [ARUZHAN] }),
      performance(3),
    ];
    const slots = [slot(1, 1, 600), slot(2, 1, 605), slot(3, 2, 1135, 10)];
    expect(findConflicts([...slots].reverse(), performances, STAGES)).toEqual(
      findConflicts(slots, performances, STAGES),
    );
  });
});

describe("moveSlot", () => {
  const slots = [slot(1, 1, 600), slot(2, 1, 610, 10)];

  it("moves a slot in time and to another stage, keeping its length and leaving the input alone", () => {
    expect(moveSlot(slots, 2, { start: 700 })).toEqual([slot(1, 1, 600), slot(2, 1, 700, 10)]);
    expect(moveSlot(slots, 2, { start: 600, stageId: 2 })).toEqual([slot(1, 1, 600), slot(2, 2, 600, 10)]);
    expect(slots).toEqual([slot(1, 1, 600), slot(2, 1, 610, 10)]);
  });

  it("then lets findConflicts show what the move broke", () => {
    const performances = [performance(1), performance(2, { minutes: 10 })];
    expect(findConflicts(moveSlot(slots, 2, { start: 600 }), performances, STAGES).map((c) => c.code)).toEqual([
      "double_booking",
    ]);
  });

  it("throws for an entry without exactly one slot", () => {
    expect(() => moveSlot(slots, 3, { start: 600 })).toThrow(RangeError);
    expect(() => moveSlot([...slots, slot(1, 2, 700)], 1, { start: 600 })).toThrow(RangeError);
  });
});

describe("swapSlots", () => {
  it("swaps running order on one stage within the span the two occupied", () => {
    const slots = [slot(1, 1, 600, 10), slot(2, 1, 615), slot(3, 1, 625)];
    const swapped = swapSlots(slots, 1, 2);
    expect(swapped).toEqual([slot(1, 1, 610, 10), slot(2, 1, 600), slot(3, 1, 625)]);
    expect(findConflicts(swapped, [performance(1, { minutes: 10 }), performance(2), performance(3)], STAGES)).toEqual(
      [],
    );
    expect(swapSlots(swapped, 2, 1)).toEqual(slots);
  });

  it("exchanges stage and start between two stages", () => {
    const slots = [slot(1, 1, 600, 10), slot(2, 2, 700)];
    expect(swapSlots(slots, 2, 1)).toEqual([slot(1, 2, 700, 10), slot(2, 1, 600)]);
  });

  it("returns a copy when an entry is swapped with itself", () => {
    const slots = [slot(1, 1, 600)];
    expect(swapSlots(slots, 1, 1)).toEqual(slots);
  });
});

describe("insertSlot", () => {
  // Main stage: 1 at 10:00, 2 at 10:10, 3 at 10:20, then a gap, 4 at 11:00; 5 on the small stage.
  const slots = [slot(1, 1, 600), slot(2, 1, 610), slot(3, 1, 620), slot(4, 1, 660), slot(5, 2, 600, 10)];

  it("puts a slot before another and pushes the ones after it only as far as the changeover needs", () => {
    expect(insertSlot(slots, 5, { stageId: 1, start: 610 }, 5)).toEqual([
      slot(1, 1, 600),
      slot(2, 1, 625),
      slot(3, 1, 635),
      slot(4, 1, 660),
      slot(5, 1, 610, 10),
    ]);
    expect(slots[4]).toEqual(slot(5, 2, 600, 10));
  });

  it("stops at the first gap wide enough, and leaves the slot's old place empty", () => {
    expect(insertSlot(slots, 1, { stageId: 1, start: 630 }, 5)).toEqual([
      slot(1, 1, 630),
      slot(2, 1, 610),
      slot(3, 1, 620),
      slot(4, 1, 660),
      slot(5, 2, 600, 10),
    ]);
  });

  it("pushes as far as it must, across what was a gap and into the lunch break, and findConflicts says so", () => {
    const pushed = insertSlot(slots, 5, { stageId: 1, start: 600 }, 45);
    expect(pushed).toEqual([slot(1, 1, 655), slot(2, 1, 705), slot(3, 1, 755), slot(4, 1, 805), slot(5, 1, 600, 10)]);
    expect(
      findConflicts(
        pushed,
        [1, 2, 3, 4].map((id) => performance(id)).concat(performance(5, { minutes: 10 })),
        STAGES,
      ).map((c) => c.code),
    ).toEqual(["stage_unavailable"]);
  });

  it("throws for an entry without exactly one slot", () => {
    expect(() => insertSlot(slots, 9, { stageId: 1, start: 600 }, 5)).toThrow(RangeError);
  });
});
