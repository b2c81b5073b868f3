import { describe, expect, it } from "vitest";

import {
  generateReferenceCode,
  isReferenceCode,
  normaliseReferenceCode,
  REFERENCE_ALPHABET,
  referencePrefix,
} from "./reference-code";

describe("reference codes", () => {
  it("names the event by the initials of its slug and the year it starts", () => {
    expect(referencePrefix({ slug: "shabyt-festival", startsOn: "2027-03-01" })).toBe("SF27");
    expect(referencePrefix({ slug: "vesennyaya-kapel-2", startsOn: "2026-12-10" })).toBe("VK26");
    expect(referencePrefix({ slug: "shabyt", startsOn: "2027-03-01" })).toBe("SH27");
    expect(referencePrefix({ slug: "2027", startsOn: "2027-03-01" })).toBe("TOI27");
  });

  it("draws six characters from an alphabet without 0, O, 1 or I", () => {
    expect(REFERENCE_ALPHABET).toHaveLength(32);
    expect(REFERENCE_ALPHABET).not.toMatch(/[0O1I]/);
    for (let i = 0; i < 200; i++) expect(generateReferenceCode("SF27")).toMatch(/^SF27-[2-9A-HJ-NP-Z]{6}$/);
  });

  it("maps every byte value onto the alphabet evenly", () => {
    const counts = new Map<string, number>();
    for (let b = 0; b < 256; b++) {
      const code = generateReferenceCode("X", (n) => new Uint8Array(n).fill(b));
      const ch = code.at(-1)!;
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(counts.size).toBe(32);
    expect(new Set(counts.values())).toEqual(new Set([8]));
  });

  it("rarely repeats itself", () => {
    const codes = new Set(Array.from({ length: 10_000 }, () => generateReferenceCode("SF27")));
    expect(codes.size).toBeGreaterThan(9_990);
  });

  it("reads a code the way people type it, and refuses what cannot be one", () => {
    expect(normaliseReferenceCode(" sf27 7k3m9q ")).toBe("SF27-7K3M9Q");
    expect(normaliseReferenceCode("SF27\u20137K3M9Q")).toBe("SF27-7K3M9Q");
    expect(normaliseReferenceCode("SF27-7K3M9O")).toBeNull();
    expect(normaliseReferenceCode("SF27-7K3M9")).toBeNull();
    expect(normaliseReferenceCode("")).toBeNull();
  });

  it("tells an address's reference code from anything else, exactly as written (before it reaches SQL)", () => {
    expect(
      isReferenceCode(
        generateReferenceCode(referencePrefix({ slug: "children-in-the-rhythm", startsOn: "2017-10-09" })),
      ),
    ).toBe(true);
    expect(isReferenceCode("CI17-DE3CKT")).toBe(true);
    for (const odd of [
      "CI17-DE3CKT\u0000",
      "ci17-de3ckt",
      " CI17-DE3CKT",
      "CI17-DE3CK0",
      "CI17-DE3CKTT",
      "NO-SUCH-ENTRY",
      "",
      "x".repeat(10_000),
    ]) {
      expect(isReferenceCode(odd), JSON.stringify(odd.slice(0, 20))).toBe(false);
    }
    expect(isReferenceCode(undefined)).toBe(false);
  });
});
