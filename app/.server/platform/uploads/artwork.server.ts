import { randomBytes } from "node:crypto";

import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { fileTypeFromBuffer } from "file-type";
import sharp, { type Metadata, type OutputInfo, type SharpOptions } from "sharp";

import { formMediaType, refuseControlCharacters } from "~/http/forms";
import { badRequest, unsupportedMediaType } from "~/http/responses";

import { type Uploads, uploadStore } from "./store.server";

/** The limits the `upload.*` messages quote: change both together (a test compares them). */
export const ARTWORK_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  /** Bigger images are refused before they are decoded (a small file can declare huge dimensions). */
  maxPixels: 50_000_000,
  /** The short side, in pixels: a judge can't assess anything smaller. */
  minSide: 200,
  /** Stored images are scaled down to this on the long side, never up. */
  maxSide: 3000,
} as const;

export const ARTWORK_PROBLEMS = ["too_large", "empty", "not_an_image", "svg_refused", "too_small", "too_many_pixels", "corrupt"] as const;
/** Translated as `upload.<problem>`. */
export type ArtworkProblem = (typeof ARTWORK_PROBLEMS)[number];

export type StoreArtworkResult =
  | { ok: true; file: string; width: number; height: number; bytes: number }
  | { ok: false; problem: ArtworkProblem };

/** A stored image ready to be sent: `new Response(image.stream, { headers: { "Content-Type": image.contentType, … } })`. */
export interface StoredImage {
  stream: ReadableStream<Uint8Array>;
  contentType: string;
  size: number;
}

/** Widths a thumbnail may have: a fixed few, so requests can't fill the disk with variants. */
export const THUMBNAIL_WIDTHS = [160, 320, 640, 1280] as const;
export type ThumbnailWidth = (typeof THUMBNAIL_WIDTHS)[number];

const ACCEPTED = { "image/jpeg": "jpeg", "image/png": "png", "image/webp": "webp" } as const;
const CONTENT_TYPES = { jpg: "image/jpeg", png: "image/png" } as const;
// Only names this module generates: `artworks/ab/cd/abcd…(32 hex).jpg|png`; no other path can be reached.
const STORED_NAME = /^artworks\/([0-9a-f]{2})\/([0-9a-f]{2})\/(\1\2[0-9a-f]{28})\.(jpg|png)$/;
const DECODE: SharpOptions = { limitInputPixels: ARTWORK_LIMITS.maxPixels, failOn: "error" };

/**
 * Checks an uploaded artwork by its bytes and stores a re-encoded copy (EXIF, GPS and any other
 * metadata dropped, anything appended to the image gone) under a random name in `uploads` (the
 * folder or the bucket). Never throws on bad input: what is wrong comes back as `problem`.
 */
export async function storeArtwork(bytes: Uint8Array, uploads: Uploads): Promise<StoreArtworkResult> {
  const refuse = (problem: ArtworkProblem) => ({ ok: false, problem }) as const;
  if (bytes.byteLength === 0) return refuse("empty");
  if (bytes.byteLength > ARTWORK_LIMITS.maxBytes) return refuse("too_large");
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  const detected = await fileTypeFromBuffer(input);
  const format = detected && detected.mime in ACCEPTED ? ACCEPTED[detected.mime as keyof typeof ACCEPTED] : undefined;
  if (!format) return refuse(looksLikeSvg(input) ? "svg_refused" : "not_an_image");

  // The header alone: dimensions are checked before a single pixel is decoded.
  let header: Metadata;
  try {
    header = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    return refuse("corrupt");
  }
  if (header.format !== format || !header.width || !header.height) return refuse("corrupt");
  if (header.width * header.height > ARTWORK_LIMITS.maxPixels) return refuse("too_many_pixels");
  if (Math.min(header.width, header.height) < ARTWORK_LIMITS.minSide) return refuse("too_small");

  let encoded: { data: Buffer; info: OutputInfo };
  try {
    // Transparency is kept only where it is used: a PNG with an opaque alpha channel becomes a JPEG.
    const keepAlpha = header.hasAlpha && !(await sharp(input, DECODE).stats()).isOpaque;
    const image = sharp(input, DECODE)
      .rotate()
      .resize({ width: ARTWORK_LIMITS.maxSide, height: ARTWORK_LIMITS.maxSide, fit: "inside", withoutEnlargement: true });
    encoded = await (keepAlpha ? image.png() : image.flatten({ background: "#ffffff" }).jpeg({ quality: 88, mozjpeg: true })).toBuffer({
      resolveWithObject: true,
    });
  } catch (error) {
    return refuse(/pixel limit/i.test(String(error)) ? "too_many_pixels" : "corrupt");
  }

  const name = randomBytes(16).toString("hex");
  const extension = encoded.info.format === "png" ? "png" : "jpg";
  const file = `artworks/${name.slice(0, 2)}/${name.slice(2, 4)}/${name}.${extension}`;
  await uploadStore(uploads).put(file, encoded.data, CONTENT_TYPES[extension]);
  return { ok: true, file, width: encoded.info.width, height: encoded.info.height, bytes: encoded.data.byteLength };
}

/** The stored original, or null for a name this module did not generate (e.g. `../../etc/passwd`) or a missing file. */
export async function readArtwork(uploads: Uploads, file: string): Promise<StoredImage | null> {
  const extension = parseStoredName(file);
  return extension ? openImage(uploads, file, CONTENT_TYPES[extension]) : null;
}

/** A WebP at most `width` pixels wide, made on first request and cached beside the original. */
export async function artworkThumbnail(uploads: Uploads, file: string, width: ThumbnailWidth): Promise<StoredImage | null> {
  if (!parseStoredName(file) || !THUMBNAIL_WIDTHS.includes(width)) return null;
  const store = uploadStore(uploads);
  const thumbnailKey = thumbnailKeyOf(file, width);
  const cached = await openImage(store, thumbnailKey, "image/webp");
  if (cached) return cached;

  const original = await store.get(file);
  if (!original) return null;
  const bytes = Buffer.from(await new Response(original.stream).arrayBuffer());
  const thumbnail = await sharp(bytes, DECODE).resize({ width, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
  await store.put(thumbnailKey, thumbnail, "image/webp");
  return { stream: new Blob([thumbnail]).stream(), contentType: "image/webp", size: thumbnail.byteLength };
}

/** Removes a stored artwork and its thumbnails; false when there was nothing to remove or the name is not one of ours. */
export async function deleteArtwork(uploads: Uploads, file: string): Promise<boolean> {
  if (!parseStoredName(file)) return false;
  const store = uploadStore(uploads);
  await Promise.all(THUMBNAIL_WIDTHS.map((width) => store.delete(thumbnailKeyOf(file, width))));
  return store.delete(file);
}

// A file part may be a little over the limit so that storeArtwork, not the parser, names the problem
// for files close to it; all parts together are capped too, so many parts can't add up to gigabytes.
const MAX_FILE_PART_BYTES = ARTWORK_LIMITS.maxBytes + 64 * 1024;
const MAX_TEXT_PART_BYTES = 64 * 1024;
const MAX_FORM_BYTES = MAX_FILE_PART_BYTES + 1024 * 1024;

/**
 * Parses a multipart form (an artwork with its fields) holding at most about 11 MB in memory, or
 * `maxFormBytes` for a form of several images (a club's batch); each file stays within the one limit.
 * Anything bigger is `too_large`; a body that is not multipart/form-data is a 400 response, thrown.
 */
export async function readUploadForm(
  request: Request,
  options: { maxFormBytes?: number } = {},
): Promise<{ formData: FormData } | { problem: "too_large" }> {
  const maxFormBytes = options.maxFormBytes ?? MAX_FORM_BYTES;
  if (formMediaType(request) !== "multipart/form-data") throw unsupportedMediaType();
  if (Number(request.headers.get("Content-Length")) > maxFormBytes) return { problem: "too_large" };
  const files = unstable_createMemoryUploadHandler({ maxPartSize: MAX_FILE_PART_BYTES });
  const texts = unstable_createMemoryUploadHandler({ maxPartSize: MAX_TEXT_PART_BYTES });
  let total = 0;
  const handler: UploadHandler = (part) => {
    async function* counted() {
      for await (const chunk of part.data) {
        total += chunk.byteLength;
        if (total > maxFormBytes) throw new MaxPartSizeExceededError(part.name, maxFormBytes);
        yield chunk;
        // The parser is plain JavaScript and a body already received is parsed without a pause:
        // other requests get their turn between chunks, not after a whole upload.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const limited = { ...part, data: counted() };
    return part.filename === undefined ? texts(limited) : files(limited);
  };
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { problem: "too_large" };
    throw badRequest("malformedForm");
  }
  refuseControlCharacters(formData);
  return { formData };
}

function parseStoredName(file: string): keyof typeof CONTENT_TYPES | null {
  const match = STORED_NAME.exec(file);
  return match ? (match[4] as keyof typeof CONTENT_TYPES) : null;
}

function thumbnailKeyOf(file: string, width: ThumbnailWidth): string {
  return file.replace(/\.(jpg|png)$/, `.w${width}.webp`);
}

async function openImage(uploads: Uploads, key: string, contentType: string): Promise<StoredImage | null> {
  const found = await uploadStore(uploads).get(key);
  return found ? { ...found, contentType } : null;
}


// file-type has no SVG: it reads as XML or as nothing. Looked for only to give the clearer message.
function looksLikeSvg(bytes: Buffer): boolean {
  return /<svg[\s>]/i.test(bytes.subarray(0, 4096).toString("utf8"));
}
