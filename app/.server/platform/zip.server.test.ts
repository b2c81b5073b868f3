import { describe, expect, it } from "vitest";

import { xlsx, xlsxBomb, zip } from "../registration/roster/test-files";
import { unzipWithinLimits, writeZip, type ZipLimits } from "./zip.server";

const LIMITS: ZipLimits = { maxEntries: 50, maxEntryBytes: 10 * 1024 * 1024, maxTotalBytes: 20 * 1024 * 1024 };
const MB = 1024 * 1024;

const text = (s: string) => Buffer.from(s, "utf8");

describe("unzipping within limits", () => {
  it("unpacks stored and deflated entries, and a workbook exceljs wrote", async () => {
    const archive = zip([
      { name: "a.txt", data: text("stored") },
      { name: "b/c.xml", data: text("<x>".repeat(1000)), deflate: true },
      { name: "b/", data: Buffer.alloc(0) },
    ]);
    expect(await unzipWithinLimits(archive, LIMITS)).toEqual({
      ok: true,
      entries: [
        { name: "a.txt", data: text("stored") },
        { name: "b/c.xml", data: text("<x>".repeat(1000)) },
        { name: "b/", data: Buffer.alloc(0) },
      ],
    });

    const emptyDeflated = writeZip([{ name: "empty", data: Buffer.alloc(0), method: 8, crc: 0, size: 0 }]);
    expect(await unzipWithinLimits(emptyDeflated, LIMITS)).toEqual({
      ok: true,
      entries: [{ name: "empty", data: Buffer.alloc(0) }],
    });

    const workbook = await unzipWithinLimits(await xlsx([{ name: "A", rows: [["Фамилия"]] }]), LIMITS);
    expect(workbook.ok && workbook.entries.map((e) => e.name)).toContain("xl/worksheets/sheet1.xml");
  });

  it("refuses an archive whose declared sizes pass a limit before unpacking anything", async () => {
    const { bytes } = await xlsxBomb(1024);
    expect(await unzipWithinLimits(bytes, LIMITS)).toEqual({ ok: false, reason: "too_much_data", inflatedBytes: 0 });

    const entry = (name: string) => ({ name, data: Buffer.alloc(8 * MB), deflate: true });
    const threeOf8Mb = zip([entry("1"), entry("2"), entry("3")]);
    expect(threeOf8Mb.length).toBeLessThan(100_000);
    expect(await unzipWithinLimits(threeOf8Mb, LIMITS)).toMatchObject({ reason: "too_much_data", inflatedBytes: 0 });
    expect(await unzipWithinLimits(zip([entry("1")]), { ...LIMITS, maxEntryBytes: 4 * MB })).toMatchObject({
      reason: "too_much_data",
    });
  });

  it("stops unpacking an entry as soon as it passes its declared size (1 KB declared, 1 GB inside)", async () => {
    const { bytes } = await xlsxBomb(1024, 1024);
    expect(bytes.length).toBeLessThan(2 * MB);
    const result = await unzipWithinLimits(bytes, LIMITS);
    expect(result).toMatchObject({ ok: false, reason: "unreadable" });
    // The other parts (a few KB) and one inflater chunk (16 KB) past the sheet's 1 KB, out of a gigabyte.
    expect(!result.ok && result.inflatedBytes).toBeLessThan(64 * 1024);
  });

  it("refuses entries that unpack to less than declared or to other bytes than their CRC says", async () => {
    const short = zip([{ name: "a", data: text("abc".repeat(100)), deflate: true, declaredSize: 1000 }]);
    expect(await unzipWithinLimits(short, LIMITS)).toMatchObject({ ok: false, reason: "unreadable" });

    const archive = zip([{ name: "a", data: text("hello, world"), deflate: true }]);
    const crcAt = archive.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 16;
    archive.writeUInt32LE((archive.readUInt32LE(crcAt) ^ 1) >>> 0, crcAt);
    expect(await unzipWithinLimits(archive, LIMITS)).toMatchObject({ ok: false, reason: "unreadable" });
  });

  it("refuses too many entries, encrypted entries, other compression methods and ZIP64", async () => {
    const many = zip(Array.from({ length: 51 }, (_, i) => ({ name: `f${i}`, data: Buffer.alloc(0) })));
    expect(await unzipWithinLimits(many, LIMITS)).toEqual({ ok: false, reason: "too_many_entries", inflatedBytes: 0 });

    const patched = (offsetInEntry: number, value: number, bytes = 2) => {
      const archive = zip([{ name: "a", data: text("hello"), deflate: true }]);
      const entry = archive.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      archive.writeUIntLE(value, entry + offsetInEntry, bytes);
      return archive;
    };
    const encrypted = patched(8, 0x0801);
    const bzip2 = patched(10, 12);
    const lzma = patched(10, 14);
    const zip64Size = patched(24, 0xffffffff, 4);
    for (const archive of [encrypted, bzip2, lzma, zip64Size]) {
      expect(await unzipWithinLimits(archive, LIMITS)).toMatchObject({ ok: false, reason: "unreadable" });
    }
  });

  it("refuses entries and directories that point outside the file", async () => {
    const archive = zip([{ name: "a", data: text("x"), deflate: true }]);
    const entry = archive.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const farAway = Buffer.from(archive);
    farAway.writeUInt32LE(archive.length + 10, entry + 42);
    const end = archive.indexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const directoryAfterEnd = Buffer.from(archive);
    directoryAfterEnd.writeUInt32LE(end, end + 16);
    for (const bytes of [farAway, directoryAfterEnd, archive.subarray(0, 40), Buffer.from("PK\x05\x06")]) {
      expect(await unzipWithinLimits(bytes, LIMITS)).toMatchObject({ ok: false, reason: "unreadable" });
    }
  });

  it("never throws on damaged archives", async () => {
    const original = zip([
      { name: "xl/workbook.xml", data: text("<workbook/>".repeat(50)), deflate: true },
      { name: "xl/worksheets/sheet1.xml", data: text("<row/>".repeat(500)), deflate: true },
    ]);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const damaged = Buffer.from(original);
      for (let j = 0; j < 1 + (i % 4); j++) damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
      const result = await unzipWithinLimits(damaged, LIMITS);
      if (result.ok) expect(result.entries.reduce((sum, e) => sum + e.data.length, 0)).toBeLessThanOrEqual(6000);
    }
  });
});
