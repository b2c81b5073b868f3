import { sql } from "kysely";

import type { EntryStatus } from "#db/types";
import { isCity } from "~/domain/cities";
import { ENTRY_STATUSES } from "~/domain/entry-statuses";
import { type Locale, localized } from "~/domain/locale";
import { parseId } from "~/forms/ids";

import { eventHeading, loadEventDetails } from "../events/events.server";
import type { DB } from "../platform/db.server";
import { listClubChoices } from "./clubs.server";

export interface EntryFilters {
  nominationId?: number;
  ageGroupId?: number;
  clubId?: number;
  city?: string;
  status?: EntryStatus;
  q?: string;
}

/** Filters from the entries page's query string; unknown values are ignored. */
export function filtersFrom(url: URL): EntryFilters {
  const p = url.searchParams;
  const city = p.get("city");
  return {
    nominationId: parseId(p.get("nomination")),
    ageGroupId: parseId(p.get("ageGroup")),
    clubId: parseId(p.get("club")),
    city: isCity(city) ? city : undefined,
    status: ENTRY_STATUSES.find((s) => s === p.get("status")),
    q: p.get("q")?.slice(0, 100) || undefined,
  };
}

/** Organisers' view of one event's entries, filtered; members listed per entry. */
export async function listEventEntries(db: DB, eventId: number, filters: EntryFilters, locale: Locale, limit = 500) {
  let q = db
    .selectFrom("entries")
    .innerJoin("nominations", "nominations.id", "entries.nomination_id")
    .leftJoin("age_groups", "age_groups.id", "entries.age_group_id")
    .leftJoin("clubs", "clubs.id", "entries.club_id")
    .select([
      "entries.id",
      "entries.reference",
      "entries.status",
      "entries.status_reason",
      "entries.format",
      "entries.title",
      "entries.duration_seconds",
      "entries.video_url",
      "entries.artwork_file",
      "entries.created_at",
      "entries.queued_at",
      "nominations.id as nomination_id",
      "nominations.name_kk",
      "nominations.name_ru",
      "nominations.name_en",
      "age_groups.min_age",
      "age_groups.max_age",
      "clubs.name as club_name",
    ])
    .where("entries.event_id", "=", eventId);
  if (filters.nominationId) q = q.where("entries.nomination_id", "=", filters.nominationId);
  if (filters.ageGroupId) q = q.where("entries.age_group_id", "=", filters.ageGroupId);
  if (filters.status) q = q.where("entries.status", "=", filters.status);
  if (filters.clubId || filters.city) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("entry_members")
          .innerJoin("participants", "participants.id", "entry_members.participant_id")
          .select("entry_members.entry_id")
          .whereRef("entry_members.entry_id", "=", "entries.id")
          .$if(Boolean(filters.clubId), (s) => s.where("participants.club_id", "=", filters.clubId!))
          .$if(Boolean(filters.city), (s) => s.where("participants.city", "=", filters.city!)),
      ),
    );
  }
  const term = filters.q?.trim();
  if (term) {
    const like = `%${term.replace(/[%_\\]/g, "\\$&")}%`;
    // A child's name, or a reference code typed in full.
    q = q.where((eb) =>
      eb.or([
        eb("entries.reference", "=", term.toUpperCase()),
        eb.exists(
          eb
            .selectFrom("entry_members")
            .innerJoin("participants", "participants.id", "entry_members.participant_id")
            .select("entry_members.entry_id")
            .whereRef("entry_members.entry_id", "=", "entries.id")
            .where(sql<string>`participants.last_name || ' ' || participants.first_name`, "ilike", like),
        ),
      ]),
    );
  }
  const rows = await q
    .orderBy("nominations.position")
    .orderBy("age_groups.min_age")
    .orderBy("entries.queued_at")
    .orderBy("entries.id")
    .limit(limit)
    .execute();
  const members = rows.length
    ? await db
        .selectFrom("entry_members")
        .innerJoin("participants", "participants.id", "entry_members.participant_id")
        .leftJoin("clubs", "clubs.id", "participants.club_id")
        .select([
          "entry_members.entry_id",
          "participants.id",
          "participants.last_name",
          "participants.first_name",
          "participants.birth_date",
          "participants.city",
          "participants.anonymised_at",
          "clubs.name as club",
        ])
        .where(
          "entry_members.entry_id",
          "in",
          rows.map((r) => r.id),
        )
        .orderBy("participants.last_name")
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    status: r.status,
    statusReason: r.status_reason,
    format: r.format,
    title: r.title,
    durationSeconds: r.duration_seconds,
    videoUrl: r.video_url,
    hasArtwork: Boolean(r.artwork_file),
    createdAt: r.created_at.toISOString(),
    nominationId: r.nomination_id,
    nomination: localized({ name_kk: r.name_kk, name_ru: r.name_ru, name_en: r.name_en }, "name", locale),
    ageGroup: r.min_age === null ? null : { min: r.min_age, max: r.max_age! },
    club: r.club_name,
    members: members
      .filter((m) => m.entry_id === r.id)
      .map((m) => ({
        id: m.id,
        name: m.anonymised_at ? null : `${m.last_name} ${m.first_name}`,
        birthDate: m.birth_date,
        city: m.city,
        club: m.club,
      })),
  }));
}

/** Entries per nomination × age group × status, for the organisers' summary. */
export async function countEventEntries(db: DB, eventId: number) {
  const rows = await db
    .selectFrom("entries")
    .select(["nomination_id", "age_group_id", "status", sql<number>`count(*)`.as("n")])
    .where("event_id", "=", eventId)
    .groupBy(["nomination_id", "age_group_id", "status"])
    .execute();
  return rows;
}

/**
 * The organisers' entries page: the event's nominations (with capacity) and age groups, its entries
 * as the query string filters them, the summary counts, and the clubs to filter by.
 */
export async function organiserEntriesPage(db: DB, eventId: number, url: URL, locale: Locale) {
  const [event, details, entries, counts, clubs] = await Promise.all([
    eventHeading(db, eventId).then((e) => e!),
    loadEventDetails(db, eventId),
    listEventEntries(db, eventId, filtersFrom(url), locale),
    countEventEntries(db, eventId),
    listClubChoices(db),
  ]);
  return {
    event: { id: event.id, title: localized(event, "title", locale) },
    nominations: details.nominations.map((n) => ({
      id: n.id,
      name: localized(n, "name", locale),
      capacity: n.capacity,
    })),
    ageGroups: details.ageGroups.map((g) => ({ id: g.id, min: g.min_age, max: g.max_age })),
    clubs,
    entries,
    counts,
  };
}
