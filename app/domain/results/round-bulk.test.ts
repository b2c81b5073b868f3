import { describe, expect, it } from "vitest";

import { type BulkSectionState, planRoundAction, sectionProblems } from "./round-bulk";

const section = (over: Partial<BulkSectionState> = {}): BulkSectionState => ({
  sectionId: 1,
  entries: 4,
  fullyScored: 4,
  withoutJudge: 0,
  lockedAt: null,
  publishedAt: null,
  ...over,
});

describe("locking or publishing a whole round", () => {
  it("calls a section complete when every entry has a judge and all its scores", () => {
    expect(sectionProblems(section())).toEqual([]);
  });

  it("names entries without an eligible judge and missing scores separately", () => {
    expect(sectionProblems(section({ fullyScored: 3, withoutJudge: 1 }))).toEqual(["no_judge"]);
    expect(sectionProblems(section({ fullyScored: 1, withoutJudge: 1 }))).toEqual(["no_judge", "missing_scores"]);
    expect(sectionProblems(section({ sectionId: null }))).toEqual(["not_computed"]);
  });

  it("skips incomplete sections unless they are named, and never a section not computed", () => {
    const sections = [
      section({ sectionId: 1 }),
      section({ sectionId: 2, fullyScored: 2 }),
      section({ sectionId: 3, withoutJudge: 4, fullyScored: 0 }),
      section({ sectionId: null }),
      section({ sectionId: 5, lockedAt: "2026-12-01T10:00:00Z" }),
    ];
    const plan = planRoundAction(sections, "lock", new Set([3]));
    expect(plan.ready.map((s) => s.sectionId)).toEqual([1]);
    expect(plan.incomplete.map((s) => [s.sectionId, s.problems])).toEqual([
      [2, ["missing_scores"]],
      [3, ["no_judge"]],
      [null, ["not_computed"]],
    ]);
    expect(plan.included.map((s) => s.sectionId)).toEqual([3]);
    expect(plan.done.map((s) => s.sectionId)).toEqual([5]);
  });

  it("publishes locked sections too, and leaves published ones alone", () => {
    const plan = planRoundAction(
      [section({ sectionId: 1, lockedAt: "x" }), section({ sectionId: 2, lockedAt: "x", publishedAt: "x" })],
      "publish",
    );
    expect(plan.ready.map((s) => s.sectionId)).toEqual([1]);
    expect(plan.done.map((s) => s.sectionId)).toEqual([2]);
  });
});
