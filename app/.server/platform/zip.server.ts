import { crc32, createInflateRaw } from "node:zlib";

/*
 * ZIP archives from strangers (an XLSX file is one), read without trusting them: a 300 KB upload
 * may declare 1 KB and unpack into gigabytes. Every entry is unpacked here with node:zlib, its real
 * output counted and cut off the moment it passes the size the directory declared; declared sizes
 * must themselves fit the limits, so the real output can never pass them. Whatever disagrees with
 * its own directory (size, checksum, bounds) is refused as unreadable.
 */

export interface ZipLimits {
  /** Entries in the directory, folders included. */
  maxEntries: number;
  /** Unpacked bytes of one entry. */
  maxEntryBytes: number;
  /** Unpacked bytes of all entries together. */
  maxTotalBytes: number;
}

export interface ZipEntry {
  name: string;
  data: Buffer;
}

export type UnzipResult =
  | { ok: true; entries: ZipEntry[] }
  /** `inflatedBytes`: what was unpacked before the archive was refused (a bomb is stopped early). */
  | { ok: false; reason: "unreadable" | "too_many_entries" | "too_much_data"; inflatedBytes: number };

interface DirectoryEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
const ENCRYPTED_FLAG = 0x0001;
const UTF8_NAMES_FLAG = 0x0800;
/** Where ZIP64 keeps its real counts and sizes: archives that need it are far beyond any limit here. */
const ZIP64_MARKERS = new Set([0xffff, 0xffffffff]);

/** Unpacks every entry of a ZIP within `limits`; never throws on bad input. */
export async function unzipWithinLimits(bytes: Buffer, limits: ZipLimits): Promise<UnzipResult> {
  let inflatedBytes = 0;
  const refuse = (reason: "unreadable" | "too_many_entries" | "too_much_data"): UnzipResult => ({
    ok: false,
    reason,
    inflatedBytes,
  });

  const directory = readDirectory(bytes, limits.maxEntries);
  if (typeof directory === "string") return refuse(directory);
  // An honest but huge archive is refused before anything is unpacked.
  let declaredTotal = 0;
  for (const entry of directory) {
    declaredTotal += entry.size;
    if (entry.size > limits.maxEntryBytes || declaredTotal > limits.maxTotalBytes) return refuse("too_much_data");
  }

  const entries: ZipEntry[] = [];
  for (const entry of directory) {
    const compressed = entryData(bytes, entry);
    if (!compressed) return refuse("unreadable");
    let data: Buffer | null = compressed;
    // Some writers store an empty file as "deflated" with no data at all.
    if (entry.method === DEFLATED && compressed.length > 0) {
      const inflated = await inflateUpTo(compressed, entry.size);
      inflatedBytes += inflated.bytes;
      data = inflated.data;
    }
    if (!data || data.length !== entry.size || crc32(data) !== entry.crc) return refuse("unreadable");
    entries.push({ name: entry.name, data });
  }
  return { ok: true, entries };
}

function readDirectory(bytes: Buffer, maxEntries: number): DirectoryEntry[] | "unreadable" | "too_many_entries" {
  const end = findEndOfDirectory(bytes);
  if (end === null) return "unreadable";
  const disk = bytes.readUInt16LE(end + 4);
  const directoryDisk = bytes.readUInt16LE(end + 6);
  const entriesOnDisk = bytes.readUInt16LE(end + 8);
  const count = bytes.readUInt16LE(end + 10);
  const size = bytes.readUInt32LE(end + 12);
  const start = bytes.readUInt32LE(end + 16);
  // One disk only, and no ZIP64.
  if (disk !== 0 || directoryDisk !== 0 || entriesOnDisk !== count || ZIP64_MARKERS.has(count)) return "unreadable";
  if (ZIP64_MARKERS.has(size) || ZIP64_MARKERS.has(start) || start + size > end) return "unreadable";
  if (count > maxEntries) return "too_many_entries";

  const entries: DirectoryEntry[] = [];
  let at = start;
  for (let i = 0; i < count; i++) {
    if (at + 46 > start + size || bytes.readUInt32LE(at) !== DIRECTORY_ENTRY) return "unreadable";
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const entrySize = bytes.readUInt32LE(at + 24);
    const nameEnd = at + 46 + bytes.readUInt16LE(at + 28);
    if (nameEnd > start + size) return "unreadable";
    if (flags & ENCRYPTED_FLAG || (method !== STORED && method !== DEFLATED)) return "unreadable";
    if (ZIP64_MARKERS.has(compressedSize) || ZIP64_MARKERS.has(entrySize)) return "unreadable";
    if (method === STORED && compressedSize !== entrySize) return "unreadable";
    entries.push({
      name: bytes.toString(flags & UTF8_NAMES_FLAG ? "utf8" : "latin1", at + 46, nameEnd),
      method,
      crc: bytes.readUInt32LE(at + 16),
      compressedSize,
      size: entrySize,
      localOffset: bytes.readUInt32LE(at + 42),
    });
    at = nameEnd + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return entries;
}

/** The last end-of-directory record: it may be followed by a comment of up to 64 KB. */
function findEndOfDirectory(bytes: Buffer): number | null {
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let end = bytes.length - 22; end >= lowest; end--) {
    if (bytes.readUInt32LE(end) === END_OF_DIRECTORY) return end;
  }
  return null;
}

/** An entry's stored bytes, found through its local header; null when they fall outside the file's data. */
function entryData(bytes: Buffer, entry: DirectoryEntry): Buffer | null {
  const at = entry.localOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL_HEADER) return null;
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  if (start + entry.compressedSize > bytes.length) return null;
  return bytes.subarray(start, start + entry.compressedSize);
}

/**
 * Inflates raw DEFLATE data, stopping as soon as the output passes `max` bytes (data null then, or
 * when the stream is broken). `bytes` is what came out before it stopped.
 */
function inflateUpTo(compressed: Buffer, max: number): Promise<{ data: Buffer | null; bytes: number }> {
  return new Promise((resolve) => {
    const inflater = createInflateRaw();
    const chunks: Buffer[] = [];
    let bytes = 0;
    inflater.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > max) {
        inflater.destroy();
        resolve({ data: null, bytes });
      } else chunks.push(chunk);
    });
    inflater.on("error", () => resolve({ data: null, bytes }));
    inflater.on("end", () => resolve({ data: Buffer.concat(chunks, bytes), bytes }));
    inflater.end(compressed);
  });
}

/** An entry as `writeZip` stores it; `crc` and `size` default to those of `data` (right for stored entries). */
export interface ZipPart {
  name: string;
  /** The bytes as stored: deflated already when `method` is 8. */
  data: Buffer;
  method?: typeof STORED | typeof DEFLATED;
  /** What the directory declares about the unpacked entry. */
  crc?: number;
  size?: number;
}

/** Writes a ZIP of `parts` as given (names in UTF-8), into a buffer of its own. */
export function writeZip(parts: readonly ZipPart[]): Buffer {
  const names = parts.map((part) => Buffer.from(part.name, "utf8"));
  const localsSize = parts.reduce((sum, part, i) => sum + 30 + names[i]!.length + part.data.length, 0);
  const directorySize = names.reduce((sum, name) => sum + 46 + name.length, 0);
  const out = Buffer.alloc(localsSize + directorySize + 22);
  let local = 0;
  let central = localsSize;
  parts.forEach((part, i) => {
    const name = names[i]!;
    // From "version needed" to the name's length, a local header and a directory entry are alike.
    const describe = (at: number) => {
      out.writeUInt16LE(20, at);
      out.writeUInt16LE(UTF8_NAMES_FLAG, at + 2);
      out.writeUInt16LE(part.method ?? STORED, at + 4);
      out.writeUInt32LE(part.crc ?? crc32(part.data), at + 10);
      out.writeUInt32LE(part.data.length, at + 14);
      out.writeUInt32LE(part.size ?? part.data.length, at + 18);
      out.writeUInt16LE(name.length, at + 22);
    };
    out.writeUInt32LE(LOCAL_HEADER, local);
    describe(local + 4);
    name.copy(out, local + 30);
    part.data.copy(out, local + 30 + name.length);

    out.writeUInt32LE(DIRECTORY_ENTRY, central);
    out.writeUInt16LE(20, central + 4);
    describe(central + 6);
    out.writeUInt32LE(local, central + 42);
    name.copy(out, central + 46);

    local += 30 + name.length + part.data.length;
    central += 46 + name.length;
  });
  out.writeUInt32LE(END_OF_DIRECTORY, central);
  out.writeUInt16LE(parts.length, central + 8);
  out.writeUInt16LE(parts.length, central + 10);
  out.writeUInt32LE(directorySize, central + 12);
  out.writeUInt32LE(localsSize, central + 16);
  return out;
}
