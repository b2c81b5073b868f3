import { describe, expect, it } from "vitest";

import { passwordProblem } from "./password-policy";

const common = new Set(["password1", "qwertyuiop"]);
const isCommon = (p: string) => common.has(p);

describe("passwordProblem", () => {
  it("needs at least 8 characters, counting Kazakh letters as one each", () => {
    expect(passwordProblem("Әсем123", isCommon)).toBe("tooShort");
    expect(passwordProblem("Әсемқала", isCommon)).toBeNull();
  });
  it("accepts long passphrases well past 64 characters", () => {
    expect(
      passwordProblem("a horse a battery a staple and a very long memorable sentence of words", isCommon),
    ).toBeNull();
    expect(passwordProblem("x".repeat(129), isCommon)).toBe("tooLong");
  });
  it("has no composition rules", () => {
    expect(passwordProblem("alllowercaseletters", isCommon)).toBeNull();
  });
  it("refuses common passwords whatever their case", () => {
    expect(passwordProblem("Password1", isCommon)).toBe("common");
    expect(passwordProblem("QWERTYUIOP", isCommon)).toBe("common");
  });
});
