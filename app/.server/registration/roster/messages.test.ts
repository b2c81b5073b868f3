import { describe, expect, it } from "vitest";

import { ROSTER_COLUMNS, ROSTER_LIMITS, ROW_PROBLEM_CODES } from "~/domain/roster";
import { createI18n } from "~/i18n";

import { FILE_PROBLEM_CODES } from "./parse.server";

const params = {
  max: 60,
  age: 31,
  min: 2,
  line: 4,
  value: "Каскелен",
  column: "Дата рождения",
  header: "ФИО",
  file: "club.xls",
};

describe.each(["kk", "ru", "en"] as const)("roster messages in %s", (locale) => {
  const { t, exists } = createI18n(locale);

  it("has a message for every row problem, every file problem and every column", () => {
    const keys = [
      ...ROW_PROBLEM_CODES.map((code) => `roster.problem.${code}`),
      ...FILE_PROBLEM_CODES.map((code) => `roster.fileProblem.${code}`),
      ...ROSTER_COLUMNS.map((column) => `roster.column.${column}`),
    ];
    for (const key of keys) {
      expect(exists(key), key).toBe(true);
      expect(t(key, params), key).not.toMatch(/\{\{|\}\}/u);
    }
  });

  it("fills in the limits", () => {
    const hint = t("roster.fileHint", { maxMb: ROSTER_LIMITS.maxBytes / 1024 / 1024, maxRows: ROSTER_LIMITS.maxRows });
    expect(hint).toContain("2000");
    expect(hint).toMatch(/\b2 (MB|МБ)/u);
  });
});
