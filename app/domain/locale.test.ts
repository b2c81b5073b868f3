import { describe, expect, it } from "vitest";

import { findLocale, languageAlternates, localized, localizedLang } from "./locale";

describe("findLocale", () => {
  it("takes the first supported language in preference order", () => {
    expect(findLocale("kk-KZ,ru;q=0.9,en;q=0.8")).toBe("kk");
    expect(findLocale("en-GB,en;q=0.9")).toBe("en");
  });

  it("looks past unsupported languages instead of falling back at once", () => {
    expect(findLocale("tr,kk;q=0.8")).toBe("kk");
    expect(findLocale("de-DE,de;q=0.9,en;q=0.5,ru;q=0.7")).toBe("ru");
  });

  it("honours q-values over order and ignores q=0", () => {
    expect(findLocale("en;q=0.2,kk;q=0.9")).toBe("kk");
    expect(findLocale("kk;q=0,en;q=0.1")).toBe("en");
  });

  it("falls back to Russian without a usable header", () => {
    expect(findLocale(null)).toBe("ru");
    expect(findLocale("")).toBe("ru");
    expect(findLocale("fr,de")).toBe("ru");
  });
});

describe("localized", () => {
  const row = { title_kk: "", title_ru: "Финал", title_en: "Final" };

  it("shows the reader's language when it is filled in", () => {
    expect(localized(row, "title", "en")).toBe("Final");
  });

  it("falls back to another language when the reader's is empty", () => {
    expect(localized(row, "title", "kk")).toBe("Финал");
    expect(localizedLang(row, "title", "kk")).toBe("ru");
    expect(localized({ title_kk: "Финал", title_ru: "  ", title_en: "" }, "title", "en")).toBe("Финал");
  });
});

describe("languageAlternates", () => {
  it("gives the page's address in each language and the plain one as x-default, keeping its other query", () => {
    expect(languageAlternates("https://toi.kz", "/events/shabyt", "?lang=ru&day=2")).toEqual([
      { hrefLang: "kk", href: "https://toi.kz/events/shabyt?day=2&lang=kk" },
      { hrefLang: "ru", href: "https://toi.kz/events/shabyt?day=2&lang=ru" },
      { hrefLang: "en", href: "https://toi.kz/events/shabyt?day=2&lang=en" },
      { hrefLang: "x-default", href: "https://toi.kz/events/shabyt?day=2" },
    ]);
    expect(languageAlternates("https://toi.kz", "/", "").at(-1)).toEqual({
      hrefLang: "x-default",
      href: "https://toi.kz/",
    });
  });
});
