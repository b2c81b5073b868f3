import Papa from "papaparse";

import {
  type RawRow,
  REQUIRED_ROSTER_COLUMNS,
  ROSTER_COLUMNS,
  ROSTER_LIMITS,
  type RosterColumn,
  type Severity,
} from "~/domain/roster";

import { unzipWithinLimits, type ZipLimits } from "../../platform/zip.server";
import { findHeadingRow } from "./headings.server";
import { type Cell, readXlsxSheets, type Sheet, type SheetRow } from "./read-xlsx.server";

export const FILE_PROBLEM_CODES = [
  "too_large",
  "empty_file",
  "unknown_format",
  "missing_column",
  "full_name_column",
  "too_many_rows",
  "too_complex",
  "encoding_lost_letters",
] as const;
export type FileProblemCode = (typeof FILE_PROBLEM_CODES)[number];

/**
 * A problem of the whole file, shown above the preview; message `roster.fileProblem.<code>`.
 * Params: too_large { max } (MB), too_many_rows { max }, missing_column { column } (a RosterColumn:
 * translate it with `roster.column.<column>`), full_name_column { header }, unknown_format { file },
 * too_complex { file } (a workbook that unpacks into too much, or takes too much memory or time to read).
 */
export interface FileProblem {
  code: FileProblemCode;
  severity: Severity;
  params: Record<string, string | number>;
}

export interface ParsedRoster {
  /** Data rows (blank ones left out); empty whenever a problem of severity "error" is reported. */
  rows: RawRow[];
  /** By the bytes: 'xlsx' for a ZIP (or an old binary Excel file, refused), 'csv' for anything else. */
  format: "csv" | "xlsx";
  problems: FileProblem[];
}

/**
 * An XLSX is a ZIP: unpacked, a roster of 2,000 children is under 1 MB of XML. The limits leave
 * room for pictures and other sheets, and keep a small upload from unpacking into gigabytes.
 */
export const XLSX_ZIP_LIMITS: ZipLimits = {
  maxEntries: 500,
  maxEntryBytes: 10 * 1024 * 1024,
  maxTotalBytes: 20 * 1024 * 1024,
};
/** Non-blank rows read from one sheet: titles, notes and numbered empty template rows come on top of the children. */
const MAX_SHEET_ROWS = ROSTER_LIMITS.maxRows * 5;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
// Old binary .xls files, and .xlsx files protected by a password, are OLE compound documents.
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Reads a roster from CSV or XLSX bytes. Never throws on bad input: what is wrong comes back as `problems`. */
export async function parseRosterFile(bytes: Buffer, filename: string): Promise<ParsedRoster> {
  const format = startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, OLE_MAGIC) ? "xlsx" : "csv";
  const fail = (code: FileProblemCode, params: Record<string, string | number> = {}): ParsedRoster => ({
    rows: [],
    format,
    problems: [problem(code, params)],
  });
  const unknownFormat = () => fail("unknown_format", { file: displayName(filename) });

  if (bytes.length > ROSTER_LIMITS.maxBytes) return fail("too_large", { max: ROSTER_LIMITS.maxBytes / 1024 / 1024 });
  if (bytes.length === 0) return fail("empty_file");
  if (startsWith(bytes, OLE_MAGIC)) return unknownFormat();

  let sheets: Sheet[];
  if (format === "xlsx") {
    const tooComplex = () => fail("too_complex", { file: displayName(filename) });
    const unzipped = await unzipWithinLimits(bytes, XLSX_ZIP_LIMITS);
    if (!unzipped.ok) return unzipped.reason === "unreadable" ? unknownFormat() : tooComplex();
    const read = await readXlsxSheets(unzipped.entries, MAX_SHEET_ROWS);
    if ("problem" in read) return read.problem === "unreadable" ? unknownFormat() : tooComplex();
    sheets = read.sheets;
  } else {
    const text = decodeText(bytes);
    if (text === null || /^\s*</u.test(text)) return unknownFormat();
    try {
      sheets = [{ rows: readCsv(text), truncated: false }];
    } catch {
      return unknownFormat();
    }
  }

  const result = rowsFromSheets(sheets);
  return { format, ...result };
}

function rowsFromSheets(sheets: Sheet[]): Omit<ParsedRoster, "format"> {
  const nonEmpty = sheets.filter((sheet) => sheet.rows.length > 0);
  if (nonEmpty.length === 0) return { rows: [], problems: [problem("empty_file")] };

  const candidates = nonEmpty.map(({ rows, truncated }) => ({
    rows,
    truncated,
    heading: findHeadingRow(
      rows.map((r) => r.cells.map(cellText)),
      REQUIRED_ROSTER_COLUMNS,
    ),
  }));
  const complete = candidates.find(
    (c) => c.heading && REQUIRED_ROSTER_COLUMNS.every((col) => c.heading!.columns[col] !== undefined),
  );
  const chosen = complete ?? candidates.find((c) => c.heading) ?? candidates[0]!;
  const columns = chosen.heading?.columns ?? {};

  const missing = REQUIRED_ROSTER_COLUMNS.filter((c) => columns[c] === undefined);
  if (missing.length > 0) {
    const fullName = chosen.heading?.fullNameHeading;
    const problems =
      fullName && (missing.includes("lastName") || missing.includes("firstName"))
        ? [
            problem("full_name_column", { header: fullName }),
            ...missing.filter((c) => c !== "lastName" && c !== "firstName").map(missingColumn),
          ]
        : missing.map(missingColumn);
    return { rows: [], problems };
  }

  const tooManyRows = { rows: [], problems: [problem("too_many_rows", { max: ROSTER_LIMITS.maxRows })] };
  if (chosen.truncated) return tooManyRows;
  const rows: RawRow[] = [];
  for (const sheetRow of chosen.rows.slice(chosen.heading!.rowIndex + 1)) {
    const row = { line: sheetRow.line } as RawRow;
    for (const column of ROSTER_COLUMNS) {
      const index = columns[column];
      // Files made before the region column have none: their rows carry none either.
      if (column === "region" && index === undefined) continue;
      const cell = index === undefined ? "" : (sheetRow.cells[index] ?? "");
      row[column] = column === "birthDate" ? dateCellText(cell) : cellText(cell);
    }
    // Numbered but empty template rows ("1", "2", … with no names) are not children.
    if (ROSTER_COLUMNS.every((c) => (row[c] ?? "").trim() === "")) continue;
    rows.push(row);
    if (rows.length > ROSTER_LIMITS.maxRows) return tooManyRows;
  }
  if (rows.length === 0) return { rows: [], problems: [problem("empty_file")] };

  const lostLetters = rows.some((r) =>
    [r.lastName, r.firstName, r.patronymic, r.city].some((v) => /\p{L}\?|\?\p{L}/u.test(v)),
  );
  return { rows, problems: lostLetters ? [problem("encoding_lost_letters")] : [] };
}

function problem(code: FileProblemCode, params: Record<string, string | number> = {}): FileProblem {
  return { code, severity: code === "encoding_lost_letters" ? "warning" : "error", params };
}

function missingColumn(column: RosterColumn): FileProblem {
  return problem("missing_column", { column });
}

// ---------------------------------------------------------------------------------------------
// CSV

/** UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else Windows-1251 (Excel in a Russian locale). */
function decodeText(bytes: Buffer): string | null {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return new TextDecoder("utf-8").decode(bytes);
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder("utf-16le").decode(bytes);
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder("utf-16be").decode(bytes);
  if (bytes.subarray(0, 8192).includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1251").decode(bytes);
  }
}

function readCsv(text: string): SheetRow[] {
  // Excel honours a first line "sep=;" and does not show it: neither do we, so row numbers still match.
  const sep = /^sep=(.)\r?\n/u.exec(text);
  const body = sep ? text.slice(sep[0].length) : text;
  const parsed = Papa.parse<string[]>(body, {
    delimiter: sep?.[1] ?? "",
    delimitersToGuess: [";", ",", "\t", "|"],
    skipEmptyLines: false,
  });
  const rows: SheetRow[] = [];
  parsed.data.forEach((cells, index) => {
    if (cells.some((cell) => cell.trim() !== "")) rows.push({ line: index + 1, cells });
  });
  return rows;
}

// ---------------------------------------------------------------------------------------------
// XLSX

/** exceljs reads Excel's local dates as UTC midnights: the UTC calendar date is the one Excel shows. */
function excelDateToIso(date: Date): string {
  if (Number.isNaN(date.getTime())) return "";
  // Rounding to the second drops floating-point residue such as 23:59:59.999 on the day before.
  return new Date(Math.round(date.getTime() / 1000) * 1000).toISOString().slice(0, 10);
}

function cellText(cell: Cell): string {
  if (cell instanceof Date) return excelDateToIso(cell);
  return String(cell);
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 24 * 60 * 60 * 1000;

function dateCellText(cell: Cell): string {
  // A date column formatted as "General" shows serial numbers (42075 for 12.03.2015); anything
  // from 1927 on is read as such a serial, while a bare year like 2015 stays invalid.
  if (typeof cell === "number" && cell >= 10_000 && cell < 100_000)
    return excelDateToIso(new Date(EXCEL_EPOCH + Math.floor(cell) * DAY_MS));
  return cellText(cell);
}

// ---------------------------------------------------------------------------------------------

function startsWith(bytes: Buffer, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte);
}

function displayName(filename: string): string {
  const base = filename.split(/[/\\]/u).pop() ?? "";
  return base.length > 80 ? `${base.slice(0, 77)}…` : base;
}
