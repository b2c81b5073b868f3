import { crc32 } from "node:zlib";

import ExcelJS from "exceljs";

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

/** A ZIP with stored (uncompressed) entries; `declaredSize` lets a test lie about an entry's size. */
export function zip(entries: readonly { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.declaredSize ?? entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
