import { describe, expect, it } from "vitest";

import { formDataToObject } from "~/forms/form-data";

import { clubEntryFormSchema, entryEditSchema } from "./entry-piece";

const post = (pairs: [string, string][]) => formDataToObject(new URLSearchParams(pairs));
const base: [string, string][] = [
  ["event", "zhuldyz-2026"],
  ["nominationId", "11"],
  ["format", "solo"],
  ["idempotencyKey", "abcdefghijklmnopqrstuvwx"],
];

describe("clubEntryFormSchema", () => {
  it("reads each ticked child's own piece and leaves unticked rows out", () => {
    const data = clubEntryFormSchema.parse(
      post([
        ...base,
        ["children.c5.on", "on"],
        ["children.c5.title", " Әлди "],
        ["children.c5.durationMinutes", "3"],
        ["children.c5.durationSeconds", "20"],
        ["children.c5.videoUrl", "https://video.example.kz/5"],
        ["children.c7.title", "not ticked"],
        ["children.c9.on", "on"],
      ]),
    );
    expect(data.ticked).toEqual([
      { childId: 5, title: "Әлди", durationSeconds: 200, videoUrl: "https://video.example.kz/5" },
      { childId: 9, title: "", durationSeconds: null, videoUrl: null },
    ]);
  });

  it("keeps the group's piece apart from the rows", () => {
    const data = clubEntryFormSchema.parse(
      post([
        ...base.filter(([k]) => k !== "format"),
        ["format", "ensemble"],
        ["children.c1.on", "on"],
        ["children.c2.on", "on"],
        ["title", "Адай"],
        ["durationMinutes", "4"],
      ]),
    );
    expect(data.ticked.map((r) => r.childId)).toEqual([1, 2]);
    expect(data.group).toEqual({ title: "Адай", durationSeconds: 240, videoUrl: null });
  });

  it("asks for at least one child, ignoring names that are not a child's row", () => {
    const result = clubEntryFormSchema.safeParse(
      post([...base, ["children.5.on", "on"], ["children.__proto__.on", "on"], ["children.c3.title", "x"]]),
    );
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join("."), i.message])).toContainEqual([
      "children",
      "errors.chooseChild",
    ]);
  });

  it("marks a row's own field when it is wrong", () => {
    const result = clubEntryFormSchema.safeParse(
      post([...base, ["children.c4.on", "on"], ["children.c4.durationSeconds", "75"]]),
    );
    expect(result.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["children.c4.durationSeconds", "errors.tooBig"],
    ]);
  });
});

describe("entryEditSchema", () => {
  it("turns minutes and seconds into a duration, and empty boxes into none", () => {
    expect(
      entryEditSchema.parse(
        post([
          ["title", "Көктем"],
          ["durationMinutes", "3"],
          ["durationSeconds", "5"],
          ["videoUrl", " https://v.kz/1 "],
        ]),
      ),
    ).toEqual({ title: "Көктем", durationSeconds: 185, videoUrl: "https://v.kz/1" });
    expect(
      entryEditSchema.parse(
        post([
          ["title", ""],
          ["durationMinutes", ""],
          ["videoUrl", ""],
        ]),
      ),
    ).toEqual({ title: "", durationSeconds: null, videoUrl: null });
  });
});
