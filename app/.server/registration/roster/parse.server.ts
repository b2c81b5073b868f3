import ExcelJS from "exceljs";
import Papa from "papaparse";

import {
  type RawRow,
  REQUIRED_ROSTER_COLUMNS,
  ROSTER_COLUMNS,
  ROSTER_LIMITS,
  type RosterColumn,
  type Severity,
} from "~/domain/roster";

import { findHeadingRow } from "./headings.server";

export const FILE_PROBLEM_CODES = [
  "too_large",
  "empty_file",
  "unknown_format",
  "missing_column",
  "full_name_column",
  "too_many_rows",
  "encoding_lost_letters",
] as const;
export type FileProblemCode = (typeof FILE_PROBLEM_CODES)[number];

/**
 * A problem of the whole file, shown above the preview; message `roster.fileProblem.<code>`.
 * Params: too_large { max } (MB), too_many_rows { max }, missing_column { column } (a RosterColumn:
 * translate it with `roster.column.<column>`), full_name_column { header }, unknown_format { file }.
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

/** A spreadsheet row: texts, or from XLSX also numbers and dates (Excel dates come as UTC midnights). */
type Cell = string | number | Date;
interface SheetRow {
  line: number;
  cells: Cell[];
}

const MAX_UNZIPPED_BYTES = 64 * 1024 * 1024;
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

  let sheets: SheetRow[][];
  if (format === "xlsx") {
    const unzipped = declaredUnzippedSize(bytes);
    if (unzipped === null) return unknownFormat();
    if (unzipped > MAX_UNZIPPED_BYTES) return fail("too_large", { max: ROSTER_LIMITS.maxBytes / 1024 / 1024 });
    try {
      sheets = await readXlsx(bytes);
    } catch {
      return unknownFormat();
    }
  } else {
    const text = decodeText(bytes);
    if (text === null || /^\s*</u.test(text)) return unknownFormat();
    try {
      sheets = [readCsv(text)];
    } catch {
      return unknownFormat();
    }
  }

  const result = rowsFromSheets(sheets);
  return { format, ...result };
}

function rowsFromSheets(sheets: SheetRow[][]): Omit<ParsedRoster, "format"> {
  const nonEmpty = sheets.filter((rows) => rows.length > 0);
  if (nonEmpty.length === 0) return { rows: [], problems: [problem("empty_file")] };

  const candidates = nonEmpty.map((rows) => ({
    rows,
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

  const rows: RawRow[] = [];
  for (const sheetRow of chosen.rows.slice(chosen.heading!.rowIndex + 1)) {
    const row = { line: sheetRow.line } as RawRow;
    for (const column of ROSTER_COLUMNS) {
      const index = columns[column];
      const cell = index === undefined ? "" : (sheetRow.cells[index] ?? "");
      row[column] = column === "birthDate" ? dateCellText(cell) : cellText(cell);
    }
    // Numbered but empty template rows ("1", "2", … with no names) are not children.
    if (ROSTER_COLUMNS.every((c) => row[c].trim() === "")) continue;
    rows.push(row);
    if (rows.length > ROSTER_LIMITS.maxRows)
      return { rows: [], problems: [problem("too_many_rows", { max: ROSTER_LIMITS.maxRows })] };
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

async function readXlsx(bytes: Buffer): Promise<SheetRow[][]> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as its own `Buffer extends ArrayBuffer`; JSZip reads an ArrayBuffer alike.
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  // A ZIP that is not a workbook (a .docx, an archive) loads as a workbook without sheets.
  if (workbook.worksheets.length === 0) throw new Error("No worksheets");
  return workbook.worksheets
    .filter((sheet) => sheet.state === "visible" || sheet.state === undefined)
    .map((sheet) => {
      const rows: SheetRow[] = [];
      sheet.eachRow({ includeEmpty: false }, (row, line) => {
        const cells: Cell[] = [];
        row.eachCell({ includeEmpty: false }, (cell, column) => {
          cells[column - 1] = plainValue(cell.value);
        });
        for (let i = 0; i < cells.length; i++) cells[i] ??= "";
        if (cells.some((cell) => cellText(cell).trim() !== "")) rows.push({ line, cells });
      });
      return rows;
    });
}

function plainValue(value: unknown): Cell {
  if (value === null || value === undefined) return "";
  if (typeof value === "string" || typeof value === "number") return value;
  if (value instanceof Date) return value;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText))
      return value.richText.map((part: { text?: string }) => part.text ?? "").join("");
    if ("result" in value) return plainValue(value.result);
    if ("formula" in value || "sharedFormula" in value || "error" in value) return "";
    if ("text" in value) return plainValue(value.text);
  }
  return "";
}

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

/**
 * Sum of the uncompressed sizes a ZIP's central directory declares, or null if it has none.
 * Checked before unzipping: a 2 MB upload must not inflate into gigabytes of XML.
 */
function declaredUnzippedSize(bytes: Buffer): number | null {
  const END_OF_DIRECTORY = 0x06054b50;
  const DIRECTORY_ENTRY = 0x02014b50;
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let end = bytes.length - 22; end >= lowest; end--) {
    if (bytes.readUInt32LE(end) !== END_OF_DIRECTORY) continue;
    const entries = bytes.readUInt16LE(end + 10);
    let offset = bytes.readUInt32LE(end + 16);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== DIRECTORY_ENTRY) return null;
      const size = bytes.readUInt32LE(offset + 24);
      if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
      total += size;
      offset +=
        46 + bytes.readUInt16LE(offset + 28) + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
    }
    return total;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------

function startsWith(bytes: Buffer, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte);
}

function displayName(filename: string): string {
  const base = filename.split(/[/\\]/u).pop() ?? "";
  return base.length > 80 ? `${base.slice(0, 77)}…` : base;
}
