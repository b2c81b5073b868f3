import { describe, expect, it } from "vitest";

import { formDataToObject } from "~/forms/form-data";

import { scoreBatchSchema, scoreFieldName, sheetFormSchema } from "./judge";

describe("the judge's schemas", () => {
  it("reads a posted sheet by criterion id, however large the id", () => {
    const form = new URLSearchParams({
      intent: "save",
      entryId: "5",
      [scoreFieldName(12)]: "8,5",
      [scoreFieldName(123456)]: "",
    });
    expect(sheetFormSchema.parse(formDataToObject(form))).toEqual({
      intent: "save",
      entryId: 5,
      score: { "12": "8,5", "123456": "" },
    });
  });

  it("takes only whole positive ids and versions from a device", () => {
    const item = { roundId: 1, entryId: 2, criterionId: 3, value: 8.5, version: 1_795_000_000_000_001 };
    expect(scoreBatchSchema.safeParse({ items: [item] }).success).toBe(true);
    for (const bad of [{ version: 1.5 }, { version: 2 ** 60 }, { entryId: 2 ** 31 }, { value: "8" }, { roundId: -1 }]) {
      expect(scoreBatchSchema.safeParse({ items: [{ ...item, ...bad }] }).success, JSON.stringify(bad)).toBe(false);
    }
    expect(scoreBatchSchema.safeParse({ items: [] }).success).toBe(false);
  });

  it("keeps an overlong score field as a field (cut to 21 characters) instead of refusing the whole sheet", () => {
    const form = new URLSearchParams({
      intent: "save",
      entryId: "5",
      [scoreFieldName(12)]: "9".repeat(5000),
      [scoreFieldName(13)]: "7",
    });
    expect(sheetFormSchema.parse(formDataToObject(form)).score).toEqual({ "12": "9".repeat(21), "13": "7" });
  });
});
