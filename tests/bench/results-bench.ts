// Times computing a big round's results on a fresh in-memory PGlite, or on a fresh PostgreSQL
// database (`databaseUrl`): 10,000 confirmed entries in 5 nominations × 4 age groups, 5 judges on
// every panel, 4 criteria per nomination, 200,000 scores.
// Loaded through Vite's SSR loader by tests/bench/run.mjs (for the app's aliases and migrations).
import { sql } from "kysely";

import { type DB, migrateToLatest, openDatabase } from "~/.server/platform/db.server";
import { computeRound } from "~/.server/results/compute.server";

const NOMINATIONS = 5;
const AGE_GROUPS = 4;
const JUDGES = 5;
const CRITERIA = 4;

export interface ResultsBenchReport {
  entries: number;
  scores: number;
  sections: number;
  /** Results rows stored by the measured run. */
  results: number;
  /** Ranked entries with an award (every entry has full sheets, so all of them). */
  awarded: number;
  /** The first computation (creates the sections) and the median of the following ones. */
  firstMs: number;
  medianMs: number;
  seedMs: number;
}

export async function runResultsBench({
  entries = 10_000,
  runs = 3,
  databaseUrl,
}: { entries?: number; runs?: number; databaseUrl?: string } = {}): Promise<ResultsBenchReport> {
  const opened = await openDatabase({ databaseUrl });
  try {
    await migrateToLatest(opened.db);
    const seedStarted = performance.now();
    const roundId = await seed(opened.db, entries);
    // What autovacuum does on PostgreSQL soon after a bulk load: fresh statistics. (PGlite has no
    // autovacuum, so it is measured without them, as it runs.)
    if (opened.engine === "postgres") await sql`analyze`.execute(opened.db);
    const seedMs = performance.now() - seedStarted;
    const time = async () => {
      const started = performance.now();
      const summary = await computeRound(opened.db, roundId);
      return { ms: performance.now() - started, summary };
    };
    const first = await time();
    const times: number[] = [];
    let last = first;
    for (let i = 0; i < runs; i++) {
      last = await time();
      times.push(last.ms);
    }
    times.sort((a, b) => a - b);
    const counts = await sql<{ results: number; awarded: number; scores: number }>`
      select (select count(*)::int from results where round_id = ${roundId}) as results,
             (select count(*)::int from results where round_id = ${roundId} and rank is not null and award is not null) as awarded,
             (select count(*)::int from scores where round_id = ${roundId}) as scores`.execute(opened.db);
    const c = counts.rows[0]!;
    return {
      entries,
      scores: c.scores,
      sections: last.summary.sections,
      results: c.results,
      awarded: c.awarded,
      firstMs: first.ms,
      medianMs: times[Math.floor(times.length / 2)] ?? first.ms,
      seedMs,
    };
  } finally {
    await opened.close();
  }
}

/** The event, its panels and every score, written with set-based statements. Returns the round's id. */
async function seed(db: DB, entries: number): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const q = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(tx)).rows;
    const [event] = await q<{
      id: number;
    }>(sql`insert into events (slug, kind, status, title_en, city, starts_on, ends_on, scoring)
      values ('bench-results', 'contest', 'published', 'Bench results', 'almaty', '2026-12-10', '2026-12-11', '{}') returning id`);
    const eventId = event!.id;
    const [round] = await q<{ id: number }>(
      sql`insert into rounds (event_id, position, kind) values (${eventId}, 1, 'final') returning id`,
    );
    const nominations = await q<{
      id: number;
    }>(sql`insert into nominations (event_id, position, name_en, discipline, entry_kind)
      select ${eventId}, i, 'Nomination ' || i, 'vocal', 'live' from generate_series(1, ${NOMINATIONS}) as i returning id`);
    const ageGroups = await q<{ id: number }>(sql`insert into age_groups (event_id, min_age, max_age)
      select ${eventId}, 3 * i + 4, 3 * i + 6 from generate_series(1, ${AGE_GROUPS}) as i returning id`);
    await q(sql`insert into criteria (nomination_id, position, name_en, max_score, weight)
      select n, c, 'Criterion ' || c, 10, case when c = 2 then 2 else 1 end from unnest(${nominations.map((n) => n.id)}::int[]) as n, generate_series(1, ${CRITERIA}) as c`);
    const judges = await q<{ id: number }>(sql`insert into users (email, name)
      select 'bench-judge-' || j || '@bench.invalid', 'Judge ' || j from generate_series(1, ${JUDGES}) as j returning id`);
    await q(sql`insert into jury_assignments (round_id, nomination_id, age_group_id, user_id)
      select ${round!.id}, n, null, j from unnest(${nominations.map((n) => n.id)}::int[]) as n, unnest(${judges.map((j) => j.id)}::int[]) as j`);
    const [club] = await q<{ id: number }>(
      sql`insert into clubs (name, city) values ('Bench club', 'almaty') returning id`,
    );
    // Every 50th entry comes from a club the first judge is conflicted with: they sit those out.
    await q(sql`insert into entries (event_id, nomination_id, age_group_id, format, title, status, reference, club_id)
      select ${eventId}, (${nominations.map((n) => n.id)}::int[])[1 + i % ${NOMINATIONS}], (${ageGroups.map((a) => a.id)}::int[])[1 + (i / ${NOMINATIONS}) % ${AGE_GROUPS}],
        'solo', 'Piece ' || i, 'confirmed', 'BENCH-' || i, case when i % 50 = 0 then ${club!.id}::int end
      from generate_series(1, ${entries}) as i`);
    await q(sql`insert into participants (last_name, first_name, birth_date, city)
      select 'Bench', 'Child ' || i, '2014-01-01', 'almaty' from generate_series(1, ${entries}) as i`);
    await q(sql`insert into entry_members (entry_id, participant_id, nomination_id)
      select e.id, p.id, e.nomination_id
      from (select id, nomination_id, row_number() over (order by id) as k from entries where event_id = ${eventId}) as e
      join (select id, row_number() over (order by id) as k from participants where last_name = 'Bench') as p using (k)`);
    await q(
      sql`insert into judge_conflicts (event_id, user_id, club_id) values (${eventId}, ${judges[0]!.id}, ${club!.id})`,
    );
    // Deterministic scores 3–10 in halves, different per entry, judge and criterion (many ties remain).
    await q(sql`insert into scores (round_id, entry_id, judge_user_id, criterion_id, value, version)
      select ${round!.id}, e.id, j.id, c.id, 3 + ((e.id * 7 + j.id * 13 + c.id * 3) % 15) / 2.0, 1
      from entries e
      join criteria c on c.nomination_id = e.nomination_id
      cross join unnest(${judges.map((j) => j.id)}::int[]) as j(id)
      where e.event_id = ${eventId}`);
    return round!.id;
  });
}
