import { describe, expect, it } from "vitest";

import { parseSearchText } from "./search-text";

describe("parseSearchText", () => {
  it("keeps what was typed, trimmed, and nothing for an empty box", () => {
    expect(parseSearchText("  Серікова Ұлжан ")).toBe("Серікова Ұлжан");
    expect(parseSearchText("   ")).toBeUndefined();
    expect(parseSearchText(null)).toBeUndefined();
  });

  it("cuts long text at whole characters", () => {
    expect(parseSearchText("Ә".repeat(150))).toBe("Ә".repeat(100));
    expect(parseSearchText("😀".repeat(3), 2)).toBe("😀😀");
  });
});
