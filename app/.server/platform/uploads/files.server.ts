import { randomBytes } from "node:crypto";
import { open, rm } from "node:fs/promises";
import path from "node:path";

import { createReadableStreamFromReadable } from "@remix-run/node";

import { writeAtomically } from "./artwork.server";

/*
 * Files Toi makes itself (a background job's PDF or spreadsheet), kept in the upload directory beside
 * the artworks, under random names: `files/ab/cd/abcd…(32 hex).pdf|csv|xlsx`. Only such names can be
 * read back, so a name from the database can never reach another path.
 */

const EXTENSIONS = ["pdf", "csv", "xlsx"] as const;
export type StoredFileExtension = (typeof EXTENSIONS)[number];
const STORED_NAME = /^files\/([0-9a-f]{2})\/([0-9a-f]{2})\/(\1\2[0-9a-f]{28})\.(pdf|csv|xlsx)$/;

/** Stores the bytes under a new random name (written atomically) and returns that name. */
export async function storeFile(uploadDir: string, bytes: Uint8Array, extension: StoredFileExtension): Promise<string> {
  if (!EXTENSIONS.includes(extension)) throw new Error(`storeFile: no such extension ${extension}`);
  const name = randomBytes(16).toString("hex");
  const file = `files/${name.slice(0, 2)}/${name.slice(2, 4)}/${name}.${extension}`;
  await writeAtomically(path.resolve(uploadDir, file), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return file;
}

/** The stored file as a stream with its size, or null for a name this module did not make or a missing file. */
export async function openStoredFile(
  uploadDir: string,
  file: string,
): Promise<{ stream: ReadableStream<Uint8Array>; size: number } | null> {
  if (!STORED_NAME.test(file)) return null;
  const handle = await open(path.resolve(uploadDir, file), "r").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  if (!handle) return null;
  try {
    const { size } = await handle.stat();
    return { stream: createReadableStreamFromReadable(handle.createReadStream()), size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Removes a stored file; false when the name is not one of ours or nothing was there. */
export async function deleteStoredFile(uploadDir: string, file: string): Promise<boolean> {
  if (!STORED_NAME.test(file)) return false;
  try {
    await rm(path.resolve(uploadDir, file));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
