import { describe, expect, it } from "vitest";

import { unzipWithinLimits } from "../../platform/zip.server";
import { XLSX_ZIP_LIMITS } from "./parse.server";
import { readXlsxSheets, XLSX_READER_LIMITS } from "./read-xlsx.server";
import { xlsx } from "./test-files";

async function unpacked(rows: number) {
  const bytes = await xlsx([
    {
      name: "Дети",
      rows: [["Фамилия", "Имя"], ...Array.from({ length: rows }, (_, i) => ["Ли", `Ен${i}`])],
    },
  ]);
  const result = await unzipWithinLimits(bytes, XLSX_ZIP_LIMITS);
  if (!result.ok) throw new Error(result.reason);
  return result.entries;
}

describe("reading XLSX in a worker thread", () => {
  it("reads several workbooks at once, each whole", async () => {
    const workbooks = await Promise.all([1, 2, 3, 4].map(unpacked));
    const read = await Promise.all(workbooks.map((entries) => readXlsxSheets(entries, 100)));
    expect(read.map((r) => ("sheets" in r ? r.sheets[0]!.rows.length : r.problem))).toEqual([2, 3, 4, 5]);
    expect(read[0]).toEqual({
      sheets: [
        {
          rows: [
            { line: 1, cells: ["Фамилия", "Имя"] },
            { line: 2, cells: ["Ли", "Ен0"] },
          ],
          truncated: false,
        },
      ],
    });
  });

  it("stops at the rows asked for", async () => {
    const read = await readXlsxSheets(await unpacked(10), 4);
    expect("sheets" in read && read.sheets[0]).toMatchObject({ truncated: true, rows: { length: 4 } });
  });

  it("refuses a workbook that takes longer than its time or more than its memory", async () => {
    const entries = await unpacked(2000);
    expect(await readXlsxSheets(entries, 100, { ...XLSX_READER_LIMITS, timeoutMs: 1 })).toEqual({
      problem: "too_complex",
    });
    expect(await readXlsxSheets(entries, 100, { ...XLSX_READER_LIMITS, maxOldGenerationSizeMb: 4 })).toEqual({
      problem: "too_complex",
    });
  }, 30_000);

  it("answers unreadable for a ZIP that is not a workbook", async () => {
    expect(await readXlsxSheets([{ name: "hello.txt", data: Buffer.from("hello") }], 100)).toEqual({
      problem: "unreadable",
    });
  });
});
