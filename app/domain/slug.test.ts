import { describe, expect, it } from "vitest";

import { SLUG_PATTERN, slugify } from "./slug";

describe("slugify", () => {
  it("transliterates Russian titles", () => {
    expect(slugify("Дети в ритме мира 2017")).toBe("deti-v-ritme-mira-2017");
  });
  it("transliterates the Kazakh letters Russian lacks", () => {
    expect(slugify("Өнер әлемі: Қазақстан, ұлы дала")).toBe("oner-alemi-qazaqstan-uly-dala");
  });
  it("keeps Latin titles readable and strips punctuation", () => {
    expect(slugify("  The Planet of ART — 2027!  ")).toBe("the-planet-of-art-2027");
  });
  it("always gives a valid slug or nothing", () => {
    for (const title of ["«»", "Ғ", "A very long title ".repeat(10)]) {
      const slug = slugify(title);
      expect(slug === "" || SLUG_PATTERN.test(slug)).toBe(true);
      expect(slug.length).toBeLessThanOrEqual(60);
    }
  });
});
