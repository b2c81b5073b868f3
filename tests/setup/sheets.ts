import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/*
 * Real spreadsheet readers for the export tests, driven by sheet-read.py: openpyxl (Debian's
 * python3-openpyxl) reads an XLSX; LibreOffice headless (libreoffice-calc-nogui) opens a CSV as a
 * user in a given language would, and openpyxl reads what it made. Tests that need one skip,
 * saying so, where it is not installed.
 */

export type ReadCell =
  | { type: "empty"; value: null; format: string }
  | { type: "string" | "formula" | "date" | "datetime"; value: string; format: string }
  | { type: "number" | "duration" | "time"; value: number; format: string };

export interface ReadSheet {
  rows: ReadCell[][];
}

const SCRIPT = path.join(import.meta.dirname, "sheet-read.py");

/** A Python that can import openpyxl (pyenv's python3 may shadow Debian's), or null. */
export const openpyxlPython: string | null =
  ["python3", "/usr/bin/python3"].find((python) => spawnSync(python, ["-c", "import openpyxl"]).status === 0) ?? null;

export const hasLibreOffice = spawnSync("soffice", ["--version"]).status === 0;

export const NO_OPENPYXL =
  "python3-openpyxl is not installed (apt-get install python3-openpyxl): the XLSX is not read by a real reader";
export const NO_LIBREOFFICE =
  "LibreOffice or python3-openpyxl is not installed (apt-get install libreoffice-calc-nogui python3-openpyxl): " +
  "the CSV is not opened in a real spreadsheet";

/** The XLSX's first sheet as openpyxl reads it. */
export function readXlsx(body: Uint8Array): ReadSheet {
  if (!openpyxlPython) throw new Error(NO_OPENPYXL);
  return JSON.parse(execFileSync(openpyxlPython, [SCRIPT, "xlsx"], { input: body, encoding: "utf8" })) as ReadSheet;
}

/** Windows language ids LibreOffice takes in its CSV filter options. */
export const LANGUAGE = { en: "1033", ru: "1049", kk: "1087" } as const;

let profile: string | null = null;

/** The CSV as LibreOffice in `language` opens it, split on `separator`. Slow (seconds): use sparingly. */
export function readCsvInLibreOffice(
  body: Uint8Array,
  separator: "," | ";",
  language: keyof typeof LANGUAGE,
): ReadSheet {
  if (!openpyxlPython || !hasLibreOffice) throw new Error(NO_LIBREOFFICE);
  profile ??= fs.mkdtempSync(path.join(os.tmpdir(), "toi-soffice-"));
  const out = execFileSync(openpyxlPython, [SCRIPT, "csv", separator, LANGUAGE[language], profile], {
    input: body,
    encoding: "utf8",
    timeout: 240_000,
  });
  return JSON.parse(out) as ReadSheet;
}

/** Removes LibreOffice's user profile the CSV reads made (call in afterAll). */
export function removeLibreOfficeProfile(): void {
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
  profile = null;
}
