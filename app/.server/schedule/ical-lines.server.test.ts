import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { foldCalendar, foldLine, unfoldCalendar } from "./ical-lines.server";

const octets = (s: string) => Buffer.byteLength(s, "utf8");

/** Kazakh and Russian letters, emoji (four octets, surrogate pairs in JS), ASCII and punctuation. */
const alphabet = [..."әғқңөұүһіӘҒҚҢӨҰҮҺІабвгдеёжзийклмнопрстуфхцчшщъыьэюяЖЩЯ", ...'azAZ09 ,;:\\"·«»—', ..."🎭🎻🇰🇿👩‍👧💃🏽"];
const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 400, size: "max" }).map((chars) => chars.join(""));
const contentLine = fc
  .tuple(fc.constantFrom("SUMMARY:", "LOCATION:", "X-WR-CALNAME:", "DESCRIPTION:"), text)
  .map(([name, value]) => name + value);

describe("folding iCalendar lines by octets", () => {
  it("keeps every line within 75 octets, never splits a UTF-8 sequence, and unfolds byte for byte", () => {
    fc.assert(
      fc.property(fc.array(contentLine, { minLength: 1, maxLength: 8 }), (lines) => {
        const original = ["BEGIN:VCALENDAR", ...lines, "END:VCALENDAR", ""].join("\r\n");
        const folded = foldCalendar(original);
        for (const line of folded.split("\r\n")) {
          const bytes = Buffer.from(line, "utf8");
          expect(bytes.length).toBeLessThanOrEqual(75);
          // A fold inside a code point leaves half of it on each line, which UTF-8 cannot carry.
          expect(bytes.toString("utf8")).toBe(line);
        }
        expect(Buffer.from(unfoldCalendar(folded), "utf8").equals(Buffer.from(original, "utf8"))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("folds a Kazakh calendar name of 131 octets into two lines, the second starting with one space", () => {
    const line = "X-WR-CALNAME:Балалар әлем ырғағында — Бағдарлама · Қазақстан ЮНЕСКО клубтары";
    expect(octets(line)).toBeGreaterThan(75);
    const folded = foldLine(line).split("\r\n");
    expect(folded.length).toBe(2);
    expect(folded[1]!.startsWith(" ")).toBe(true);
    expect(folded[1]!.startsWith("  ")).toBe(false);
    expect(folded.every((l) => octets(l) <= 75)).toBe(true);
    expect(octets(folded[0]!)).toBeGreaterThanOrEqual(74);
  });

  it("refolds lines the ics library folded by characters, with a tab", () => {
    const byCharacters = `LOCATION:${"Қ".repeat(66)}\r\n\t${"Қ".repeat(10)}\r\n`;
    const refolded = foldCalendar(byCharacters);
    expect(refolded.split("\r\n").every((l) => octets(l) <= 75)).toBe(true);
    expect(unfoldCalendar(refolded)).toBe(`LOCATION:${"Қ".repeat(76)}\r\n`);
  });

  it("leaves a short line alone", () => {
    expect(foldLine("VERSION:2.0")).toBe("VERSION:2.0");
    expect(foldLine("")).toBe("");
  });
});
