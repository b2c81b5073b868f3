import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

import type { Locale } from "~/domain/locale";
import { FEDERATION_TIMEZONE } from "~/domain/time";

import type { DB } from "../platform/db.server";

/*
 * A round's clock. The scheduling domain works in minutes since 00:00 (event time zone) of the
 * round's first day; the running-order modules convert to and from instants at the edge with these.
 */

const MINUTE = 60_000;

export interface RoundClock {
  timeZone: string;
  /** 00:00 of the round's first day in the event's time zone. */
  epoch: Date;
  firstDay: string;
}

export function toMinutes(clock: RoundClock, instant: Date | string): number {
  return Math.round((new Date(instant).getTime() - clock.epoch.getTime()) / MINUTE);
}

export function toInstant(clock: RoundClock, minutes: number): Date {
  return new Date(clock.epoch.getTime() + minutes * MINUTE);
}

/** A wall-clock date and time ('YYYY-MM-DD', 'HH:mm') in the round's zone → minutes, or null. */
export function localToMinutes(clock: RoundClock, date: string, time: string): number | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const instant = new TZDate(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), clock.timeZone);
  return Number.isNaN(instant.getTime()) ? null : toMinutes(clock, new Date(instant.getTime()));
}

export function minutesToLocal(clock: RoundClock, minutes: number): { date: string; time: string } {
  const local = new TZDate(toInstant(clock, minutes).getTime(), clock.timeZone);
  return { date: format(local, "yyyy-MM-dd"), time: format(local, "HH:mm") };
}

/**
 * minutesToLocal for many slots: time-zone arithmetic once per hour of the clock, the minutes within
 * the hour added on (a zone whose offset changes by part of an hour falls back to the exact call).
 */
export function localTimes(clock: RoundClock): (minutes: number) => { date: string; time: string } {
  const hours = new Map<number, { date: string; hh: string; mm: number }>();
  return (minutes) => {
    const hour = Math.floor(minutes / 60);
    let at = hours.get(hour);
    if (!at) {
      const local = minutesToLocal(clock, hour * 60);
      at = { date: local.date, hh: local.time.slice(0, 2), mm: Number(local.time.slice(3)) };
      hours.set(hour, at);
    }
    const mm = at.mm + (minutes - hour * 60);
    return mm < 60
      ? { date: at.date, time: `${at.hh}:${String(mm).padStart(2, "0")}` }
      : minutesToLocal(clock, minutes);
  };
}

/** Minutes as 'DD.MM.YYYY HH:mm' in the round's zone. */
export function clockText(clock: RoundClock, minutes: number): string {
  const { date, time } = minutesToLocal(clock, minutes);
  return `${date.split("-").reverse().join(".")} ${time}`;
}

export interface ScheduleRound {
  id: number;
  eventId: number;
  position: number;
  kind: string;
}

/** The round, if it belongs to the event; its clock starts on the round's first day (or the event's). */
export async function getScheduleRound(db: DB, { eventId, roundId }: { eventId: number; roundId: number }) {
  const row = await db
    .selectFrom("rounds")
    .innerJoin("events", "events.id", "rounds.event_id")
    .select([
      "rounds.id",
      "rounds.event_id",
      "rounds.position",
      "rounds.kind",
      "rounds.starts_on",
      "events.starts_on as event_starts_on",
      "events.timezone",
    ])
    .where("rounds.id", "=", roundId)
    .where("rounds.event_id", "=", eventId)
    .executeTakeFirst();
  if (!row) return null;
  const timeZone = row.timezone || FEDERATION_TIMEZONE;
  const firstDay = row.starts_on ?? row.event_starts_on;
  const [y, m, d] = firstDay.split("-").map(Number) as [number, number, number];
  const clock: RoundClock = { timeZone, firstDay, epoch: new Date(new TZDate(y, m - 1, d, 0, 0, timeZone).getTime()) };
  return {
    round: { id: row.id, eventId: row.event_id, position: row.position, kind: row.kind } as ScheduleRound,
    clock,
  };
}

/** A round of an event, its clock, and the locale names are shown in: what every editor call works on. */
export interface RoundScope {
  eventId: number;
  roundId: number;
  clock: RoundClock;
  locale: Locale;
}

/** The scope of a round of this event, or null when the round is not the event's. */
export async function roundScopeOf(
  db: DB,
  { eventId, roundId, locale }: { eventId: number; roundId: number | undefined; locale: Locale },
): Promise<RoundScope | null> {
  const found = roundId ? await getScheduleRound(db, { eventId, roundId }) : null;
  return found ? { eventId, roundId: found.round.id, clock: found.clock, locale } : null;
}
