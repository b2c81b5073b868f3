import { describe, expect, it } from "vitest";

import { formatPhone, normalisePhone } from "./phone";

describe("guardian phone numbers", () => {
  it("reads a +7 number however it is typed, and stores it one way", () => {
    for (const typed of ["+7 701 234 56 78", "+7 (701) 234-56-78", "87012345678", "8 701 234 56 78", " +77012345678 "])
      expect(normalisePhone(typed), typed).toBe("+77012345678");
  });

  it("refuses what is not a +7 number with ten digits", () => {
    for (const typed of [
      "",
      "701 234 56 78",
      "+1 202 555 0143",
      "+7 701 234 56 7",
      "+7 701 234 56 789",
      "+7 701 ABC 56 78",
      "++77012345678",
    ])
      expect(normalisePhone(typed), typed).toBeNull();
  });

  it("shows a stored number grouped as people write it", () => {
    expect(formatPhone("+77012345678")).toBe("+7 701 234 56 78");
  });
});
