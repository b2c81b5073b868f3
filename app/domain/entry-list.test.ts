import { describe, expect, it } from "vitest";

import { parseEntryOrder } from "./entry-list";

describe("entries order", () => {
  it("reads the sort column and direction, falling back to the nomination order", () => {
    expect(parseEntryOrder(new URLSearchParams("sort=name&dir=desc"))).toEqual({ sort: "name", dir: "desc" });
    expect(parseEntryOrder(new URLSearchParams("sort=bogus&dir=sideways"))).toEqual({ sort: "nomination", dir: "asc" });
  });
});
