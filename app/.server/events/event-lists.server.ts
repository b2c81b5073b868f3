import { sql } from "kysely";

import type { EventKind } from "~/domain/event-kinds";
import { FEDERATION_TIMEZONE, todayIn } from "~/domain/time";

import type { DB } from "../platform/db.server";

/* Lists of events as cards: the public home page's, and an organiser's own. */

export interface EventFilters {
  city?: string;
  kind?: EventKind;
}

const cardColumns = [
  "id",
  "slug",
  "kind",
  "status",
  "city",
  "title_kk",
  "title_ru",
  "title_en",
  "venue_kk",
  "venue_ru",
  "venue_en",
  "starts_on",
  "ends_on",
  "timezone",
  "registration_opens_at",
  "registration_closes_at",
  "is_demo",
] as const;

/** Published events for the home page: upcoming (soonest first) and past (latest first). */
export async function listPublicEvents(db: DB, filters: EventFilters, now = new Date()) {
  const today = todayIn(FEDERATION_TIMEZONE, now);
  let query = db.selectFrom("events").select(cardColumns).where("status", "=", "published");
  if (filters.city) query = query.where("city", "=", filters.city);
  if (filters.kind) query = query.where("kind", "=", filters.kind);
  const [upcoming, past] = await Promise.all([
    query.where("ends_on", ">=", today).orderBy("starts_on", "asc").orderBy("id").execute(),
    query.where("ends_on", "<", today).orderBy("starts_on", "desc").orderBy("id").limit(50).execute(),
  ]);
  return { upcoming, past };
}

/** Cities that have published events, for the filter. */
export async function listPublicEventCities(db: DB): Promise<string[]> {
  const rows = await db.selectFrom("events").select("city").distinct().where("status", "=", "published").execute();
  return rows.map((r) => r.city);
}

export async function listOrganiserEvents(db: DB, user: { id: number; admin: boolean }) {
  let query = db.selectFrom("events").select(cardColumns);
  if (!user.admin) {
    query = query.where("id", "in", (eb) =>
      eb
        .selectFrom("memberships")
        .select("event_id")
        .where("user_id", "=", user.id)
        .where("role", "=", "organiser")
        .where("event_id", "is not", null),
    ) as typeof query;
  }
  return query
    .orderBy(sql`status = 'archived'`)
    .orderBy("starts_on", "desc")
    .orderBy("id", "desc")
    .execute();
}
