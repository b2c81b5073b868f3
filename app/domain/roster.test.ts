import { describe, expect, it } from "vitest";

import {
  buildCityLookup,
  buildRegionLookup,
  foldText,
  fullYears,
  normaliseName,
  parseBirthDate,
  type RawRow,
  summariseRosterPreview,
  validateRosterRows,
} from "./roster";

const cities = buildCityLookup([
  { almaty: "Almaty", oskemen: "Oskemen", other: "Other city" },
  { almaty: "Алматы", oskemen: "Усть-Каменогорск", oral: "Уральск", turkistan: "Туркестан", other: "Другой город" },
  { almaty: "Алматы", oskemen: "Өскемен", oral: "Орал", turkistan: "Түркістан", other: "Басқа қала" },
]);
const regions = buildRegionLookup([
  { almaty: "Almaty", almaty_region: "Almaty Region", pavlodar: "Pavlodar Region", abroad: "Outside Kazakhstan" },
  { almaty: "Алматы", almaty_region: "Алматинская область", pavlodar: "Павлодарская область" },
  { almaty: "Алматы", almaty_region: "Алматы облысы", pavlodar: "Павлодар облысы" },
]);
const today = "2026-11-26";

let nextLine = 2;
function row(values: Partial<RawRow> = {}): RawRow {
  return {
    line: nextLine++,
    lastName: "Сейітқали",
    firstName: "Әлия",
    patronymic: "",
    birthDate: "05.09.2015",
    city: "Алматы",
    region: "",
    ...values,
  };
}
function validateOne(
  values: Partial<RawRow>,
  options: { defaultCity?: "almaty"; defaultRegion?: "almaty_region" | "pavlodar" } = {},
) {
  return validateRosterRows([row(values)], { cities, regions, today, ...options })[0]!;
}
const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);

describe("roster rows", () => {
  it("accepts a Kazakh child and normalises the values", () => {
    const result = validateOne({
      lastName: "  Құдайберген  ",
      firstName: "Ұлжан   Гүлнұр",
      patronymic: "Серікқызы",
      birthDate: "5.9.2015",
      city: " г. Алматы ",
    });
    expect(result.problems).toEqual([]);
    expect(result.importable).toBe(true);
    expect(result.values).toEqual({
      lastName: "Құдайберген",
      firstName: "Ұлжан Гүлнұр",
      patronymic: "Серікқызы",
      birthDate: "2015-09-05",
      city: "almaty",
      cityText: "г. Алматы",
      town: null,
      region: "almaty",
    });
  });

  it("accepts every Kazakh letter, Latin names, hyphens and apostrophes", () => {
    for (const name of ["ӘәҒғҚқҢңӨөҰұҮүҺһІі", "Петров-Водкин", "O'Brien", "Jean-Luc", "Zhanar", "Ёлкина", "Nəzrin"]) {
      expect(codes(validateOne({ lastName: name })), name).toEqual([]);
    }
  });

  it("unifies typographic apostrophes and spaced hyphens", () => {
    expect(normaliseName("O’Brien")).toBe("O'Brien");
    expect(normaliseName("Петров – Водкин")).toBe("Петров-Водкин");
    expect(normaliseName("Анна\u00a0 Мария")).toBe("Анна Мария");
    expect(normaliseName("Ива\u200bнов\u00ad")).toBe("Иванов");
  });

  it("repairs a Latin i typed inside a Kazakh word, and Cyrillic look-alikes inside a Latin one", () => {
    expect(normaliseName("Тегi")).toBe("Тегі");
    expect(normaliseName("Әлiби")).toBe("Әліби");
    expect(normaliseName("Аnna")).toBe("Anna"); // Cyrillic А
    expect(codes(validateOne({ firstName: "Нұрлыбекqызы" }))).toEqual(["invalid_name"]); // q has no Cyrillic twin
  });

  it("marks names with digits, symbols or lost letters", () => {
    for (const name of ["Иван2", "Ива?нов", "Иванов!", "-Иван", "Иван-", "Иван''ов", "@admin"]) {
      const problems = validateOne({ lastName: name }).problems;
      expect(problems, name).toEqual([{ column: "lastName", code: "invalid_name", severity: "error", params: {} }]);
    }
  });

  it("marks a name longer than 60 characters", () => {
    expect(validateOne({ firstName: "А".repeat(61) }).problems).toEqual([
      { column: "firstName", code: "too_long", severity: "error", params: { max: 60 } },
    ]);
  });

  it("requires last name, first name, birth date and city but not a patronymic", () => {
    const result = validateOne({ lastName: " ", firstName: "", patronymic: "", birthDate: "", city: "" });
    expect(result.problems.map((p) => [p.column, p.code])).toEqual([
      ["lastName", "required"],
      ["firstName", "required"],
      ["birthDate", "required"],
      ["city", "required"],
    ]);
    expect(result.importable).toBe(false);
    expect(result.values.patronymic).toBeNull();
  });

  it("uses the default city (the club's) for an empty city cell", () => {
    const result = validateOne({ city: "" }, { defaultCity: "almaty" });
    expect(result.problems).toEqual([]);
    expect(result.values.city).toBe("almaty");
  });
});

describe("birth dates", () => {
  it.each([
    ["05.09.2015", "2015-09-05"],
    ["5.9.2015", "2015-09-05"],
    ["2015-09-05", "2015-09-05"],
    ["05/09/2015", "2015-09-05"],
    ["05-09-2015", "2015-09-05"],
    ["05.09.2015 г.", "2015-09-05"],
    ["05.09.2015ж.", "2015-09-05"],
    ["05.09.2015 0:00:00", "2015-09-05"],
    ["2016-02-29", "2016-02-29"],
  ])("reads %s", (text, iso) => {
    expect(parseBirthDate(text)).toBe(iso);
  });

  it.each(["31.02.2015", "2015", "05.09.15", "09/31/2015", "5 сентября 2015", "05.09/2015", "2015-13-01", "сегодня"])(
    "refuses %s",
    (text) => {
      expect(parseBirthDate(text)).toBeNull();
      expect(validateOne({ birthDate: text }).problems).toEqual([
        { column: "birthDate", code: "invalid_date", severity: "error", params: {} },
      ]);
    },
  );

  it("refuses a date after today", () => {
    expect(codes(validateOne({ birthDate: "27.11.2026" }))).toEqual(["future_date"]);
    expect(codes(validateOne({ birthDate: "26.11.2024" }))).toEqual([]);
  });

  it("marks ages under 2 and over 25 on today's date", () => {
    expect(validateOne({ birthDate: "27.11.2024" }).problems).toEqual([
      { column: "birthDate", code: "implausible_age", severity: "error", params: { age: 1, min: 2, max: 25 } },
    ]);
    expect(codes(validateOne({ birthDate: "26.11.2024" }))).toEqual([]); // 2 today
    expect(codes(validateOne({ birthDate: "27.11.2000" }))).toEqual([]); // 25 until tomorrow
    expect(validateOne({ birthDate: "26.11.2000" }).problems[0]?.params).toEqual({ age: 26, min: 2, max: 25 });
  });

  it("counts full years, with a leap-day birthday a year older on 1 March", () => {
    expect(fullYears("2016-02-29", "2026-02-28")).toBe(9);
    expect(fullYears("2016-02-29", "2026-03-01")).toBe(10);
  });
});

describe("cities", () => {
  it.each([
    ["Алматы", "almaty"],
    ["almaty", "almaty"],
    ["АЛМАТЫ", "almaty"],
    ["г.Алматы", "almaty"],
    ["Алматы қаласы", "almaty"],
    ["Өскемен", "oskemen"],
    ["усть - каменогорск", "oskemen"],
    ["Oskemen", "oskemen"],
    ["Уральск", "oral"],
    ["Түркiстан", "turkistan"], // Latin i
    ["Нур-Султан", "astana"],
    ["Другой город", "other"],
  ])("finds %s", (text, code) => {
    const result = validateOne({ city: text }, { defaultRegion: "pavlodar" });
    expect(result.values.city).toBe(code);
    expect(result.problems).toEqual([]);
  });

  it("keeps an unknown city exactly as written, with a warning, and the row stays importable", () => {
    const result = validateOne({ city: "Каскелен" }, { defaultRegion: "almaty_region" });
    expect(result.values).toMatchObject({
      city: "other",
      cityText: "Каскелен",
      town: "Каскелен",
      region: "almaty_region",
    });
    expect(result.problems).toEqual([
      { column: "city", code: "unknown_city", severity: "warning", params: { value: "Каскелен" } },
    ]);
    expect(result.importable).toBe(true);
  });
});

describe("regions of towns outside the list", () => {
  it("keeps Ақсу as typed and takes its region from the region column, in any language", () => {
    for (const region of [
      "Павлодарская обл.",
      "Павлодар облысы",
      "Pavlodar Region",
      "pavlodar",
      "ПАВЛОДАРСКАЯ ОБЛАСТЬ",
    ]) {
      const result = validateOne({ city: "Ақсу", region }, { defaultRegion: "almaty_region" });
      expect(result.values, region).toMatchObject({ city: "other", town: "Ақсу", region: "pavlodar" });
      expect(codes(result), region).toEqual(["unknown_city"]);
      expect(result.importable).toBe(true);
    }
  });

  it("takes the club's region when the row names none, and refuses a town with no region at all", () => {
    expect(validateOne({ city: "Ақсу" }, { defaultRegion: "pavlodar" }).values.region).toBe("pavlodar");
    const none = validateOne({ city: "Ақсу" });
    expect(none.problems.map((p) => [p.column, p.code])).toEqual([
      ["city", "unknown_city"],
      ["region", "region_required"],
    ]);
    expect(none.importable).toBe(false);
  });

  it("refuses a region it does not know for a town outside the list, but ignores it for a listed town", () => {
    const unknown = validateOne({ city: "Ақсу", region: "Нарния" }, { defaultRegion: "pavlodar" });
    expect(unknown.problems.at(-1)).toEqual({
      column: "region",
      code: "unknown_region",
      severity: "error",
      params: { value: "Нарния" },
    });
    const listed = validateOne({ city: "Алматы", region: "Нарния" });
    expect(listed.problems).toEqual([]);
    expect(listed.values.region).toBe("almaty");
  });

  it("reads Алматы as the city and Алматы облысы as the region around it", () => {
    expect(validateOne({ city: "Талгар", region: "Алматы" }).values.region).toBe("almaty");
    expect(validateOne({ city: "Талгар", region: "Алматы облысы" }).values.region).toBe("almaty_region");
    expect(validateOne({ city: "Талгар", region: "Алматинская" }).values.region).toBe("almaty_region");
  });
});

describe("duplicates in the file", () => {
  it("marks a later row with the same last name, first name and birth date, whatever the case or ё", () => {
    const rows = [
      row({ line: 2, lastName: "Семёнова", firstName: "Алёна", birthDate: "01.02.2014" }),
      row({ line: 3, lastName: "Семёнова", firstName: "Мария", birthDate: "01.02.2014" }),
      row({ line: 4, lastName: "СЕМЕНОВА", firstName: "алена", birthDate: "2014-02-01", patronymic: "Ивановна" }),
      row({ line: 5, lastName: "Семёнова", firstName: "Алёна", birthDate: "02.02.2014" }),
    ];
    const result = validateRosterRows(rows, { cities, regions, today });
    expect(result.map(codes)).toEqual([[], [], ["duplicate_in_file"], []]);
    expect(result[2]!.problems[0]).toEqual({
      column: null,
      code: "duplicate_in_file",
      severity: "error",
      params: { line: 2 },
    });
  });

  it("does not compare rows whose names or dates are unreadable", () => {
    const rows = [row({ birthDate: "потом" }), row({ birthDate: "потом" })];
    expect(validateRosterRows(rows, { cities, regions, today }).map(codes)).toEqual([
      ["invalid_date"],
      ["invalid_date"],
    ]);
  });
});

describe("summary", () => {
  it("counts importable rows, rows with errors and rows with warnings", () => {
    const rows = validateRosterRows([row(), row({ firstName: "Дана", city: "Каскелен" }), row({ firstName: "" })], {
      cities,
      regions,
      today,
      defaultRegion: "almaty_region",
    });
    expect(summariseRosterPreview(rows)).toEqual({ total: 3, importable: 2, withErrors: 1, withWarnings: 1 });
  });
});

describe("folding", () => {
  it("folds case, ё and alphabets for comparison", () => {
    expect(foldText("  СЕМЁНОВА ")).toBe("семенова");
    expect(foldText("Тегi")).toBe(foldText("ТЕГІ"));
  });
});
