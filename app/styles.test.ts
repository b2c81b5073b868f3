import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

const css = fs.readFileSync(path.join(import.meta.dirname, "styles.css"), "utf8");
const variable = (name: string) => {
  const m = new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`, "i").exec(css);
  if (!m) throw new Error(`--${name} is not a six-digit colour in styles.css`);
  return m[1]!;
};

/** WCAG relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

describe("the focus ring", () => {
  it("is drawn in --focus, at least 3:1 against the page and the cards", () => {
    expect(css).toMatch(/(^|\n):focus-visible\s*\{\s*outline:\s*3px solid var\(--focus\)/);
    for (const surface of ["bg", "card"])
      expect(contrast(variable("focus"), variable(surface))).toBeGreaterThanOrEqual(3);
  });

  it("is drawn in --accent in the header, at least 3:1 against the header's --brand", () => {
    expect(css).toMatch(/\.site-header :focus-visible\s*\{\s*outline-color:\s*var\(--accent\)/);
    expect(contrast(variable("accent"), variable("brand"))).toBeGreaterThanOrEqual(3);
  });
});
