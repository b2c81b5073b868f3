import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { JSDOM } from "jsdom";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/** Opens a PDF with pdf.js as the tests read it: no fonts loaded, no system fonts, no eval. */
export function openPdf(bytes: Buffer) {
  return getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
}

/*
 * The PDF as other readers see it: poppler-utils (pdfinfo, pdftotext, pdffonts), which renders it in
 * most Linux viewers, and qpdf's structural check. Tests that need them skip, saying so, where they
 * are not installed (.ci/run installs both).
 */

const installed = (tool: string) => spawnSync(tool, ["-v"]).error === undefined;

/** Why the poppler and qpdf checks cannot run here, or null when they can. */
export const NO_PDF_TOOLS: string | null = ["pdfinfo", "pdftotext", "pdffonts", "qpdf"].every(installed)
  ? null
  : "poppler-utils or qpdf is not installed (apt-get install poppler-utils qpdf): the PDF tool checks are skipped";

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

export interface PopplerView {
  /** `pdfinfo`'s fields, e.g. `Tagged: "yes"`. */
  info: Record<string, string>;
  /** The XMP metadata packet (`pdfinfo -meta`). */
  xmp: string;
  /** The structure tree with its text (`pdfinfo -struct-text`), indented as poppler prints it. */
  structure: string;
  /** `pdftotext`'s plain text, in the reading order poppler works out. */
  text: string;
  fonts: PdfFont[];
  /** `qpdf --check`: its exit status (0 clean, 2 errors, 3 warnings) and what it said. */
  qpdf: { status: number | null; output: string };
}

function run(tool: string, args: string[]): { status: number | null; out: string } {
  const result = spawnSync(tool, args, { encoding: "utf8" });
  if (result.error) throw result.error;
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

function ok(tool: string, args: string[]): string {
  const { status, out } = run(tool, args);
  if (status !== 0) throw new Error(`${tool} ${args.join(" ")} failed (${status}): ${out}`);
  return out;
}

/** Reads a PDF with poppler-utils and qpdf, from a temporary file removed afterwards. */
export function inspectWithPoppler(bytes: Buffer): PopplerView {
  if (NO_PDF_TOOLS) throw new Error(NO_PDF_TOOLS);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "toi-pdf-"));
  const file = path.join(dir, "document.pdf");
  try {
    fs.writeFileSync(file, bytes);
    const info = Object.fromEntries(
      ok("pdfinfo", ["-isodates", file])
        .split("\n")
        .flatMap((line) => {
          const match = /^([^:]+):\s*(.*)$/.exec(line);
          return match ? [[match[1]!.trim(), match[2]!.trim()]] : [];
        }),
    );
    const fonts = ok("pdffonts", [file])
      .split("\n")
      .slice(2)
      .filter((line) => line.trim())
      .map((line) => {
        // name, type (may hold spaces), encoding, emb, sub, uni, object number, generation.
        const cells = line.trim().split(/\s+/);
        const [emb, sub, uni] = cells.slice(-5, -2);
        return {
          name: cells[0]!,
          type: cells.slice(1, -6).join(" "),
          embedded: emb === "yes",
          subset: sub === "yes",
          unicode: uni === "yes",
        };
      });
    const qpdf = run("qpdf", ["--check", file]);
    return {
      info,
      xmp: ok("pdfinfo", ["-meta", file]),
      structure: ok("pdfinfo", ["-struct-text", file]),
      text: ok("pdftotext", ["-enc", "UTF-8", file, "-"]),
      fonts,
      qpdf: { status: qpdf.status, output: qpdf.out },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Parses an XMP packet as XML: the document, or an error naming what the parser refused. */
export function parseXmp(xmp: string): Document {
  const { DOMParser } = new JSDOM("").window;
  const xml = new DOMParser().parseFromString(xmp, "application/xml");
  const error = xml.getElementsByTagName("parsererror")[0];
  if (error) throw new Error(`The XMP packet is not well-formed XML: ${error.textContent}`);
  return xml;
}

/** Why a diploma's QR code cannot be read back here (pdftoppm and zbarimg), or null when it can. */
export const NO_QR_TOOLS: string | null =
  spawnSync("pdftoppm", ["-v"]).error === undefined && spawnSync("zbarimg", ["--version"]).error === undefined
    ? null
    : "pdftoppm or zbarimg is not installed (apt-get install poppler-utils zbar-tools): the QR check is skipped";

/** The texts of the QR codes on a PDF's first page, as a phone would read them from a 200 dpi print. */
export function readQrCodes(pdf: Buffer): string[] {
  if (NO_QR_TOOLS) throw new Error(NO_QR_TOOLS);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "toi-qr-"));
  try {
    fs.writeFileSync(path.join(dir, "in.pdf"), pdf);
    const shot = spawnSync("pdftoppm", ["-r", "200", "-f", "1", "-l", "1", "-png", "-singlefile", "in.pdf", "page"], {
      cwd: dir,
    });
    if (shot.status !== 0) throw new Error(`pdftoppm failed: ${String(shot.stderr)}`);
    const read = spawnSync("zbarimg", ["--raw", "-q", "page.png"], { cwd: dir, encoding: "utf8" });
    return read.stdout.split("\n").filter(Boolean);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
