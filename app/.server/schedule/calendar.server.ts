import { createEvents, type EventAttributes } from "ics";

import { type Locale, localized } from "~/domain/locale";
import { createI18n } from "~/i18n";

import { type CanPreview, visibleEvent } from "../events/event-preview.server";
import type { DB } from "../platform/db.server";
import {
  type ClassRow,
  classSessionOf,
  classSessionRows,
  eventTitleOf,
  familyClassRows,
} from "./class-sessions.server";
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
  startsAt: Date;
  endsAt: Date;
  summary: string;
  location: string;
  description: string;
  publishedAt: Date | null;
}

/**
 * An iCalendar file, every time in UTC (ics@3 has no TZID support and would read date arrays in
 * the server's own timezone). A performance's UID names the entry in one round (an entry can
 * perform in a heat and again in the final), so a republished time updates the same calendar
 * event; the schedule version, whose id only grows, is its SEQUENCE. A master class session's UID
 * is the class and the session's number in it; saving a class writes its sessions anew, so the
 * session id, which only grows, is its SEQUENCE.
 */
export function calendarText(items: CalendarItem[], calendarName: string): string {
  const events: EventAttributes[] = items.map((item) => ({
    uid: item.uid,
    sequence: item.sequence,
    start: item.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: item.endsAt.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    title: item.summary,
    location: item.location,
    description: item.description,
    ...(item.publishedAt ? { lastModified: item.publishedAt.getTime() } : {}),
  }));
  const { error, value } = createEvents(events, { productId: "-//Toi//Programme//EN", calName: calendarName });
  if (error || value === null) throw error ?? new Error("The calendar could not be written.");
  return value;
}

function calendarItems(
  rows: SlotRow[],
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
        uid: `slot-${slot.entryId}-${r.round_id}@toi`,
        sequence: r.version_id,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
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
function classCalendarItem(row: ClassRow, locale: Locale, children: string[] = []): CalendarItem {
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
    uid: `class-${row.class_id}-${row.number}@toi`,
    sequence: row.session_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
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

const byStart = (a: CalendarItem, b: CalendarItem) => a.startsAt.getTime() - b.startsAt.getTime();

/** The whole event's programme as iCalendar, or null when the event is not visible to this reader. */
export async function eventCalendar(
  db: DB,
  slug: string,
  locale: Locale,
  canPreview: CanPreview,
): Promise<{ fileName: string; text: string } | null> {
  const event = await visibleEvent(db, slug, canPreview);
  if (!event) return null;
  const rows = await publishedSlotRows(db, { eventId: event.id });
  const members = await membersOf(db, entryIdsOf(rows));
  const t = createI18n(locale).t;
  const name = `${localized(event, "title", locale)} — ${t("programme.title")}`;
  const classes = (await classSessionRows(db, [event.id])).map((r) => classCalendarItem(r, locale));
  return {
    fileName: `${event.slug}.ics`,
    text: calendarText([...calendarItems(rows, members, locale, publicName), ...classes].sort(byStart), name),
  };
}

/** The family's own performances and master classes as iCalendar. */
export async function familyCalendar(db: DB, guardianId: number, locale: Locale): Promise<string> {
  const rows = await publishedSlotRows(db, { guardianId });
  const members = await membersOf(db, entryIdsOf(rows));
  const t = createI18n(locale).t;
  const nameOf = (m: MemberRow) => (m.guardian_user_id === guardianId ? fullName(m) : publicName(m));
  const classes = (await familyClassRows(db, guardianId)).map((r) => classCalendarItem(r, locale, r.children));
  return calendarText(
    [...calendarItems(rows, members, locale, nameOf), ...classes].sort(byStart),
    `Toi — ${t("programme.mySchedule")}`,
  );
}
