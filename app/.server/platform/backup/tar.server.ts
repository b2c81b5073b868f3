/**
 * A minimal tar (ustar) writer and reader for Toi's own backup archives: regular files only, read
 * and written as a stream so neither end holds the whole archive in memory (one entry at a time).
 * `tar tzf backup.tar.gz` lists what a backup holds; `tar xzf` unpacks it by hand.
 */
import type { Readable, Writable } from "node:stream";

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, "0") + "\0";
}

function header(name: string, size: number, mtime: Date): Buffer {
  const block = Buffer.alloc(BLOCK);
  let prefix = "";
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf("/", 155);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
    if (cut <= 0 || Buffer.byteLength(prefix) > 155 || Buffer.byteLength(base) > 100)
      throw new Error(`Name too long for a tar archive: ${name}`);
  }
  block.write(base, 0, 100, "utf8");
  block.write(octal(0o644, 8), 100, "ascii");
  block.write(octal(0, 8), 108, "ascii");
  block.write(octal(0, 8), 116, "ascii");
  block.write(octal(size, 12), 124, "ascii");
  block.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, "ascii");
  block.write("        ", 148, "ascii");
  block.write("0", 156, "ascii");
  block.write("ustar\u000000", 257, "ascii");
  block.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + " ", 148, "ascii");
  return block;
}

function write(out: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.write(chunk)) resolve();
    else {
      const onError = (err: Error) => reject(err);
      out.once("error", onError);
      out.once("drain", () => {
        out.off("error", onError);
        resolve();
      });
    }
  });
}

export interface TarWriter {
  add(name: string, data: Buffer, mtime?: Date): Promise<void>;
  /** Writes the two empty blocks that end an archive and ends the stream. */
  finish(): Promise<void>;
}

export function tarWriter(out: Writable): TarWriter {
  return {
    async add(name, data, mtime = new Date()) {
      await write(out, header(name, data.length, mtime));
      await write(out, data);
      const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
      if (pad) await write(out, Buffer.alloc(pad));
    },
    async finish() {
      await write(out, Buffer.alloc(BLOCK * 2));
      await new Promise<void>((resolve, reject) => {
        out.once("error", reject);
        out.end(resolve);
      });
    },
  };
}

export interface TarEntry {
  name: string;
  data: Buffer;
}

function field(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString("utf8");
}

/** The regular files of a tar stream, in order, each read whole (entries of Toi's backups are small). */
export async function* readTar(input: Readable): AsyncGenerator<TarEntry> {
  let chunks: Buffer[] = [];
  let length = 0;
  let pending: { name: string; size: number; type: string } | undefined;
  const needed = () => (pending ? Math.ceil(pending.size / BLOCK) * BLOCK : BLOCK);
  for await (const chunk of input) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length < needed()) continue;
    // Joined only once enough has arrived: a large entry is not copied once per chunk.
    let buffered = Buffer.concat(chunks, length);
    while (buffered.length >= needed()) {
      if (!pending) {
        const block = buffered.subarray(0, BLOCK);
        buffered = buffered.subarray(BLOCK);
        if (block.every((b) => b === 0)) continue;
        const prefix = field(block, 345, 155);
        const name = field(block, 0, 100);
        pending = {
          name: prefix ? `${prefix}/${name}` : name,
          size: parseInt(field(block, 124, 12).trim() || "0", 8),
          type: field(block, 156, 1) || "0",
        };
        continue;
      }
      const padded = needed();
      const data = Buffer.from(buffered.subarray(0, pending.size));
      buffered = buffered.subarray(padded);
      const entry = pending;
      pending = undefined;
      if (entry.type === "0") yield { name: entry.name, data };
    }
    chunks = buffered.length ? [buffered] : [];
    length = buffered.length;
  }
  if (pending) throw new Error("The archive ends in the middle of a file: it is incomplete.");
}
