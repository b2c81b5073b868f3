import { describe, expect, it } from "vitest";

import { preferencesSchema } from "./academy";
import { childFields } from "./child";
import { entryFormSchema } from "./entry";
import { clubEntryFormSchema } from "./entry-piece";
import { ageGroupSchema } from "./event";
import { idSchema, optionalIdSchema } from "./id";
import { moveSlotSchema } from "./schedule";
import { roleScopeSchema } from "./staff";

const BIG = "99999999999";
const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => i.path.join("."));

describe("ids in forms", () => {
  it("takes a positive whole number that fits a PostgreSQL integer", () => {
    expect(idSchema.parse("2147483647")).toBe(2147483647);
    for (const bad of ["2147483648", BIG, "0", "-1", "1.5", "", "abc"])
      expect(idSchema.safeParse(bad).success, bad).toBe(false);
    expect(optionalIdSchema.parse("")).toBeUndefined();
    expect(optionalIdSchema.safeParse(BIG).success).toBe(false);
  });

  it("refuses an id beyond an integer in every form that posts one", () => {
    expect(paths(moveSlotSchema.safeParse({ entryId: BIG, stageId: "1", date: "2026-12-10", time: "10:00" }))).toEqual([
      "entryId",
    ]);
    expect(paths(childFields.pick({ clubId: true }).safeParse({ clubId: BIG }))).toEqual(["clubId"]);
    expect(paths(roleScopeSchema.safeParse({ role: "judge", eventId: BIG }))).toContain("eventId");
    expect(paths(preferencesSchema(5).safeParse({ childId: BIG, ranks: ["1"] }))).toEqual(["childId"]);
    expect(paths(preferencesSchema(5).safeParse({ childId: "1", ranks: [BIG] }))).toEqual(["ranks.0"]);
    expect(paths(ageGroupSchema.safeParse({ id: BIG, minAge: "7", maxAge: "10" }))).toEqual(["id"]);
    expect(
      paths(entryFormSchema.safeParse({ nominationId: BIG, format: "solo", members: { child1: "on" }, title: "" })),
    ).toContain("nominationId");
    expect(
      paths(
        entryFormSchema.safeParse({ nominationId: "1", format: "solo", members: { [`child${BIG}`]: "on" }, title: "" }),
      ),
    ).toContain("members.0");
    // A club's entry form names children by field ("c<id>"): one beyond an integer is no child at all.
    const club = clubEntryFormSchema.safeParse({
      event: "e",
      nominationId: "1",
      format: "solo",
      idempotencyKey: "k".repeat(16),
      children: { [`c${BIG}`]: { on: "on" } },
    });
    expect(paths(club)).toContain("children");
  });
});
