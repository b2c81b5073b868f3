import { sql } from "kysely";
import { describe, expect, it } from "vitest";

import { ensureSection, roundEntryIds } from "~/.server/events/rounds.server";
import type { DB } from "~/.server/platform/db.server";
import { renderEmail } from "~/.server/platform/email/templates.server";
import {
  ADVANCE_PAGE_SIZE,
  advancementPage,
  advanceSectionPage,
  applyAdvanceRule,
  confirmAdvancement,
} from "~/.server/results/advancement.server";
import { resultsEvent } from "~/.server/results/section-facts.server";
import Advancement from "~/routes/organiser.events.$id_.results_.advance/route";

import { engines, useTestDb } from "../setup/db";
import { BULK_SURNAME, bulkContest } from "./bulk-contest";
import { asActor, insertUser } from "./factories";
import { contest, danceEntry, family, lastOutboxId, outbox, section, vocalEntry } from "./publication-fixture";
import { renderPage } from "./render-page";

const BASE = "https://toi.example.kz";

/**
 * The remote round (the best two of each section advance) of a contest whose final is in Astana on
 * 10–11 December 2026. Vocal 7–10 is locked with places 1, 2, 2, 4; Dance 11–14 is not locked yet.
 */
async function remoteRound(db: DB) {
  const c = await contest(db);
  const aruzhan = await family(db, c, { first: "Aruzhan", last: "Akhmetova", locale: "kk" });
  const dias = await family(db, c, { first: "Dias", last: "Seitkali", locale: "ru" });
  const timur = await family(db, c, { first: "Timur", last: "Bekov", locale: "en" });
  const zarina = await family(db, c, { first: "Zarina", last: "Nurova", locale: "ru" });
  const madina = await family(db, c, { first: "Madina", last: "Oralova", locale: "ru" });
  const leader = await insertUser(db, { email: `leader-${c.eventId}@example.kz`, name: "Club leader" });
  const vocal = { nominationId: c.vocalId, ageGroupId: c.youngerId };
  const first = await vocalEntry(db, c, [aruzhan.childId], "Әлди", { submittedBy: aruzhan.guardian.id });
  const second = await vocalEntry(db, c, [dias.childId], "Kökem", { submittedBy: leader.id });
  const alsoSecond = await vocalEntry(db, c, [timur.childId], "Dombra", { submittedBy: timur.guardian.id });
  const fourth = await vocalEntry(db, c, [zarina.childId], "Ak kayin", { submittedBy: zarina.guardian.id });
  const dance = await danceEntry(db, c, [madina.childId], "Kara zhorga");
  const vocalSection = await section(db, {
    roundId: c.remote.id,
    ...vocal,
    locked: true,
    rows: [
      { entryId: fourth.id, rank: 4, percent: 70 },
      { entryId: first.id, rank: 1, percent: 91 },
      { entryId: second.id, rank: 2, percent: 88, shared: true },
      { entryId: alsoSecond.id, rank: 2, percent: 88, shared: true },
    ],
  });
  const danceSection = await section(db, {
    roundId: c.remote.id,
    nominationId: c.danceId,
    ageGroupId: c.olderId,
    rows: [{ entryId: dance.id, rank: 1, percent: 95 }],
  });
  return {
    c,
    aruzhan,
    dias,
    timur,
    zarina,
    leader,
    first,
    second,
    alsoSecond,
    fourth,
    dance,
    vocalSection,
    danceSection,
  };
}
type Remote = Awaited<ReturnType<typeof remoteRound>>;

const rule = (db: DB, r: Remote, sectionId: number | null) =>
  applyAdvanceRule(db, r.c.organiser, { eventId: r.c.eventId, roundId: r.c.remote.id, sectionId, baseUrl: BASE });

const confirm = (db: DB, r: Remote, entryIds: number[], sectionIds = [r.vocalSection]) =>
  confirmAdvancement(db, r.c.organiser, {
    eventId: r.c.eventId,
    roundId: r.c.remote.id,
    sectionIds,
    entryIds,
    baseUrl: BASE,
  });

describe.each(engines)("advancement to the next round (%s)", (engine) => {
  const t = useTestDb(engine);

  it("proposes the best two of a locked section, with both entries sharing second place", async () => {
    const r = await remoteRound(t.db);
    const page = (await advancementPage(t.db, r.c.eventId, { roundId: r.c.remote.id }, "en"))!;
    expect(page.next).toEqual({ id: r.c.final.id, label: "Final, 10–11 December 2026, Astana" });
    expect(page.round).toMatchObject({ number: 1, advanceRule: "top_n", advanceValue: 2 });
    const [vocal, dance] = page.sections;
    expect(vocal).toMatchObject({ locked: true, entries: 4, proposed: 3, chosen: 0 });
    const rows = (await advanceSectionPage(t.db, r.c.eventId, { roundId: r.c.remote.id }, r.vocalSection, null, "en"))!
      .rows;
    expect(rows.map((row) => [row.entryId, row.place, row.proposed, row.advanced])).toEqual([
      [r.first.id, 1, true, false],
      [r.second.id, 2, true, false],
      [r.alsoSecond.id, 2, true, false],
      [r.fourth.id, 4, false, false],
    ]);
    expect(rows[0]!.performers).toBe("Akhmetova Aruzhan");
    // Unlocked: no proposal until the organiser locks it, and nothing to open.
    expect(dance).toMatchObject({ locked: false, entries: 0, proposed: 0, chosen: 0 });
    expect(
      await advanceSectionPage(t.db, r.c.eventId, { roundId: r.c.remote.id }, r.danceSection, null, "en"),
    ).toBeNull();
    // Without a round asked for, the first round that has a next one.
    expect((await advancementPage(t.db, r.c.eventId, { roundId: null }, "en"))!.round.id).toBe(r.c.remote.id);
  });

  it("adds the ticked entries to the next round once and emails their families in their language", async () => {
    const r = await remoteRound(t.db);
    const before = await lastOutboxId(t.db);
    const outcome = await confirm(t.db, r, [r.first.id, r.second.id, r.alsoSecond.id]);
    expect(outcome).toEqual({
      status: "done",
      added: [r.first.id, r.second.id, r.alsoSecond.id].sort((a, b) => a - b),
      removed: [],
      kept: [],
      elsewhere: [],
      emailed: 4,
    });
    expect(await roundEntryIds(t.db, r.c.final.id)).toEqual(
      [r.first.id, r.second.id, r.alsoSecond.id].sort((a, b) => a - b),
    );
    const stored = await t.db
      .selectFrom("round_entries")
      .select(["advanced_by_user_id"])
      .where("round_id", "=", r.c.final.id)
      .execute();
    expect(stored.every((s) => s.advanced_by_user_id === r.c.organiser.id)).toBe(true);

    const mails = await outbox(t.db, undefined, before);
    expect(mails.map((m) => [m.template, m.to_email, m.locale]).sort()).toEqual(
      [
        ["entry_advanced", r.aruzhan.guardian.email, "kk"],
        ["entry_advanced", r.dias.guardian.email, "ru"],
        ["entry_advanced", r.leader.email, "ru"], // the default language of a new account
        ["entry_advanced", r.timur.guardian.email, "en"],
      ].sort(),
    );
    const timur = mails.find((m) => m.to_email === r.timur.guardian.email)!.params;
    expect(timur).toMatchObject({
      childNames: "Timur",
      round: "Final, 10–11 December 2026, Astana",
      reference: r.alsoSecond.reference,
      url: `${BASE}/entries/${r.alsoSecond.reference}`,
    });
    const kk = mails.find((m) => m.to_email === r.aruzhan.guardian.email)!.params;
    expect(kk.round).toBe("Финал, 2026 ж. 10–11 желтоқсан, Астана");
    expect(renderEmail("entry_advanced", "kk", kk).text).toContain("келесі кезеңге өтеді");

    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "after"])
      .where("action", "=", "results.advance")
      .where("event_id", "=", r.c.eventId)
      .execute();
    expect(audit).toHaveLength(1);

    // The same confirmation again changes nothing and emails no one.
    const again = await lastOutboxId(t.db);
    expect(await confirm(t.db, r, [r.first.id, r.second.id, r.alsoSecond.id])).toEqual({
      status: "done",
      added: [],
      removed: [],
      kept: [],
      elsewhere: [],
      emailed: 0,
    });
    expect(await outbox(t.db, undefined, again)).toEqual([]);
  });

  it("adds each entry once when two confirmations race", async () => {
    const r = await remoteRound(t.db);
    const before = await lastOutboxId(t.db);
    const results = await Promise.all([confirm(t.db, r, [r.first.id]), confirm(t.db, r, [r.first.id])]);
    expect(results.flatMap((o) => (o.status === "done" ? o.added : []))).toEqual([r.first.id]);
    expect(await outbox(t.db, "entry_advanced", before)).toHaveLength(1);
  });

  it("takes an unticked entry back out of the next round, unless it already has a score there", async () => {
    const r = await remoteRound(t.db);
    await confirm(t.db, r, [r.first.id, r.second.id, r.alsoSecond.id]);
    const criterion = await t.db
      .insertInto("criteria")
      .values({ nomination_id: r.c.vocalId, name_en: "Tone", max_score: 10 })
      .returning("id")
      .executeTakeFirstOrThrow();
    const judge = await insertUser(t.db);
    await t.db
      .insertInto("scores")
      .values({
        round_id: r.c.final.id,
        entry_id: r.second.id,
        judge_user_id: judge.id,
        criterion_id: criterion.id,
        value: 9,
        version: 1,
      })
      .execute();

    const before = await lastOutboxId(t.db);
    // Untick both second places, tick the fourth.
    const outcome = await confirm(t.db, r, [r.first.id, r.fourth.id]);
    expect(outcome).toEqual({
      status: "done",
      added: [r.fourth.id],
      removed: [r.alsoSecond.id],
      kept: [r.second.id],
      elsewhere: [],
      emailed: 1,
    });
    expect(await roundEntryIds(t.db, r.c.final.id)).toEqual(
      [r.first.id, r.second.id, r.fourth.id].sort((a, b) => a - b),
    );
    expect((await outbox(t.db, undefined, before)).map((m) => m.to_email)).toEqual([r.zarina.guardian.email]);

    const page = (await advanceSectionPage(t.db, r.c.eventId, { roundId: r.c.remote.id }, r.vocalSection, null, "en"))!;
    expect(page.section).toMatchObject({ entries: 4, proposed: 3, chosen: 3 });
    const rows = new Map(page.rows.map((row) => [row.entryId, row]));
    expect(rows.get(r.second.id)).toMatchObject({ advanced: true, scoredInNext: true });
    expect(rows.get(r.alsoSecond.id)).toMatchObject({ advanced: false, scoredInNext: false });
  });

  it("emails a family once per entry and round, even when the entry is taken out and put back", async () => {
    const r = await remoteRound(t.db);
    expect(await confirm(t.db, r, [r.first.id])).toMatchObject({ added: [r.first.id], emailed: 1 });
    expect(await confirm(t.db, r, [])).toMatchObject({ removed: [r.first.id], emailed: 0 });
    const before = await lastOutboxId(t.db);
    expect(await confirm(t.db, r, [r.first.id, r.fourth.id])).toEqual({
      status: "done",
      added: [r.first.id, r.fourth.id].sort((a, b) => a - b),
      removed: [],
      kept: [],
      elsewhere: [],
      emailed: 1,
    });
    expect((await outbox(t.db, undefined, before)).map((m) => m.to_email)).toEqual([r.zarina.guardian.email]);
    expect(await roundEntryIds(t.db, r.c.final.id)).toEqual([r.first.id, r.fourth.id].sort((a, b) => a - b));
  });

  it("changes nothing for an entry or section outside the round's locked sections", async () => {
    const r = await remoteRound(t.db);
    expect(await confirm(t.db, r, [r.dance.id], [r.danceSection])).toEqual({ status: "invalid" });
    expect(await confirm(t.db, r, [r.first.id, r.dance.id])).toEqual({ status: "invalid" });
    const other = await remoteRound(t.db);
    expect(await confirm(t.db, r, [other.first.id], [other.vocalSection])).toEqual({ status: "invalid" });
    expect(
      await confirmAdvancement(t.db, r.c.organiser, {
        eventId: other.c.eventId,
        roundId: r.c.remote.id,
        sectionIds: [r.vocalSection],
        entryIds: [],
        baseUrl: BASE,
      }),
    ).toEqual({ status: "not_found" });
    expect(await roundEntryIds(t.db, r.c.final.id)).toEqual([]);
  });

  it("has nowhere to advance from the last round", async () => {
    const r = await remoteRound(t.db);
    const finalSection = await section(t.db, {
      roundId: r.c.final.id,
      nominationId: r.c.vocalId,
      ageGroupId: r.c.youngerId,
      locked: true,
      rows: [],
    });
    const page = (await advancementPage(t.db, r.c.eventId, { roundId: r.c.final.id }, "en"))!;
    expect(page.next).toBeNull();
    expect(
      await confirmAdvancement(t.db, r.c.organiser, {
        eventId: r.c.eventId,
        roundId: r.c.final.id,
        sectionIds: [finalSection],
        entryIds: [],
        baseUrl: BASE,
      }),
    ).toEqual({ status: "no_next" });
    expect(await advancementPage(t.db, r.c.eventId, { roundId: 999_999 }, "en")).toBeNull();
  });

  it("applies the rule to one section: exactly its proposal, entries picked by hand taken back out", async () => {
    const r = await remoteRound(t.db);
    await confirm(t.db, r, [r.first.id, r.fourth.id]);
    const before = await lastOutboxId(t.db);
    expect(await rule(t.db, r, r.vocalSection)).toEqual({
      status: "done",
      added: [r.second.id, r.alsoSecond.id].sort((a, b) => a - b),
      removed: [r.fourth.id],
      kept: [],
      elsewhere: [],
      emailed: 3, // Dias's family and the club leader who entered him, and Timur's family
    });
    expect(await roundEntryIds(t.db, r.c.final.id)).toEqual(
      [r.first.id, r.second.id, r.alsoSecond.id].sort((a, b) => a - b),
    );
    expect(await outbox(t.db, "entry_advanced", before)).toHaveLength(3);
    // Applied again, nothing changes.
    expect(await rule(t.db, r, r.vocalSection)).toMatchObject({ added: [], removed: [], emailed: 0 });
    // A section that isn't locked has no proposal to apply.
    expect(await rule(t.db, r, r.danceSection)).toEqual({ status: "invalid" });
  });

  it("applies the rule at once to every locked section nothing advances from yet, leaving decided ones as they are", async () => {
    const r = await remoteRound(t.db);
    await confirm(t.db, r, [r.fourth.id]);
    await t.db.updateTable("result_sections").set({ locked_at: new Date() }).where("id", "=", r.danceSection).execute();
    expect(await rule(t.db, r, null)).toMatchObject({ status: "done", added: [r.dance.id], removed: [] });
    expect(await roundEntryIds(t.db, r.c.final.id)).toEqual([r.fourth.id, r.dance.id].sort((a, b) => a - b));
    const page = (await advancementPage(t.db, r.c.eventId, { roundId: r.c.remote.id }, "en"))!;
    expect(page.sections.map((s) => [s.id, s.entries, s.proposed, s.chosen])).toEqual([
      [r.vocalSection, 4, 3, 1],
      [r.danceSection, 1, 1, 1],
    ]);
    // Every section decided: nothing more to do.
    expect(await rule(t.db, r, null)).toEqual({
      status: "done",
      added: [],
      removed: [],
      kept: [],
      elsewhere: [],
      emailed: 0,
    });
  });

  it("saves one page of a section: only the entries it showed change", async () => {
    const r = await remoteRound(t.db);
    await confirm(t.db, r, [r.first.id, r.second.id]);
    const page = (shownEntryIds: number[], entryIds: number[]) =>
      confirmAdvancement(t.db, r.c.organiser, {
        eventId: r.c.eventId,
        roundId: r.c.remote.id,
        sectionIds: [r.vocalSection],
        entryIds,
        shownEntryIds,
        baseUrl: BASE,
      });
    // A page showing the last two: the fourth ticked; the first two, not on it, stay.
    expect(await page([r.alsoSecond.id, r.fourth.id], [r.fourth.id])).toMatchObject({
      added: [r.fourth.id],
      removed: [],
    });
    expect(await page([r.first.id], [])).toMatchObject({ added: [], removed: [r.first.id] });
    expect(await roundEntryIds(t.db, r.c.final.id)).toEqual([r.second.id, r.fourth.id].sort((a, b) => a - b));
    // A tick for an entry the page didn't show, or an entry of another section shown: nothing changes.
    expect(await page([r.first.id], [r.alsoSecond.id])).toEqual({ status: "invalid" });
    expect(await page([r.dance.id], [])).toEqual({ status: "invalid" });
    expect(await roundEntryIds(t.db, r.c.final.id)).toEqual([r.second.id, r.fourth.id].sort((a, b) => a - b));
  });

  it("shows a 10,000-entry round as 24 sections with counts and each section 50 entries a page, each page under 300 KB", async () => {
    const c = await bulkContest(t.db, { entries: 10_000, nominations: 8, ageGroups: 3 });
    for (const nominationId of c.nominationIds)
      for (const ageGroupId of c.ageGroupIds) await ensureSection(t.db, c.remoteId, nominationId, ageGroupId);
    // Places 1, 2, 3 … by entry in each section; all sections computed and locked.
    await sql`insert into results (round_id, entry_id, section_id, rank, percent, total, judge_count)
      select round_id, entry_id, section_id, place, 95 - place * 0.05, (95 - place * 0.05) * 0.4, 3 from (
        select s.round_id, e.id as entry_id, s.id as section_id,
          row_number() over (partition by s.id order by e.id) as place
        from entries e join result_sections s
          on s.round_id = ${c.remoteId} and s.nomination_id = e.nomination_id and s.age_group_id = e.age_group_id
        where e.event_id = ${c.eventId}) placed`.execute(t.db);
    await t.db
      .updateTable("result_sections")
      .set({ computed_at: new Date(), locked_at: new Date() })
      .where("round_id", "=", c.remoteId)
      .execute();
    const organiser = asActor(c.organiser.id);

    const page = (await advancementPage(t.db, c.eventId, { roundId: c.remoteId }, "ru"))!;
    expect(page.sections).toHaveLength(24);
    expect(page.sections.reduce((sum, s) => sum + s.entries, 0)).toBe(10_000);
    expect(page.sections.every((s) => s.proposed === 3 && s.chosen === 0)).toBe(true);
    const rendered = (loaderData: unknown, url: string) =>
      renderPage(Advancement, { path: "/organiser/events/:id/results/advance", url, loaderData, locale: "ru" });
    const event = await resultsEvent(t.db, c.eventId, "ru");
    const overview = rendered({ event, page, section: null }, `/organiser/events/${c.eventId}/results/advance`);
    expect(overview.html).toContain("(24)"); // the rule can be applied to all 24 at once
    expect(overview.bytes).toBeLessThan(300_000);

    const applied = await applyAdvanceRule(t.db, organiser, {
      eventId: c.eventId,
      roundId: c.remoteId,
      sectionId: null,
      baseUrl: BASE,
    });
    expect(applied).toMatchObject({ status: "done", removed: [] });
    expect(applied.status === "done" && applied.added).toHaveLength(72);

    const sectionId = page.sections[5]!.id;
    const second = (await advanceSectionPage(t.db, c.eventId, { roundId: c.remoteId }, sectionId, 2, "ru"))!;
    expect(second.section).toMatchObject({ proposed: 3, chosen: 3 });
    expect(second.page).toMatchObject({ page: 2, offset: ADVANCE_PAGE_SIZE });
    expect(second.rows.map((row) => row.place)).toEqual(
      Array.from({ length: ADVANCE_PAGE_SIZE }, (_, i) => ADVANCE_PAGE_SIZE + 1 + i),
    );
    const first = (await advanceSectionPage(t.db, c.eventId, { roundId: c.remoteId }, sectionId, null, "ru"))!;
    expect(first.rows.slice(0, 4).map((row) => [row.place, row.proposed, row.advanced])).toEqual([
      [1, true, true],
      [2, true, true],
      [3, true, true],
      [4, false, false],
    ]);
    expect(first.rows[0]!.performers).toMatch(BULK_SURNAME);
    for (const view of [first, second]) {
      const { html, bytes } = rendered(
        { event, page: null, section: view },
        `/organiser/events/${c.eventId}/results/advance?section=${sectionId}`,
      );
      expect(html.match(/type="checkbox"/g)).toHaveLength(ADVANCE_PAGE_SIZE);
      expect(bytes).toBeLessThan(300_000);
    }
    // A page past the end is the last one.
    const last = (await advanceSectionPage(t.db, c.eventId, { roundId: c.remoteId }, sectionId, 99, "ru"))!;
    expect(last.page.page).toBe(last.page.pages);
  });
});
