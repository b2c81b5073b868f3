// Writes a workbook in a worker thread (xlsx-off-thread.server.ts starts it), so an export of 10,000
// rows never holds up the server's event loop. Bundled on its own (platform/worker-bundle.server.ts).
//
// In: workerData { sheetName, columns, rows, options } as toXlsx takes them.
// Out: { result: Uint8Array } (platform/off-thread.server.ts).
import { parentPort, workerData } from "node:worker_threads";

import { type ExportColumn, type ExportOptions, type ExportRow, toXlsx } from "./export.server";

const input = workerData as { sheetName: string; columns: ExportColumn[]; rows: ExportRow[]; options: ExportOptions };
const result = await toXlsx(input.sheetName, input.columns, input.rows, input.options);
parentPort?.postMessage({ result });
