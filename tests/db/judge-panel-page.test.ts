import { describe, expect, it } from "vitest";

import { judgeSheetPage } from "~/.server/judging/judge-sheet.server";
import {
  PANEL_PAGE_SIZE,
  panelEntriesForJudge,
  panelPageForJudge,
  type PanelQuery,
} from "~/.server/judging/panel-entries.server";
import { saveScores } from "~/.server/judging/save-scores.server";
import type { DB } from "~/.server/platform/db.server";
import JudgePanelPage from "~/routes/judge.panels.$assignmentId";

import { engines, useTestDb } from "../setup/db";
import { BULK_SURNAME, bulkContest } from "./bulk-contest";
import { insertUser } from "./factories";
import { renderPage } from "./render-page";

/**
 * A judge on the remote round's panel for the first nomination (every age group) of a bulk contest,
 * with `criteria` criteria out of 10; entries numbered in running order (by reference: no schedule).
 */
async function judgedContest(db: DB, size: { entries: number; nominations: number; ageGroups: number }, criteria = 2) {
  const c = await bulkContest(db, size);
  const judge = await insertUser(db);
  const { id: assignmentId } = await db
    .insertInto("jury_assignments")
    .values({ round_id: c.remoteId, nomination_id: c.nominationIds[0]!, age_group_id: null, user_id: judge.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  const criterionIds = (
    await db
      .insertInto("criteria")
      .values(
        Array.from({ length: criteria }, (_, i) => ({
          nomination_id: c.nominationIds[0]!,
          position: i,
          name_en: `Criterion ${i + 1}`,
          max_score: 10,
        })),
      )
      .returning("id")
      .execute()
  ).map((r) => r.id);
  const entryIds = (
    await db
      .selectFrom("entries")
      .select("id")
      .where("event_id", "=", c.eventId)
      .where("nomination_id", "=", c.nominationIds[0]!)
      .orderBy("reference")
      .execute()
  ).map((r) => r.id);
  /** Scores the entries with these running-order numbers on every criterion (or the first ones only). */
  const score = async (numbers: number[], onCriteria = criterionIds) => {
    const outcomes = await saveScores(
      db,
      judge.id,
      numbers.flatMap((n) =>
        onCriteria.map((criterionId) => ({
          roundId: c.remoteId,
          entryId: entryIds[n - 1]!,
          criterionId,
          value: 8,
          version: 1,
        })),
      ),
    );
    expect(outcomes.every((o) => o.status === "accepted")).toBe(true);
  };
  const page = async (query: PanelQuery = {}) => (await panelPageForJudge(db, judge.id, assignmentId, query))!;
  return { ...c, judge, assignmentId, criterionIds, entryIds, score, page };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const numbers = (view: { entries: { number: number }[] }) => view.entries.map((e) => e.number);

describe.each(engines)("the judge's panel a page at a time on %s", (engine) => {
  const t = useTestDb(engine);

  it("opens at the entries not yet scored, 25 a page, with each filter's count and the whole panel's progress", async () => {
    const j = await judgedContest(t.db, { entries: 120, nominations: 1, ageGroups: 1 });
    await j.score(range(1, 10));
    await j.score([11], j.criterionIds.slice(0, 1)); // one criterion of two: not scored yet

    const first = await j.page();
    expect(first.list).toMatchObject({
      show: "todo",
      counts: { todo: 110, done: 10, all: 120 },
      first: 1,
      last: PANEL_PAGE_SIZE,
      total: 110,
      previous: null,
      next: 36,
    });
    expect(numbers(first)).toEqual(range(11, 35));
    expect(first.panel).toMatchObject({ scored: 10, total: 120 });
    // Only the page's entries are described, each with its child and the judge's own scores.
    expect(first.entries[0]).toMatchObject({ performers: [`${BULK_SURNAME} Әйгерім ${j.entryIds[10]}`] });
    expect(first.entries[0]!.scores).toEqual({ [j.criterionIds[0]!]: { value: 8, version: 1 } });

    expect(numbers(await j.page({ show: "done" }))).toEqual(range(1, 10));
    const last = await j.page({ show: "all", from: 100 });
    expect(numbers(last)).toEqual(range(100, 120));
    expect(last.list).toMatchObject({ first: 100, last: 120, total: 120, previous: 75, next: null });
  });

  it("keeps the next page's entries when the judge scores the ones before them, and shows everything once all are scored", async () => {
    const j = await judgedContest(t.db, { entries: 60, nominations: 1, ageGroups: 1 });
    const next = (await j.page()).list.next!;
    expect(next).toBe(26);
    await j.score(range(1, 25));
    // "From No. 26" is still No. 26 onwards, now the first of the list: nothing is skipped.
    const second = await j.page({ show: "todo", from: next });
    expect(numbers(second)).toEqual(range(26, 50));
    expect(second.list).toMatchObject({ first: 1, total: 35, previous: null, next: 51 });

    // The entry just saved without JavaScript stays on its page though it is scored now.
    await j.score([30]);
    expect(numbers(await j.page({ show: "todo", from: 26, keep: j.entryIds[29] }))).toContain(30);
    expect(numbers(await j.page({ show: "todo", from: 26 }))).not.toContain(30);

    await j.score(range(26, 60));
    const done = await j.page();
    expect(done.list).toMatchObject({ show: "all", counts: { todo: 0, done: 60, all: 60 } });
    expect(numbers(done)).toEqual(range(1, 25));
    expect((await j.page({ show: "todo" })).entries).toEqual([]);
  });

  it("gives a blind round's page nothing that names a child: no names, club, reference or time", async () => {
    const j = await judgedContest(t.db, { entries: 40, nominations: 1, ageGroups: 1 });
    const stage = await t.db
      .insertInto("stages")
      .values({ round_id: j.remoteId, name_en: "Main" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const version = await t.db
      .insertInto("schedule_versions")
      .values({ round_id: j.remoteId, status: "published", published_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("schedule_slots")
      .values(
        j.entryIds.map((entryId, i) => ({
          version_id: version.id,
          stage_id: stage.id,
          entry_id: entryId,
          starts_at: new Date(Date.UTC(2026, 11, 10, 5, 7 * i)),
          ends_at: new Date(Date.UTC(2026, 11, 10, 5, 7 * i + 5)),
        })),
      )
      .execute();
    // The page as its loader hands it to the browser, in a round that is not blind and in one that is.
    const pageData = async (query: PanelQuery) => {
      const view = await j.page(query);
      return { view, data: JSON.stringify(judgeSheetPage(view, "ru")) };
    };
    const identifying = new RegExp(`${BULK_SURNAME}|Әйгерім|${j.club.name}|${j.referencePrefix}|10:07`);

    const open = await pageData({ show: "all" });
    expect(open.data).toMatch(identifying);
    expect(open.view.entries[1]).toMatchObject({ club: null, reference: `${j.referencePrefix}00002` });

    await t.db.updateTable("rounds").set({ blind: true }).where("id", "=", j.remoteId).execute();
    for (const query of [{ show: "all" as const }, { show: "todo" as const, from: 11 }]) {
      const blind = await pageData(query);
      expect(blind.view.entries.length).toBeGreaterThan(0);
      expect(blind.data).not.toMatch(identifying);
      for (const e of blind.view.entries) {
        expect(e).toMatchObject({ reference: null, performers: [], club: null, startsAt: null });
        // The work itself is there to judge.
        expect(e.videoUrl).toMatch(/^https:\/\/www\.youtube\.com\//);
        expect(e.title).toMatch(/^Көктем вальсі /);
      }
    }
    // Nor does the entry a card posts (the form without JavaScript) carry one.
    const posted = await panelEntriesForJudge(t.db, j.judge.id, j.assignmentId, { only: [j.entryIds[9]!] });
    expect(posted!.entries.map((e) => e.number)).toEqual([10]);
    expect(JSON.stringify(posted)).not.toMatch(identifying);
  });

  it("sends a page of a 5,000-entry panel of a 10,000-entry contest in under 300 KB", async () => {
    const j = await judgedContest(t.db, { entries: 10_000, nominations: 2, ageGroups: 2 }, 4);
    await j.score(range(1, 40));
    for (const query of [{}, { show: "all" as const, from: 2_500 }, { show: "done" as const }]) {
      const view = await j.page(query);
      expect(view.panel.total).toBe(5_000);
      expect(view.entries).toHaveLength(PANEL_PAGE_SIZE);
      const { html, bytes } = renderPage(JudgePanelPage, {
        path: "/judge/panels/:assignmentId",
        url: `/judge/panels/${j.assignmentId}`,
        loaderData: { judgeId: j.judge.id, locale: "ru", saved: null, ...judgeSheetPage(view, "ru") },
        locale: "ru",
      });
      expect(html.match(/class="card score-card"/g)).toHaveLength(PANEL_PAGE_SIZE);
      expect(html).toContain("Оценено: 40 из 5000");
      expect(bytes).toBeLessThan(300_000);
    }
  });
});
