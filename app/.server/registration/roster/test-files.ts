import { constants, crc32, deflateRawSync } from "node:zlib";

import ExcelJS from "exceljs";

import { unzipWithinLimits, writeZip, type ZipPart } from "../../platform/zip.server";

/** Builders of roster files for tests: what club leaders' Excel and text editors produce. */

const cp1251Decoder = new TextDecoder("windows-1251");
const CP1251 = new Map<string, number>(
  Array.from({ length: 256 }, (_, byte) => [cp1251Decoder.decode(Uint8Array.of(byte)), byte] as const),
);

/** Encodes like Excel's "CSV (разделители - запятые)" in a Russian locale: letters cp1251 lacks (ә, ғ, қ…) become "?". */
export function encodeCp1251(text: string): Buffer {
  return Buffer.from([...text].map((ch) => CP1251.get(ch) ?? 0x3f));
}

export function csv(
  rows: readonly (readonly string[])[],
  options: { delimiter?: string; bom?: boolean; newline?: string } = {},
): string {
  const { delimiter = ";", newline = "\r\n" } = options;
  const field = (v: string) => (/[";,\t\r\n]/u.test(v) ? `"${v.replace(/"/gu, '""')}"` : v);
  return rows.map((r) => r.map(field).join(delimiter)).join(newline) + newline;
}

export function utf8(text: string, bom = false): Buffer {
  return Buffer.from((bom ? "\uFEFF" : "") + text, "utf8");
}

export type SheetSpec = {
  name: string;
  rows: ExcelJS.CellValue[][];
  state?: "visible" | "hidden";
  dateFormat?: string;
};

/** An XLSX workbook; Date cells get a date format so Excel (and exceljs) read them as dates. */
export async function xlsx(sheets: readonly SheetSpec[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name, { state: spec.state ?? "visible" });
    spec.rows.forEach((values, i) => {
      const row = sheet.getRow(i + 1);
      values.forEach((value, j) => {
        const cell = row.getCell(j + 1);
        cell.value = value;
        if (value instanceof Date) cell.numFmt = spec.dateFormat ?? "dd.mm.yyyy";
      });
      row.commit();
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A ZIP; `deflate` compresses an entry and `declaredSize` lets a test lie about its unpacked size. */
export function zip(
  entries: readonly { name: string; data: Buffer; deflate?: boolean; declaredSize?: number }[],
): Buffer {
  return writeZip(
    entries.map(({ name, data, deflate, declaredSize }) => ({
      name,
      data: deflate ? deflateRawSync(data) : data,
      method: deflate ? 8 : 0,
      crc: crc32(data),
      size: declaredSize ?? data.length,
    })),
  );
}

/**
 * Raw DEFLATE data that unpacks to `head`, then `times` × `body`, then `tail`, built without ever
 * holding the unpacked bytes: `body` is compressed once and its blocks repeated.
 */
function deflatedRepeat(head: string, body: Buffer, times: number, tail: string): Buffer {
  const flushed = (data: Buffer) => deflateRawSync(data, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const repeated = flushed(body);
  return Buffer.concat([
    flushed(Buffer.from(head)),
    ...Array.from({ length: times }, () => repeated),
    deflateRawSync(Buffer.from(tail)),
  ]);
}

/**
 * A zip bomb shaped as an XLSX: its sheet is valid XML that unpacks to a little over `megabytes`
 * MB (blanks inside <sheetData>) from about a thousandth of that. Its directory declares the true
 * size unless `declaredSize` says otherwise; the sheet's CRC is not checked against (computing it
 * would mean unpacking it).
 */
export async function xlsxBomb(
  megabytes: number,
  declaredSize?: number,
): Promise<{ bytes: Buffer; sheetSize: number }> {
  const honest = await xlsx([{ name: "Дети", rows: [["Фамилия", "Имя", "Дата рождения", "Город"]] }]);
  const unzipped = await unzipWithinLimits(honest, { maxEntries: 100, maxEntryBytes: 2 ** 24, maxTotalBytes: 2 ** 24 });
  if (!unzipped.ok) throw new Error("exceljs wrote an unreadable workbook");
  const head =
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  const tail = "</sheetData></worksheet>";
  const megabyte = Buffer.alloc(1024 * 1024, " ");
  const sheetSize = head.length + megabytes * megabyte.length + tail.length;
  const parts = unzipped.entries.map(({ name, data }): ZipPart =>
    name === "xl/worksheets/sheet1.xml"
      ? {
          name,
          data: deflatedRepeat(head, megabyte, megabytes, tail),
          method: 8,
          crc: 0,
          size: declaredSize ?? sheetSize,
        }
      : { name, data: deflateRawSync(data), method: 8, crc: crc32(data), size: data.length },
  );
  return { bytes: writeZip(parts), sheetSize };
}
