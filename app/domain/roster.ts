import { CITIES, type City } from "./cities";
import { type Region, regionOfCity, REGIONS } from "./regions";
import { isIsoDate } from "./time";

/**
 * A club leader's roster (children of one club) read from a spreadsheet, checked row by row before
 * anything is saved. Parsing the file lives in app/.server/roster; this module only judges rows.
 */

export const ROSTER_COLUMNS = ["lastName", "firstName", "patronymic", "birthDate", "city", "region"] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];
export const REQUIRED_ROSTER_COLUMNS: readonly RosterColumn[] = ["lastName", "firstName", "birthDate", "city"];

export const ROSTER_LIMITS = {
  maxBytes: 2 * 1024 * 1024,
  maxRows: 2000,
  maxNameLength: 60,
  minAge: 2,
  maxAge: 25,
} as const;

/** One data row as the file gave it: cell texts ('' when empty); dates from real Excel dates arrive as 'YYYY-MM-DD'. */
export interface RawRow {
  /** The row's number as the spreadsheet shows it (the header row included), for "row 7" in messages. */
  line: number;
  lastName: string;
  firstName: string;
  patronymic: string;
  birthDate: string;
  city: string;
  /** Optional column, absent from files without it: the region of a town outside Toi's list. */
  region?: string;
}

export const ROW_PROBLEM_CODES = [
  "required",
  "invalid_name",
  "too_long",
  "invalid_date",
  "future_date",
  "implausible_age",
  "duplicate_in_file",
  "unknown_city",
  "unknown_region",
  "region_required",
] as const;
export type RowProblemCode = (typeof ROW_PROBLEM_CODES)[number];

export type Severity = "error" | "warning";

export interface RowProblem {
  /** The cell to mark; null for a problem of the whole row (a duplicate). */
  column: RosterColumn | null;
  code: RowProblemCode;
  severity: Severity;
  /** Values for the message `roster.problem.<code>`. */
  params: Record<string, string | number>;
}

export interface PreviewRow {
  line: number;
  raw: RawRow;
  /** Normalised values; a birth date that could not be read is null. */
  values: {
    lastName: string;
    firstName: string;
    patronymic: string | null;
    birthDate: string | null;
    city: City;
    /** The city as written (normalised spaces), kept for display when it was not recognised. */
    cityText: string | null;
    /** A town outside Toi's list exactly as written (city "other"), saved as the child's town; else null. */
    town: string | null;
    /** The known town's region; for another town the file's region column, else the club's; null when neither. */
    region: Region | null;
  };
  problems: RowProblem[];
  /** No errors (warnings allowed). */
  importable: boolean;
}

/** Folded city name → code. Build it once with `buildCityLookup`. */
export type CityLookup = ReadonlyMap<string, City>;
/** Folded region name → code. Build it once with `buildRegionLookup`. */
export type RegionLookup = ReadonlyMap<string, Region>;

export interface RosterValidationOptions {
  cities: CityLookup;
  /** 'YYYY-MM-DD', today in the federation's timezone (`todayIn()`). */
  today: string;
  /** Used for an empty city cell, e.g. the club's own city; without it an empty city is required. */
  defaultCity?: City;
  regions: RegionLookup;
  /** The region of a town outside the list when the row names none: the club's. */
  defaultRegion?: Region;
}

export const WARNING_CODES: ReadonlySet<RowProblemCode> = new Set(["unknown_city"]);

export function validateRosterRows(rows: readonly RawRow[], options: RosterValidationOptions): PreviewRow[] {
  const firstLineByChild = new Map<string, number>();
  return rows.map((raw) => {
    const problems: RowProblem[] = [];
    const add = (column: RosterColumn | null, code: RowProblemCode, params: Record<string, string | number> = {}) =>
      problems.push({ column, code, severity: WARNING_CODES.has(code) ? "warning" : "error", params });

    const lastName = checkName(raw.lastName, "lastName", true, add);
    const firstName = checkName(raw.firstName, "firstName", true, add);
    const patronymic = checkName(raw.patronymic, "patronymic", false, add);
    const birthDate = checkBirthDate(raw.birthDate, options.today, add);
    const { city, cityText, town } = checkCity(raw.city, options, add);
    // A missing city is reported once, not again as a missing region.
    const region = city === "other" && !cityText ? null : checkRegion(raw.region, city, options, add);

    if (lastName.valid && firstName.valid && birthDate) {
      const key = [foldText(lastName.value), foldText(firstName.value), birthDate].join("|");
      const earlier = firstLineByChild.get(key);
      if (earlier === undefined) firstLineByChild.set(key, raw.line);
      else add(null, "duplicate_in_file", { line: earlier });
    }

    return {
      line: raw.line,
      raw,
      values: {
        lastName: lastName.value,
        firstName: firstName.value,
        patronymic: patronymic.value || null,
        birthDate,
        city,
        cityText,
        town,
        region,
      },
      problems,
      importable: problems.every((p) => p.severity !== "error"),
    };
  });
}

export function summariseRosterPreview(rows: readonly PreviewRow[]) {
  return {
    total: rows.length,
    importable: rows.filter((r) => r.importable).length,
    withErrors: rows.filter((r) => !r.importable).length,
    withWarnings: rows.filter((r) => r.problems.some((p) => p.severity === "warning")).length,
  };
}

type AddProblem = (column: RosterColumn | null, code: RowProblemCode, params?: Record<string, string | number>) => void;

// ---------------------------------------------------------------------------------------------
// Names

const LETTER = String.raw`(?:(?=\p{L})[\p{sc=Latin}\p{sc=Cyrillic}]\p{M}*)`;
const NAME = new RegExp(String.raw`^${LETTER}+(?:[-' ]${LETTER}+)*$`, "u");
const CYRILLIC = /\p{sc=Cyrillic}/u;
const LATIN = /\p{sc=Latin}/u;

/** Trims, collapses spaces, unifies apostrophes and dashes, and repairs words typed in two alphabets. */
export function normaliseName(raw: string): string {
  return raw
    .normalize("NFC")
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/gu, "")
    .replace(/\s+/gu, " ")
    .trim()
    .replace(/[’ʼ‘`´ʻ]/gu, "'")
    .replace(/[‐‑‒–—]/gu, "-")
    .replace(/ *- */gu, "-")
    .replace(/ *' */gu, "'")
    .split(/([-' ])/u)
    .map(repairMixedAlphabet)
    .join("");
}

function checkName(raw: string, column: RosterColumn, required: boolean, add: AddProblem) {
  const value = normaliseName(raw);
  if (!value) {
    if (required) add(column, "required");
    return { value, valid: false };
  }
  if (value.length > ROSTER_LIMITS.maxNameLength) {
    add(column, "too_long", { max: ROSTER_LIMITS.maxNameLength });
    return { value, valid: false };
  }
  const oneAlphabetPerWord = value.split(/[-' ]/u).every((word) => !(CYRILLIC.test(word) && LATIN.test(word)));
  if (!NAME.test(value) || !oneAlphabetPerWord) {
    add(column, "invalid_name");
    return { value, valid: false };
  }
  return { value, valid: true };
}

// Kazakh keyboards without і make people type a Latin i inside Cyrillic words ("Тегi", "Әлiби"),
// and the reverse happens too. Such words look right but never match a search or a duplicate check.
const LATIN_TO_CYRILLIC: Record<string, string> = {
  a: "а",
  c: "с",
  e: "е",
  i: "і",
  o: "о",
  p: "р",
  x: "х",
  y: "у",
  A: "А",
  B: "В",
  C: "С",
  E: "Е",
  H: "Н",
  I: "І",
  K: "К",
  M: "М",
  O: "О",
  P: "Р",
  T: "Т",
  X: "Х",
  Y: "У",
};
const CYRILLIC_TO_LATIN = Object.fromEntries(Object.entries(LATIN_TO_CYRILLIC).map(([l, c]) => [c, l]));

function repairMixedAlphabet(word: string): string {
  if (!(CYRILLIC.test(word) && LATIN.test(word))) return word;
  const letters = [...word];
  const plainlyCyrillic = letters.some((ch) => CYRILLIC.test(ch) && !(ch in CYRILLIC_TO_LATIN));
  const plainlyLatin = letters.some((ch) => LATIN.test(ch) && !(ch in LATIN_TO_CYRILLIC));
  if (plainlyCyrillic && plainlyLatin) return word;
  const table = plainlyLatin ? CYRILLIC_TO_LATIN : LATIN_TO_CYRILLIC;
  return letters.map((ch) => table[ch] ?? ch).join("");
}

/** Lower case, ё as е, one alphabet per word, single spaces: for comparing names, headings and cities. */
export function foldText(text: string): string {
  return normaliseName(text).toLowerCase().replace(/ё/gu, "е");
}

// ---------------------------------------------------------------------------------------------
// Birth dates

const DAY_FIRST = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$/u;
const YEAR_FIRST = /^(\d{4})-(\d{1,2})-(\d{1,2})$/u;

/** DD.MM.YYYY, D.M.YYYY, DD/MM/YYYY, DD-MM-YYYY or YYYY-MM-DD (optionally "г."/"ж." or a midnight time after it) → 'YYYY-MM-DD'. */
export function parseBirthDate(raw: string): string | null {
  const text = raw
    .trim()
    .replace(/[T ]0?0:00(?::00(?:\.0+)?)?Z?$/u, "")
    .replace(/\s*(?:г|ж)\.?$/u, "")
    .trim();
  const dayFirst = DAY_FIRST.exec(text);
  const yearFirst = YEAR_FIRST.exec(text);
  const [year, month, day] = dayFirst
    ? [dayFirst[4], dayFirst[3], dayFirst[1]]
    : yearFirst
      ? [yearFirst[1], yearFirst[2], yearFirst[3]]
      : [];
  if (!year || !month || !day) return null;
  const iso = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

/** Full years between two 'YYYY-MM-DD' dates. */
export function fullYears(birthDate: string, onDate: string): number {
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onDate.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

function checkBirthDate(raw: string, today: string, add: AddProblem): string | null {
  if (!raw.trim()) {
    add("birthDate", "required");
    return null;
  }
  const date = parseBirthDate(raw);
  if (!date) {
    add("birthDate", "invalid_date");
    return null;
  }
  if (date > today) {
    add("birthDate", "future_date");
    return date;
  }
  const age = fullYears(date, today);
  if (age < ROSTER_LIMITS.minAge || age > ROSTER_LIMITS.maxAge) {
    add("birthDate", "implausible_age", { age, min: ROSTER_LIMITS.minAge, max: ROSTER_LIMITS.maxAge });
  }
  return date;
}

// ---------------------------------------------------------------------------------------------
// Cities

/** Former names and common spellings that the catalogues do not carry. */
export const CITY_ALIASES: Partial<Record<City, readonly string[]>> = {
  astana: ["Нур-Султан", "Нұр-Сұлтан", "Nur-Sultan", "Акмола", "Ақмола", "Целиноград"],
  almaty: ["Алма-Ата", "Alma-Ata"],
  shymkent: ["Чимкент", "Chimkent"],
  aktau: ["Aqtau"],
  aktobe: ["Aqtobe", "Актюбинск"],
  karaganda: ["Karagandy", "Qaraghandy"],
  kokshetau: ["Кокчетав", "Kokchetav"],
  konaev: ["Qonaev", "Капшагай", "Қапшағай", "Kapshagay", "Kapchagay"],
  kostanay: ["Qostanay", "Кустанай"],
  kyzylorda: ["Qyzylorda"],
  oral: ["Uralsk"],
  oskemen: ["Ust-Kamenogorsk", "Öskemen"],
  petropavlovsk: ["Petropavl"],
  semey: ["Семипалатинск", "Semipalatinsk"],
  taldykorgan: ["Taldyqorgan"],
  taraz: ["Джамбул", "Жамбыл"],
  turkistan: ["Туркестан", "Turkestan"],
  zhezkazgan: ["Джезказган", "Jezkazgan"],
  tashkent: ["Тошкент", "Toshkent"],
};

/** 'г. Алматы', 'Алматы қаласы', 'city of Almaty' → 'алматы'. */
export function foldCityName(text: string): string {
  return foldText(text)
    .replace(/^(?:город|гор\.|г\.|г |қаласы|қ\.|city of )\s*/u, "")
    .replace(/\s*(?:қаласы|қ\.|city)$/u, "")
    .trim();
}

/** City names from the catalogues (e.g. `[en.city, ru.city, kk.city]`), the codes and `CITY_ALIASES` → lookup. */
export function buildCityLookup(nameLists: readonly Partial<Record<City, string>>[]): CityLookup {
  const lookup = new Map<string, City>();
  for (const code of CITIES) {
    lookup.set(foldCityName(code), code);
    for (const alias of CITY_ALIASES[code] ?? []) lookup.set(foldCityName(alias), code);
    for (const names of nameLists) {
      const name = names[code];
      if (name) lookup.set(foldCityName(name), code);
    }
  }
  return lookup;
}

function checkCity(
  raw: string,
  options: RosterValidationOptions,
  add: AddProblem,
): { city: City; cityText: string | null; town: string | null } {
  const cityText = normaliseName(raw) || null;
  if (!cityText) {
    if (options.defaultCity) return { city: options.defaultCity, cityText: null, town: null };
    add("city", "required");
    return { city: "other", cityText: null, town: null };
  }
  const city = options.cities.get(foldCityName(cityText));
  if (city) return { city, cityText, town: null };
  add("city", "unknown_city", { value: cityText });
  return { city: "other", cityText, town: cityText };
}

// ---------------------------------------------------------------------------------------------
// Regions

const REGION_WORDS = /(?:^|\s)(?:облысы|обл\.?|область|region|oblast|oblysy)(?=\s|$)/gu;

/** 'Павлодарская обл.', 'Павлодар облысы', 'Pavlodar Region' → 'павлодарская', 'павлодар', 'pavlodar'. */
export function foldRegionName(text: string): string {
  return foldText(text).replace(REGION_WORDS, " ").replace(/\s+/gu, " ").trim();
}

/**
 * Region names from the catalogues (e.g. `[en.region, ru.region, kk.region]`) and the codes → lookup.
 * A name without its "region" word ("Алматы" of "Алматы облысы") names the city where both exist.
 */
export function buildRegionLookup(nameLists: readonly Partial<Record<Region, string>>[]): RegionLookup {
  const lookup = new Map<string, Region>();
  const cityFirst = [...REGIONS].sort((a, b) => Number(isCityRegion(a)) - Number(isCityRegion(b)));
  for (const code of cityFirst) {
    lookup.set(foldRegionName(code.replace(/_/gu, " ")), code);
    for (const names of nameLists) {
      const name = names[code];
      if (name) lookup.set(foldRegionName(name), code);
    }
  }
  for (const code of REGIONS)
    for (const names of nameLists) {
      const name = names[code];
      if (name) lookup.set(foldText(name), code);
    }
  return lookup;
}

const isCityRegion = (code: Region) => code === "astana" || code === "almaty" || code === "shymkent";

/**
 * A town in Toi's list gives its region, whatever the column says; another town takes the column's
 * region, or the club's. For a town outside the list, a region Toi does not know is an error, as is
 * no region at all: the child could not be routed to a regional heat.
 */
function checkRegion(
  raw: string | undefined,
  city: City,
  options: RosterValidationOptions,
  add: AddProblem,
): Region | null {
  const known = regionOfCity(city);
  if (known) return known;
  const text = normaliseName(raw ?? "");
  if (!text) {
    if (!options.defaultRegion) add("region", "region_required");
    return options.defaultRegion ?? null;
  }
  const named = options.regions.get(foldText(text)) ?? options.regions.get(foldRegionName(text));
  if (!named) add("region", "unknown_region", { value: text });
  return named ?? null;
}
