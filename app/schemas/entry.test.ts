import { describe, expect, it } from "vitest";

import { formDataToObject } from "~/forms/form-data";

import { entryFormSchema } from "./entry";

const post = (pairs: [string, string][]) => formDataToObject(new URLSearchParams(pairs));
const base: [string, string][] = [
  ["nominationId", "11"],
  ["format", "solo"],
  ["idempotencyKey", "abcdefghijklmnopqrstuvwx"],
];

describe("entryFormSchema", () => {
  it("reads the ticked children and the duration from the posted form", () => {
    const data = entryFormSchema.parse(
      post([
        ...base,
        ["members.child5", "on"],
        ["members.child12", "on"],
        ["durationMinutes", "3"],
        ["durationSeconds", "20"],
      ]),
    );
    expect(data.members).toEqual([5, 12]);
    expect(data.totalSeconds).toBe(200);
  });

  it("asks for at least one child, and ignores anything that is not a child checkbox", () => {
    const result = entryFormSchema.safeParse(post([...base, ["members.5", "on"], ["members.__proto__", "on"]]));
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join("."), i.message])).toContainEqual([
      "members",
      "errors.chooseChild",
    ]);
  });

  it("leaves the duration empty when neither minutes nor seconds are given", () => {
    expect(entryFormSchema.parse(post([...base, ["members.child1", "on"]])).totalSeconds).toBeNull();
  });

  it("refuses seconds past 59 and a forged idempotency key", () => {
    const result = entryFormSchema.safeParse(
      post([
        ["nominationId", "11"],
        ["format", "solo"],
        ["idempotencyKey", "x"],
        ["members.child1", "on"],
        ["durationSeconds", "75"],
      ]),
    );
    expect(result.error!.issues.map((i) => i.path.join("."))).toEqual(
      expect.arrayContaining(["durationSeconds", "idempotencyKey"]),
    );
  });
});
