import { TZDate } from "@date-fns/tz";
import ExcelJS from "exceljs";

import { formatDuration } from "~/domain/eligibility";
import type { Locale } from "~/domain/locale";
import { FEDERATION_TIMEZONE, isIsoDate } from "~/domain/time";

/**
 * Tables for organisers to download (entries, rosters) as CSV and XLSX that open in Excel with
 * Cyrillic and Kazakh letters intact.
 */

export interface ExportColumn {
  key: string;
  header: string;
  /**
   * How to write the column's values. Without it: numbers as numbers, strings as text, and a Date
   * as a date when it falls on midnight in `timeZone`, else as date and time. With 'date', strings
   * 'YYYY-MM-DD' (how `date` columns come from the database) become real dates too. With
   * 'duration', a number of seconds: a time value shown as minutes and seconds (`[m]:ss`) in XLSX,
   * and the plain number of seconds in CSV, where "2:50" would be read as 2 hours 50 minutes.
   */
  type?: "text" | "number" | "date" | "dateTime" | "duration";
  /** The heading in CSV when it must differ from the XLSX one (a duration's "…, seconds"). */
  csvHeader?: string;
}

export type ExportValue = string | number | Date | null | undefined;
export type ExportRow = Record<string, ExportValue>;

export interface ExportOptions {
  /** Where instants (Date values) are shown; the federation's by default. */
  timeZone?: string;
}

export interface CsvDialect {
  /**
   * ',' by default (RFC 4180). Excel opened by double-click splits on the system's list separator,
   * which is ';' in Russian and Kazakh regional settings: offer ';' to those users, or the XLSX.
   */
  delimiter: "," | ";";
  /** The decimal mark of numbers: Excel and LibreOffice in Russian read "92.5" as text. */
  decimal: "." | ",";
  /**
   * 'iso' (2008-03-14, the default) is read as a date in every language; 'dmy' (14.03.2008) only
   * where day.month.year is the custom, and stays text under en-US.
   */
  dates: "iso" | "dmy";
}

export interface CsvOptions extends ExportOptions, Partial<CsvDialect> {}

/**
 * How a reader in `locale` gets a CSV their spreadsheet splits and reads without asking: English
 * readers the RFC 4180 form with ISO dates; Russian and Kazakh ones ';', a decimal comma and
 * day.month.year, as Excel and LibreOffice set to those languages expect.
 */
export function csvDialect(locale: Locale): CsvDialect {
  return locale === "en"
    ? { delimiter: ",", decimal: ".", dates: "iso" }
    : { delimiter: ";", decimal: ",", dates: "dmy" };
}

type Resolved =
  | { kind: "empty" }
  | { kind: "text"; text: string }
  | { kind: "number"; value: number }
  | { kind: "duration"; seconds: number }
  | { kind: "date"; y: number; m: number; d: number }
  | { kind: "dateTime"; y: number; m: number; d: number; h: number; mi: number };

function resolve(value: ExportValue, column: ExportColumn, timeZone: string): Resolved {
  if (value === null || value === undefined || value === "") return { kind: "empty" };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { kind: "empty" };
    const zoned = new TZDate(value.getTime(), timeZone);
    const parts = { y: zoned.getFullYear(), m: zoned.getMonth() + 1, d: zoned.getDate() };
    const midnight = zoned.getHours() === 0 && zoned.getMinutes() === 0;
    if (column.type === "date" || (column.type !== "dateTime" && column.type !== "text" && midnight))
      return { kind: "date", ...parts };
    const withTime = { kind: "dateTime" as const, ...parts, h: zoned.getHours(), mi: zoned.getMinutes() };
    return column.type === "text" ? { kind: "text", text: formatResolved(withTime, "dmy") } : withTime;
  }
  if (typeof value === "number") {
    if (column.type === "duration" && Number.isFinite(value) && value >= 0)
      return { kind: "duration", seconds: Math.round(value) };
    return column.type === "text" || !Number.isFinite(value)
      ? { kind: "text", text: String(value) }
      : { kind: "number", value };
  }
  if (column.type === "date" && isIsoDate(value)) {
    return { kind: "date", y: Number(value.slice(0, 4)), m: Number(value.slice(5, 7)), d: Number(value.slice(8, 10)) };
  }
  return { kind: "text", text: value };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** How a resolved value reads as text: in a CSV field, and to size an XLSX column. */
function formatResolved(r: Resolved, dates: CsvDialect["dates"], decimal: CsvDialect["decimal"] = "."): string {
  const date = (x: { y: number; m: number; d: number }) =>
    dates === "iso" ? `${x.y}-${pad(x.m)}-${pad(x.d)}` : `${pad(x.d)}.${pad(x.m)}.${x.y}`;
  switch (r.kind) {
    case "empty":
      return "";
    case "text":
      return r.text;
    case "number":
      return decimal === "," ? String(r.value).replace(".", ",") : String(r.value);
    case "duration":
      return String(r.seconds);
    case "date":
      return date(r);
    case "dateTime":
      return `${date(r)} ${pad(r.h)}:${pad(r.mi)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// CSV

const UTF8_BOM = "\uFEFF";

/**
 * RFC 4180 CSV (CRLF, fields quoted when needed) in UTF-8 with a BOM, so Excel reads it as UTF-8.
 * Dates, numbers and durations are written so that Excel and LibreOffice read them as dates and
 * numbers in the dialect's language (see csvDialect).
 */
export function toCsv(columns: readonly ExportColumn[], rows: readonly ExportRow[], options: CsvOptions = {}): Buffer {
  const { delimiter = ",", decimal = ".", dates = "iso" } = options;
  const timeZone = options.timeZone ?? FEDERATION_TIMEZONE;
  const field = (text: string) => (/[",;\r\n]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text);
  const lines = [columns.map((c) => field(c.csvHeader ?? c.header)).join(delimiter)];
  for (const row of rows) {
    lines.push(
      columns
        .map((column) => {
          const resolved = resolve(row[column.key], column, timeZone);
          const text = formatResolved(resolved, dates, decimal);
          return field(resolved.kind === "text" ? defuseFormula(text) : text);
        })
        .join(delimiter),
    );
  }
  return Buffer.from(UTF8_BOM + lines.join("\r\n") + "\r\n", "utf8");
}

/**
 * Excel and LibreOffice run a CSV cell that starts with = + - @ as a formula (CSV injection): a
 * piece titled "=HYPERLINK(…)" must stay text. CSV has no way to mark a field as text, so the field
 * gets a leading apostrophe (OWASP's advice), which both programs then show: the price of safety.
 * The XLSX needs none (its text cells are never formulas).
 */
function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/u.test(text) ? `'${text}` : text;
}

// ---------------------------------------------------------------------------------------------
// XLSX

const DATE_FORMAT = "dd.mm.yyyy";
const DATE_TIME_FORMAT = "dd.mm.yyyy hh:mm";
/** Minutes past 59 stay minutes (75:00, not 1:15:00), and a column of them sums. */
const DURATION_FORMAT = "[m]:ss";
const SECONDS_PER_DAY = 86_400;
const MIN_WIDTH = 6;
const MAX_WIDTH = 60;

/** One sheet: bold, frozen header row with an autofilter, widths from the content, real dates. */
export async function toXlsx(
  sheetName: string,
  columns: readonly ExportColumn[],
  rows: readonly ExportRow[],
  options: ExportOptions = {},
): Promise<Buffer> {
  const timeZone = options.timeZone ?? FEDERATION_TIMEZONE;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Toi";
  const sheet = workbook.addWorksheet(safeSheetName(sheetName), { views: [{ state: "frozen", ySplit: 1 }] });

  const widths = columns.map((c) => longestLine(c.header));
  const header = sheet.addRow(columns.map((c) => xmlSafe(c.header)));
  header.font = { bold: true };

  for (const row of rows) {
    const resolved = columns.map((column) => resolve(row[column.key], column, timeZone));
    const added = sheet.addRow(resolved.map(cellValue));
    resolved.forEach((r, i) => {
      const cell = added.getCell(i + 1);
      if (r.kind === "date") cell.numFmt = DATE_FORMAT;
      if (r.kind === "dateTime") cell.numFmt = DATE_TIME_FORMAT;
      if (r.kind === "duration") cell.numFmt = DURATION_FORMAT;
      if (r.kind === "text" && /\n/u.test(r.text)) cell.alignment = { wrapText: true, vertical: "top" };
      const shown = r.kind === "duration" ? formatDuration(r.seconds) : formatResolved(r, "dmy");
      widths[i] = Math.max(widths[i]!, longestLine(shown));
    });
  }

  widths.forEach((width, i) => {
    sheet.getColumn(i + 1).width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width + 2));
  });
  if (columns.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function cellValue(r: Resolved): ExcelJS.CellValue {
  switch (r.kind) {
    case "empty":
      return null;
    case "text":
      return xmlSafe(r.text);
    case "number":
      return r.value;
    // A time value is a fraction of a day.
    case "duration":
      return r.seconds / SECONDS_PER_DAY;
    // exceljs writes a Date's UTC fields as Excel's local date and time.
    case "date":
      return new Date(Date.UTC(r.y, r.m - 1, r.d));
    case "dateTime":
      return new Date(Date.UTC(r.y, r.m - 1, r.d, r.h, r.mi));
  }
}

function longestLine(text: string): number {
  return Math.max(0, ...text.split("\n").map((line) => [...line].length));
}

/** Control characters are not allowed in XML: Excel would "repair" the file and drop the cell. */
function xmlSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- these are exactly the characters to remove
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/gu, "").replace(/\p{Cs}/gu, "\uFFFD");
}

/** Excel's rules for sheet names: 1–31 characters, none of : \ / ? * [ ], not starting or ending with an apostrophe. */
function safeSheetName(name: string): string {
  const cleaned = name
    .replace(/[:\\/?*[\]]/gu, " ")
    .replace(/\s+/gu, " ")
    .trim()
    .replace(/^'+|'+$/gu, "");
  return [...cleaned].slice(0, 31).join("").trim() || "Sheet1";
}
