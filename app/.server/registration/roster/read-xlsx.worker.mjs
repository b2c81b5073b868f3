// @ts-check
// Reads the rows of an XLSX workbook in a worker thread, so a slow or heavy workbook never holds up
// the server's event loop (xlsx.server.ts starts it with memory limits and a time limit).
// Plain JavaScript that only imports packages: it runs as is under Vite in development and is
// copied next to the server build (vite.config.ts), where node starts it without Vite.
//
// In: workerData { bytes: Uint8Array (a ZIP), maxRows: number }.
// Out: one message, { sheets: { rows: { line, cells }[], truncated }[] } or { unreadable: true }.
// A sheet's rows stop at maxRows rows that are not blank (truncated then).
import { parentPort, workerData } from "node:worker_threads";

import ExcelJS from "exceljs";

/** @typedef {string | number | Date} Cell */

/** @param {{ bytes: Uint8Array; maxRows: number }} input */
async function readSheets({ bytes, maxRows }) {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as its own Buffer; JSZip reads a Uint8Array alike.
  await workbook.xlsx.load(/** @type {never} */ (bytes));
  // A ZIP that is not a workbook (a .docx, an archive) loads as a workbook without sheets.
  if (workbook.worksheets.length === 0) return null;
  return workbook.worksheets
    .filter((sheet) => sheet.state === "visible" || sheet.state === undefined)
    .map((sheet) => {
      /** @type {{ line: number; cells: Cell[] }[]} */
      const rows = [];
      let truncated = false;
      sheet.eachRow({ includeEmpty: false }, (row, line) => {
        if (truncated) return;
        /** @type {Cell[]} */
        const cells = [];
        row.eachCell({ includeEmpty: false }, (cell, column) => {
          cells[column - 1] = plainValue(cell.value);
        });
        for (let i = 0; i < cells.length; i++) cells[i] ??= "";
        if (cells.every(isBlank)) return;
        if (rows.length === maxRows) truncated = true;
        else rows.push({ line, cells });
      });
      return { rows, truncated };
    });
}

/** @param {Cell} cell */
function isBlank(cell) {
  return cell instanceof Date ? Number.isNaN(cell.getTime()) : String(cell).trim() === "";
}

/**
 * @param {unknown} value
 * @returns {Cell}
 */
function plainValue(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "string" || typeof value === "number") return value;
  if (value instanceof Date) return value;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText))
      return value.richText.map((/** @type {{ text?: string }} */ part) => part.text ?? "").join("");
    if ("result" in value) return plainValue(value.result);
    if ("formula" in value || "sharedFormula" in value || "error" in value) return "";
    if ("text" in value) return plainValue(value.text);
  }
  return "";
}

let answer;
try {
  const sheets = await readSheets(workerData);
  answer = sheets ? { sheets } : { unreadable: true };
} catch {
  answer = { unreadable: true };
}
parentPort?.postMessage(answer);
