import { createEvents, type DateTime, type EventAttributes } from "ics";

import { type Locale, localized } from "~/domain/locale";
import { createI18n } from "~/i18n";

import { type CanPreview, type VisibleEvent, visibleEvent } from "../events/event-preview.server";
import type { DB } from "../platform/db.server";
import {
  type ClassRow,
  classSessionOf,
  classSessionRows,
  eventTitleOf,
  familyClassRows,
} from "./class-sessions.server";
import { foldCalendar } from "./ical-lines.server";
import { fullName, publicName } from "./public-names.server";
import {
  entryIdsOf,
  type MemberRow,
  membersOf,
  publishedSlotRows,
  slotOf,
  type SlotRow,
  stageOf,
} from "./published-slots.server";

/* The programme as iCalendar: a whole event's, or one family's own performances and master classes. */

interface CalendarItem {
  uid: string;
  sequence: number;
  /** An instant in UTC, or whole days ("YYYY-MM-DD") as the event's own calendar names them. */
  when: { startsAt: Date; endsAt: Date } | { firstDay: string; lastDay: string };
  summary: string;
  location: string;
  description: string;
  publishedAt: Date | null;
}

/** `[year, month, day]` of a "YYYY-MM-DD" date, `days` later: ics writes a three-part date as VALUE=DATE. */
function dateParts(isoDate: string, days = 0): [number, number, number] {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

function timesOf(when: CalendarItem["when"]): Pick<
  EventAttributes,
  "start" | "startInputType" | "startOutputType" | "endInputType" | "endOutputType"
> & {
  end: DateTime;
} {
  if ("firstDay" in when) return { start: dateParts(when.firstDay), end: dateParts(when.lastDay, 1) };
  return {
    start: when.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: when.endsAt.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
  };
}

/**
 * An iCalendar file, every time in UTC (ics@3 has no TZID support and would read date arrays in
 * the server's own timezone). A performance's UID names the entry in one round (an entry can
 * perform in a heat and again in the final), so a republished time updates the same calendar
 * event; the schedule version, whose id only grows, is its SEQUENCE. A master class session's UID
 * is the class and the session's number in it; saving a class writes its sessions anew, so the
 * session id, which only grows, is its SEQUENCE. UIDs end in the site's public host, so two
 * deployments never share one. Lines are refolded by octets (see ical-lines.server.ts).
 */
export function calendarText(items: CalendarItem[], calendarName: string): string {
  const events: EventAttributes[] = items.map((item) => ({
    uid: item.uid,
    sequence: item.sequence,
    ...timesOf(item.when),
    title: item.summary,
    location: item.location,
    description: item.description,
    ...(item.publishedAt ? { lastModified: item.publishedAt.getTime() } : {}),
  }));
  const { error, value } = createEvents(events, { productId: "-//Toi//Programme//EN", calName: calendarName });
  if (error || value === null) throw error ?? new Error("The calendar could not be written.");
  return foldCalendar(events.length ? value : value.replace("END:VCALENDAR", `${ALMATY_TIMEZONE}END:VCALENDAR`));
}

/**
 * RFC 5545 wants at least one component in a calendar. A feed with nothing in it yet (a family
 * whose children have no published time) carries the federation's time zone, Asia/Almaty (UTC+5
 * since 1 March 2024), so calendar apps keep the subscription instead of refusing an invalid file.
 */
const ALMATY_TIMEZONE = [
  "BEGIN:VTIMEZONE",
  "TZID:Asia/Almaty",
  "BEGIN:STANDARD",
  "DTSTART:20240301T000000",
  "TZOFFSETFROM:+0600",
  "TZOFFSETTO:+0500",
  "TZNAME:+05",
  "END:STANDARD",
  "END:VTIMEZONE",
  "",
].join("\r\n");

function calendarItems(
  rows: SlotRow[],
  host: string,
  members: Map<number, MemberRow[]>,
  locale: Locale,
  nameOf: (m: MemberRow) => string | null,
): CalendarItem[] {
  const t = createI18n(locale).t;
  return rows.flatMap((r) => {
    const slot = slotOf(r, members.get(r.entry_id ?? -1) ?? [], locale, nameOf);
    if (slot.kind !== "performance") return [];
    const stage = stageOf(r, locale);
    const names = slot.performers.map((n) => n ?? t("programme.participant")).join(", ");
    const age = slot.ageGroup
      ? slot.ageGroup.max >= 99
        ? t("event.ageFrom", { min: slot.ageGroup.min })
        : t("event.ageRange", { min: slot.ageGroup.min, max: slot.ageGroup.max })
      : null;
    const cities = slot.cities.map((c) => t(`city.${c}`, { defaultValue: c }));
    return [
      {
        uid: `slot-${slot.entryId}-${r.round_id}@${host}`,
        sequence: r.version_id,
        when: { startsAt: r.starts_at, endsAt: r.ends_at },
        summary: `${slot.nomination} · ${names}`,
        location: [stage.name, stage.venue].filter(Boolean).join(", "),
        description: [
          localized(r, "title", locale),
          age,
          slot.title ? `«${slot.title}»` : null,
          [...slot.clubs, ...cities].join(", ") || null,
        ]
          .filter(Boolean)
          .join("\n"),
        publishedAt: r.published_at,
      },
    ];
  });
}

/** A master class session as a calendar event; `children` (the family's own) when it is for one family. */
function classCalendarItem(row: ClassRow, host: string, locale: Locale, children: string[] = []): CalendarItem {
  const t = createI18n(locale).t;
  const session = classSessionOf(row, locale);
  const ages = session.ages
    ? session.ages.min !== null && session.ages.max !== null
      ? t("academy.ages", { min: session.ages.min, max: session.ages.max })
      : session.ages.min !== null
        ? t("academy.agesFrom", { min: session.ages.min })
        : t("academy.agesUpTo", { max: session.ages.max })
    : null;
  return {
    uid: `class-${row.class_id}-${row.number}@${host}`,
    sequence: row.session_id,
    when: { startsAt: row.starts_at, endsAt: row.ends_at },
    summary: [`${t("programme.masterClass")}: ${session.title}`, children.join(", ")].filter(Boolean).join(" · "),
    location: [row.room ? t("programme.room", { room: row.room }) : null, localized(row, "venue", locale)]
      .filter(Boolean)
      .join(", "),
    description: [
      localized(eventTitleOf(row), "title", locale),
      row.teacher ? t("programme.teacher", { name: row.teacher }) : null,
      ages,
    ]
      .filter(Boolean)
      .join("\n"),
    publishedAt: null,
  };
}

const startOf = ({ when }: CalendarItem) => ("startsAt" in when ? when.startsAt.getTime() : Date.parse(when.firstDay));
const byStart = (a: CalendarItem, b: CalendarItem) => startOf(a) - startOf(b);

/**
 * The event itself, over its whole days, for a programme with nothing published yet: RFC 5545
 * wants at least one component in a calendar, and a subscriber still sees when and where it is.
 */
function wholeEventItem(event: VisibleEvent, host: string, locale: Locale): CalendarItem {
  const t = createI18n(locale).t;
  return {
    uid: `event-${event.id}@${host}`,
    sequence: 0,
    when: { firstDay: event.starts_on, lastDay: event.ends_on },
    summary: localized(event, "title", locale),
    location: [localized(event, "venue", locale), t(`city.${event.city}`, { defaultValue: event.city })]
      .filter(Boolean)
      .join(", "),
    description: "",
    publishedAt: null,
  };
}

/**
 * The whole event's programme as iCalendar, or null when the event is not visible to this reader;
 * `host` (the site's public host) makes the UIDs unique.
 */
export async function eventCalendar(
  db: DB,
  { slug, locale, canPreview, host }: { slug: string; locale: Locale; canPreview: CanPreview; host: string },
): Promise<{ fileName: string; text: string } | null> {
  const event = await visibleEvent(db, slug, canPreview);
  if (!event) return null;
  const rows = await publishedSlotRows(db, { eventId: event.id });
  const members = await membersOf(db, entryIdsOf(rows));
  const t = createI18n(locale).t;
  const name = `${localized(event, "title", locale)} — ${t("programme.title")}`;
  const classes = (await classSessionRows(db, [event.id])).map((r) => classCalendarItem(r, host, locale));
  const items = [...calendarItems(rows, host, members, locale, publicName), ...classes].sort(byStart);
  return {
    fileName: `${event.slug}.ics`,
    text: calendarText(items.length ? items : [wholeEventItem(event, host, locale)], name),
  };
}

/** The family's own performances and master classes as iCalendar; `host` as for eventCalendar. */
export async function familyCalendar(
  db: DB,
  { guardianId, locale, host }: { guardianId: number; locale: Locale; host: string },
): Promise<string> {
  const rows = await publishedSlotRows(db, { guardianId });
  const members = await membersOf(db, entryIdsOf(rows));
  const t = createI18n(locale).t;
  const nameOf = (m: MemberRow) => (m.guardian_user_id === guardianId ? fullName(m) : publicName(m));
  const classes = (await familyClassRows(db, guardianId)).map((r) => classCalendarItem(r, host, locale, r.children));
  return calendarText(
    [...calendarItems(rows, host, members, locale, nameOf), ...classes].sort(byStart),
    `Toi — ${t("programme.mySchedule")}`,
  );
}
