import { Worker } from "node:worker_threads";

import { writeZip, type ZipEntry } from "../../platform/zip.server";

/** A spreadsheet cell: texts, numbers and dates (Excel dates come as UTC midnights). */
export type Cell = string | number | Date;
export interface SheetRow {
  line: number;
  cells: Cell[];
}
export interface Sheet {
  /** Rows that are not blank, in order. */
  rows: SheetRow[];
  /** More such rows followed than the reader was asked for. */
  truncated: boolean;
}

export interface XlsxReaderLimits {
  /** The worker's V8 heap; a workbook that needs more is refused. */
  maxOldGenerationSizeMb: number;
  timeoutMs: number;
}

/**
 * exceljs holds a whole workbook in memory, about 12 times its unpacked XML: a roster (under 1 MB
 * of XML) needs a few tens of MB, so only workbooks far beyond any roster reach 256 MB.
 */
export const XLSX_READER_LIMITS: XlsxReaderLimits = { maxOldGenerationSizeMb: 256, timeoutMs: 30_000 };
/** Workbooks read at once; more wait their turn, so memory stays bounded however many arrive. */
const CONCURRENT_READS = 2;

// Beside this module under Vite; vite.config.ts copies it beside the server bundle for production.
const WORKER_FILE = new URL("./read-xlsx.worker.mjs", import.meta.url);

export type ReadXlsxResult = { sheets: Sheet[] } | { problem: "unreadable" | "too_complex" };

/**
 * Reads the visible sheets of an unpacked XLSX in a worker thread (read-xlsx.worker.mjs), so the
 * event loop stays free however heavy the workbook. At most `maxRows` non-blank rows per sheet.
 * Throws only when the worker itself can't run.
 */
export async function readXlsxSheets(
  entries: readonly ZipEntry[],
  maxRows: number,
  limits: XlsxReaderLimits = XLSX_READER_LIMITS,
): Promise<ReadXlsxResult> {
  // Stored again without compression, exceljs sees exactly the bytes that were counted on unpacking.
  const bytes = writeZip(entries);
  await takeTurn();
  try {
    return await runWorker(bytes, maxRows, limits);
  } finally {
    endTurn();
  }
}

function runWorker(bytes: Buffer, maxRows: number, limits: XlsxReaderLimits): Promise<ReadXlsxResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, {
      workerData: { bytes, maxRows },
      // writeZip's buffer is its own: handed over, not copied.
      transferList: [bytes.buffer as ArrayBuffer],
      resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb },
    });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void worker.terminate();
    };
    const timer = setTimeout(() => settle(() => resolve({ problem: "too_complex" })), limits.timeoutMs);
    worker.once("message", (answer: { sheets: Sheet[] } | { unreadable: true }) =>
      settle(() => resolve("sheets" in answer ? { sheets: answer.sheets } : { problem: "unreadable" })),
    );
    worker.once("error", (error: Error & { code?: string }) =>
      settle(() => (error.code === "ERR_WORKER_OUT_OF_MEMORY" ? resolve({ problem: "too_complex" }) : reject(error))),
    );
    worker.once("exit", (code) =>
      settle(() => reject(new Error(`The XLSX reader exited (${code}) without an answer`))),
    );
  });
}

let reading = 0;
const waiting: (() => void)[] = [];

async function takeTurn(): Promise<void> {
  if (reading < CONCURRENT_READS) {
    reading++;
    return;
  }
  // endTurn hands its place straight to the next in line.
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function endTurn(): void {
  const next = waiting.shift();
  if (next) next();
  else reading--;
}
