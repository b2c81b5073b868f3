import { describe, expect, it } from "vitest";

import { generateSchema } from "./schedule";

const issues = (input: Record<string, string>) => {
  const r = generateSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("the running order's generate choices", () => {
  it("refuses a changeover or gap that is not on the 5-minute grid, with a message, instead of ignoring it", () => {
    expect(issues({ changeoverMinutes: "2", minGapMinutes: "17" })).toEqual([
      "changeoverMinutes: schedule.errors.minutesGrid",
      "minGapMinutes: schedule.errors.minutesGrid",
    ]);
  });

  it("accepts multiples of 5, zero included", () => {
    expect(generateSchema.parse({ changeoverMinutes: "0", minGapMinutes: "20" })).toMatchObject({
      changeoverMinutes: 0,
      minGapMinutes: 20,
    });
  });
});
