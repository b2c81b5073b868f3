import { type Expression, type ExpressionBuilder, sql, type SqlBool } from "kysely";

import type { Database, EntryStatus } from "#db/types";
import { isCity } from "~/domain/cities";
import { DEFAULT_ENTRY_ORDER, type EntryOrder, parseEntryOrder, type SortDirection } from "~/domain/entry-list";
import { ENTRY_STATUSES } from "~/domain/entry-statuses";
import { type Locale, localized } from "~/domain/locale";
import { numberedPage, parsePageSize } from "~/domain/paging";
import { formatPhone } from "~/domain/phone";
import { parseId } from "~/forms/ids";
import { parseSearchText } from "~/forms/search-text";

import { eventHeading, loadEventDetails } from "../events/events.server";
import type { DB } from "../platform/db.server";
import { listClubChoices } from "./clubs.server";

export interface EntryFilters {
  /** One entry, for its own page (never read from the list's query string). */
  entryId?: number;
  nominationId?: number;
  ageGroupId?: number;
  clubId?: number;
  city?: string;
  region?: string;
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
    region: parseSearchText(p.get("region")),
    status: ENTRY_STATUSES.find((s) => s === p.get("status")),
    q: parseSearchText(p.get("q")),
  };
}

/** `%term%` for ILIKE, with the pattern's own characters taken literally. */
const containing = (term: string) => `%${term.replace(/[%_\\]/g, "\\$&")}%`;

/**
 * One event's entries as the filters say (`status` left out when counting by status). A club, city
 * or region matches when any performer's does: an ensemble from two clubs is found under either.
 * Performers are matched with `entries.id in (…)`, which PostgreSQL runs once as a hashed set
 * rather than once per entry.
 */
function matching(eventId: number, filters: EntryFilters, { status = true } = {}) {
  return (eb: ExpressionBuilder<Database, "entries">) => {
    const conditions: Expression<SqlBool>[] = [eb("entries.event_id", "=", eventId)];
    if (filters.entryId) conditions.push(eb("entries.id", "=", filters.entryId));
    if (filters.nominationId) conditions.push(eb("entries.nomination_id", "=", filters.nominationId));
    if (filters.ageGroupId) conditions.push(eb("entries.age_group_id", "=", filters.ageGroupId));
    if (status && filters.status) conditions.push(eb("entries.status", "=", filters.status));
    const performers = () =>
      eb
        .selectFrom("entry_members")
        .innerJoin("participants", "participants.id", "entry_members.participant_id")
        .select("entry_members.entry_id");
    if (filters.clubId || filters.city || filters.region) {
      conditions.push(
        eb(
          "entries.id",
          "in",
          performers()
            .leftJoin("clubs", "clubs.id", "participants.club_id")
            .$if(Boolean(filters.clubId), (s) => s.where("participants.club_id", "=", filters.clubId!))
            .$if(Boolean(filters.city), (s) => s.where("participants.city", "=", filters.city!))
            .$if(Boolean(filters.region), (s) => s.where("clubs.region", "=", filters.region!)),
        ),
      );
    }
    if (filters.q) {
      // All or part of a reference code, or a child with every word typed in the surname or the
      // name, in either order ("Серікова Ұлжан", "ұлжан сер").
      const words = filters.q.split(/\s+/).filter(Boolean).slice(0, 5);
      conditions.push(
        eb.or([
          eb("entries.reference", "ilike", containing(filters.q)),
          eb(
            "entries.id",
            "in",
            performers().where((p) =>
              p.and(
                words.map((word) =>
                  p.or([
                    p("participants.last_name", "ilike", containing(word)),
                    p("participants.first_name", "ilike", containing(word)),
                  ]),
                ),
              ),
            ),
          ),
        ]),
      );
    }
    return eb.and(conditions);
  };
}

/** The ids of every entry of the event the filters match (e.g. "select all 900 matching"), in id order. */
export async function entryIdsMatching(db: DB, eventId: number, filters: EntryFilters): Promise<number[]> {
  const rows = await db
    .selectFrom("entries")
    .select("entries.id")
    .where(matching(eventId, filters))
    .orderBy("entries.id")
    .execute();
  return rows.map((r) => r.id);
}

/** Statuses in an entry's life order, for sorting by status the way organisers read it. */
const statusRank = sql<number>`array_position(${[...ENTRY_STATUSES]}::text[], entries.status)`;

/** A surname and name in Kazakh order on both engines (their default collation puts Ә, Ғ, Қ… after Я). */
const byName = (column: "participants.last_name" | "participants.first_name") =>
  sql`${sql.ref(column)} collate "und-x-icu"`;

/**
 * One page of entry ids in the order of each entry's first performer (surname, then name); an entry
 * whose children's data was deleted has no name and comes last. The joined rows are grouped rather
 * than joined to a per-entry subquery: PGlite never gathers statistics, and without them the
 * planner ran such a join as a loop over every pair of entries.
 */
async function pageByPerformer(
  db: DB,
  eventId: number,
  filters: EntryFilters,
  dir: SortDirection,
  limit: number,
  offset: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom("entries")
    .where(matching(eventId, filters))
    .leftJoin("entry_members", "entry_members.entry_id", "entries.id")
    .leftJoin("participants", (join) =>
      join.onRef("participants.id", "=", "entry_members.participant_id").on("participants.anonymised_at", "is", null),
    )
    .select("entries.id")
    .groupBy("entries.id")
    .orderBy(
      sql`min((participants.last_name || ' ' || participants.first_name) collate "und-x-icu") ${sql.raw(dir)} nulls last`,
    )
    .orderBy("entries.id", dir)
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => r.id);
}

export interface EntryListOptions {
  order?: EntryOrder;
  limit?: number;
  offset?: number;
}

/** Organisers' view of one event's entries, filtered, sorted and paged; members listed per entry. */
export async function listEventEntries(
  db: DB,
  eventId: number,
  filters: EntryFilters,
  locale: Locale,
  { order = DEFAULT_ENTRY_ORDER, limit = 100_000, offset = 0 }: EntryListOptions = {},
) {
  const { sort, dir } = order;
  const ids = sort === "name" ? await pageByPerformer(db, eventId, filters, dir, limit, offset) : undefined;
  if (ids?.length === 0) return [];
  let q = db
    .selectFrom("entries")
    .where(ids ? (eb) => eb("entries.id", "in", ids) : matching(eventId, filters))
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
      "nominations.id as nomination_id",
      "nominations.name_kk",
      "nominations.name_ru",
      "nominations.name_en",
      "nominations.entry_kind",
      "age_groups.min_age",
      "age_groups.max_age",
      "clubs.name as club_name",
      "clubs.region as club_region",
    ]);
  if (sort === "reference") q = q.orderBy("entries.reference", dir);
  else if (sort === "submitted") q = q.orderBy("entries.created_at", dir);
  else if (sort === "status") q = q.orderBy(statusRank, dir).orderBy("entries.queued_at", dir);
  else if (sort === "nomination")
    q = q
      .orderBy("nominations.position", dir)
      .orderBy("nominations.id", dir)
      .orderBy("age_groups.min_age", dir)
      .orderBy("entries.queued_at", dir);
  // A page of ids keeps their order; otherwise ties go by id, so that no entry is on two pages or none.
  const rank = new Map(ids?.map((id, i) => [id, i]));
  const rows = ids
    ? (await q.execute()).sort((a, b) => rank.get(a.id)! - rank.get(b.id)!)
    : await q.orderBy("entries.id", dir).limit(limit).offset(offset).execute();
  const members = await membersOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const own = members.get(r.id) ?? [];
    // An ensemble from one club has the entry's club; a mixed one shows each club once.
    const clubs = r.club_name ? [r.club_name] : [...new Set(own.flatMap((m) => (m.club ? [m.club] : [])))];
    const regions = r.club_name
      ? [r.club_region].filter((x) => x !== null)
      : [...new Set(own.flatMap((m) => (m.region ? [m.region] : [])))];
    return {
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
      entryKind: r.entry_kind,
      ageGroup: r.min_age === null ? null : { min: r.min_age, max: r.max_age! },
      club: clubs.join(", ") || null,
      region: regions.join(", ") || null,
      members: own.map(({ region: _, ...m }) => m),
    };
  });
}

interface EntryMember {
  id: number;
  /** Null once the child's data was deleted. */
  name: string | null;
  birthDate: string | null;
  city: string;
  club: string | null;
  /** The club's region, else the child's own; a region code (app/domain/regions.ts). */
  region: string | null;
  /** A standing consent to photos and video. */
  photoConsent: boolean;
  /** The guardian's phone for the day of the event, as people write it; for the organisers only. */
  guardianPhone: string | null;
}

/** The performers of these entries, in surname order, with whether each may be photographed and filmed. */
async function membersOf(db: DB, entryIds: number[]) {
  const byEntry = new Map<number, EntryMember[]>();
  if (entryIds.length === 0) return byEntry;
  const rows = await db
    .selectFrom("entry_members")
    .innerJoin("participants", "participants.id", "entry_members.participant_id")
    .leftJoin("clubs", "clubs.id", "participants.club_id")
    .leftJoin("users as guardians", "guardians.id", "participants.guardian_user_id")
    .select((eb) => [
      "entry_members.entry_id",
      "participants.id",
      "participants.last_name",
      "participants.first_name",
      "participants.birth_date",
      "participants.city",
      "participants.anonymised_at",
      "guardians.phone as guardian_phone",
      "clubs.name as club",
      "clubs.region as club_region",
      "participants.region as own_region",
      eb
        .exists(
          eb
            .selectFrom("consents")
            .select("consents.id")
            .whereRef("consents.participant_id", "=", "participants.id")
            .where("consents.kind", "=", "photo_video")
            .where("consents.withdrawn_at", "is", null),
        )
        .$castTo<boolean>()
        .as("photo_consent"),
    ])
    .where(sql<boolean>`entry_members.entry_id = any(${sql`${entryIds}::int[]`})`)
    .orderBy(byName("participants.last_name"))
    .orderBy(byName("participants.first_name"))
    .orderBy("participants.id")
    .execute();
  for (const m of rows) {
    const member = {
      id: m.id,
      name: m.anonymised_at ? null : `${m.last_name} ${m.first_name}`,
      birthDate: m.birth_date,
      city: m.city,
      club: m.club,
      // The club's region, else the family's own (a child entered without a club).
      region: m.club_region ?? m.own_region,
      photoConsent: m.photo_consent,
      guardianPhone: m.anonymised_at || !m.guardian_phone ? null : formatPhone(m.guardian_phone),
    };
    const list = byEntry.get(m.entry_id);
    if (list) list.push(member);
    else byEntry.set(m.entry_id, [member]);
  }
  return byEntry;
}

/** Entries per status among those the other filters match, for the status tabs and the total. */
export async function countEntriesByStatus(
  db: DB,
  eventId: number,
  filters: EntryFilters,
): Promise<Record<EntryStatus, number>> {
  const rows = await db
    .selectFrom("entries")
    .where(matching(eventId, filters, { status: false }))
    .select(["entries.status", sql<number>`count(*)`.as("n")])
    .groupBy("entries.status")
    .execute();
  const counts = Object.fromEntries(ENTRY_STATUSES.map((s) => [s, 0])) as Record<EntryStatus, number>;
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
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

/** The regions clubs are in, to filter by. */
export async function listRegionChoices(db: DB): Promise<string[]> {
  const rows = await db
    .selectFrom("clubs")
    .select("region")
    .distinct()
    .where("region", "is not", null)
    .where("region", "!=", "")
    .orderBy("region")
    .execute();
  return rows.map((r) => r.region!);
}

/**
 * The organisers' entries page: the event's nominations (with capacity) and age groups, one page of
 * its entries as the query string filters and sorts them, the counts, and the clubs and regions to
 * filter by. Parameters it cannot use are left out, never an error.
 */
export async function organiserEntriesPage(db: DB, eventId: number, url: URL, locale: Locale) {
  const p = url.searchParams;
  const [event, details, counts, clubs, regions] = await Promise.all([
    eventHeading(db, eventId).then((e) => e!),
    loadEventDetails(db, eventId),
    countEventEntries(db, eventId),
    listClubChoices(db, { includeArchived: true }),
    listRegionChoices(db),
  ]);
  const parsed = filtersFrom(url);
  const filters = { ...parsed, region: regions.find((r) => r === parsed.region) };
  const order = parseEntryOrder(p);
  const byStatus = await countEntriesByStatus(db, eventId, filters);
  const total = filters.status ? byStatus[filters.status] : Object.values(byStatus).reduce((sum, n) => sum + n, 0);
  const size = parsePageSize(p.get("size"));
  const page = numberedPage(total, parseId(p.get("page")), size);
  const entries = await listEventEntries(db, eventId, filters, locale, { order, limit: size, offset: page.offset });
  // "Showing 51–100 of 10,086": positions from 1, and 0–0 of an empty list.
  const paging = { ...page, size, total, first: total ? page.offset + 1 : 0, last: page.offset + entries.length };
  return {
    event: { id: event.id, title: localized(event, "title", locale), timezone: event.timezone },
    nominations: details.nominations.map((n) => ({
      id: n.id,
      name: localized(n, "name", locale),
      capacity: n.capacity,
    })),
    ageGroups: details.ageGroups.map((g) => ({ id: g.id, min: g.min_age, max: g.max_age })),
    clubs: clubs.map((c) => ({ id: c.id, name: c.name })),
    regions,
    filters,
    order,
    paging,
    byStatus,
    entries: entries.map(tableRow),
    counts,
  };
}

/** Performers a table row names; the others are counted, and listed on the entry's own page. */
const NAMED_PERFORMERS = 3;

/**
 * An entry as one table row: its first performers' names and how many there are, so that a page of
 * choirs weighs no more than a page of soloists.
 */
function tableRow(e: EventEntry) {
  return {
    id: e.id,
    reference: e.reference,
    status: e.status,
    format: e.format,
    nomination: e.nomination,
    ageGroup: e.ageGroup,
    club: e.club,
    region: e.region,
    createdAt: e.createdAt,
    performers: e.members.slice(0, NAMED_PERFORMERS).map((m) => m.name),
    performerCount: e.members.length,
    photoConsents: e.members.filter((m) => m.photoConsent).length,
  };
}

type EventEntry = Awaited<ReturnType<typeof listEventEntries>>[number];

/** One entry of the event as its organisers see it on its own page, or undefined if the event has no such entry. */
export async function organiserEntry(db: DB, eventId: number, entryId: number, locale: Locale) {
  const [event, [entry]] = await Promise.all([
    eventHeading(db, eventId).then((e) => e!),
    listEventEntries(db, eventId, { entryId }, locale),
  ]);
  if (!entry) return undefined;
  return { event: { id: event.id, title: localized(event, "title", locale), timezone: event.timezone }, entry };
}
