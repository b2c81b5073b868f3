import { asBuffer, runOffThread } from "../../platform/off-thread.server";
import type { ExportColumn, ExportOptions, ExportRow } from "./export.server";

/**
 * toXlsx in a worker thread (xlsx.worker.ts): the same workbook, but building one of 10,000 rows
 * (seconds of CPU and ~150 MB) keeps the server's event loop and heap free for everyone else.
 */
export async function toXlsxOffThread(
  sheetName: string,
  columns: readonly ExportColumn[],
  rows: readonly ExportRow[],
  options: ExportOptions = {},
): Promise<Buffer> {
  return asBuffer(await runOffThread<Uint8Array>(import.meta.url, "xlsx", { sheetName, columns, rows, options }));
}
