import { afterAll, describe, expect, it } from "vitest";

import { exportEventEntries } from "~/.server/registration/entries-export.server";
import {
  csvDialect,
  type ExportColumn,
  type ExportRow,
  toCsv,
  toXlsx,
} from "~/.server/registration/roster/export.server";
import { exportRoundResults } from "~/.server/results/export.server";
import type { Locale } from "~/domain/locale";

import { engines, useTestDb } from "../setup/db";
import {
  hasLibreOffice,
  NO_LIBREOFFICE,
  NO_OPENPYXL,
  openpyxlPython,
  type ReadCell,
  readCsvInLibreOffice,
  type ReadSheet,
  readXlsx,
  removeLibreOfficeProfile,
} from "../setup/sheets";
import { contest, entry, family, section } from "./publication-fixture";

/*
 * The exports as spreadsheet programs read them (issue 17): a duration is a number or an elapsed
 * time, never a time of day ("2:50" read as 2 h 50 min); dates are dates in every language; a title
 * that looks like a formula is never run, and in XLSX shows without any mark.
 */

const columns: ExportColumn[] = [
  { key: "title", header: "Title" },
  { key: "duration", header: "Duration", csvHeader: "Duration, seconds", type: "duration" },
  { key: "birthDate", header: "Born", type: "date" },
  { key: "submittedAt", header: "Submitted", type: "dateTime" },
  { key: "percent", header: "Percent", type: "number" },
];
const HOSTILE = ["=1+1", "+7 700", "-2", "@SUM(A1)"];
const rows: ExportRow[] = HOSTILE.map((title, i) => ({
  title,
  duration: i === 0 ? 170 : 4500,
  birthDate: "2008-03-14",
  submittedAt: new Date("2026-11-20T09:30:00Z"), // 14:30 in Almaty
  percent: 92.5,
}));

afterAll(removeLibreOfficeProfile);

const column = (sheet: ReadSheet, header: string): ReadCell[] => {
  const index = sheet.rows[0]!.findIndex((c) => c.value === header);
  expect(index, `no column ${header}`).toBeGreaterThanOrEqual(0);
  return sheet.rows.slice(1).map((row) => row[index]!);
};

describe("XLSX read by openpyxl", () => {
  it("has elapsed-time durations, real dates and plain text cells for formula-like titles", async (ctx) => {
    if (!openpyxlPython) ctx.skip(NO_OPENPYXL);
    const sheet = readXlsx(await toXlsx("Entries", columns, rows));
    expect(column(sheet, "Duration")[0]).toEqual({ type: "duration", value: 170, format: "[m]:ss" });
    expect(column(sheet, "Duration")[1]).toMatchObject({ type: "duration", value: 4500 });
    expect(column(sheet, "Born")[0]).toMatchObject({ type: "date", value: "2008-03-14" });
    expect(column(sheet, "Submitted")[0]).toMatchObject({ type: "datetime", value: "2026-11-20T14:30:00" });
    expect(column(sheet, "Percent")[0]).toMatchObject({ type: "number", value: 92.5 });
    // Text cells, no formula, no apostrophe.
    expect(column(sheet, "Title").map((c) => [c.type, c.value])).toEqual(HOSTILE.map((t) => ["string", t]));
  });
});

/** Each CSV dialect, opened by LibreOffice in a language whose users get it. */
const dialects: [Locale, "en" | "ru" | "kk"][] = [
  ["en", "en"],
  ["ru", "ru"],
  ["kk", "kk"],
];

describe("CSV opened by LibreOffice", () => {
  it.for(dialects)(
    "%s dialect in LibreOffice (%s): durations and percents are numbers, dates are dates, formulas are not run",
    ([locale, language], ctx) => {
      if (!openpyxlPython || !hasLibreOffice) ctx.skip(NO_LIBREOFFICE);
      const dialect = csvDialect(locale);
      const sheet = readCsvInLibreOffice(toCsv(columns, rows, dialect), dialect.delimiter, language);
      expect(sheet.rows[0]!.map((c) => c.value)).toEqual([
        "Title",
        "Duration, seconds",
        "Born",
        "Submitted",
        "Percent",
      ]);
      expect(column(sheet, "Duration, seconds").map((c) => [c.type, c.value])).toEqual([
        ["number", 170],
        ["number", 4500],
        ["number", 4500],
        ["number", 4500],
      ]);
      expect(column(sheet, "Born")[0]).toMatchObject({ type: "date", value: "2008-03-14" });
      expect(column(sheet, "Submitted")[0]).toMatchObject({ type: "datetime", value: "2026-11-20T14:30:00" });
      expect(column(sheet, "Percent")[0]).toMatchObject({ type: "number", value: 92.5 });
      // CSV cannot mark a field as text: the guard's apostrophe stays visible, but nothing runs.
      expect(column(sheet, "Title").map((c) => [c.type, c.value])).toEqual(HOSTILE.map((t) => ["string", `'${t}`]));
    },
  );
});

describe.each(engines)("Toi's exports in real readers (%s)", (engine) => {
  const t = useTestDb(engine);

  async function contestWithEntry() {
    const c = await contest(t.db);
    const child = await family(t.db, c, { first: "Aruzhan", last: "Akhmetova", locale: "kk" });
    const e = await entry(t.db, c, {
      nominationId: c.vocalId,
      ageGroupId: c.youngerId,
      childIds: [child.childId],
      title: "=1+1",
    });
    await t.db.updateTable("entries").set({ duration_seconds: 170 }).where("id", "=", e.id).execute();
    return { c, e };
  }

  it("entries XLSX: [m]:ss duration, real birth date, the title as plain text", async (ctx) => {
    if (!openpyxlPython) ctx.skip(NO_OPENPYXL);
    const { c } = await contestWithEntry();
    const url = new URL(`https://toi.example.kz/organiser/events/${c.eventId}/export?format=xlsx`);
    const { body } = await exportEventEntries(t.db, c.eventId, url, "xlsx", "ru");
    const sheet = readXlsx(body);
    expect(column(sheet, "Продолжительность (мин:сек)")).toEqual([{ type: "duration", value: 170, format: "[m]:ss" }]);
    expect(column(sheet, "Дата рождения")[0]).toMatchObject({ type: "date", value: "2016-03-14" });
    expect(column(sheet, "Название номера или работы")[0]).toMatchObject({ type: "string", value: "=1+1" });
    expect(column(sheet, "Подана")[0]!.type).toBe("datetime");
  });

  it("entries CSV in English: seconds and ISO dates that LibreOffice under en-US reads as numbers and dates", async (ctx) => {
    if (!openpyxlPython || !hasLibreOffice) ctx.skip(NO_LIBREOFFICE);
    const { c } = await contestWithEntry();
    const url = new URL(`https://toi.example.kz/organiser/events/${c.eventId}/export?format=csv`);
    const { body } = await exportEventEntries(t.db, c.eventId, url, "csv", "en");
    const sheet = readCsvInLibreOffice(body, ",", "en");
    expect(column(sheet, "Duration, seconds")).toEqual([{ type: "number", value: 170, format: "General" }]);
    expect(column(sheet, "Date of birth")[0]).toMatchObject({ type: "date", value: "2016-03-14" });
    expect(column(sheet, "Submitted")[0]!.type).toBe("datetime");
    expect(column(sheet, "Title of the piece or work")[0]).toMatchObject({ type: "string", value: "'=1+1" });
  });

  it("results CSV in Russian: LibreOffice under ru-RU reads the percent as a number", async (ctx) => {
    if (!openpyxlPython || !hasLibreOffice) ctx.skip(NO_LIBREOFFICE);
    const { c, e } = await contestWithEntry();
    await section(t.db, {
      roundId: c.final.id,
      nominationId: c.vocalId,
      ageGroupId: c.youngerId,
      rows: [{ entryId: e.id, rank: 1, percent: 92.5 }],
    });
    const file = (await exportRoundResults(t.db, {
      eventId: c.eventId,
      roundId: c.final.id,
      locale: "ru",
      format: "csv",
    }))!;
    const sheet = readCsvInLibreOffice(file.body, ";", "ru");
    expect(column(sheet, "% от максимума")[0]).toMatchObject({ type: "number", value: 92.5 });
    expect(column(sheet, "Название номера")[0]).toMatchObject({ type: "string", value: "'=1+1" });
  });
});
