import { sql } from "kysely";

import {
  aggregateEntry,
  type Criterion,
  type JudgeSheet,
  maximumTotal,
  outlierJudges,
  type Rules,
  type SectionResult,
  tiedGroups,
} from "~/domain/results";

import { roundEntryIds } from "../events/rounds.server";
import { eligibleJudges } from "../judging/eligible-judges.server";
import type { DB } from "../platform/db.server";
import { membersByEntry } from "../registration/entry-members.server";
import { entriesWithoutPhotoConsent } from "../registration/photo-consent.server";
import { intArray, sectionResultsNow } from "./compute.server";
import { type GrandPrixView, grandPrixView } from "./grand-prix.server";
import { eventRules, type Names, type SectionInfo, sectionInfo } from "./sections.server";

/*
 * The organiser's review of a section: every judge's sheet for every entry (recused, missing and
 * outlying sheets marked), the results, the ties left to the chair and the chair's recorded
 * orders, the Grand Prix and the special prizes.
 */

/** A judge's sheet for an entry, as the organiser sees it. */
export interface ReviewSheet {
  judgeUserId: number;
  /** scored: every criterion; incomplete: some missing (not counted); missing: none yet; recused: conflict of interest. */
  status: "scored" | "incomplete" | "missing" | "recused";
  /** Criterion id → value. */
  scores: Record<number, number>;
  /** Weighted total of a complete sheet. */
  total: number | null;
  /** Far from the other judges (app/domain/results/outliers). */
  outlier: boolean;
}

export interface ReviewEntry {
  entryId: number;
  reference: string;
  title: string;
  /** Full names: the review is for the event's organisers only. */
  performers: string[];
  club: string | null;
  /** A performer has no standing photo/video consent: the entry must not be filmed or published. */
  noPhotoVideo: boolean;
  result: Omit<SectionResult, "entryId" | "needsChair"> | null;
  /** One per panel judge, in the order of `judges`. */
  sheets: ReviewSheet[];
  specialPrizes: (Names & { id: number })[];
}

export interface SectionReview {
  section: SectionInfo;
  rules: Rules;
  /** Scores changed after the stored results were computed (or they never were). */
  stale: boolean;
  maximum: number;
  criteria: (Names & { id: number; max: number; weight: number })[];
  judges: { userId: number; name: string; isChair: boolean }[];
  /** Ranked first (by rank, then reference), then the unranked. */
  entries: ReviewEntry[];
  /** Entries holding the same rank after every tie-break; needsChair when the rules don't share places. */
  ties: { rank: number; entryIds: number[]; needsChair: boolean }[];
  /** The chair's recorded orders (one per decision), best first, with who recorded them and when. */
  chairDecisions: { entryIds: number[]; decidedBy: string | null; decidedAt: Date }[];
  grandPrix: GrandPrixView;
}

/** A stored results row, or one computed now: what the review shows of an entry's result. */
type ShownResult = Omit<SectionResult, "needsChair">;

/**
 * Everything the organiser's review page shows for a section; null when there is no such section.
 * `current`: an unlocked section whose stored results are stale is shown as computing it now would
 * store it (computed in memory, nothing written: the page is a GET). Its stored results change
 * only on a write: recomputing, a decision, an override, or locking it.
 */
export async function sectionReview(
  db: DB,
  sectionId: number,
  options: { current?: boolean } = {},
): Promise<SectionReview | null> {
  const section = await sectionInfo(db, sectionId);
  if (!section) return null;
  const rules = await eventRules(db, section.eventId);
  const stored = await db
    .selectFrom("results")
    .select(["entry_id", "total", "percent", "judge_count", "rank", "shared", "award"])
    .where("section_id", "=", sectionId)
    .execute();
  const review = await buildReview(
    db,
    section,
    rules,
    stored.map((r) => ({
      entryId: r.entry_id,
      total: r.total === null ? null : Number(r.total),
      percent: r.percent === null ? null : Number(r.percent),
      judgeCount: r.judge_count,
      rank: r.rank,
      shared: r.shared,
      award: r.award,
    })),
    false,
  );
  if (!options.current || !review.stale || section.lockedAt) return review;
  // Shown as computed this moment: the results on the page are.
  const now = (await sectionResultsNow(db, sectionId)) ?? [];
  return buildReview(db, { ...section, computedAt: new Date() }, rules, now, true);
}

/** The review from these results: the stored ones, or (`current`) the ones computed now. */
async function buildReview(
  db: DB,
  section: SectionInfo,
  rules: Rules,
  stored: readonly ShownResult[],
  current: boolean,
): Promise<SectionReview> {
  const sectionId = section.id;
  const roundId = section.round.id;
  const inRound = new Set(await roundEntryIds(db, roundId));

  let entriesQuery = db
    .selectFrom("entries")
    .leftJoin("clubs", "clubs.id", "entries.club_id")
    .select(["entries.id", "entries.reference", "entries.title", "clubs.name as club"])
    .where("entries.event_id", "=", section.eventId)
    .where("entries.nomination_id", "=", section.nomination.id)
    .where("entries.status", "=", "confirmed");
  entriesQuery = section.ageGroup
    ? entriesQuery.where("entries.age_group_id", "=", section.ageGroup.id)
    : entriesQuery.where("entries.age_group_id", "is", null);
  const storedIds = new Set(stored.map((r) => r.entryId));
  // The round's current entries, and any entry the stored results still hold (until recomputed).
  const entries = (await entriesQuery.execute()).filter((e) => inRound.has(e.id) || storedIds.has(e.id));
  const ids = entries.map((e) => e.id);

  let panelQuery = db
    .selectFrom("jury_assignments as ja")
    .innerJoin("users", "users.id", "ja.user_id")
    .select(["ja.user_id", "users.name", "ja.is_chair"])
    .where("ja.round_id", "=", roundId)
    .where("ja.nomination_id", "=", section.nomination.id);
  panelQuery = panelQuery.where((eb) =>
    section.ageGroup
      ? eb.or([eb("ja.age_group_id", "is", null), eb("ja.age_group_id", "=", section.ageGroup.id)])
      : eb("ja.age_group_id", "is", null),
  );

  const [criteriaRows, panelRows, scores, eligible, members, prizes, lastScore, withoutConsent] = await Promise.all([
    db
      .selectFrom("criteria")
      .select([
        "id",
        "name_kk",
        "name_ru",
        "name_en",
        sql<number>`max_score::float8`.as("max"),
        sql<number>`weight::float8`.as("weight"),
      ])
      .where("nomination_id", "=", section.nomination.id)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    panelQuery.orderBy("users.name").orderBy("ja.user_id").execute(),
    ids.length
      ? db
          .selectFrom("scores")
          .select(["entry_id", "judge_user_id", "criterion_id", sql<number>`value::float8`.as("value")])
          .where("round_id", "=", roundId)
          .where(sql<boolean>`entry_id = any(${intArray(ids)})`)
          .execute()
      : [],
    eligibleJudges(db, roundId),
    membersByEntry(db, ids, { activeOnly: true }),
    ids.length
      ? db
          .selectFrom("special_prizes")
          .select(["id", "entry_id", "name_kk", "name_ru", "name_en"])
          .where("round_id", "=", roundId)
          .where(sql<boolean>`entry_id = any(${intArray(ids)})`)
          .orderBy("id")
          .execute()
      : [],
    ids.length
      ? db
          .selectFrom("scores")
          .select(sql<Date | null>`max(updated_at)`.as("at"))
          .where("round_id", "=", roundId)
          .where(sql<boolean>`entry_id = any(${intArray(ids)})`)
          .executeTakeFirst()
      : undefined,
    entriesWithoutPhotoConsent(db, ids),
  ]);

  // A judge on two assignments covering this section (all age groups and this one) appears once.
  const judges = [
    ...new Map(panelRows.map((p) => [p.user_id, { userId: p.user_id, name: p.name, isChair: p.is_chair }])).values(),
  ];
  const criteria: Criterion[] = criteriaRows.map((c) => ({ id: c.id, max: c.max, weight: c.weight }));
  const maximum = maximumTotal(criteria);
  const valuesOf = new Map<string, Map<number, number>>();
  for (const s of scores) {
    const k = `${s.entry_id}:${s.judge_user_id}`;
    if (!valuesOf.has(k)) valuesOf.set(k, new Map());
    valuesOf.get(k)!.set(s.criterion_id, s.value);
  }
  const resultOf = new Map(stored.map((r) => [r.entryId, r]));

  const reviewEntries: ReviewEntry[] = entries.map((e) => {
    const mayScore = eligible.get(e.id) ?? new Set<number>();
    const sheets: JudgeSheet[] = judges
      .filter((j) => mayScore.has(j.userId))
      .map((j) => ({ judgeId: j.userId, values: valuesOf.get(`${e.id}:${j.userId}`) ?? new Map() }));
    const aggregate = aggregateEntry(e.id, criteria, sheets, rules.aggregation);
    const outliers = new Set(outlierJudges(aggregate.judgeTotals, maximum));
    const r = resultOf.get(e.id);
    return {
      entryId: e.id,
      reference: e.reference,
      title: e.title,
      performers: (members.get(e.id) ?? []).map((m) =>
        [m.last_name, m.first_name, m.patronymic].filter(Boolean).join(" "),
      ),
      club: e.club,
      noPhotoVideo: withoutConsent.has(e.id),
      result: r
        ? {
            total: r.total,
            percent: r.percent,
            judgeCount: r.judgeCount,
            rank: r.rank,
            shared: r.shared,
            award: r.award,
          }
        : null,
      sheets: judges.map((j): ReviewSheet => {
        if (!mayScore.has(j.userId))
          return { judgeUserId: j.userId, status: "recused", scores: {}, total: null, outlier: false };
        const values = valuesOf.get(`${e.id}:${j.userId}`) ?? new Map<number, number>();
        const own = Object.fromEntries([...values].filter(([c]) => criteria.some((x) => x.id === c)));
        const total = aggregate.judgeTotals.find((t) => t.judgeId === j.userId)?.total ?? null;
        const status = total !== null ? "scored" : Object.keys(own).length > 0 ? "incomplete" : "missing";
        return { judgeUserId: j.userId, status, scores: own, total, outlier: outliers.has(j.userId) };
      }),
      specialPrizes: prizes
        .filter((p) => p.entry_id === e.id)
        .map((p) => ({ id: p.id, name_kk: p.name_kk, name_ru: p.name_ru, name_en: p.name_en })),
    };
  });
  const rankOf = (e: ReviewEntry) => e.result?.rank ?? Number.POSITIVE_INFINITY;
  reviewEntries.sort(
    (a, b) =>
      rankOf(a) - rankOf(b) || (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : a.entryId - b.entryId),
  );

  const ties = tiedGroups(stored.map((r) => ({ entryId: r.entryId, rank: r.rank, shared: r.shared }))).map((g) => ({
    rank: g[0]!.rank!,
    entryIds: reviewEntries.filter((e) => g.some((r) => r.entryId === e.entryId)).map((e) => e.entryId),
    needsChair: g.every((r) => !r.shared),
  }));
  const lastScoreAt = lastScore?.at ? new Date(lastScore.at) : null;
  return {
    section,
    rules,
    stale: !current && (section.computedAt === null || (lastScoreAt !== null && lastScoreAt > section.computedAt)),
    maximum,
    criteria: criteriaRows.map((c) => ({
      id: c.id,
      name_kk: c.name_kk,
      name_ru: c.name_ru,
      name_en: c.name_en,
      max: c.max,
      weight: c.weight,
    })),
    judges,
    entries: reviewEntries,
    ties,
    chairDecisions: await chairDecisions(db, sectionId),
    grandPrix: await grandPrixView(
      db,
      section,
      rules,
      current
        ? reviewEntries.map((e) => ({
            entryId: e.entryId,
            reference: e.reference,
            title: e.title,
            award: e.result?.award ?? null,
            percent: e.result?.percent ?? null,
          }))
        : undefined,
    ),
  };
}

/** The chair's recorded orders in a section: rows written together (one decision) share their time and author. */
async function chairDecisions(db: DB, sectionId: number): Promise<SectionReview["chairDecisions"]> {
  const rows = await db
    .selectFrom("tie_decisions as d")
    .leftJoin("users", "users.id", "d.decided_by_user_id")
    .select(["d.entry_id", "d.position", "d.decided_at", "d.decided_by_user_id", "users.name"])
    .where("d.section_id", "=", sectionId)
    .orderBy("d.decided_at")
    .orderBy("d.position")
    .execute();
  const decisions = new Map<string, SectionReview["chairDecisions"][number]>();
  for (const r of rows) {
    const key = `${r.decided_at.toISOString()}:${r.decided_by_user_id ?? 0}`;
    const d = decisions.get(key) ?? { entryIds: [], decidedBy: r.name ?? null, decidedAt: r.decided_at };
    d.entryIds.push(r.entry_id);
    decisions.set(key, d);
  }
  return [...decisions.values()];
}
