import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

export const FEDERATION_TIMEZONE = "Asia/Almaty";

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Is 'YYYY-MM-DD' a real calendar date? */
export function isIsoDate(value: string): boolean {
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A wall-clock 'YYYY-MM-DDTHH:mm' in `timeZone` (as a datetime-local input gives it) → the instant. */
export function zonedLocalToInstant(value: string, timeZone: string = FEDERATION_TIMEZONE): Date | null {
  const m = LOCAL_DATE_TIME.exec(value);
  if (!m || !isIsoDate(value.slice(0, 10))) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (h > 23 || mi > 59) return null;
  return new Date(new TZDate(y, mo - 1, d, h, mi, timeZone).getTime());
}

/** The instant → wall-clock 'YYYY-MM-DDTHH:mm' in `timeZone`, for a datetime-local input. */
export function instantToZonedLocal(instant: Date, timeZone: string = FEDERATION_TIMEZONE): string {
  return format(new TZDate(instant.getTime(), timeZone), "yyyy-MM-dd'T'HH:mm");
}

/** Today's date 'YYYY-MM-DD' in `timeZone`. */
export function todayIn(timeZone: string = FEDERATION_TIMEZONE, now: Date = new Date()): string {
  return format(new TZDate(now.getTime(), timeZone), "yyyy-MM-dd");
}
