import { sql } from "kysely";

import type { DB } from "~/.server/platform/db.server";

import { ageGroupForm, createEventFromForm, eventParts, insertUser, nominationForm, roundForm } from "./factories";

let seq = 0;

/** The surname every bulk child has: a test looks for it where no name may be. */
export const BULK_SURNAME = "Бекмұхамбетова";

/**
 * A contest at full size, made with a few set-based inserts: a remote round (the best 3 of each
 * section advance) and a final; `nominations` × `ageGroups` sections; and `entries` confirmed solo
 * entries, entry i in nomination (i − 1) mod N and age group ((i − 1) div N) mod G, each with a
 * video link and one child named `BULK_SURNAME Әйгерім <i>`, every tenth entered by a club.
 * References sort as the entries were made.
 */
export async function bulkContest(
  db: DB,
  { entries, nominations, ageGroups }: { entries: number; nominations: number; ageGroups: number },
) {
  const n = ++seq;
  const organiser = await insertUser(db);
  const { id: eventId } = await createEventFromForm(db, organiser.id, {
    titleEn: `Bulk ${n}`,
    nominations: Array.from({ length: nominations }, (_, i) =>
      nominationForm({
        nameEn: `Nomination ${i + 1}`,
        nameRu: `Номинация ${i + 1}`,
        entryKind: "video",
        formats: { solo: [1, 1] },
      }),
    ),
    ageGroups: Array.from({ length: ageGroups }, (_, i) => ageGroupForm(5 + 3 * i, 7 + 3 * i)),
    rounds: [roundForm({ kind: "remote", advanceRule: "top_n", advanceValue: "3" }), roundForm({ kind: "final" })],
  });
  const ids = await eventParts(db, eventId);
  const nominationIds = ids.nominations.map((r) => r.id);
  const ageGroupIds = ids.ageGroups.map((r) => r.id);
  const club = await db
    .insertInto("clubs")
    .values({ name: `Шабыт ${n}`, city: "almaty" })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
  const prefix = `BULK${n}-`;
  await sql`insert into entries (event_id, nomination_id, age_group_id, format, title, status, reference, club_id, video_url, duration_seconds)
    select ${eventId}, (${nominationIds}::int[])[(i - 1) % ${nominations} + 1],
      (${ageGroupIds}::int[])[((i - 1) / ${nominations}) % ${ageGroups} + 1], 'solo', 'Көктем вальсі ' || i, 'confirmed',
      ${prefix} || lpad(i::text, 5, '0'), case when i % 10 = 0 then ${club.id}::int else null end,
      'https://www.youtube.com/watch?v=bulk' || i, 185
    from generate_series(1, ${entries}) i`.execute(db);
  await sql`insert into participants (last_name, first_name, birth_date, city, club_id)
    select ${BULK_SURNAME}, 'Әйгерім ' || e.id, '2015-01-01', 'almaty', null
    from entries e where e.event_id = ${eventId}`.execute(db);
  await sql`insert into entry_members (entry_id, participant_id, nomination_id)
    select e.id, p.id, e.nomination_id from entries e
    join participants p on p.first_name = 'Әйгерім ' || e.id and p.last_name = ${BULK_SURNAME}
    where e.event_id = ${eventId}`.execute(db);
  return {
    eventId,
    organiser,
    remoteId: ids.rounds[0]!.id,
    finalId: ids.rounds[1]!.id,
    nominationIds,
    ageGroupIds,
    club,
    referencePrefix: prefix,
  };
}
export type BulkContest = Awaited<ReturnType<typeof bulkContest>>;
