import { describe, expect, it } from "vitest";

import { generateSchema, moveSlotSchema } from "./schedule";

const issues = (input: Record<string, string>) => {
  const r = generateSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("the running order's generate choices", () => {
  it("refuses a changeover or gap that is not a whole number of minutes ≥ 0, with a message, instead of rounding it", () => {
    expect(issues({ changeoverMinutes: "2.5", minGapMinutes: "-1" })).toEqual([
      "changeoverMinutes: schedule.errors.wholeMinutes",
      "minGapMinutes: schedule.errors.wholeMinutes",
    ]);
    expect(issues({ changeoverMinutes: "61", minGapMinutes: "x" })).toEqual([
      "changeoverMinutes: errors.tooBig",
      "minGapMinutes: errors.number",
    ]);
  });

  it("accepts any whole minute, zero included", () => {
    expect(generateSchema.parse({ changeoverMinutes: "0", minGapMinutes: "17" })).toMatchObject({
      changeoverMinutes: 0,
      minGapMinutes: 17,
    });
    expect(generateSchema.parse({ changeoverMinutes: "1", minGapMinutes: "30" })).toMatchObject({
      changeoverMinutes: 1,
      minGapMinutes: 30,
    });
  });

  it("takes a slot's time to the minute", () => {
    expect(moveSlotSchema.safeParse({ entryId: "1", stageId: "2", date: "2026-12-11", time: "09:07" }).success).toBe(
      true,
    );
    expect(moveSlotSchema.safeParse({ entryId: "1", stageId: "2", date: "2026-12-11", time: "9:7" }).success).toBe(
      false,
    );
  });
});
