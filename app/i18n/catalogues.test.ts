import { describe, expect, it } from "vitest";

import { formatDate, formatDateRange, formatDateTime } from "./format";
import { catalogues, createI18n } from "./index";

function keys(obj: object, prefix = ""): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === "object" && v ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
function placeholders(text: string): string[] {
  return [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]!).sort();
}
function valueAt(obj: object, key: string): string {
  return key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj) as string;
}

describe("catalogues", () => {
  const en = keys(catalogues.en);

  it.each(["kk", "ru"] as const)("%s has exactly the English keys, each translated", (locale) => {
    expect(keys(catalogues[locale]).sort()).toEqual([...en].sort());
    for (const key of en) expect(valueAt(catalogues[locale], key).trim(), key).not.toBe("");
  });

  it.each(["kk", "ru"] as const)("%s keeps every placeholder of the English text", (locale) => {
    for (const key of en) {
      expect(placeholders(valueAt(catalogues[locale], key)), key).toEqual(placeholders(valueAt(catalogues.en, key)));
    }
  });

  it("uses the glossary's Kazakh terms", () => {
    expect(catalogues.kk.event.ageGroups).toBe("Жас санаттары");
    expect(catalogues.kk.kind.contest).toBe("Байқау");
    expect(catalogues.ru.event.ageGroups).toBe("Возрастные категории");
  });

  it("translates with interpolation in each language", () => {
    expect(createI18n("kk").t("event.ageRange", { min: 7, max: 10 })).toBe("7–10 жас");
    expect(createI18n("ru").t("event.ageRange", { min: 7, max: 10 })).toBe("7–10 лет");
    expect(createI18n("en").t("event.ageRange", { min: 7, max: 10 })).toBe("7–10 years");
  });
});

describe("dates in three languages", () => {
  it("writes a date the way each language does", () => {
    expect(formatDate("2017-10-10", "kk")).toBe("2017 ж. 10 қазан");
    expect(formatDate("2017-10-10", "ru")).toBe("10 октября 2017 г.");
    expect(formatDate("2017-10-10", "en")).toBe("10 October 2017");
  });

  it("shortens ranges within a month and across months", () => {
    expect(formatDateRange("2018-07-02", "2018-07-06", "en")).toBe("2–6 July 2018");
    expect(formatDateRange("2018-07-02", "2018-07-06", "ru")).toBe("2–6 июля 2018 г.");
    expect(formatDateRange("2018-07-02", "2018-07-06", "kk")).toBe("2018 ж. 2–6 шілде");
    expect(formatDateRange("2018-06-29", "2018-07-02", "en")).toBe("29 June – 2 July 2018");
    expect(formatDateRange("2018-12-30", "2019-01-02", "en")).toBe("30 December 2018 – 2 January 2019");
    expect(formatDateRange("2017-10-10", "2017-10-10", "en")).toBe("10 October 2017");
  });

  it("shows instants on Almaty's clock, whatever the server's timezone", () => {
    expect(formatDateTime("2017-10-10T10:00:00Z", "ru", "Asia/Almaty")).toBe("10 октября 2017 г., 16:00");
    expect(formatDateTime("2026-12-01T04:00:00Z", "en", "Asia/Almaty")).toBe("1 December 2026, 09:00");
  });
});

describe("numbers", () => {
  it("groups thousands and marks decimals the same way on server and browser", async () => {
    const { formatNumber } = await import("./format");
    expect(formatNumber(2000, "en")).toBe("2,000");
    expect(formatNumber(12345.5, "ru")).toBe("12\u00a0345,5");
    expect(formatNumber(12345, "kk")).toBe("12\u00a0345");
    expect(formatNumber(2000, "kk")).toBe("2000");
    expect(formatNumber(3.5, "kk")).toBe("3,5");
    expect(formatNumber(-1500000, "en")).toBe("-1,500,000");
  });
});
