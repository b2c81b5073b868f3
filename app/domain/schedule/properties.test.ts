// Property tests of the generator against the independent checker, and of the checker itself.

import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { type Conflict, findConflicts } from "./conflicts";
import { moveSlot, swapSlots } from "./edits";
import { ceilToGrid, isOnGrid } from "./grid";
import { orderPanels, scheduleRunningOrder } from "./running-order";
import {
  panelKeyOf,
  type PerformanceInput,
  type ScheduleInput,
  type ScheduleOptions,
  type Slot,
  type StageInput,
} from "./types";

const CHILDREN = 12;
const AGE_MIN = [0, 6, 9, 12];

// Windows start anywhere (not only on the grid) within three days, so snapping is exercised too.
const range = (maxLength: number) =>
  fc
    .record({ start: fc.integer({ min: 0, max: 3 * 1440 }), length: fc.integer({ min: 0, max: maxLength }) })
    .map(({ start, length }) => ({ start, end: start + length }));

const stagesArb: fc.Arbitrary<StageInput[]> = fc
  .array(
    fc.record({ windows: fc.array(range(400), { maxLength: 4 }), breaks: fc.array(range(90), { maxLength: 3 }) }),
    { maxLength: 4 },
  )
  .map((stages) => stages.map((s, i) => ({ id: 10 * (i + 1), name: `Stage ${i + 1}`, ...s })));

const performanceArb = fc.record({
  duplicateOf: fc.option(fc.nat(), { freq: 12 }),
  nomination: fc.integer({ min: 1, max: 4 }),
  ageGroup: fc.integer({ min: 1, max: 3 }),
  duration: fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 60 }), weight: 20 },
    { arbitrary: fc.constantFrom(0, -5, 2.5), weight: 1 },
  ),
  // Duplicates inside one entry's members are allowed on purpose: the generator must cope.
  members: fc.array(fc.integer({ min: 1, max: CHILDREN }), { minLength: 1, maxLength: 4 }),
  // Most performances take the round's changeover; some their own (1 after a solo, 3 after an ensemble).
  changeover: fc.option(fc.integer({ min: 0, max: 8 }), { freq: 2 }),
});

function performancesArb(maxLength: number): fc.Arbitrary<PerformanceInput[]> {
  return fc.array(performanceArb, { maxLength }).map((list) => {
    const ids: number[] = [];
    return list.map((p, i) => {
      const entryId = p.duplicateOf !== null && i > 0 ? ids[p.duplicateOf % i]! : i + 1;
      ids.push(entryId);
      return {
        entryId,
        nominationId: p.nomination,
        ageGroupId: p.ageGroup,
        ageMin: AGE_MIN[p.ageGroup]!,
        durationMinutes: p.duration,
        memberIds: p.members,
        panelKey: panelKeyOf(p.nomination, p.ageGroup),
        ...(p.changeover === null ? {} : { changeoverAfterMinutes: p.changeover }),
      };
    });
  });
}

/** The first performance of each entry id: a later duplicate is reported, never scheduled. */
function byEntry(performances: readonly PerformanceInput[]): Map<number, PerformanceInput> {
  const map = new Map<number, PerformanceInput>();
  for (const p of performances) if (!map.has(p.entryId)) map.set(p.entryId, p);
  return map;
}

const ALL_PANELS = [1, 2, 3, 4].flatMap((n) => [1, 2, 3].map((a) => panelKeyOf(n, a)));

const optionsArb: fc.Arbitrary<ScheduleOptions> = fc.record(
  {
    changeoverMinutes: fc.integer({ min: 0, max: 12 }),
    minGapMinutes: fc.integer({ min: 0, max: 40 }),
    blockOrder: fc.shuffledSubarray(ALL_PANELS),
    // Stage 50 never exists: those panels must be reported, not dropped.
    preferredStage: fc.dictionary(fc.constantFrom(...ALL_PANELS), fc.constantFrom(10, 20, 30, 50), { maxKeys: 3 }),
  },
  { requiredKeys: [] },
);

const inputArb = (maxPerformances: number): fc.Arbitrary<ScheduleInput> =>
  fc.record({ stages: stagesArb, performances: performancesArb(maxPerformances), options: optionsArb });

describe("scheduleRunningOrder, over random rounds", () => {
  it("never produces a conflict the checker can find", () => {
    fc.assert(
      fc.property(inputArb(40), (input) => {
        const { slots } = scheduleRunningOrder(input);
        expect(findConflicts(slots, input.performances, input.stages, input.options)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("places or reports every performance exactly once", () => {
    fc.assert(
      fc.property(inputArb(40), (input) => {
        const { slots, unplaced } = scheduleRunningOrder(input);
        const out = [...slots.map((s) => s.entryId), ...unplaced.map((u) => u.entryId)].sort((a, b) => a - b);
        expect(out).toEqual(input.performances.map((p) => p.entryId).sort((a, b) => a - b));
        expect(new Set(slots.map((s) => s.entryId)).size).toBe(slots.length);
      }),
      { numRuns: 300 },
    );
  });

  it("starts and ends every slot on a whole minute, as long as the duration rounded up to one", () => {
    fc.assert(
      fc.property(inputArb(40), (input) => {
        const performances = byEntry(input.performances);
        for (const slot of scheduleRunningOrder(input).slots) {
          expect(isOnGrid(slot.start) && isOnGrid(slot.end)).toBe(true);
          expect(slot.end - slot.start).toBe(ceilToGrid(performances.get(slot.entryId)!.durationMinutes));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("gives the same result for the same input, however many times and from whatever copy", () => {
    fc.assert(
      fc.property(inputArb(40), (input) => {
        expect(scheduleRunningOrder(structuredClone(input))).toEqual(scheduleRunningOrder(input));
      }),
      { numRuns: 200 },
    );
  });

  it("runs each stage's blocks in the panel order, each block on one stage", () => {
    fc.assert(
      fc.property(inputArb(40), (input) => {
        const rank = new Map(orderPanels(input.performances, input.options?.blockOrder).map((key, i) => [key, i]));
        const performances = byEntry(input.performances);
        const panelOf = (entryId: number) => performances.get(entryId)!.panelKey;
        const stageOfPanel = new Map<string, number>();
        let previous: Slot | null = null;
        for (const slot of scheduleRunningOrder(input).slots) {
          const panel = panelOf(slot.entryId);
          expect(stageOfPanel.get(panel) ?? slot.stageId).toBe(slot.stageId);
          stageOfPanel.set(panel, slot.stageId);
          if (previous && previous.stageId === slot.stageId) {
            expect(rank.get(panel)!).toBeGreaterThanOrEqual(rank.get(panelOf(previous.entryId))!);
          }
          previous = slot;
        }
      }),
      { numRuns: 200 },
    );
  });

  it("only calls a performance too long when it is longer than every window it could use", () => {
    fc.assert(
      fc.property(inputArb(30), (input) => {
        const { unplaced } = scheduleRunningOrder(input);
        for (const u of unplaced) {
          if (u.reason !== "too_long_for_any_window") continue;
          expect(u.params.durationMinutes).toBeGreaterThan(u.params.longestWindowMinutes);
          expect(u.params.longestWindowMinutes).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("places everything when one stage has time for every performance, changeover and gap", () => {
    const validPerformances = performancesArb(40).map((list) =>
      list.map((p, i) => ({
        ...p,
        entryId: i + 1,
        durationMinutes: Math.max(1, Math.ceil(Math.abs(p.durationMinutes))),
      })),
    );
    fc.assert(
      fc.property(
        validPerformances,
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 40 }),
        (performances, changeover, gap) => {
          // With one stage, a child's earlier performances all end before the stage's cursor, so each
          // performance waits at most the gap after its own changeover.
          const needed = performances.reduce(
            (sum, p) => sum + p.durationMinutes + (p.changeoverAfterMinutes ?? changeover) + gap,
            0,
          );
          const stages = [{ id: 1, name: "Hall", windows: [{ start: 600, end: 600 + needed }] }];
          const options = { changeoverMinutes: changeover, minGapMinutes: gap };
          const result = scheduleRunningOrder({ stages, performances, options });
          expect(result.unplaced).toEqual([]);
          expect(findConflicts(result.slots, performances, stages, options)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

// --- the checker ---------------------------------------------------------------------------------

const TWO_STAGES: StageInput[] = [
  { id: 1, name: "Main", windows: [{ start: 0, end: 1440 }] },
  { id: 2, name: "Small", windows: [{ start: 0, end: 1440 }] },
];

/** Random slots on two all-day stages, for random performances sharing children. */
const slotsArb = fc
  .array(
    fc.record({
      stageId: fc.constantFrom(1, 2),
      start: fc.integer({ min: 0, max: 300 }),
      minutes: fc.integer({ min: 1, max: 30 }),
      members: fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }),
      panel: fc.integer({ min: 1, max: 3 }),
      changeover: fc.option(fc.integer({ min: 0, max: 10 }), { freq: 2 }),
    }),
    { maxLength: 12 },
  )
  .map((list) => ({
    slots: list.map((s, i): Slot => ({
      entryId: i + 1,
      stageId: s.stageId,
      start: s.start,
      end: s.start + s.minutes,
    })),
    performances: list.map((s, i): PerformanceInput => ({
      entryId: i + 1,
      nominationId: s.panel,
      ageGroupId: 1,
      ageMin: 7,
      durationMinutes: s.minutes,
      memberIds: s.members,
      panelKey: panelKeyOf(s.panel, 1),
      ...(s.changeover === null ? {} : { changeoverAfterMinutes: s.changeover }),
    })),
  }));

const pairsOf = (conflicts: Conflict[], code: Conflict["code"]) =>
  conflicts
    .filter((c) => c.code === code)
    .map((c) => c.entryIds.join("-"))
    .sort();

describe("findConflicts, over random slots", () => {
  it("finds exactly the pairs a brute-force comparison finds", () => {
    fc.assert(
      fc.property(
        slotsArb,
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 30 }),
        ({ slots, performances }, changeover, gap) => {
          const conflicts = findConflicts(slots, performances, TWO_STAGES, {
            changeoverMinutes: changeover,
            minGapMinutes: gap,
          });
          const expected = {
            double_booking: [] as string[],
            child_overlap: [] as string[],
            gap_too_short: [] as string[],
          };
          const members = (id: number) => performances[id - 1]!.memberIds;
          const changeoverAfter = (id: number) => performances[id - 1]!.changeoverAfterMinutes ?? changeover;
          for (const a of slots) {
            for (const b of slots) {
              const earlier =
                a.start < b.start ||
                (a.start === b.start && (a.end < b.end || (a.end === b.end && a.entryId < b.entryId)));
              if (!earlier) continue;
              const key = `${a.entryId}-${b.entryId}`;
              if (a.stageId === b.stageId && b.start < a.end + changeoverAfter(a.entryId))
                expected.double_booking.push(key);
              if (members(a.entryId).some((m) => members(b.entryId).includes(m))) {
                if (a.start < b.end && b.start < a.end) expected.child_overlap.push(key);
                else if (b.start - a.end < gap) expected.gap_too_short.push(key);
              }
            }
          }
          for (const code of ["double_booking", "child_overlap", "gap_too_short"] as const) {
            expect(pairsOf(conflicts, code)).toEqual(expected[code].sort());
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives the same conflicts whatever the order of the slots", () => {
    const arb = slotsArb.chain((data) =>
      fc.tuple(fc.constant(data), fc.shuffledSubarray(data.slots, { minLength: data.slots.length })),
    );
    fc.assert(
      fc.property(arb, ([{ slots, performances }, shuffled]) => {
        expect(findConflicts(shuffled, performances, TWO_STAGES)).toEqual(
          findConflicts(slots, performances, TWO_STAGES),
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe("editing a generated running order", () => {
  /** A generated round with at least two slots, and two of its slots picked at random. */
  const editArb = inputArb(30)
    .map((input) => ({ input, slots: scheduleRunningOrder(input).slots }))
    .filter(({ slots }) => slots.length >= 2)
    .chain((data) =>
      fc.tuple(fc.constant(data), fc.nat({ max: data.slots.length - 1 }), fc.nat({ max: data.slots.length - 1 })),
    )
    .filter(([, i, j]) => i !== j);

  it("moving a slot onto another's time on its stage always shows a double booking of the two", () => {
    fc.assert(
      fc.property(editArb, ([{ input, slots }, i, j]) => {
        const [moving, target] = [slots[i]!, slots[j]!];
        const edited = moveSlot(slots, moving.entryId, { start: target.start, stageId: target.stageId });
        const conflicts = findConflicts(edited, input.performances, input.stages, input.options);
        const pair = [moving.entryId, target.entryId].sort((a, b) => a - b).join("-");
        expect(
          conflicts.some(
            (c) => c.code === "double_booking" && [...c.entryIds].sort((a, b) => a - b).join("-") === pair,
          ),
        ).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("moving a slot back, or swapping two slots twice, restores the running order", () => {
    fc.assert(
      fc.property(editArb, fc.integer({ min: 0, max: 400 }), ([{ slots }, i, j], minutes) => {
        const slot = slots[i]!;
        const moved = moveSlot(slots, slot.entryId, { start: minutes });
        expect(moveSlot(moved, slot.entryId, { start: slot.start })).toEqual(slots);
        const other = slots[j]!;
        expect(swapSlots(swapSlots(slots, slot.entryId, other.entryId), slot.entryId, other.entryId)).toEqual(slots);
      }),
      { numRuns: 200 },
    );
  });

  it("swapping neighbours of one panel on one stage breaks nothing on the stage", () => {
    fc.assert(
      fc.property(inputArb(30), (input) => {
        const { slots } = scheduleRunningOrder(input);
        const performances = byEntry(input.performances);
        const panelOf = (entryId: number) => performances.get(entryId)!.panelKey;
        for (let k = 1; k < slots.length; k++) {
          const [a, b] = [slots[k - 1]!, slots[k]!];
          if (a.stageId !== b.stageId || panelOf(a.entryId) !== panelOf(b.entryId)) continue;
          // Neighbours that need different changeovers after them may well clash once swapped.
          const changeoverOf = (entryId: number) => performances.get(entryId)!.changeoverAfterMinutes;
          if (changeoverOf(a.entryId) !== changeoverOf(b.entryId)) continue;
          const conflicts = findConflicts(
            swapSlots(slots, a.entryId, b.entryId),
            input.performances,
            input.stages,
            input.options,
          );
          const stageCodes = conflicts
            .map((c) => c.code)
            .filter((c) => ["double_booking", "over_time", "panel_split", "panel_interleaved"].includes(c));
          expect(stageCodes).toEqual([]);
        }
      }),
      { numRuns: 100 },
    );
  });
});
