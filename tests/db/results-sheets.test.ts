// Computing results sums each judge's sheet in the database (exact decimals) instead of in
// JavaScript one score at a time: the stored results must be the same to the last digit as the
// domain's own arithmetic over every score, for awkward decimals, weights and incomplete sheets.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";

import type { DB } from "~/.server/platform/db.server";
import { computeRound } from "~/.server/results/compute.server";
import { AGGREGATIONS, computeSectionResults, type JudgeSheet, resolveRules } from "~/domain/results";

import { engines, useTestDb } from "../setup/db";

const ENTRIES = 240;
const JUDGES = 6;

/** A round of one nomination with 4 criteria of decimal weights, scored in tenths and hundredths. */
async function seed(db: DB, aggregation: string): Promise<{ roundId: number; eventId: number }> {
  const q = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows;
  const tag = `sheets-${aggregation}-${Date.now()}`;
  const [event] = await q<{
    id: number;
  }>(sql`insert into events (slug, kind, status, title_en, city, starts_on, ends_on, scoring)
    values (${tag}, 'contest', 'published', 'Sheets', 'almaty', '2026-12-10', '2026-12-11', ${JSON.stringify({ aggregation })}::jsonb) returning id`);
  const [round] = await q<{ id: number }>(
    sql`insert into rounds (event_id, position, kind) values (${event!.id}, 1, 'final') returning id`,
  );
  const [nomination] = await q<{
    id: number;
  }>(sql`insert into nominations (event_id, position, name_en, discipline, entry_kind)
    values (${event!.id}, 1, 'Vocal', 'vocal', 'live') returning id`);
  // Positions out of id order, so "first criterion" means position, not id.
  await q(sql`insert into criteria (nomination_id, position, name_en, max_score, weight)
    values (${nomination!.id}, 3, 'A', 10, 0.3), (${nomination!.id}, 1, 'B', 9.5, 1.7), (${nomination!.id}, 2, 'C', 10, 1), (${nomination!.id}, 4, 'D', 7.25, 2.35)`);
  const judges = await q<{ id: number }>(sql`insert into users (email, name)
    select ${tag} || '-' || j || '@example.kz', 'Judge ' || j from generate_series(1, ${JUDGES}) as j returning id`);
  await q(sql`insert into jury_assignments (round_id, nomination_id, age_group_id, user_id)
    select ${round!.id}, ${nomination!.id}, null, j from unnest(${judges.map((j) => j.id)}::int[]) as j`);
  await q(sql`insert into entries (event_id, nomination_id, format, title, status, reference)
    select ${event!.id}, ${nomination!.id}, 'solo', 'Piece ' || i, 'confirmed', ${tag} || '-' || i from generate_series(1, ${ENTRIES}) as i`);
  // Tenths and hundredths; every 11th sheet misses a criterion; every 37th entry has no scores.
  await q(sql`insert into scores (round_id, entry_id, judge_user_id, criterion_id, value, version)
    select ${round!.id}, e.id, j.id, c.id,
      case when (e.id + j.id) % 3 = 0 then ((e.id * 7 + j.id * 13 + c.id * 3) % 96) / 10.0 else ((e.id * 31 + j.id * 7 + c.id) % 725) / 100.0 end, 1
    from entries e join criteria c on c.nomination_id = e.nomination_id cross join unnest(${judges.map((j) => j.id)}::int[]) as j(id)
    where e.event_id = ${event!.id} and e.id % 37 <> 0 and not ((e.id + j.id) % 11 = 0 and c.position = 4)
      and (e.id * 7 + j.id * 13 + c.id * 3) % 96 / 10.0 <= c.max_score and (e.id * 31 + j.id * 7 + c.id) % 725 / 100.0 <= c.max_score`);
  return { roundId: round!.id, eventId: event!.id };
}

/** The results the domain computes from every score, one by one, as JavaScript numbers. */
async function fromEveryScore(db: DB, eventId: number, roundId: number, aggregation: string) {
  const criteria = (
    await sql<{ id: number; max: number; weight: number }>`
      select c.id, c.max_score::float8 as max, c.weight::float8 as weight from criteria c join nominations n on n.id = c.nomination_id
      where n.event_id = ${eventId} order by c.position, c.id`.execute(db)
  ).rows;
  const scores = (
    await sql<{ entry_id: number; judge_user_id: number; criterion_id: number; value: number }>`
      select entry_id, judge_user_id, criterion_id, value::float8 as value from scores where round_id = ${roundId}`.execute(
      db,
    )
  ).rows;
  const entries = (
    await sql<{ id: number }>`select id from entries where event_id = ${eventId} order by id`.execute(db)
  ).rows;
  const sheets = new Map<number, Map<number, Map<number, number>>>();
  for (const s of scores) {
    const byJudge = sheets.get(s.entry_id) ?? new Map<number, Map<number, number>>();
    sheets.set(s.entry_id, byJudge);
    const values = byJudge.get(s.judge_user_id) ?? new Map<number, number>();
    byJudge.set(s.judge_user_id, values);
    values.set(s.criterion_id, s.value);
  }
  return computeSectionResults({
    criteria,
    rules: resolveRules({ aggregation } as never),
    entries: entries.map((e) => ({
      entryId: e.id,
      sheets: [...(sheets.get(e.id) ?? new Map<number, Map<number, number>>())]
        .sort(([a], [b]) => a - b)
        .map(([judgeId, values]): JudgeSheet => ({ judgeId, values })),
    })),
  }).results;
}

describe.each(engines)("results from the database's sheet totals on %s", (engine) => {
  const t = useTestDb(engine);

  it.each([...AGGREGATIONS])(
    "%s: the same totals, percentages, ranks and awards as every score summed one by one",
    async (aggregation) => {
      const { roundId, eventId } = await seed(t.db, aggregation);
      await computeRound(t.db, roundId);
      const stored = (
        await sql<{
          entry_id: number;
          total: string | null;
          percent: string | null;
          judge_count: number;
          rank: number | null;
          award: string | null;
        }>`
        select entry_id, total, percent, judge_count, rank, award from results where round_id = ${roundId} order by entry_id`.execute(
          t.db,
        )
      ).rows;
      const expected = await fromEveryScore(t.db, eventId, roundId, aggregation);
      expect(stored).toHaveLength(ENTRIES);
      expect(stored.filter((r) => r.judge_count < JUDGES && r.judge_count > 0).length).toBeGreaterThan(10);
      const asStored = (x: number | null) => (x === null ? null : Number(x));
      expect(
        stored.map((r) => ({
          entryId: r.entry_id,
          total: asStored(r.total as never),
          percent: asStored(r.percent as never),
          judgeCount: r.judge_count,
          rank: r.rank,
          award: r.award,
        })),
      ).toEqual(
        expected
          .map((r) => ({
            entryId: r.entryId,
            total: r.total,
            percent: r.percent,
            judgeCount: r.judgeCount,
            rank: r.rank,
            award: r.award,
          }))
          .sort((a, b) => a.entryId - b.entryId),
      );
    },
  );
});
