import { type Locale, localized } from "~/domain/locale";

import type { DB } from "../platform/db.server";

/** The event as the jury pages' heading names it. */
export interface JuryEvent {
  id: number;
  slug: string;
  title: string;
}

/** The event's title for the jury pages' heading. */
export async function juryEvent(db: DB, eventId: number, locale: Locale): Promise<JuryEvent> {
  const event = await db
    .selectFrom("events")
    .select(["id", "slug", "title_kk", "title_ru", "title_en"])
    .where("id", "=", eventId)
    .executeTakeFirstOrThrow();
  return { id: event.id, slug: event.slug, title: localized(event, "title", locale) };
}

/**
 * The event's rounds, nominations and age groups in the order the jury pages show them: rounds and
 * nominations by position, age groups youngest first.
 */
export async function eventOutline(db: DB, eventId: number) {
  const [rounds, nominations, ageGroups] = await Promise.all([
    db
      .selectFrom("rounds")
      .select(["id", "position", "kind", "city", "starts_on", "ends_on", "blind"])
      .where("event_id", "=", eventId)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("nominations")
      .select(["id", "name_kk", "name_ru", "name_en"])
      .where("event_id", "=", eventId)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("age_groups")
      .select(["id", "min_age", "max_age"])
      .where("event_id", "=", eventId)
      .orderBy("min_age")
      .orderBy("id")
      .execute(),
  ]);
  return { rounds, nominations, ageGroups };
}
