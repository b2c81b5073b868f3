import { CITIES } from "~/domain/cities";
import { eventPhase, registrationState } from "~/domain/event-state";
import { type Locale, localized, localizedLang } from "~/domain/locale";

import type { DB } from "../platform/db.server";
import { hasPublishedResults } from "../results/public-results.server";
import { hasPublishedProgramme } from "../schedule/public-programme.server";
import { type EventFilters, listPublicEventCities, listPublicEvents } from "./event-lists.server";
import { type CanPreview, visibleEvent } from "./event-preview.server";
import { loadEventDetails } from "./events.server";
import { publicSeason, type SeasonShape, seasonShapes } from "./public-season.server";

type EventRow = Awaited<ReturnType<typeof listPublicEvents>>["upcoming"][number];

/** What a public card shows, already in the reader's language. */
function card(e: EventRow, locale: Locale, now: Date, season: SeasonShape = []) {
  return {
    slug: e.slug,
    kind: e.kind,
    city: e.city,
    title: localized(e, "title", locale),
    titleLang: localizedLang(e, "title", locale),
    venue: localized(e, "venue", locale),
    startsOn: e.starts_on,
    endsOn: e.ends_on,
    phase: eventPhase({ startsOn: e.starts_on, endsOn: e.ends_on, timezone: e.timezone }, now),
    registration: registrationState(
      {
        status: e.status,
        registrationOpensAt: e.registration_opens_at,
        registrationClosesAt: e.registration_closes_at,
      },
      now,
    ),
    isDemo: e.is_demo,
    /** A season's steps (a selection, 17 heats, 2 galas), when it has rounds in parallel. */
    season,
  };
}
export type EventCardView = ReturnType<typeof card>;

export async function homePage(db: DB, filters: EventFilters, locale: Locale, now = new Date()) {
  const { upcoming, past } = await listPublicEvents(db, filters, now);
  const shapes = await seasonShapes(
    db,
    [...upcoming, ...past].map((e) => e.id),
  );
  const cardOf = (e: EventRow) => card(e, locale, now, shapes.get(e.id));
  return { upcoming: upcoming.map(cardOf), past: past.map(cardOf) };
}

/**
 * The public event page's data. Drafts and archived events are shown only to those who may manage
 * them (as a preview); to everyone else they do not exist.
 */
export async function eventPage(db: DB, slug: string, locale: Locale, canPreview: CanPreview, now = new Date()) {
  const event = await visibleEvent(db, slug, canPreview);
  if (!event) return null;
  const details = await loadEventDetails(db, event.id);
  return {
    ...card(event, locale, now),
    id: event.id,
    status: event.status,
    description: localized(event, "description", locale),
    descriptionLang: localizedLang(event, "description", locale),
    timezone: event.timezone,
    registrationOpensAt: event.registration_opens_at?.toISOString() ?? null,
    registrationClosesAt: event.registration_closes_at?.toISOString() ?? null,
    ageReferenceDate: event.age_reference_date ?? event.starts_on,
    capacity: event.capacity,
    nominations: details.nominations.map((n) => ({
      id: n.id,
      name: localized(n, "name", locale),
      nameLang: localizedLang(n, "name", locale),
      discipline: n.discipline,
      entryKind: n.entry_kind,
      maxDurationMinutes: n.max_duration_seconds ? n.max_duration_seconds / 60 : null,
      capacity: n.capacity,
      formats: n.formats.map((f) => ({ format: f.format, min: f.min_members, max: f.max_members })),
    })),
    ageGroups: details.ageGroups.map((g) => ({ id: g.id, min: g.min_age, max: g.max_age })),
    rounds: details.rounds.map((r) => ({
      id: r.id,
      kind: r.kind,
      city: r.city,
      venue: localized(r, "venue", locale),
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      advanceRule: r.advance_rule,
      advanceValue: r.advance_value === null ? null : Number(r.advance_value),
    })),
  };
}
export type EventPageView = NonNullable<Awaited<ReturnType<typeof eventPage>>>;

/**
 * The event page with what it links to: the programme, results once published (for a published
 * event only), and the season's steps, each round with a page of its own.
 */
export async function eventPageWithLinks(db: DB, slug: string, locale: Locale, canPreview: CanPreview) {
  const event = await eventPage(db, slug, locale, canPreview);
  if (!event) return null;
  const [hasProgramme, hasResults, season] = await Promise.all([
    hasPublishedProgramme(db, event.id),
    hasPublishedResults(db, event.id),
    publicSeason(db, event, locale),
  ]);
  // The results page shows published events only, so a draft's preview does not link to it.
  return { ...event, hasProgramme, hasResults: hasResults && event.status === "published", season };
}

/** The home page: published events as cards, by the filters, and the cities that have any. */
export async function homePageWithCities(db: DB, filters: EventFilters, locale: Locale) {
  const [events, cities] = await Promise.all([homePage(db, filters, locale), listPublicEventCities(db)]);
  return { ...events, cities: CITIES.filter((c) => cities.includes(c)) };
}
