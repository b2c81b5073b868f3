import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

import type { Locale } from "~/domain/locale";
import { formatDateTime } from "~/i18n/format";

export interface SessionTimes {
  startsAt: string | Date;
  endsAt: string | Date;
}

/** "10 December 2026, 10:00–11:30" in the event's timezone. */
export function formatSession(s: SessionTimes, locale: Locale, timeZone: string): string {
  return `${formatDateTime(s.startsAt, locale, timeZone)}–${format(new TZDate(new Date(s.endsAt).getTime(), timeZone), "HH:mm")}`;
}

/** A class's sessions, one per line. */
export function AcademySessions({
  sessions,
  locale,
  timeZone,
}: {
  sessions: readonly SessionTimes[];
  locale: Locale;
  timeZone: string;
}) {
  return (
    <ul className="academy-sessions small">
      {sessions.map((s, i) => (
        <li key={i}>
          <time dateTime={new Date(s.startsAt).toISOString()}>{formatSession(s, locale, timeZone)}</time>
        </li>
      ))}
    </ul>
  );
}

/** The class's age limits as a label key and parameters, or null when any age may come. */
export function ageLimits(
  minAge: number | null,
  maxAge: number | null,
): { key: "academy.ages" | "academy.agesFrom" | "academy.agesUpTo"; params: { min?: number; max?: number } } | null {
  if (minAge !== null && maxAge !== null) return { key: "academy.ages", params: { min: minAge, max: maxAge } };
  if (minAge !== null) return { key: "academy.agesFrom", params: { min: minAge } };
  if (maxAge !== null) return { key: "academy.agesUpTo", params: { max: maxAge } };
  return null;
}
