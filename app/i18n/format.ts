import { TZDate } from "@date-fns/tz";
import { format, parseISO } from "date-fns";
import { enGB, kk, ru } from "date-fns/locale";

import type { Locale } from "~/domain/locale";

const dateFnsLocales = { kk, ru, en: enGB } as const;

// Day-month and year patterns in each language's usual order ("2017 ж. 10 қазан", "10 октября 2017 г.").
const patterns: Record<Locale, { dayMonth: string; withYear: (dayMonth: string, year: string) => string }> = {
  kk: { dayMonth: "d MMMM", withYear: (dm, y) => `${y} ж. ${dm}` },
  ru: { dayMonth: "d MMMM", withYear: (dm, y) => `${dm} ${y} г.` },
  en: { dayMonth: "d MMMM", withYear: (dm, y) => `${dm} ${y}` },
};

/** 'YYYY-MM-DD' → "10 October 2017" in the reader's language. */
export function formatDate(isoDate: string, locale: Locale): string {
  const date = parseISO(isoDate);
  const p = patterns[locale];
  return p.withYear(format(date, p.dayMonth, { locale: dateFnsLocales[locale] }), format(date, "yyyy"));
}

/** A range of calendar dates, shortened where day, month or year repeat. */
export function formatDateRange(startIso: string, endIso: string, locale: Locale): string {
  if (startIso === endIso) return formatDate(startIso, locale);
  const start = parseISO(startIso);
  const end = parseISO(endIso);
  const p = patterns[locale];
  const loc = { locale: dateFnsLocales[locale] };
  if (start.getFullYear() !== end.getFullYear())
    return `${formatDate(startIso, locale)} – ${formatDate(endIso, locale)}`;
  const year = format(end, "yyyy");
  if (start.getMonth() === end.getMonth())
    return p.withYear(`${format(start, "d")}–${format(end, p.dayMonth, loc)}`, year);
  return p.withYear(`${format(start, p.dayMonth, loc)} – ${format(end, p.dayMonth, loc)}`, year);
}

/** An instant shown as date and time in the event's timezone: "10 October 2017, 16:00". */
export function formatDateTime(instant: Date | string, locale: Locale, timeZone: string): string {
  const zoned = new TZDate(new Date(instant).getTime(), timeZone);
  const isoDate = format(zoned, "yyyy-MM-dd");
  return `${formatDate(isoDate, locale)}, ${format(zoned, "HH:mm")}`;
}

/** An instant as a short numeric date and time in the event's timezone, for dense tables: "01.11.2026 09:07". */
export function formatShortDateTime(instant: Date | string, locale: Locale, timeZone: string): string {
  return format(new TZDate(new Date(instant).getTime(), timeZone), "P HH:mm", { locale: dateFnsLocales[locale] });
}

/**
 * Numbers with the reader's separators, written out by hand: Node's ICU and the browser's disagree
 * on Kazakh ("2 000" vs "2,000"), and a difference between server and client breaks hydration.
 */
export function formatNumber(value: number, locale: Locale): string {
  const [group, decimal] = locale === "en" ? [",", "."] : ["\u00a0", ","];
  const negative = value < 0;
  const [whole = "0", fraction] = Math.abs(value).toString().split(".");
  const grouped = whole.length > 4 || locale === "en" ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, group) : whole;
  return `${negative ? "-" : ""}${grouped}${fraction ? decimal + fraction : ""}`;
}

const AND: Record<Locale, string> = { kk: "және", ru: "и", en: "and" };

/** "a, b and c" in the reader's language (by hand, as numbers are, so server and browser agree). */
export function formatList(items: readonly string[], locale: Locale): string {
  if (items.length < 2) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${AND[locale]} ${items.at(-1)}`;
}
