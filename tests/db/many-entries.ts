import { sql } from "kysely";

import { ensureConsentTexts } from "#db/seed/consent-texts";
import type { DB } from "~/.server/platform/db.server";

import { eventParts } from "./factories";

/** Long Kazakh names, so that a page of them weighs what a real one would. */
const SURNAMES = ["Нұрсұлтанова", "Әбдірахманов", "Серікбаева", "Жақсылықов", "Төлеубекова", "Құдайбергенов"];
const NAMES = ["Әйгерім", "Ұлжан", "Іңкәр", "Нұрислам", "Айбөпе", "Ерасыл", "Гүлназ"];
const REGIONS = ["Almaty", "Astana", "Pavlodar Region", "Karaganda Region", "Shymkent"];

/**
 * `count` entries in an event, written in a few set-based statements (seconds, not minutes, even
 * on PGlite): clubs in five regions (every fifth club has none; every ninth entry has no club), one
 * child per entry and seven more in every 25th entry (an ensemble of one club), photo consent for
 * two children in three, a mix of statuses, and submissions one minute apart from 1 Nov 2026.
 * Entries are spread over the event's nominations and age groups; references run
 * MX<event id>-000001, …
 */
export async function insertManyEntries(db: DB, eventId: number, count: number) {
  await ensureConsentTexts(db);
  const prefix = `MX${eventId}-`;
  const q = (query: ReturnType<typeof sql>) => query.execute(db);
  const parts = await eventParts(db, eventId);
  const nominations = parts.nominations.map((n) => n.id);
  const ageGroups = parts.ageGroups.map((g) => g.id);
  const clubs = (
    await db
      .insertInto("clubs")
      .values(
        Array.from({ length: 40 }, (_, i) => ({
          name: `UNESCO Club «Bulk ${i + 1}»`,
          city: "almaty",
          region: i % 5 === 4 ? null : REGIONS[i % 5]!,
        })),
      )
      .returning("id")
      .execute()
  ).map((c) => c.id);
  const { max: before } = await db
    .selectFrom("participants")
    .select((eb) => eb.fn.coalesce(eb.fn.max("id"), sql<number>`0`).as("max"))
    .executeTakeFirstOrThrow();
  const extras = Math.floor(count / 25) * 7;
  const clubOf = (k: string) =>
    sql.raw(`case when ${k} % 9 = 0 then null else (array[${clubs.join(",")}])[1 + ${k} % ${clubs.length}] end`);
  // Children 1..count perform solo or lead an ensemble; count+1.. join the ensembles, in their
  // leader's club.
  await q(sql`insert into participants (last_name, first_name, birth_date, city, club_id)
    select (${SURNAMES}::text[])[1 + k % ${SURNAMES.length}], (${NAMES}::text[])[1 + (k / 7) % ${NAMES.length}] || ' ' || k,
      '2014-01-01', 'almaty', ${clubOf("lead")}
    from generate_series(1, ${count + extras}) as k
    cross join lateral (select case when k <= ${count} then k else 25 * ((k - ${count} - 1) / 7 + 1) end as lead) as l`);
  const [data, photo] = await Promise.all(
    (["data", "photo_video"] as const).map((kind) =>
      db
        .selectFrom("consent_texts")
        .select("id")
        .where("kind", "=", kind)
        .orderBy("version", "desc")
        .executeTakeFirstOrThrow(),
    ),
  );
  // Ids need not follow on from `before` (a sequence skips numbers): children are numbered by row.
  const children = sql`children as (select id, row_number() over (order by id) as k from participants where id > ${before})`;
  await q(sql`with ${children} insert into consents (participant_id, kind, text_id)
    select id, 'data', ${data!.id}::int from children
    union all
    select id, 'photo_video', ${photo!.id}::int from children where k % 3 <> 0`);
  await q(sql`insert into entries (event_id, nomination_id, age_group_id, format, title, status, reference, club_id, created_at, queued_at)
    select ${eventId}, (${nominations}::int[])[1 + i % ${nominations.length}],
      (${ageGroups}::int[])[1 + (i / ${nominations.length}) % ${ageGroups.length}],
      case when i % 25 = 0 then 'ensemble' else 'solo' end, 'Piece ' || i,
      case when i % 53 = 0 then 'rejected' when i % 37 = 0 then 'withdrawn' when i % 20 = 0 then 'waitlisted' else 'confirmed' end,
      ${prefix} || lpad(i::text, 6, '0'),
      ${clubOf("i")},
      timestamptz '2026-11-01 04:00:00+00' + i * interval '1 minute',
      timestamptz '2026-11-01 04:00:00+00' + i * interval '1 minute'
    from generate_series(1, ${count}) as i`);
  await q(sql`with ${children} insert into entry_members (entry_id, participant_id, nomination_id, active)
    select e.id, c.id, e.nomination_id, e.status in ('confirmed', 'waitlisted')
    from entries e join children c on c.k = split_part(e.reference, '-', 2)::int
    where e.event_id = ${eventId} and e.reference like ${`${prefix}%`}
    union all
    select e.id, c.id, e.nomination_id, e.status in ('confirmed', 'waitlisted')
    from children c
    join entries e on e.event_id = ${eventId} and e.reference = ${prefix} || lpad((25 * ((c.k - ${count} - 1) / 7 + 1))::text, 6, '0')
    where c.k > ${count}`);
  return { clubs };
}
