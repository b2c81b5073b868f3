import { describe, expect, it } from "vitest";

import { formatDate, formatDateRange, formatDateTime, formatShortDateTime } from "./format";
import { catalogues, createI18n, type Namespace, namespaces } from "./index";

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
  const NAMESPACES = Object.keys(namespaces) as Namespace[];
  const cases = NAMESPACES.flatMap((ns) => (["kk", "ru"] as const).map((locale) => [ns, locale] as const));

  it.each(cases)("%s in %s has exactly the English keys, each translated", (ns, locale) => {
    const messages = namespaces[ns];
    const en = keys(messages.en);
    expect(keys(messages[locale]).sort()).toEqual([...en].sort());
    for (const key of en) expect(valueAt(messages[locale], key).trim(), key).not.toBe("");
  });

  it.each(cases)("%s in %s keeps every placeholder of the English text", (ns, locale) => {
    const messages = namespaces[ns];
    for (const key of keys(messages.en)) {
      expect(placeholders(valueAt(messages[locale], key)), key).toEqual(placeholders(valueAt(messages.en, key)));
    }
  });

  it.each(["kk", "ru", "en"] as const)("no top-level key of %s lives in two namespaces", (locale) => {
    const owners = new Map<string, Namespace[]>();
    for (const ns of NAMESPACES) {
      for (const key of Object.keys(namespaces[ns][locale])) owners.set(key, [...(owners.get(key) ?? []), ns]);
    }
    const shared = [...owners].filter(([, nss]) => nss.length > 1);
    expect(shared).toEqual([]);
  });

  it.each(["kk", "ru", "en"] as const)("the merged %s catalogue holds every namespace", (locale) => {
    const all = NAMESPACES.flatMap((ns) => keys(namespaces[ns][locale]));
    expect(keys(catalogues[locale]).sort()).toEqual(all.sort());
  });

  it.each(["kk", "ru", "en"] as const)("t() finds each %s text by its old key, whatever its namespace", (locale) => {
    const { t } = createI18n(locale);
    for (const key of keys(catalogues[locale])) {
      const text = valueAt(catalogues[locale], key);
      if (!text.includes("{{") && !text.includes("$t(")) expect(t(key), key).toBe(text);
    }
  });

  it.each(["kk", "ru", "en"] as const)(
    "in %s a button's spoken name (`xNamed`) starts with its visible text (`x`)",
    (locale) => {
      // WCAG 2.5.3: a voice user says what they see; axe's label-content-name-mismatch.
      const all = keys(catalogues[locale]);
      const pairs = all.filter((k) => k.endsWith("Named") && all.includes(k.slice(0, -"Named".length)));
      expect(pairs.length).toBeGreaterThan(5);
      for (const named of pairs) {
        const visible = valueAt(catalogues[locale], named.slice(0, -"Named".length));
        const spoken = valueAt(catalogues[locale], named);
        expect(spoken.toLowerCase().startsWith(visible.toLowerCase()), `${named}: «${spoken}» / «${visible}»`).toBe(
          true,
        );
      }
    },
  );

  it("nests a text from another key inside a translation", () => {
    expect(createI18n("en").t("eligibility.format_not_allowed", { format: "duet" })).toBe(
      "This nomination does not take entries in the “Duet” format.",
    );
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
    expect(formatShortDateTime("2026-11-30T20:30:00Z", "kk", "Asia/Almaty")).toBe("01.12.2026 01:30");
    expect(formatShortDateTime("2026-11-30T20:30:00Z", "en", "Asia/Almaty")).toBe("01/12/2026 01:30");
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

describe("lists", () => {
  it("joins the last item with the language's own “and”", async () => {
    const { formatList } = await import("./format");
    expect(formatList(["scores (3)"], "en")).toBe("scores (3)");
    expect(formatList(["a", "b", "c"], "en")).toBe("a, b and c");
    expect(formatList(["заявки (2)", "оценки (5)"], "ru")).toBe("заявки (2) и оценки (5)");
    expect(formatList(["өтінімдер (2)", "бағалар (5)"], "kk")).toBe("өтінімдер (2) және бағалар (5)");
  });
});
