import { describe, expect, it } from "vitest";

import { roundEntryIds } from "~/.server/events/rounds.server";
import type { DB } from "~/.server/platform/db.server";
import { renderEmail } from "~/.server/platform/email/templates.server";
import { advancementPage, confirmAdvancement } from "~/.server/results/advancement.server";

import { engines, useTestDb } from "../setup/db";
import { insertUser } from "./factories";
import { contest, danceEntry, family, lastOutboxId, outbox, section, vocalEntry } from "./publication-fixture";

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
    const page = (await advancementPage(t.db, r.c.eventId, r.c.remote.id, "en"))!;
    expect(page.next).toEqual({ id: r.c.final.id, label: "Final, 10–11 December 2026, Astana" });
    expect(page.round).toMatchObject({ number: 1, advanceRule: "top_n", advanceValue: 2 });
    const [vocal, dance] = page.sections;
    expect(vocal!.locked).toBe(true);
    expect(vocal!.rows.map((row) => [row.entryId, row.place, row.proposed, row.advanced])).toEqual([
      [r.first.id, 1, true, false],
      [r.second.id, 2, true, false],
      [r.alsoSecond.id, 2, true, false],
      [r.fourth.id, 4, false, false],
    ]);
    expect(vocal!.rows[0]!.performers).toBe("Akhmetova Aruzhan");
    // Unlocked: no proposal until the organiser locks it.
    expect(dance!.locked).toBe(false);
    expect(dance!.rows).toEqual([]);
    // Without a round asked for, the first round that has a next one.
    expect((await advancementPage(t.db, r.c.eventId, null, "en"))!.round.id).toBe(r.c.remote.id);
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
      emailed: 1,
    });
    expect(await roundEntryIds(t.db, r.c.final.id)).toEqual(
      [r.first.id, r.second.id, r.fourth.id].sort((a, b) => a - b),
    );
    expect((await outbox(t.db, undefined, before)).map((m) => m.to_email)).toEqual([r.zarina.guardian.email]);

    const page = (await advancementPage(t.db, r.c.eventId, r.c.remote.id, "en"))!;
    const rows = new Map(page.sections[0]!.rows.map((row) => [row.entryId, row]));
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
    const page = (await advancementPage(t.db, r.c.eventId, r.c.final.id, "en"))!;
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
    expect(await advancementPage(t.db, r.c.eventId, 999_999, "en")).toBeNull();
  });
});
