import { foldText, type RosterColumn } from "~/domain/roster";

/**
 * Column headings club leaders actually write, in kk/ru/en. A heading cell may hold several
 * languages ("Тегі / Фамилия", "Туған күні (Дата рождения)", a line break between them): each part
 * is tried when the whole cell is not a heading. Matching ignores case, ё/е, punctuation, hints in brackets and words like "ребёнка".
 */
export const HEADING_VARIANTS: Record<RosterColumn | "fullName", readonly string[]> = {
  lastName: ["Фамилия", "Тегі", "Тек", "Last name", "Lastname", "Surname", "Family name"],
  firstName: ["Имя", "Аты", "Есімі", "First name", "Firstname", "Given name"],
  patronymic: ["Отчество", "Әкесінің аты", "Әкесінің есімі", "Patronymic", "Middle name"],
  birthDate: [
    "Дата рождения",
    "Дата рожд.",
    "Д.р.",
    "ДР",
    "Туған күні",
    "Туған күн",
    "Туылған күні",
    "Туған күні, айы, жылы",
    "Birth date",
    "Date of birth",
    "Birthdate",
    "Birthday",
    "DOB",
  ],
  city: ["Город", "Населённый пункт", "Қала", "Елді мекен", "City", "Town"],
  region: ["Регион", "Область", "Облыс", "Өңір", "Аймақ", "Region", "Oblast", "Province"],
  // A single column with the whole name: reported, since splitting it would guess which word is which.
  fullName: [
    "ФИО",
    "Ф.И.О.",
    "Фамилия, имя",
    "Фамилия, имя, отчество",
    "Фамилия имя отчество",
    "Аты-жөні",
    "Толық аты-жөні",
    "Тегі, аты",
    "Тегі, аты, әкесінің аты",
    "Full name",
    "Name",
  ],
};

const FILLER_WORDS = new Set([
  "ребенка",
  "участника",
  "учащегося",
  "баланың",
  "қатысушының",
  "оқушының",
  "child",
  "child's",
  "participant",
  "participant's",
  "of",
  "the",
]);

export function normaliseHeading(text: string): string {
  return foldText(text.replace(/\(.*?\)|\[.*?\]/gu, " ").replace(/[*:№#"«»“”.,;_–—-]/gu, " "))
    .split(" ")
    .filter((word) => word && !FILLER_WORDS.has(word))
    .join(" ");
}

const VARIANT_TO_COLUMN = new Map<string, RosterColumn | "fullName">();
for (const [column, variants] of Object.entries(HEADING_VARIANTS) as [RosterColumn | "fullName", readonly string[]][]) {
  for (const variant of variants) VARIANT_TO_COLUMN.set(normaliseHeading(variant), column);
}

/** The column a heading cell names, if any. */
export function columnForHeading(cell: string): RosterColumn | "fullName" | null {
  // The whole cell first ("Фамилия, имя" is one heading), then each part of a bilingual one.
  for (const part of [cell, ...cell.split(/[/|\\\n\r,;]+/u)]) {
    const heading = normaliseHeading(part);
    if (!heading) continue;
    const exact = VARIANT_TO_COLUMN.get(heading);
    if (exact) return exact;
    // A file saved in Windows-1251 has lost its Kazakh letters to "?": let each "?" stand for one letter.
    if (heading.includes("?") && heading.replace(/[? ]/gu, "").length >= 2) {
      const pattern = new RegExp(`^${heading.replace(/[.*+^${}()|[\]\\]/gu, "\\$&").replace(/\?/gu, ".")}$`, "u");
      for (const [variant, column] of VARIANT_TO_COLUMN) if (pattern.test(variant)) return column;
    }
  }
  return null;
}

export interface HeadingMatch {
  /** Index of the heading row among the rows searched. */
  rowIndex: number;
  /** Cell index of each column found (the first cell wins when a column repeats). */
  columns: Partial<Record<RosterColumn, number>>;
  /** The heading of a full-name column, if there is one. */
  fullNameHeading: string | null;
}

/** How many rows at the top may hold a title ("Список участников клуба …") before the headings. */
export const HEADING_SEARCH_ROWS = 10;

/**
 * Finds the heading row among the first rows: the first that names every required column, or
 * else the one that names the most (at least two), so the missing ones can be reported.
 */
export function findHeadingRow(
  rows: readonly (readonly string[])[],
  required: readonly RosterColumn[],
): HeadingMatch | null {
  let best: (HeadingMatch & { found: number }) | null = null;
  for (const [rowIndex, cells] of rows.slice(0, HEADING_SEARCH_ROWS).entries()) {
    const columns: Partial<Record<RosterColumn, number>> = {};
    let fullNameHeading: string | null = null;
    cells.forEach((cell, index) => {
      const column = columnForHeading(cell);
      if (column === "fullName") fullNameHeading ??= cell.trim();
      else if (column && columns[column] === undefined) columns[column] = index;
    });
    const found = Object.keys(columns).length + (fullNameHeading ? 1 : 0);
    if (required.every((c) => columns[c] !== undefined)) return { rowIndex, columns, fullNameHeading };
    if (found >= 2 && (!best || found > best.found)) best = { rowIndex, columns, fullNameHeading, found };
  }
  if (!best) return null;
  const { found: _found, ...match } = best;
  return match;
}
