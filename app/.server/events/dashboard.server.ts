import { sql } from "kysely";

import type { EntryStatus } from "#db/types";
import type { AgeRange } from "~/domain/age";
import { type Locale, localized, localizedLang } from "~/domain/locale";

import type { DB } from "../platform/db.server";
import { resultsOverview } from "../results/overview.server";

/*
 * The organiser's dashboard of one event: entries by status, nomination, age group and region, by
 * day of submission (in the event's timezone), judging progress per panel, places and deadlines.
 * Every count is a GROUP BY in SQL over the event's entries (a fixed number of queries, whatever
 * the event's size); the judging progress is the results overview's, which reads each table once
 * per round.
 */

/** Entries that still take part: not withdrawn, not rejected. */
const ACTIVE: EntryStatus[] = ["submitted", "confirmed", "waitlisted"];

export interface DashboardCount {
  key: string;
  label: string;
  lang?: Locale;
  value: number;
}

export interface DashboardPanel {
  roundId: number;
  roundNumber: number;
  nomination: string;
  nominationLang: Locale;
  ageGroup: AgeRange | null;
  judges: number;
  entries: number;
  fullyScored: number;
  withoutJudge: number;
}

export interface EventDashboard {
  event: {
    id: number;
    title: string;
    timezone: string;
    capacity: number | null;
    startsOn: string;
    endsOn: string;
    registrationOpensAt: string | null;
    registrationClosesAt: string | null;
  };
  total: number;
  byStatus: { status: EntryStatus; value: number }[];
  byNomination: (DashboardCount & { capacity: number | null; confirmed: number; waitlisted: number })[];
  byAgeGroup: (DashboardCount & { ageGroup: AgeRange | null })[];
  /** Region codes of the clubs (the entry's club, or its performers' clubs); "" = none known. */
  byRegion: DashboardCount[];
  /** Every day from the first submission to the last (or today, if sooner), in the event's timezone. */
  byDay: { day: string; value: number }[];
  panels: DashboardPanel[];
  rounds: { id: number; number: number; kind: string; startsOn: string | null; endsOn: string | null }[];
}

const count = sql<number>`count(*)::int`;

/** The dashboard of an event; null when there is no such event. */
export async function eventDashboard(db: DB, eventId: number, locale: Locale): Promise<EventDashboard | null> {
  const event = await db
    .selectFrom("events")
    .select([
      "id",
      "title_kk",
      "title_ru",
      "title_en",
      "timezone",
      "capacity",
      "starts_on",
      "ends_on",
      "registration_opens_at",
      "registration_closes_at",
    ])
    .where("id", "=", eventId)
    .executeTakeFirst();
  if (!event) return null;
  const active = (eb: import("kysely").ExpressionBuilder<import("#db/types").Database, "entries">) =>
    eb.and([eb("entries.event_id", "=", eventId), eb("entries.status", "in", ACTIVE)]);
  const [statuses, nominations, nominationCounts, ageGroups, ageCounts, regions, days, judges, overview] =
    await Promise.all([
      db
        .selectFrom("entries")
        .select(["status", count.as("n")])
        .where("event_id", "=", eventId)
        .groupBy("status")
        .execute(),
      db
        .selectFrom("nominations")
        .select(["id", "name_kk", "name_ru", "name_en", "capacity"])
        .where("event_id", "=", eventId)
        .orderBy("position")
        .orderBy("id")
        .execute(),
      db
        .selectFrom("entries")
        .select(["nomination_id", "status", count.as("n")])
        .where(active)
        .groupBy(["nomination_id", "status"])
        .execute(),
      db
        .selectFrom("age_groups")
        .select(["id", "min_age", "max_age"])
        .where("event_id", "=", eventId)
        .orderBy("min_age")
        .orderBy("id")
        .execute(),
      db
        .selectFrom("entries")
        .select(["age_group_id", count.as("n")])
        .where(active)
        .groupBy("age_group_id")
        .execute(),
      entriesByRegion(db, eventId),
      db
        .selectFrom("entries")
        .select([
          sql<string>`to_char(entries.created_at at time zone ${event.timezone}, 'YYYY-MM-DD')`.as("day"),
          count.as("n"),
        ])
        .where("event_id", "=", eventId)
        .groupBy(sql`1`)
        .orderBy(sql`1`)
        .execute(),
      db
        .selectFrom("jury_assignments")
        .innerJoin("rounds", "rounds.id", "jury_assignments.round_id")
        .select([
          "jury_assignments.round_id",
          "jury_assignments.nomination_id",
          "jury_assignments.age_group_id",
          count.as("n"),
        ])
        .where("rounds.event_id", "=", eventId)
        .groupBy(["jury_assignments.round_id", "jury_assignments.nomination_id", "jury_assignments.age_group_id"])
        .execute(),
      resultsOverview(db, eventId, locale),
    ]);

  const byNominationStatus = (id: number, status?: EntryStatus) =>
    nominationCounts
      .filter((c) => c.nomination_id === id && (status === undefined || c.status === status))
      .reduce((sum, c) => sum + c.n, 0);
  const ageCount = new Map(ageCounts.map((c) => [c.age_group_id, c.n]));
  const judgesOn = (roundId: number, nominationId: number, ageGroupId: number | null) =>
    judges
      .filter(
        (j) =>
          j.round_id === roundId &&
          j.nomination_id === nominationId &&
          (j.age_group_id === null || j.age_group_id === ageGroupId),
      )
      .reduce((sum, j) => sum + j.n, 0);

  return {
    event: {
      id: event.id,
      title: localized(event, "title", locale),
      timezone: event.timezone,
      capacity: event.capacity,
      startsOn: event.starts_on,
      endsOn: event.ends_on,
      registrationOpensAt: event.registration_opens_at?.toISOString() ?? null,
      registrationClosesAt: event.registration_closes_at?.toISOString() ?? null,
    },
    total: statuses.reduce((sum, s) => sum + s.n, 0),
    byStatus: (["submitted", "confirmed", "waitlisted", "withdrawn", "rejected"] as const).map((status) => ({
      status,
      value: statuses.find((s) => s.status === status)?.n ?? 0,
    })),
    byNomination: nominations.map((n) => ({
      key: String(n.id),
      label: localized(n, "name", locale),
      lang: localizedLang(n, "name", locale),
      value: byNominationStatus(n.id),
      capacity: n.capacity,
      confirmed: byNominationStatus(n.id, "confirmed"),
      waitlisted: byNominationStatus(n.id, "waitlisted"),
    })),
    byAgeGroup: [
      ...ageGroups.map((g) => ({
        key: String(g.id),
        label: "",
        ageGroup: { min: g.min_age, max: g.max_age },
        value: ageCount.get(g.id) ?? 0,
      })),
      ...(ageCount.has(null) ? [{ key: "none", label: "", ageGroup: null, value: ageCount.get(null)! }] : []),
    ],
    byRegion: regions,
    byDay: everyDay(days),
    panels: overview.flatMap((round) =>
      round.sections.map((s) => ({
        roundId: round.id,
        roundNumber: round.number,
        nomination: s.nomination,
        nominationLang: s.nominationLang,
        ageGroup: s.ageGroup,
        judges: judgesOn(round.id, s.nominationId, s.ageGroupId),
        entries: s.entries,
        fullyScored: s.fullyScored,
        withoutJudge: s.withoutJudge,
      })),
    ),
    rounds: overview.map((r) => ({
      id: r.id,
      number: r.number,
      kind: r.kind,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
    })),
  };
}

/**
 * Active entries per region: an entry's club's region, or else its performers' clubs' (an ensemble
 * from two regions counts in both, as the entries filter finds it under either); "" = no region.
 */
async function entriesByRegion(db: DB, eventId: number): Promise<DashboardCount[]> {
  const rows = await sql<{ region: string; n: number }>`
    with active as (
      select id, club_id from entries where event_id = ${eventId} and status in ('submitted', 'confirmed', 'waitlisted')
    ), located as (
      select a.id, c.region from active a join clubs c on c.id = a.club_id
      union
      select a.id, c.region from active a
        join entry_members m on m.entry_id = a.id and m.active
        join participants p on p.id = m.participant_id
        join clubs c on c.id = p.club_id
      where a.club_id is null
    ), known as (
      select id, region from located where region is not null and region <> ''
    )
    select region, count(distinct id)::int as n from known group by region
    union all
    select '' as region, ((select count(*) from active) - (select count(distinct id) from known))::int as n
    order by n desc, region`.execute(db);
  return rows.rows.filter((r) => r.n > 0).map((r) => ({ key: r.region, label: r.region, value: r.n }));
}

/** The days between the first and the last, each with its count (0 where none). */
function everyDay(days: { day: string; n: number }[]): { day: string; value: number }[] {
  if (days.length === 0) return [];
  const counts = new Map(days.map((d) => [d.day, d.n]));
  const out: { day: string; value: number }[] = [];
  const last = days[days.length - 1]!.day;
  for (let d = new Date(`${days[0]!.day}T00:00:00Z`); ; d = new Date(d.getTime() + 86_400_000)) {
    const day = d.toISOString().slice(0, 10);
    out.push({ day, value: counts.get(day) ?? 0 });
    if (day >= last) break;
  }
  return out;
}
