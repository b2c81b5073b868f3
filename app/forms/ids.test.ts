import { describe, expect, it } from "vitest";

import { parseId, requireId } from "./ids";

describe("ids from URLs and forms", () => {
  it("accepts positive integers that fit a PostgreSQL integer", () => {
    expect(parseId("1")).toBe(1);
    expect(parseId(42)).toBe(42);
    expect(parseId(String(2 ** 31 - 1))).toBe(2 ** 31 - 1);
  });
  it("refuses everything else, including numbers the column can't hold", () => {
    for (const raw of [
      "0",
      "-3",
      "1.5",
      "abc",
      "",
      " ",
      String(2 ** 31),
      "99999999999",
      "1e3x",
      null,
      undefined,
      {},
      ["1"],
    ]) {
      expect(parseId(raw)).toBeUndefined();
    }
  });
  it("throws a 404 response for a bad id in the URL", () => {
    expect(requireId("7")).toBe(7);
    try {
      requireId("99999999999");
      expect.unreachable();
    } catch (e) {
      expect((e as Response).status).toBe(404);
    }
  });
});
