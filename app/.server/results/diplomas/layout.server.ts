import QRCode from "qrcode";

import type { FontName } from "./fonts.server";

/*
 * The diploma page's drawing primitives: text blocks that shrink to fit, the frame, the ornament
 * and the signature lines, tagged for PDF/A (text in reading order, decoration as artifacts).
 */

// A4 landscape, in points.
export const WIDTH = 841.89;
export const HEIGHT = 595.28;
export const INK = "#1f2328";
export const NAVY = "#1d3461";
export const GOLD = "#a67c2e";
export const MUTED = "#5a6275";
export const TEXT_LEFT = 78;
export const TEXT_WIDTH = WIDTH - 2 * TEXT_LEFT;

export type Doc = PDFKit.PDFDocument;
export type Struct = PDFKit.PDFStructureElement;

/*
 * The PDF is tagged (PDF/A-2b, with a structure tree): each diploma is a section whose paragraphs
 * follow the order a reader reads the page, top to bottom; the frame, the ornament and the signature
 * lines are artifacts, skipped by screen readers and by text extraction.
 */

/** Draws into a new structure element of `type` under `parent`, so its text keeps its place in reading order. */
export function tagged(doc: Doc, parent: Struct, type: string, draw: () => void): void {
  parent.add(doc.struct(type, {}, draw));
}

/** Draws decoration that carries no text: marked as a layout artifact, outside the structure tree. */
export function artifact(doc: Doc, draw: () => void): void {
  doc.markContent("Artifact", { type: "Layout" });
  draw();
  doc.endMarkedContent();
}

export interface Block {
  text: string;
  font: FontName;
  size: number;
  /** The block shrinks down to this size before it is clipped. */
  minSize: number;
  lines: number;
  color: string;
  spacing?: number;
  /** Space above the block. */
  gap: number;
  /** The structure element it is tagged as: the diploma's heading is H1, the rest paragraphs. */
  tag?: "H1" | "P";
}

interface Fitted extends Block {
  fittedSize: number;
  height: number;
  /** Even at its smallest size the text is too long: it is cut with an ellipsis. */
  clipped: boolean;
}

const textOptions = (b: Block, size: number) => ({
  width: TEXT_WIDTH,
  align: "center" as const,
  characterSpacing: (b.spacing ?? 0) * (size / b.size),
  lineGap: size * 0.08,
});

/** Shrinks a block until it fits its number of lines, so long names and titles never overflow. */
function fit(doc: Doc, block: Block): Fitted {
  doc.font(block.font);
  const maxHeight = (size: number) => (doc.fontSize(size).currentLineHeight(true) + size * 0.08) * block.lines + 0.5;
  for (let size = block.size; size >= block.minSize; size -= 0.5) {
    const limit = maxHeight(size);
    const height = doc.heightOfString(block.text, textOptions(block, size));
    if (height <= limit) return { ...block, fittedSize: size, height, clipped: false };
  }
  return { ...block, fittedSize: block.minSize, height: maxHeight(block.minSize), clipped: true };
}

function draw(doc: Doc, parent: Struct, b: Fitted, y: number): void {
  tagged(doc, parent, b.tag ?? "P", () => {
    doc.font(b.font).fontSize(b.fittedSize).fillColor(b.color);
    doc.text(b.text, TEXT_LEFT, y, {
      ...textOptions(b, b.fittedSize),
      ...(b.clipped ? { height: b.height, ellipsis: true } : {}),
    });
  });
}

/**
 * Draws blocks one under another, centred as a group between top and bottom; when together they
 * are too tall, all of them shrink a step at a time (down to each block's smallest size, which the
 * regions below are sized to hold).
 */
export function stack(doc: Doc, parent: Struct, blocks: Block[], top: number, bottom: number): void {
  const present = blocks.filter((b) => b.text.trim());
  const heightOf = (list: Fitted[]) => list.reduce((sum, b, i) => sum + b.height + (i === 0 ? 0 : b.gap), 0);
  let fitted = present.map((b) => fit(doc, b));
  for (let scale = 0.92; heightOf(fitted) > bottom - top && scale > 0.3; scale *= 0.92) {
    fitted = present.map((b) => fit(doc, { ...b, size: Math.max(b.minSize, b.size * scale), gap: b.gap * scale }));
  }
  const total = heightOf(fitted);
  let y = top + Math.max(0, (bottom - top - total) / 2);
  fitted.forEach((b, i) => {
    if (i > 0) y += b.gap;
    draw(doc, parent, b, y);
    y += b.height;
  });
}

export function frame(doc: Doc): void {
  artifact(doc, () => frameLines(doc));
}

function frameLines(doc: Doc): void {
  doc.save();
  doc
    .lineWidth(2.5)
    .strokeColor(NAVY)
    .rect(20, 20, WIDTH - 40, HEIGHT - 40)
    .stroke();
  doc
    .lineWidth(0.8)
    .strokeColor(GOLD)
    .rect(28, 28, WIDTH - 56, HEIGHT - 56)
    .stroke();
  for (const [x, y] of [
    [28, 28],
    [WIDTH - 28, 28],
    [28, HEIGHT - 28],
    [WIDTH - 28, HEIGHT - 28],
  ] as const) {
    doc
      .fillColor(GOLD)
      .polygon([x, y - 6], [x + 6, y], [x, y + 6], [x - 6, y])
      .fill();
  }
  doc.restore();
}

export function ornament(doc: Doc, y: number): void {
  artifact(doc, () => ornamentLines(doc, y));
}

function ornamentLines(doc: Doc, y: number): void {
  const cx = WIDTH / 2;
  doc.save();
  doc
    .lineWidth(0.8)
    .strokeColor(GOLD)
    .moveTo(cx - 120, y)
    .lineTo(cx - 10, y)
    .moveTo(cx + 10, y)
    .lineTo(cx + 120, y)
    .stroke();
  doc
    .fillColor(GOLD)
    .polygon([cx, y - 4], [cx + 4, y], [cx, y + 4], [cx - 4, y])
    .fill();
  doc.restore();
}

/** A signature line: the signer's name above it (when known), then what they sign as, below it. */
export function signature(
  doc: Doc,
  parent: Struct,
  x: number,
  width: number,
  label: string,
  name: string | null,
): void {
  const y = 498;
  artifact(doc, () =>
    doc
      .save()
      .lineWidth(0.6)
      .strokeColor(MUTED)
      .moveTo(x, y)
      .lineTo(x + width, y)
      .stroke()
      .restore(),
  );
  if (name)
    tagged(doc, parent, "P", () =>
      doc
        .font("italic")
        .fontSize(9.5)
        .fillColor(INK)
        .text(name, x, y - 15, { width, align: "center", height: 13, ellipsis: true }),
    );
  tagged(doc, parent, "P", () =>
    doc
      .font("regular")
      .fontSize(9.5)
      .fillColor(MUTED)
      .text(label, x, y + 5, { width, align: "center", height: 24, ellipsis: true }),
  );
}

/**
 * A QR code of `text`, `size` points wide with its top left corner at (x, y), drawn as squares (no
 * image, so it stays sharp in print). Decoration for the structure tree: the address it holds is
 * printed beside it as text.
 */
export function qrCode(doc: Doc, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const cell = size / modules.size;
  artifact(doc, () => {
    doc.save().fillColor(INK);
    for (let row = 0; row < modules.size; row++)
      for (let col = 0; col < modules.size; col++)
        if (modules.get(row, col)) doc.rect(x + col * cell, y + row * cell, cell, cell);
    doc.fill().restore();
  });
}
