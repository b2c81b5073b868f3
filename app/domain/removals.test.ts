import { describe, expect, it } from "vitest";

import { heldBy } from "./removals";

describe("heldBy", () => {
  it("names what is held in the message's order, leaving out what is not", () => {
    expect(heldBy({ publishedSections: 25, scores: 60_744, judges: 0, advanced: 5_062 })).toEqual([
      ["advanced", 5_062],
      ["scores", 60_744],
      ["publishedSections", 25],
    ]);
  });

  it("is empty for a row nothing holds", () => {
    expect(heldBy({})).toEqual([]);
    expect(heldBy({ entries: 0, stages: 0 })).toEqual([]);
  });
});
