import { randomBytes } from "node:crypto";

import { type StoredObject, type Uploads, uploadStore } from "./store.server";

/*
 * Files Toi makes itself (a background job's PDF or spreadsheet), kept in the uploads store beside
 * the artworks (the folder, or the bucket every instance shares), under random names:
 * `files/ab/cd/abcd…(32 hex).pdf|csv|xlsx`. Only such names can be read back, so a name from the
 * database can never reach another key.
 */

const EXTENSIONS = ["pdf", "csv", "xlsx"] as const;
export type StoredFileExtension = (typeof EXTENSIONS)[number];
const STORED_NAME = /^files\/([0-9a-f]{2})\/([0-9a-f]{2})\/(\1\2[0-9a-f]{28})\.(pdf|csv|xlsx)$/;
const CONTENT_TYPES: Record<StoredFileExtension, string> = {
  pdf: "application/pdf",
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** Stores the bytes under a new random name (whole or not at all) and returns that name. */
export async function storeFile(uploads: Uploads, bytes: Uint8Array, extension: StoredFileExtension): Promise<string> {
  if (!EXTENSIONS.includes(extension)) throw new Error(`storeFile: no such extension ${extension}`);
  const name = randomBytes(16).toString("hex");
  const file = `files/${name.slice(0, 2)}/${name.slice(2, 4)}/${name}.${extension}`;
  await uploadStore(uploads).put(
    file,
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    CONTENT_TYPES[extension],
  );
  return file;
}

/** The stored file as a stream with its size, or null for a name this module did not make or a missing file. */
export async function openStoredFile(uploads: Uploads, file: string): Promise<StoredObject | null> {
  if (!STORED_NAME.test(file)) return null;
  return uploadStore(uploads).get(file);
}

/** Removes a stored file; false when the name is not one of ours or nothing was there. */
export async function deleteStoredFile(uploads: Uploads, file: string): Promise<boolean> {
  if (!STORED_NAME.test(file)) return false;
  return uploadStore(uploads).delete(file);
}
