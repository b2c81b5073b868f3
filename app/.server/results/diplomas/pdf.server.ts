import fs from "node:fs";
import { createRequire } from "node:module";

import PDFDocument from "pdfkit";

import type { Award, EntryKind, PerformanceFormat } from "#db/types";
import { type Locale, localized } from "~/domain/locale";
import { createI18n } from "~/i18n";
import { formatDate, formatDateRange } from "~/i18n/format";

/** A text in the three languages; an empty one falls back to the others. */
export type Texts = Record<Locale, string>;

export interface DiplomaPerson {
  firstName: string;
  lastName: string;
  patronymic: string;
}

/** Everything one diploma shows, in every language: the PDF picks the reader's. */
export interface DiplomaData {
  /** The entry's reference, printed small as the diploma's number. */
  reference: string;
  /** An award of the results, or a special prize given by the jury. */
  prize: { award: Award } | { specialPrize: Texts };
  event: { title: Texts };
  /** The round's city and dates (the event's when the round has none); `city` is a city key. */
  city: string;
  startsOn: string;
  endsOn: string;
  nomination: Texts;
  entryKind: EntryKind;
  ageGroup: { min: number; max: number } | null;
  format: PerformanceFormat;
  /** The piece or work; empty when the entry has none. */
  title: string;
  members: DiplomaPerson[];
  club: { name: string; city: string } | null;
  /** The chair of the section's jury, printed under their signature line when known. */
  chair: string | null;
  /** 'YYYY-MM-DD': the day of the round's end. */
  date: string;
}

// PT Serif (ParaType, OFL) covers every Kazakh Cyrillic letter; see docs/decisions/0008-diploma-pdfs.md.
// Resolved from node_modules at run time, so the dev server and the built server find the same files.
const FONT_FILES = {
  regular: "@expo-google-fonts/pt-serif/400Regular/PTSerif_400Regular.ttf",
  bold: "@expo-google-fonts/pt-serif/700Bold/PTSerif_700Bold.ttf",
  italic: "@expo-google-fonts/pt-serif/400Regular_Italic/PTSerif_400Regular_Italic.ttf",
} as const;
type FontName = keyof typeof FONT_FILES;

const requireFromHere = createRequire(import.meta.url);

/** Where the diploma fonts are on disk. */
export function diplomaFontFiles(): Record<FontName, string> {
  return {
    regular: requireFromHere.resolve(FONT_FILES.regular),
    bold: requireFromHere.resolve(FONT_FILES.bold),
    italic: requireFromHere.resolve(FONT_FILES.italic),
  };
}

let fontData: Record<FontName, Buffer> | undefined;
function fonts(): Record<FontName, Buffer> {
  if (!fontData) {
    const files = diplomaFontFiles();
    fontData = {
      regular: fs.readFileSync(files.regular),
      bold: fs.readFileSync(files.bold),
      italic: fs.readFileSync(files.italic),
    };
  }
  return fontData;
}

const pick = (texts: Texts, locale: Locale) =>
  localized({ text_kk: texts.kk, text_ru: texts.ru, text_en: texts.en }, "text", locale);

/** "Last First Patronymic" as Kazakh and Russian documents write it; "First Last" in English. */
export function personName(p: DiplomaPerson, locale: Locale): string {
  const parts = locale === "en" ? [p.firstName, p.lastName] : [p.lastName, p.firstName, p.patronymic];
  return parts
    .map((s) => s.trim())
    .filter(Boolean)
    .join(" ");
}

// A4 landscape, in points.
const WIDTH = 841.89;
const HEIGHT = 595.28;
const INK = "#1f2328";
const NAVY = "#1d3461";
const GOLD = "#a67c2e";
const MUTED = "#5a6275";
const TEXT_LEFT = 78;
const TEXT_WIDTH = WIDTH - 2 * TEXT_LEFT;

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

/*
 * The PDF is tagged (PDF/A-2b, with a structure tree): each diploma is a section whose paragraphs
 * follow the order a reader reads the page, top to bottom; the frame, the ornament and the signature
 * lines are artifacts, skipped by screen readers and by text extraction.
 */

/** Draws into a new structure element of `type` under `parent`, so its text keeps its place in reading order. */
function tagged(doc: Doc, parent: Struct, type: string, draw: () => void): void {
  parent.add(doc.struct(type, {}, draw));
}

/** Draws decoration that carries no text: marked as a layout artifact, outside the structure tree. */
function artifact(doc: Doc, draw: () => void): void {
  doc.markContent("Artifact", { type: "Layout" });
  draw();
  doc.endMarkedContent();
}

interface Block {
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
function stack(doc: Doc, parent: Struct, blocks: Block[], top: number, bottom: number): void {
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

function frame(doc: Doc): void {
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

function ornament(doc: Doc, y: number): void {
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
function signature(doc: Doc, parent: Struct, x: number, width: number, label: string, name: string | null): void {
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

function page(
  doc: Doc,
  document: Struct,
  d: DiplomaData,
  locale: Locale,
  t: (key: string, options?: Record<string, unknown>) => string,
): void {
  doc.addPage({ size: "A4", layout: "landscape", margin: 0 });
  const section = doc.struct("Sect");
  document.add(section);
  frame(doc);

  const city = t(`city.${d.city}`, { defaultValue: d.city });
  stack(
    doc,
    section,
    [
      {
        text: t("app.federation").toLocaleUpperCase(locale),
        font: "regular",
        size: 10.5,
        minSize: 7,
        lines: 1,
        color: MUTED,
        gap: 0,
      },
      { text: pick(d.event.title, locale), font: "bold", size: 17, minSize: 10, lines: 2, color: NAVY, gap: 8 },
      {
        text: [city, formatDateRange(d.startsOn, d.endsOn, locale)].filter(Boolean).join(", "),
        font: "italic",
        size: 11.5,
        minSize: 8,
        lines: 1,
        color: MUTED,
        gap: 4,
      },
    ],
    52,
    128,
  );
  ornament(doc, 136);

  const participant = "award" in d.prize && d.prize.award === "participant";
  const heading = participant ? t("results.award.participant") : t("diplomas.diploma");
  const prizeBlocks: Block[] =
    "award" in d.prize
      ? participant
        ? []
        : [
            {
              text: t(`results.award.${d.prize.award}`),
              font: "bold",
              size: 25,
              minSize: 14,
              lines: 1,
              color: GOLD,
              gap: 6,
            },
          ]
      : [
          { text: t("diplomas.specialPrize"), font: "italic", size: 15, minSize: 10, lines: 1, color: GOLD, gap: 4 },
          {
            text: pick(d.prize.specialPrize, locale),
            font: "bold",
            size: 22,
            minSize: 12,
            lines: 2,
            color: GOLD,
            gap: 2,
          },
        ];
  const names = d.members.map((m) => personName(m, locale)).filter(Boolean);
  const ensemble = d.format === "ensemble" && d.club;
  const nameLine = ensemble ? t("diplomas.ensemble", { club: d.club!.name }) : names.join(", ");
  const clubCity = t(`city.${d.club?.city ?? ""}`, { defaultValue: d.club?.city ?? "" });
  const clubLine = d.club ? (ensemble ? clubCity : [d.club.name, clubCity].filter(Boolean).join(", ")) : "";
  const piece = d.title.trim()
    ? t(d.entryKind === "artwork" ? "diplomas.forWork" : "diplomas.forPerformance", { title: d.title.trim() })
    : "";
  const range = d.ageGroup
    ? d.ageGroup.max >= 99
      ? t("event.ageFrom", { min: d.ageGroup.min })
      : t("event.ageRange", d.ageGroup)
    : "";
  const nominationLine = [
    t("diplomas.nomination", { name: pick(d.nomination, locale) }),
    range ? t("diplomas.ageGroup", { range }) : "",
  ]
    .filter(Boolean)
    .join("   ·   ");

  stack(
    doc,
    section,
    [
      {
        text: heading.toLocaleUpperCase(locale),
        font: "bold",
        size: participant ? 34 : 46,
        minSize: 20,
        lines: 1,
        color: NAVY,
        spacing: participant ? 1 : 3,
        gap: 0,
        tag: "H1",
      },
      ...prizeBlocks,
      { text: nameLine, font: "bold", size: 30, minSize: 13, lines: 2, color: INK, gap: 16 },
      { text: ensemble ? names.join(", ") : "", font: "regular", size: 12, minSize: 7, lines: 3, color: INK, gap: 4 },
      { text: clubLine, font: "regular", size: 13, minSize: 8, lines: 2, color: INK, gap: 6 },
      { text: piece, font: "italic", size: 12.5, minSize: 8, lines: 2, color: INK, gap: 10 },
      { text: nominationLine, font: "regular", size: 12.5, minSize: 8, lines: 2, color: NAVY, gap: 10 },
    ],
    148,
    462,
  );

  tagged(doc, section, "P", () =>
    doc
      .font("regular")
      .fontSize(11)
      .fillColor(INK)
      .text(formatDate(d.date, locale), 70, 486, { width: 200, height: 15, ellipsis: true }),
  );
  tagged(doc, section, "P", () =>
    doc
      .font("regular")
      .fontSize(8.5)
      .fillColor(MUTED)
      .text(t("diplomas.number", { reference: d.reference }), 70, 504, { width: 200, height: 12, ellipsis: true }),
  );
  signature(doc, section, 340, 200, t("diplomas.chair"), d.chair);
  signature(doc, section, 570, 200, t("diplomas.organiser"), null);
  section.end();
}

const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * pdfkit copies the document info into the XMP metadata packet as it is, unescaped: a title or an
 * event named "Music & Dance" would make the packet invalid XML, which PDF/A forbids. This escapes
 * the info for the packet only (the Info dictionary keeps the plain text) and records the
 * modification date there too, so the packet and the Info dictionary agree.
 */
function escapeXmpInfo(doc: Doc): void {
  const internal = doc as unknown as {
    info: Record<string, unknown>;
    endMetadata(): void;
    appendXML(xml: string): void;
  };
  const endMetadata = internal.endMetadata.bind(doc);
  internal.endMetadata = () => {
    const info = internal.info;
    const modified = info.ModDate instanceof Date ? info.ModDate : null;
    if (modified)
      internal.appendXML(
        `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:ModifyDate>${modified.toISOString().split(".")[0]}Z</xmp:ModifyDate></rdf:Description>`,
      );
    internal.info = Object.fromEntries(
      Object.entries(info).map(([key, value]) => [key, typeof value === "string" ? escapeXml(value) : value]),
    );
    try {
      endMetadata();
    } finally {
      internal.info = info;
    }
  };
}

/**
 * The diplomas as one PDF, one A4 landscape page each, in the given language, with PT Serif
 * embedded (subset). Archival and accessible: PDF/A-2b, tagged with a structure tree in reading
 * order, the document language set. The same data gives the same bytes: the creation date is the
 * diploma's date.
 */
export async function renderDiplomas(
  diplomas: DiplomaData[],
  locale: Locale,
  options: { title?: string; onPage?: (done: number) => void } = {},
): Promise<Buffer> {
  if (diplomas.length === 0) throw new Error("renderDiplomas needs at least one diploma.");
  const { t } = createI18n(locale);
  const first = diplomas[0]!;
  const awardOf = (d: DiplomaData) =>
    "award" in d.prize ? t(`results.award.${d.prize.award}`) : pick(d.prize.specialPrize, locale);
  const title = options.title ?? `${awardOf(first)} — ${first.members.map((m) => personName(m, locale)).join(", ")}`;
  const created = new Date(`${first.date}T00:00:00Z`);
  const f = fonts();
  const doc = new PDFDocument({
    autoFirstPage: false,
    font: f.regular as unknown as string,
    lang: locale,
    displayTitle: true,
    pdfVersion: "1.7",
    tagged: true,
    subset: "PDF/A-2b",
    info: {
      Title: title,
      Author: t("app.federation"),
      Subject: pick(first.event.title, locale),
      Creator: "Toi",
      Producer: "Toi",
      CreationDate: created,
      ModDate: created,
    },
  });
  doc.registerFont("regular", f.regular);
  doc.registerFont("bold", f.bold);
  doc.registerFont("italic", f.italic);
  escapeXmpInfo(doc);

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const document = doc.struct("Document");
  doc.addStructure(document);
  diplomas.forEach((d, i) => {
    page(doc, document, d, locale, t);
    options.onPage?.(i + 1);
  });
  document.end();
  doc.end();
  return done;
}
