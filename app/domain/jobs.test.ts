import { describe, expect, test } from "vitest";

import { percentDone, secondsLeft } from "./jobs";

const start = new Date("2026-12-09T10:00:00Z");
const after = (seconds: number) => new Date(start.getTime() + seconds * 1000);

describe("a job's time left", () => {
  test("follows the pace so far", () => {
    expect(secondsLeft({ done: 100, total: 400, startedAt: start }, after(10))).toBe(30);
  });
  test("is unknown before anything is done, or without a total, or while queued", () => {
    expect(secondsLeft({ done: 0, total: 400, startedAt: start }, after(5))).toBeNull();
    expect(secondsLeft({ done: 5, total: null, startedAt: start }, after(5))).toBeNull();
    expect(secondsLeft({ done: 0, total: 10, startedAt: null }, after(5))).toBeNull();
  });
  test("is zero when all is done and never below a second before", () => {
    expect(secondsLeft({ done: 400, total: 400, startedAt: start }, after(10))).toBe(0);
    expect(secondsLeft({ done: 399, total: 400, startedAt: start }, after(0))).toBe(1);
  });
});

describe("a job's percent done", () => {
  test("is whole, within 0–100, and unknown without a total", () => {
    expect(percentDone({ done: 1, total: 3 })).toBe(33);
    expect(percentDone({ done: 5, total: 3 })).toBe(100);
    expect(percentDone({ done: 0, total: null })).toBeNull();
  });
});
