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
