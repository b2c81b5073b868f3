import { sql } from "kysely";

import type { PerformanceFormat } from "#db/types";
import { type PageFrom, pageFrom } from "~/domain/paging";

import type { DB } from "../platform/db.server";
import { type MemberRow, membersByEntry } from "../registration/entry-members.server";
import { blindNumbersForJudge, inRunningOrder, publishedSlots } from "./blind-numbers.server";
import { intArray, roundScope } from "./eligible-judges.server";
import { assignmentsOf, inAssignment, type JudgePanel, type Names, panelOf } from "./judge-panels.server";

/*
 * What a judge sees on one panel: its entries in running order, a page at a time (in a blind round
 * nothing that names the child: no names, club, reference or time), the criteria, and the judge's own
 * scores; and an entry's artwork, for a judge who may see it.
 */

export interface JudgeCriterion extends Names {
  id: number;
  maxScore: number;
  weight: number;
}

export interface JudgeScore {
  value: number;
  version: number;
}

export interface JudgeEntry {
  entryId: number;
  /** Place in the panel's running order (1-based); the neutral code of a blind round. */
  number: number;
  /** null in a blind round. */
  reference: string | null;
  title: string;
  format: PerformanceFormat;
  durationSeconds: number | null;
  videoUrl: string | null;
  hasArtwork: boolean;
  /** Full names and club; empty and null in a blind round. */
  performers: string[];
  club: string | null;
  ageGroup: { min: number; max: number } | null;
  /** On the published running order; null in a blind round. */
  startsAt: Date | null;
  /** The section is locked: the organiser changes scores now, the judge no longer. */
  locked: boolean;
  /** This judge's own scores by criterion id. */
  scores: Record<number, JudgeScore>;
}

export interface JudgePanelEntries {
  panel: JudgePanel;
  criteria: JudgeCriterion[];
  entries: JudgeEntry[];
}

/** Which of the panel's entries the judge's screen lists: not yet scored, scored, or all. */
export const PANEL_SHOWS = ["todo", "done", "all"] as const;
export type PanelShow = (typeof PANEL_SHOWS)[number];

/** Entries on one page of the judge's screen: a page of score cards stays well under 300 KB. */
export const PANEL_PAGE_SIZE = 25;

export interface PanelQuery {
  /** Missing: the entries not yet scored while there are any, else all. */
  show?: PanelShow | null;
  /** The page starts at the first listed entry whose running-order number is this or more. */
  from?: number | null;
  /** An entry kept on the page though the filter leaves it out (the one just saved without JavaScript). */
  keep?: number | null;
}

export interface JudgePanelPage extends JudgePanelEntries {
  list: {
    show: PanelShow;
    /** How many entries each filter lists. */
    counts: Record<PanelShow, number>;
  } & Omit<PageFrom<unknown>, "items">;
}

/** One entry of the panel before it is described: what ordering, filtering and counting need. */
interface PanelRow {
  entryId: number;
  number: number;
  startsAt: Date | null;
  locked: boolean;
  scored: boolean;
  scores: Record<number, JudgeScore>;
}

/**
 * The entries of one of the judge's panels that the judge may score, in running order (the round's
 * published schedule; entries it doesn't place follow by reference), with this judge's scores only.
 * null when the assignment isn't this judge's (the route answers 404). `only` keeps just these
 * entries (numbered as in the whole panel).
 */
export async function panelEntriesForJudge(
  db: DB,
  judgeUserId: number,
  assignmentId: number,
  { only }: { only?: readonly number[] } = {},
): Promise<JudgePanelEntries | null> {
  const panel = await loadPanel(db, judgeUserId, assignmentId);
  if (!panel) return null;
  const wanted = only && new Set(only);
  const rows = wanted ? panel.rows.filter((r) => wanted.has(r.entryId)) : panel.rows;
  return { panel: panel.panel, criteria: panel.criteria, entries: await describe(db, panel.blind, rows) };
}

/**
 * One page of the judge's panel (PANEL_PAGE_SIZE entries) as the judge's screen lists it: the
 * entries not yet scored, the scored ones or all, from a running-order number on, with each
 * filter's count. Only the page's entries are described (names, clubs, the work).
 */
export async function panelPageForJudge(
  db: DB,
  judgeUserId: number,
  assignmentId: number,
  query: PanelQuery = {},
): Promise<JudgePanelPage | null> {
  const panel = await loadPanel(db, judgeUserId, assignmentId);
  if (!panel) return null;
  const done = panel.rows.filter((r) => r.scored).length;
  const counts = { todo: panel.rows.length - done, done, all: panel.rows.length };
  const show = query.show ?? (counts.todo > 0 ? "todo" : "all");
  const listed = panel.rows.filter((r) => show === "all" || r.scored === (show === "done") || r.entryId === query.keep);
  const { items, ...at } = pageFrom(listed, (r) => r.number, query.from, PANEL_PAGE_SIZE);
  return {
    panel: panel.panel,
    criteria: panel.criteria,
    entries: await describe(db, panel.blind, items),
    list: { show, counts, ...at },
  };
}

/** The panel, its criteria, and its entries in running order with this judge's scores; nothing named yet. */
async function loadPanel(db: DB, judgeUserId: number, assignmentId: number) {
  const [a] = await assignmentsOf(db, judgeUserId, assignmentId);
  if (!a) return null;
  const scope = await roundScope(db, a.round_id, { judgeUserId });
  const inPanel = [...scope].filter(([, s]) => inAssignment(a, s)).map(([id]) => id);

  const [entries, slotOf, criteria, locks, scores] = await Promise.all([
    inPanel.length
      ? db
          .selectFrom("entries")
          .select(["id", "reference", "age_group_id"])
          .where(sql<boolean>`id = any(${intArray(inPanel)})`)
          .execute()
      : [],
    publishedSlots(db, a.round_id),
    db
      .selectFrom("criteria")
      .select(["id", "name_kk", "name_ru", "name_en", "max_score", "weight"])
      .where("nomination_id", "=", a.nomination_id)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("result_sections")
      .select(["age_group_id"])
      .where("round_id", "=", a.round_id)
      .where("nomination_id", "=", a.nomination_id)
      .where("locked_at", "is not", null)
      .execute(),
    db
      .selectFrom("scores")
      .select(["entry_id", "criterion_id", "value", "version"])
      .where("round_id", "=", a.round_id)
      .where("judge_user_id", "=", judgeUserId)
      .execute(),
  ]);

  const ordered = inRunningOrder(entries, slotOf);

  const criterionIds = new Set(criteria.map((c) => c.id));
  const scoresOf = new Map<number, Record<number, JudgeScore>>();
  for (const s of scores) {
    if (!criterionIds.has(s.criterion_id)) continue;
    const own = scoresOf.get(s.entry_id) ?? {};
    own[s.criterion_id] = { value: Number(s.value), version: Number(s.version) };
    scoresOf.set(s.entry_id, own);
  }
  const lockedGroups = new Set(locks.map((l) => l.age_group_id ?? 0));
  const visibleIds = new Set(inPanel.filter((id) => scope.get(id)!.eligible.has(judgeUserId)));

  // A live round numbers entries by their place in the running order, as on the stage. A blind
  // round gives each judge stable numbers for the entries that judge may see, written by the
  // paths that change the round, only read here (ADR 0023).
  const blindNumber = a.blind
    ? await blindNumbersForJudge(
        db,
        { roundId: a.round_id, judgeUserId, nominationId: a.nomination_id },
        ordered.filter((e) => visibleIds.has(e.id)).map((e) => e.id),
      )
    : null;
  const needed = criteria.length;
  const rows: PanelRow[] = [];
  ordered.forEach((e, i) => {
    if (!visibleIds.has(e.id)) return;
    const own = scoresOf.get(e.id) ?? {};
    rows.push({
      entryId: e.id,
      number: blindNumber?.get(e.id) ?? i + 1,
      // A time on the public programme would name the child of a blind round.
      startsAt: a.blind ? null : (slotOf.get(e.id)?.startsAt ?? null),
      locked: lockedGroups.has(e.age_group_id ?? 0),
      scored: needed > 0 && Object.keys(own).length >= needed,
      scores: own,
    });
  });

  if (blindNumber) rows.sort((x, y) => x.number - y.number);

  return {
    blind: a.blind,
    panel: panelOf(a, {
      scored: rows.filter((r) => r.scored).length,
      total: rows.length,
      hidden: inPanel.length - rows.length,
    }),
    criteria: criteria.map((c): JudgeCriterion => ({
      id: c.id,
      name_kk: c.name_kk,
      name_ru: c.name_ru,
      name_en: c.name_en,
      maxScore: Number(c.max_score),
      weight: Number(c.weight),
    })),
    rows,
  };
}

/**
 * The entries as the judge sees them, in the rows' order: the work and its age group, and except in a
 * blind round the reference, performers and club (a blind round's performers are not even read).
 */
async function describe(db: DB, blind: boolean, rows: readonly PanelRow[]): Promise<JudgeEntry[]> {
  if (!rows.length) return [];
  const entryIds = rows.map((r) => r.entryId);
  const [details, members] = await Promise.all([
    db
      .selectFrom("entries")
      .leftJoin("clubs", "clubs.id", "entries.club_id")
      .leftJoin("age_groups", "age_groups.id", "entries.age_group_id")
      .select([
        "entries.id",
        "entries.reference",
        "entries.title",
        "entries.format",
        "entries.duration_seconds",
        "entries.video_url",
        "entries.artwork_file",
        "clubs.name as club",
        "age_groups.min_age",
        "age_groups.max_age",
      ])
      .where(sql<boolean>`entries.id = any(${intArray(entryIds)})`)
      .execute(),
    blind ? new Map<number, MemberRow[]>() : membersByEntry(db, entryIds, { activeOnly: true }),
  ]);
  const detailsOf = new Map(details.map((d) => [d.id, d]));
  return rows.map((r): JudgeEntry => {
    const e = detailsOf.get(r.entryId)!;
    return {
      entryId: r.entryId,
      number: r.number,
      reference: blind ? null : e.reference,
      title: e.title,
      format: e.format,
      durationSeconds: e.duration_seconds,
      videoUrl: e.video_url,
      hasArtwork: e.artwork_file !== null,
      performers: blind
        ? []
        : (members.get(r.entryId) ?? []).map((m) =>
            [m.last_name, m.first_name, m.patronymic].filter(Boolean).join(" "),
          ),
      club: blind ? null : e.club,
      ageGroup: e.min_age !== null && e.max_age !== null ? { min: e.min_age, max: e.max_age } : null,
      startsAt: r.startsAt,
      locked: r.locked,
      scores: r.scores,
    };
  });
}

/** The artwork file of an entry this judge may see on this panel; null otherwise. */
export async function artworkForJudge(
  db: DB,
  judgeUserId: number,
  assignmentId: number,
  entryId: number,
): Promise<string | null> {
  const [a] = await assignmentsOf(db, judgeUserId, assignmentId);
  if (!a) return null;
  const scope = (await roundScope(db, a.round_id, { judgeUserId, entryIds: [entryId] })).get(entryId);
  if (!scope || !inAssignment(a, scope) || !scope.eligible.has(judgeUserId)) return null;
  const entry = await db.selectFrom("entries").select("artwork_file").where("id", "=", entryId).executeTakeFirst();
  return entry?.artwork_file ?? null;
}
