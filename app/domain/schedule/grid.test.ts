import { describe, expect, it } from "vitest";

import {
  availableMinutesWithin,
  ceilToGrid,
  firstFit,
  floorToGrid,
  isOnGrid,
  rangeAt,
  stageAvailability,
} from "./grid";

describe("the one-minute grid", () => {
  it("rounds durations up to whole minutes and never yields -0", () => {
    expect([1, 5, 6, 10, 0.5, 2.01].map(ceilToGrid)).toEqual([1, 5, 6, 10, 1, 3]);
    expect(Object.is(ceilToGrid(-0.4), 0)).toBe(true);
    expect(Object.is(floorToGrid(-0), 0)).toBe(true);
    expect([0, 5, -10, 3, 5.5].map(isOnGrid)).toEqual([true, true, true, true, false]);
  });
});

describe("stageAvailability", () => {
  it("merges touching and overlapping windows and cuts breaks out of them", () => {
    const stage = {
      id: 1,
      windows: [
        { start: 840, end: 1140 },
        { start: 600, end: 700 },
        { start: 700, end: 780 },
        { start: 650, end: 660 },
      ],
      breaks: [
        { start: 960, end: 990 },
        { start: 1100, end: 1200 },
      ],
    };
    expect(stageAvailability(stage)).toEqual([
      { start: 600, end: 780 },
      { start: 840, end: 960 },
      { start: 990, end: 1100 },
    ]);
  });

  it("keeps windows and breaks to the exact minute, shrinking windows and growing breaks to whole minutes", () => {
    const stage = { id: 1, windows: [{ start: 602, end: 719 }], breaks: [{ start: 652, end: 658 }] };
    expect(stageAvailability(stage)).toEqual([
      { start: 602, end: 652 },
      { start: 658, end: 719 },
    ]);
    const fractional = { id: 1, windows: [{ start: 600.5, end: 700.5 }], breaks: [{ start: 650.5, end: 651.5 }] };
    expect(stageAvailability(fractional)).toEqual([
      { start: 601, end: 650 },
      { start: 652, end: 700 },
    ]);
  });

  it("drops empty windows and windows swallowed by a break", () => {
    const stage = {
      id: 1,
      windows: [
        { start: 600, end: 600 },
        { start: 700, end: 650 },
        { start: 800, end: 830 },
      ],
      breaks: [{ start: 790, end: 840 }],
    };
    expect(stageAvailability(stage)).toEqual([]);
  });

  it("throws on a window that is not a finite range", () => {
    expect(() => stageAvailability({ id: 3, windows: [{ start: 0, end: Number.POSITIVE_INFINITY }] })).toThrow(
      /Stage 3/,
    );
  });
});

describe("availability arithmetic", () => {
  const available = [
    { start: 600, end: 780 },
    { start: 840, end: 1140 },
  ];

  it("finds the first whole-minute start where a duration fits", () => {
    expect(firstFit(available, Number.NEGATIVE_INFINITY, 30)).toBe(600);
    expect(firstFit(available, 751, 20)).toBe(751);
    expect(firstFit(available, 750.2, 20)).toBe(751);
    expect(firstFit(available, 751, 30)).toBe(840);
    expect(firstFit(available, 760, 30)).toBe(840);
    expect(firstFit(available, 600, 181)).toBe(840);
    expect(firstFit(available, 1120, 30)).toBeNull();
  });

  it("finds the range holding a minute and counts available minutes in a span", () => {
    expect(rangeAt(available, 780)).toBeNull();
    expect(rangeAt(available, 779)).toEqual({ start: 600, end: 780 });
    expect(availableMinutesWithin(available, 700, 900)).toBe(80 + 60);
    expect(availableMinutesWithin(available, 0, 2000)).toBe(480);
  });
});
