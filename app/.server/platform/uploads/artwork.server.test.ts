import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { crc32, deflateSync } from "node:zlib";

import sharp, { type Color } from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { catalogues } from "~/i18n";

import {
  ARTWORK_LIMITS,
  ARTWORK_PROBLEMS,
  artworkThumbnail,
  deleteArtwork,
  readArtwork,
  readUploadForm,
  storeArtwork,
  type StoredImage,
  type ThumbnailWidth,
} from "./artwork.server";

let uploadDir: string;
beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(tmpdir(), "toi-artwork-"));
});
afterAll(async () => {
  await rm(uploadDir, { recursive: true, force: true });
});

const RED = { r: 220, g: 30, b: 30 };
const BLUE = { r: 30, g: 30, b: 220 };
const MB = 1024 * 1024;

function canvas(width: number, height: number, background: Color = RED, channels: 3 | 4 = 3) {
  return sharp({ create: { width, height, channels, background } });
}
async function jpeg(width: number, height: number): Promise<Buffer> {
  return canvas(width, height).jpeg().toBuffer();
}
async function stored(result: Awaited<ReturnType<typeof storeArtwork>>) {
  if (!result.ok) throw new Error(`expected the image to be stored, got ${result.problem}`);
  const bytes = await readFile(path.join(uploadDir, result.file));
  return { ...result, content: bytes, metadata: await sharp(bytes).metadata() };
}
async function problemOf(bytes: Uint8Array) {
  const result = await storeArtwork(bytes, uploadDir);
  return result.ok ? "stored" : result.problem;
}
async function bytesOf(image: StoredImage): Promise<Buffer> {
  return Buffer.from(await new Response(image.stream).arrayBuffer());
}
// A PNG declaring the given size in its header, with one tiny compressed row: no decoder gets far.
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.alloc(1 + width))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe("storeArtwork: what is kept", () => {
  it("removes EXIF and GPS from a phone photo and turns it upright by its orientation", async () => {
    // Left half red, right half blue; orientation 6 means "turn 90° clockwise to view".
    const photo = await canvas(400, 300, BLUE)
      .composite([{ input: await canvas(200, 300, RED).png().toBuffer(), left: 0, top: 0 }])
      .jpeg()
      .withExif({ IFD0: { Make: "PhoneMaker", Artist: "Secret Family" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "43/1 14/1 0/1" } })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const original = await sharp(photo).metadata();
    expect(original.orientation).toBe(6);
    expect(original.exif?.toString("latin1")).toContain("Secret Family");

    const result = await stored(await storeArtwork(photo, uploadDir));
    expect(result.metadata.format).toBe("jpeg");
    expect(result.metadata.exif).toBeUndefined();
    expect(result.metadata.xmp).toBeUndefined();
    expect(result.metadata.iptc).toBeUndefined();
    expect(result.metadata.orientation).toBeUndefined();
    expect(result.content.includes("Secret Family")).toBe(false);
    expect(result.content.includes("PhoneMaker")).toBe(false);
    expect([result.width, result.height]).toEqual([300, 400]);
    expect([result.metadata.width, result.metadata.height]).toEqual([300, 400]);
    // The red left edge is now the top.
    const { data } = await sharp(result.content).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * 300 + x) * 3, (y * 300 + x) * 3 + 3)];
    expect(pixel(150, 50)[0]).toBeGreaterThan(150);
    expect(pixel(150, 350)[2]).toBeGreaterThan(150);
    expect(result.bytes).toBe(result.content.byteLength);
  });

  it("keeps a PNG with transparency as a PNG, re-encoded", async () => {
    const png = await canvas(300, 300, { r: 0, g: 128, b: 0, alpha: 0.5 }, 4).png().toBuffer();
    const result = await stored(await storeArtwork(png, uploadDir));
    expect(result.file).toMatch(/\.png$/);
    expect(result.metadata.format).toBe("png");
    expect(result.metadata.hasAlpha).toBe(true);
  });

  it("turns a PNG without transparency (even with an opaque alpha channel) into a JPEG", async () => {
    for (const png of [await canvas(300, 300).png().toBuffer(), await canvas(300, 300, { ...RED, alpha: 1 }, 4).png().toBuffer()]) {
      const result = await stored(await storeArtwork(png, uploadDir));
      expect(result.file).toMatch(/\.jpg$/);
      expect(result.metadata.format).toBe("jpeg");
    }
  });

  it("accepts a WebP", async () => {
    const result = await stored(await storeArtwork(await canvas(640, 480).webp().toBuffer(), uploadDir));
    expect(result.metadata.format).toBe("jpeg");
    expect([result.width, result.height]).toEqual([640, 480]);
  });

  it("scales a large image down to 3000 px on the long side and never enlarges a small one", async () => {
    const large = await stored(await storeArtwork(await jpeg(4000, 1000), uploadDir));
    expect([large.metadata.width, large.metadata.height]).toEqual([3000, 750]);
    const small = await stored(await storeArtwork(await jpeg(300, 250), uploadDir));
    expect([small.metadata.width, small.metadata.height]).toEqual([300, 250]);
  });

  it("drops anything appended to an image, such as a PHP script", async () => {
    const script = "<?php system($_GET['c']); ?>";
    const polyglot = Buffer.concat([await jpeg(300, 300), Buffer.from(script)]);
    const result = await stored(await storeArtwork(polyglot, uploadDir));
    expect(result.content.includes(script)).toBe(false);
    expect(result.content.includes("<?php")).toBe(false);
  });

  it("stores under random generated names in artworks/ab/cd/, leaving no temporary files", async () => {
    const image = await jpeg(300, 300);
    const first = await stored(await storeArtwork(image, uploadDir));
    const second = await stored(await storeArtwork(image, uploadDir));
    for (const { file } of [first, second]) {
      expect(file).toMatch(/^artworks\/([0-9a-f]{2})\/([0-9a-f]{2})\/\1\2[0-9a-f]{28}\.jpg$/);
    }
    expect(first.file).not.toBe(second.file);
    const everything = await readdir(path.join(uploadDir, "artworks"), { recursive: true });
    expect(everything.filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("accepts 200 px on the short side", async () => {
    expect(await problemOf(await jpeg(200, 900))).toBe("stored");
  });
});

describe("storeArtwork: what is refused", () => {
  it("refuses an empty file and one over 10 MB, before looking inside", async () => {
    expect(await problemOf(new Uint8Array(0))).toBe("empty");
    expect(await problemOf(new Uint8Array(11 * MB))).toBe("too_large");
    const justOver = Buffer.alloc(ARTWORK_LIMITS.maxBytes + 1);
    (await jpeg(300, 300)).copy(justOver);
    expect(await problemOf(justOver)).toBe("too_large");
  });

  it("refuses SVG, with or without an XML declaration", async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300"><script>alert(1)</script></svg>';
    expect(await problemOf(Buffer.from(svg))).toBe("svg_refused");
    expect(await problemOf(Buffer.from(`\ufeff<?xml version="1.0" encoding="UTF-8"?>\n${svg}`))).toBe("svg_refused");
  });

  it("judges by the bytes: text, GIF, HEIC, AVIF and PDF are not accepted images", async () => {
    expect(await problemOf(Buffer.from("This is a text file someone renamed to drawing.jpg\n"))).toBe("not_an_image");
    expect(await problemOf(Buffer.from('<?xml version="1.0"?><note>not a drawing</note>'))).toBe("not_an_image");
    expect(await problemOf(await canvas(300, 300).gif().toBuffer())).toBe("not_an_image");
    expect(await problemOf(await canvas(300, 300).avif().toBuffer())).toBe("not_an_image");
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypheic"), Buffer.alloc(4), Buffer.from("mif1heic"), Buffer.alloc(64)]);
    expect(await problemOf(heic)).toBe("not_an_image");
    expect(await problemOf(Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"))).toBe("not_an_image");
  });

  it("refuses an image under 200 px on its short side", async () => {
    expect(await problemOf(await jpeg(1, 1))).toBe("too_small");
    expect(await problemOf(await canvas(1, 1).png().toBuffer())).toBe("too_small");
    expect(await problemOf(await jpeg(1000, 199))).toBe("too_small");
  });

  it("refuses decompression bombs: huge dimensions in a tiny file", async () => {
    const bomb = await canvas(8000, 8000).greyscale().png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.byteLength).toBeLessThan(MB);
    expect(await problemOf(bomb)).toBe("too_many_pixels");
    expect(await problemOf(pngHeaderOnly(100_000, 100_000))).toBe("too_many_pixels");
  });

  it("refuses damaged images", async () => {
    const image = await jpeg(300, 300);
    expect(await problemOf(Buffer.concat([image.subarray(0, 3), Buffer.alloc(500, 7)]))).toBe("corrupt");
    expect(await problemOf(pngHeaderOnly(300, 300))).toBe("corrupt");
  });

  it("stores nothing when it refuses", async () => {
    const before = await readdir(uploadDir, { recursive: true });
    await storeArtwork(await jpeg(1, 1), uploadDir);
    await storeArtwork(pngHeaderOnly(300, 300), uploadDir);
    expect(await readdir(uploadDir, { recursive: true })).toEqual(before);
  });
});

describe("reading, thumbnails and deleting", () => {
  it("reads a stored artwork back with its content type", async () => {
    const result = await stored(await storeArtwork(await jpeg(300, 300), uploadDir));
    const image = await readArtwork(uploadDir, result.file);
    expect(image?.contentType).toBe("image/jpeg");
    expect(image?.size).toBe(result.bytes);
    expect((await bytesOf(image!)).equals(result.content)).toBe(true);
  });

  it("refuses any name it did not generate", async () => {
    const { file } = await stored(await storeArtwork(await jpeg(300, 300), uploadDir));
    const name = path.basename(file);
    for (const attempt of [
      "../../etc/passwd",
      "artworks/../../etc/passwd",
      `artworks/${file.slice(9, 14)}../../../etc/passwd`,
      path.join(uploadDir, file),
      `/${file}`,
      `./${file}`,
      file.toUpperCase(),
      `${file}.tmp`,
      file.replace(/\.jpg$/, ".w320.webp"),
      file.replace(/\.jpg$/, ".svg"),
      `artworks/00/00/${name}`,
      name,
      `${file}\0.jpg`,
      "",
    ]) {
      expect(await readArtwork(uploadDir, attempt), attempt).toBeNull();
      expect(await deleteArtwork(uploadDir, attempt), attempt).toBe(false);
    }
    expect(await readArtwork(uploadDir, file)).not.toBeNull();
  });

  it("answers null for a well-formed name with no file", async () => {
    expect(await readArtwork(uploadDir, `artworks/ab/cd/abcd${"0".repeat(28)}.jpg`)).toBeNull();
    expect(await artworkThumbnail(uploadDir, `artworks/ab/cd/abcd${"0".repeat(28)}.png`, 320)).toBeNull();
  });

  it("makes a WebP thumbnail once and caches it beside the original", async () => {
    const { file } = await stored(await storeArtwork(await jpeg(1200, 800), uploadDir));
    const thumbnail = await artworkThumbnail(uploadDir, file, 320);
    expect(thumbnail?.contentType).toBe("image/webp");
    const metadata = await sharp(await bytesOf(thumbnail!)).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(["webp", 320, 213]);

    const cachedPath = path.join(uploadDir, file.replace(/\.jpg$/, ".w320.webp"));
    const made = (await stat(cachedPath)).mtimeMs;
    const again = await artworkThumbnail(uploadDir, file, 320);
    expect(again?.size).toBe(thumbnail?.size);
    await bytesOf(again!);
    expect((await stat(cachedPath)).mtimeMs).toBe(made);
  });

  it("never enlarges a thumbnail and allows only its fixed widths", async () => {
    const { file } = await stored(await storeArtwork(await jpeg(300, 300), uploadDir));
    const thumbnail = await artworkThumbnail(uploadDir, file, 640);
    expect((await sharp(await bytesOf(thumbnail!)).metadata()).width).toBe(300);
    expect(await artworkThumbnail(uploadDir, file, 321 as ThumbnailWidth)).toBeNull();
  });

  it("deletes an artwork with its thumbnails", async () => {
    const { file } = await stored(await storeArtwork(await jpeg(700, 500), uploadDir));
    await bytesOf((await artworkThumbnail(uploadDir, file, 160))!);
    const folder = path.dirname(path.join(uploadDir, file));
    const name = path.basename(file, ".jpg");
    expect((await readdir(folder)).filter((f) => f.startsWith(name))).toHaveLength(2);

    expect(await deleteArtwork(uploadDir, file)).toBe(true);
    expect((await readdir(folder)).filter((f) => f.startsWith(name))).toEqual([]);
    expect(await readArtwork(uploadDir, file)).toBeNull();
    expect(await deleteArtwork(uploadDir, file)).toBe(false);
  });
});

describe("readUploadForm", () => {
  function post(form: FormData | string, headers: Record<string, string> = {}): Request {
    return new Request("http://localhost/events/x/enter", { method: "POST", body: form, headers });
  }

  it("gives the fields and the file; storeArtwork then judges the file by its bytes, not its name", async () => {
    const form = new FormData();
    form.set("title", "Көктем");
    form.set("artwork", new File([new Uint8Array(await jpeg(300, 300))], "spring.jpg", { type: "image/jpeg" }));
    const parsed = await readUploadForm(post(form));
    if (!("formData" in parsed)) throw new Error("expected a form");
    expect(parsed.formData.get("title")).toBe("Көктем");
    const file = parsed.formData.get("artwork") as File;
    expect(file.name).toBe("spring.jpg");
    expect((await storeArtwork(new Uint8Array(await file.arrayBuffer()), uploadDir)).ok).toBe(true);

    const renamed = new FormData();
    renamed.set("artwork", new File(["just some text"], "drawing.jpg", { type: "image/jpeg" }));
    const text = await readUploadForm(post(renamed));
    if (!("formData" in text)) throw new Error("expected a form");
    const bytes = new Uint8Array(await (text.formData.get("artwork") as File).arrayBuffer());
    expect(await problemOf(bytes)).toBe("not_an_image");
  });

  it("stops at a file over the limit", async () => {
    const form = new FormData();
    form.set("artwork", new File([new Uint8Array(11 * MB)], "big.jpg", { type: "image/jpeg" }));
    expect(await readUploadForm(post(form))).toEqual({ problem: "too_large" });
  });

  it("caps all parts together and each text field", async () => {
    const many = new FormData();
    for (const name of ["a", "b", "c"]) many.append("artwork", new File([new Uint8Array(5 * MB)], `${name}.jpg`));
    expect(await readUploadForm(post(many))).toEqual({ problem: "too_large" });

    const longText = new FormData();
    longText.set("title", "x".repeat(100 * 1024));
    expect(await readUploadForm(post(longText))).toEqual({ problem: "too_large" });
  });

  it("refuses a body declaring more than the limit without reading it", async () => {
    const declared = post("--x--\r\n", { "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(50 * MB) });
    expect(await readUploadForm(declared)).toEqual({ problem: "too_large" });
  });

  it("throws a 415 response for a body that is not multipart, and a 400 for a damaged one", async () => {
    for (const type of ["application/x-www-form-urlencoded", "application/json", ""]) {
      const error = await readUploadForm(post("title=x", { "Content-Type": type })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Response);
      expect((error as Response).status).toBe(415);
    }
    const damaged = await readUploadForm(post("--B\r\nContent-Disp", { "Content-Type": "multipart/form-data; boundary=B" })).catch(
      (e: unknown) => e,
    );
    expect((damaged as Response).status).toBe(400);
  });
});

describe("upload messages", () => {
  it.each(["en", "ru", "kk"] as const)("%s explains every problem, quoting the real limits", (locale) => {
    const messages = catalogues[locale].upload;
    expect(Object.keys(messages).sort()).toEqual([...ARTWORK_PROBLEMS].sort());
    expect(messages.too_large).toContain(`${ARTWORK_LIMITS.maxBytes / MB} `);
    expect(messages.too_small).toContain(String(ARTWORK_LIMITS.minSide));
    expect(messages.too_many_pixels).toContain(String(ARTWORK_LIMITS.maxPixels / 1_000_000));
  });
});
