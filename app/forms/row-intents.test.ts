import { describe, expect, it } from "vitest";

import { blankEvent } from "~/schemas/event";

import { applyRowIntent } from "./row-intents";

describe("applyRowIntent (the form without JavaScript)", () => {
  it("adds a blank row of the asked kind", () => {
    const out = applyRowIntent(blankEvent(), "add-nomination")!;
    expect(out.nominations).toHaveLength(1);
    expect(out.nominations[0]!.formats.map((f) => f.format)).toEqual(["solo", "duet", "trio", "ensemble"]);
  });

  it("removes the row at the given index and keeps the rest in order", () => {
    const values = {
      ...blankEvent(),
      ageGroups: [
        { minAge: "7", maxAge: "9" },
        { minAge: "10", maxAge: "12" },
        { minAge: "13", maxAge: "15" },
      ],
    };
    expect(applyRowIntent(values, "remove-ageGroup-1")!.ageGroups.map((g) => g.minAge)).toEqual(["7", "13"]);
  });

  it("leaves saving and unknown intents to the caller", () => {
    expect(applyRowIntent(blankEvent(), "save")).toBeNull();
    expect(applyRowIntent(blankEvent(), "add-__proto__")).toBeNull();
  });
});
