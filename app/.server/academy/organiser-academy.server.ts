import {
  CLASS_SHOWS,
  CLASS_SORTS,
  classCounts,
  classPage,
  parseListQuery,
  SEAT_SHOWS,
  SEAT_SORTS,
  seatCounts,
  seatPage,
} from "~/domain/academy/lists";
import { type Locale, localized } from "~/domain/locale";
import { numberedPage } from "~/domain/paging";

import type { DB } from "../platform/db.server";
import { academySettingsForm } from "./academy-settings.server";
import { academyOverview } from "./allocation.server";

/* The organiser's academy pages: the class list (paged) and one class's participants (paged). */

/** Unmet wishes shown per page of the report. */
const UNMET_PAGE = 25;

const collatorFor = (locale: Locale) => new Intl.Collator(locale);

/**
 * The organiser's academy page: settings, the allocation's state and report (unmet wishes paged by
 * `?unmet=`), and the classes as the query filters, sorts and pages them, titles in the reader's
 * language. Undefined for an unknown event.
 */
export async function organiserAcademyPage(db: DB, eventId: number, locale: Locale, params: URLSearchParams) {
  const overview = await academyOverview(db, eventId);
  if (!overview) return undefined;
  const titleOf = new Map(overview.classes.map((c) => [c.id, localized(c, "title", locale)]));
  const rows = overview.classes.map((c) => ({
    id: c.id,
    title: titleOf.get(c.id)!,
    teacher: c.teacher,
    room: c.room,
    capacity: c.capacity,
    taken: c.enrolled.length,
    minAge: c.min_age,
    maxAge: c.max_age,
    firstStart: c.sessions[0]?.startsAt.getTime() ?? null,
    sessions: c.sessions,
  }));
  const query = parseListQuery(params, CLASS_SORTS, CLASS_SHOWS);
  const unmet = overview.report?.unmet ?? [];
  const unmetPage = numberedPage(unmet.length, Number(params.get("unmet")) || 1, UNMET_PAGE);
  return {
    locale,
    event: { id: eventId, title: localized(overview.event, "title", locale), timezone: overview.event.timezone },
    settings: await academySettingsForm(db, eventId, locale),
    query,
    classes: classPage(rows, query, collatorFor(locale)),
    counts: classCounts(rows),
    seats: rows.reduce((sum, r) => sum + r.capacity, 0),
    taken: rows.reduce((sum, r) => sum + r.taken, 0),
    participantCount: overview.participantCount,
    rankedCount: overview.rankedCount,
    allocated: overview.allocated,
    current: overview.current,
    report: overview.report && {
      stats: overview.report.stats,
      unmetTotal: unmet.length,
      unmetPage: { page: unmetPage.page, pages: unmetPage.pages, first: unmetPage.offset + 1 },
      unmet: unmet
        .slice(unmetPage.offset, unmetPage.offset + UNMET_PAGE)
        .map((u) => ({ ...u, title: titleOf.get(u.classId) ?? "" })),
    },
  };
}

/** One class and its participants as the query filters, sorts and pages them; undefined when not this event's. */
export async function organiserClassPage(
  db: DB,
  eventId: number,
  classId: number,
  locale: Locale,
  params: URLSearchParams,
) {
  const overview = await academyOverview(db, eventId);
  const found = overview?.classes.find((c) => c.id === classId);
  if (!overview || !found) return undefined;
  const held = new Map<number, number>();
  for (const c of overview.classes)
    for (const e of c.enrolled) held.set(e.participantId, (held.get(e.participantId) ?? 0) + 1);
  const rows = found.enrolled.map((e) => ({ ...e, classes: held.get(e.participantId)! }));
  const query = parseListQuery(params, SEAT_SORTS, SEAT_SHOWS);
  return {
    locale,
    event: { id: eventId, title: localized(overview.event, "title", locale), timezone: overview.event.timezone },
    masterClass: {
      id: found.id,
      title: localized(found, "title", locale),
      teacher: found.teacher,
      room: found.room,
      capacity: found.capacity,
      taken: found.enrolled.length,
      minAge: found.min_age,
      maxAge: found.max_age,
      sessions: found.sessions,
    },
    current: overview.current,
    query,
    seats: seatPage(rows, query, collatorFor(locale)),
    counts: seatCounts(rows),
  };
}
