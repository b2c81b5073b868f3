import { describe, expect, it } from "vitest";

import { isScoreValue, parseScoreText, scoreStep, stepScore } from "./score-value";

describe("score values", () => {
  it("accepts 0 … max in hundredths at most", () => {
    expect([0, 10, 8.5, 7.25].map((v) => isScoreValue(v, 10))).toEqual([true, true, true, true]);
    expect([-0.5, 10.01, 3.333, Number.NaN, Infinity].map((v) => isScoreValue(v, 10))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("reads what a judge types, with a decimal comma or point", () => {
    expect(parseScoreText("8,5", 10)).toBe(8.5);
    expect(parseScoreText(" 9.25 ", 10)).toBe(9.25);
    expect(parseScoreText("7.", 10)).toBe(7);
    expect(parseScoreText("", 10)).toBeNull();
    expect(["11", "-1", "abc", "1e1", "8,5,1", "0x5"].map((t) => parseScoreText(t, 10))).toEqual(
      Array(6).fill("invalid"),
    );
  });

  it("steps by halves within the scale, starting from nothing", () => {
    expect(scoreStep(10)).toBe(0.5);
    expect(scoreStep(100)).toBe(1);
    expect(stepScore(null, 1, 10, 0.5)).toBe(0.5);
    expect(stepScore(null, -1, 10, 0.5)).toBe(0);
    expect(stepScore(8, 1, 10, 0.5)).toBe(8.5);
    expect(stepScore(10, 1, 10, 0.5)).toBe(10);
    expect(stepScore(0, -1, 10, 0.5)).toBe(0);
    expect(stepScore(7.3, 1, 10, 0.5)).toBe(8);
  });
});
