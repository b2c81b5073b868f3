import PDFDocument from "pdfkit";

import type { Award, EntryKind, PerformanceFormat } from "#db/types";
import { type Locale, localized } from "~/domain/locale";
import { createI18n } from "~/i18n";
import { formatDate, formatDateRange } from "~/i18n/format";

import { fonts } from "./fonts.server";
import {
  type Block,
  type Doc,
  frame,
  GOLD,
  INK,
  MUTED,
  NAVY,
  ornament,
  qrCode,
  signature,
  stack,
  type Struct,
  tagged,
} from "./layout.server";

export { diplomaFontFiles } from "./fonts.server";

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
  /** The code of the diploma's public verification page (its QR code); null before it is published. */
  verifyCode: string | null;
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

function page(
  doc: Doc,
  document: Struct,
  d: DiplomaData,
  locale: Locale,
  t: (key: string, options?: Record<string, unknown>) => string,
  baseUrl: string | undefined,
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

  // A diploma with a verification page carries its QR code in the corner, and the address beside it.
  const verifyUrl = baseUrl && d.verifyCode ? `${baseUrl.replace(/\/+$/, "")}/verify/${d.verifyCode}` : null;
  const left = verifyUrl ? 118 : 70;
  if (verifyUrl) qrCode(doc, verifyUrl, 44, 474, 64);
  tagged(doc, section, "P", () =>
    doc
      .font("regular")
      .fontSize(11)
      .fillColor(INK)
      .text(formatDate(d.date, locale), left, 486, { width: 200, height: 15, ellipsis: true }),
  );
  tagged(doc, section, "P", () =>
    doc
      .font("regular")
      .fontSize(8.5)
      .fillColor(MUTED)
      .text(t("diplomas.number", { reference: d.reference }), left, 504, { width: 200, height: 12, ellipsis: true }),
  );
  if (verifyUrl) {
    tagged(doc, section, "P", () =>
      doc
        .font("regular")
        .fontSize(7)
        .fillColor(MUTED)
        .text(t("diplomas.verify"), left, 518, { width: 215, height: 9, ellipsis: true }),
    );
    tagged(doc, section, "P", () =>
      doc
        .font("regular")
        .fontSize(6)
        .fillColor(MUTED)
        .text(verifyUrl, left, 527, { width: 215, height: 8, ellipsis: true, lineBreak: false }),
    );
  }
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
 * The diplomas as one PDF, one A4 landscape page each, each published one with a QR code of its
 * verification page under `baseUrl`, in the given language, with PT Serif
 * embedded (subset). Archival and accessible: PDF/A-2b, tagged with a structure tree in reading
 * order, the document language set. The same data gives the same bytes: the creation date is the
 * diploma's date.
 */
export async function renderDiplomas(
  diplomas: DiplomaData[],
  locale: Locale,
  options: { title?: string; onPage?: (done: number) => void; baseUrl?: string } = {},
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
    page(doc, document, d, locale, t, options.baseUrl);
    options.onPage?.(i + 1);
  });
  document.end();
  doc.end();
  return done;
}
