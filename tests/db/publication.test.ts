import ExcelJS from "exceljs";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";

import type { DB } from "~/.server/platform/db.server";
import { renderEmail } from "~/.server/platform/email/templates.server";
import { exportRoundResults } from "~/.server/results/export.server";
import { resultsOverview } from "~/.server/results/overview.server";
import { lockSection, publishSection, unlockSection, unpublishSection } from "~/.server/results/publication.server";
import { catalogues } from "~/i18n";

import { engines, useTestDb } from "../setup/db";
import { insertUser } from "./factories";
import {
  type Contest,
  contest,
  danceEntry,
  family,
  lastOutboxId,
  outbox,
  section,
  sibling,
  vocalEntry,
} from "./publication-fixture";

const BASE = "https://toi.example.kz";

/**
 * Vocal 7–10 with three entries: Aruzhan's solo (her Kazakh-speaking mother submitted it), Dias's
 * solo (submitted by an English-speaking club leader; his mother reads Russian), and an ensemble of
 * Timur and Aruzhan's brother Alikhan from the club (Timur's father reads English). Dance 11–14 has
 * Madina's solo.
 */
async function vocalFinal(db: DB) {
  const c = await contest(db);
  const aruzhan = await family(db, c, { first: "Aruzhan", last: "Akhmetova", locale: "kk" });
  const dias = await family(db, c, { first: "Dias", last: "Seitkali", locale: "ru" });
  const timur = await family(db, c, { first: "Timur", last: "Bekov", locale: "en", club: true });
  const madina = await family(db, c, { first: "Madina", last: "Oralova", locale: "ru" });
  const alikhan = await sibling(db, aruzhan.guardian.id, "Alikhan", "Akhmetov");
  const leader = await insertUser(db, { email: `leader-${c.eventId}@example.kz`, name: "Club leader" });
  await db.updateTable("users").set({ locale: "en" }).where("id", "=", leader.id).execute();
  const solo = await vocalEntry(db, c, [aruzhan.childId], "Әлди", { submittedBy: aruzhan.guardian.id });
  const diasSolo = await vocalEntry(db, c, [dias.childId], "Kökem", { submittedBy: leader.id });
  const ensemble = await vocalEntry(db, c, [timur.childId, alikhan], "Dombra", {
    format: "ensemble",
    clubId: c.clubId,
    submittedBy: timur.guardian.id,
  });
  const dance = await danceEntry(db, c, [madina.childId], "Kara zhorga", { submittedBy: madina.guardian.id });
  return { c, aruzhan, dias, timur, madina, leader, solo, diasSolo, ensemble, dance };
}
type Final = Awaited<ReturnType<typeof vocalFinal>>;

const finalRows = (f: Final) => [
  { entryId: f.solo.id, rank: 1, percent: 92.5, award: "laureate_1" as const, total: 37 },
  { entryId: f.diasSolo.id, rank: 2, percent: 85, award: "laureate_2" as const, total: 34 },
  { entryId: f.ensemble.id, rank: 3, percent: 60, award: null, total: 24 },
];

/** The final's Vocal 7–10 section with finalRows, computed and as `state` says. */
const vocalFinalSection = (
  db: DB,
  f: Final,
  state: Pick<Parameters<typeof section>[1], "locked" | "published" | "computed" | "by"> = {},
) =>
  section(db, {
    roundId: f.c.final.id,
    nominationId: f.c.vocalId,
    ageGroupId: f.c.youngerId,
    rows: finalRows(f),
    ...state,
  });

const sectionRow = (db: DB, id: number) =>
  db.selectFrom("result_sections").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const auditActions = async (db: DB, sectionId: number) =>
  (
    await db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "result_section")
      .where("entity_id", "=", String(sectionId))
      .orderBy("id")
      .execute()
  ).map((a) => a.action);

/** The diploma codes of a section's awards, by entry. */
const diplomaCodesOf = (db: DB, sectionId: number) =>
  db
    .selectFrom("diploma_codes as d")
    .innerJoin("results as r", (j) => j.onRef("r.entry_id", "=", "d.entry_id").onRef("r.round_id", "=", "d.round_id"))
    .select(["d.entry_id", "d.code"])
    .where("r.section_id", "=", sectionId)
    .where("d.special_prize_id", "is", null)
    .orderBy("d.entry_id")
    .execute();

describe.each(engines)("results publication (%s)", (engine) => {
  const t = useTestDb(engine);

  it("locks a section once, audited with who locked it", async () => {
    const f = await vocalFinal(t.db);
    const id = await vocalFinalSection(t.db, f);
    const scope = { eventId: f.c.eventId, sectionId: id };
    expect(await lockSection(t.db, f.c.organiser, scope)).toEqual({ status: "locked" });
    const row = await sectionRow(t.db, id);
    expect(row.locked_at).not.toBeNull();
    expect(row.locked_by_user_id).toBe(f.c.organiser.id);
    expect(await lockSection(t.db, f.c.organiser, scope)).toEqual({ status: "already" });
    expect(await auditActions(t.db, id)).toEqual(["results.lock"]);
  });

  it("refuses to publish a section that is not locked, or not computed, and emails no one", async () => {
    const f = await vocalFinal(t.db);
    const before = await lastOutboxId(t.db);
    const open = await vocalFinalSection(t.db, f);
    expect(await publishSection(t.db, f.c.organiser, { eventId: f.c.eventId, sectionId: open, baseUrl: BASE })).toEqual(
      { status: "refused", reason: "not_locked" },
    );
    expect((await sectionRow(t.db, open)).published_at).toBeNull();
    const uncomputed = await section(t.db, {
      roundId: f.c.final.id,
      nominationId: f.c.danceId,
      ageGroupId: f.c.olderId,
      rows: [],
      computed: false,
      locked: true,
    });
    expect(
      await publishSection(t.db, f.c.organiser, { eventId: f.c.eventId, sectionId: uncomputed, baseUrl: BASE }),
    ).toEqual({ status: "refused", reason: "not_computed" });
    expect(await outbox(t.db, undefined, before)).toEqual([]);
    // The database agrees: a published section is always locked.
    await expect(
      t.db.updateTable("result_sections").set({ published_at: new Date() }).where("id", "=", open).execute(),
    ).rejects.toThrow();
  });

  it("publishes a locked section and emails each family once, in its own language, with the diploma's entry page for an award", async () => {
    const f = await vocalFinal(t.db);
    const id = await vocalFinalSection(t.db, f, { locked: true });
    const before = await lastOutboxId(t.db);
    expect(await publishSection(t.db, f.c.organiser, { eventId: f.c.eventId, sectionId: id, baseUrl: BASE })).toEqual({
      status: "published",
      emailed: 4,
    });
    const row = await sectionRow(t.db, id);
    expect(row.published_at).not.toBeNull();
    expect(row.published_by_user_id).toBe(f.c.organiser.id);
    expect(await auditActions(t.db, id)).toEqual(["results.publish"]);

    const mails = await outbox(t.db, undefined, before);
    expect(mails.every((m) => m.template === "results_published")).toBe(true);
    const byEmail = new Map(mails.map((m) => [m.to_email, m]));
    // Aruzhan's mother (submitted the solo; Alikhan is in the ensemble), Dias's mother, the club leader who submitted Dias's solo, Timur's father.
    expect([...byEmail.keys()].sort()).toEqual(
      [f.aruzhan.guardian.email, f.dias.guardian.email, f.leader.email, f.timur.guardian.email].sort(),
    );
    expect(mails).toHaveLength(4);
    expect(byEmail.get(f.aruzhan.guardian.email)!.locale).toBe("kk");
    expect(byEmail.get(f.dias.guardian.email)!.locale).toBe("ru");
    expect(byEmail.get(f.leader.email)!.locale).toBe("en");

    type Blocks = { heading: string; lines: string[] }[];
    const blocksOf = (email: string) => (byEmail.get(email)!.params as unknown as { blocks: Blocks }).blocks;
    const kk = byEmail.get(f.aruzhan.guardian.email)!.params;
    expect(kk.url).toBe(`${BASE}/events/${f.c.slug}/results`);
    expect(kk.section).toBe("Вокал, 7–10 жас");
    // One email with a block per child: Aruzhan's solo, and her brother Alikhan's ensemble.
    const [alikhanBlock, aruzhanBlock, ...more] = blocksOf(f.aruzhan.guardian.email);
    expect(more).toEqual([]);
    expect(aruzhanBlock!.heading).toBe("Aruzhan Akhmetova");
    expect(aruzhanBlock!.lines).toHaveLength(1);
    expect(aruzhanBlock!.lines[0]).toContain(catalogues.kk.results.award.laureate_1);
    expect(aruzhanBlock!.lines[0]).toContain(`${BASE}/entries/${f.solo.reference}`);
    expect(alikhanBlock!.heading).toBe("Alikhan Akhmetov");
    expect(alikhanBlock!.lines).toEqual(["Alikhan, Timur «Dombra»: 3-орын."]); // a place, no award, no diploma link
    expect(blocksOf(f.dias.guardian.email)[0]!.lines[0]).toContain(catalogues.ru.results.award.laureate_2);
    // The club leader has no child of their own in it: a block per entry, named by its performers.
    expect(blocksOf(f.leader.email)).toEqual([
      {
        heading: "Dias «Kökem»",
        lines: [
          `Dias «Kökem»: Laureate, 2nd degree. The diploma is on the entry page: ${BASE}/entries/${f.diasSolo.reference}`,
        ],
      },
    ]);
    expect(blocksOf(f.timur.guardian.email)).toEqual([
      { heading: "Timur Bekov", lines: ["Alikhan, Timur «Dombra»: place 3."] },
    ]);

    const rendered = renderEmail("results_published", "kk", kk);
    expect(rendered.subject).toContain("Нәтижелер жарияланды");
    expect(rendered.text).toContain(`${BASE}/events/${f.c.slug}/results`);
    expect(rendered.text).toMatch(/Alikhan Akhmetov\n- Alikhan, Timur «Dombra»: 3-орын\.\n\nAruzhan Akhmetova\n- .+\n/);
  });

  it("emails the families only the first time a section is published; publishing again after a correction emails no one", async () => {
    const f = await vocalFinal(t.db);
    const id = await vocalFinalSection(t.db, f, { locked: true });
    const scope = { eventId: f.c.eventId, sectionId: id };
    expect(await publishSection(t.db, f.c.organiser, { ...scope, baseUrl: BASE })).toEqual({
      status: "published",
      emailed: 4,
    });
    const first = (await sectionRow(t.db, id)).first_published_at!;
    expect(first).toEqual((await sectionRow(t.db, id)).published_at);
    const codesAfterFirst = await diplomaCodesOf(t.db, id);
    const awarded = await t.db
      .selectFrom("results")
      .select("entry_id")
      .where("section_id", "=", id)
      .where("award", "is not", null)
      .execute();
    expect(codesAfterFirst.map((c) => c.entry_id).sort()).toEqual(awarded.map((r) => r.entry_id).sort());
    expect(await unpublishSection(t.db, f.c.organiser, scope)).toEqual({ status: "unpublished" });
    expect((await sectionRow(t.db, id)).first_published_at).toEqual(first);
    // The overview's confirm step says when the families were emailed.
    const [, final] = await resultsOverview(t.db, f.c.eventId, "en");
    expect(final!.sections.find((s) => s.sectionId === id)!.firstPublishedAt).toBe(first.toISOString());

    const before = await lastOutboxId(t.db);
    expect(await publishSection(t.db, f.c.organiser, { ...scope, baseUrl: BASE })).toEqual({
      status: "republished",
      firstPublishedAt: first,
    });
    expect(await outbox(t.db, undefined, before)).toEqual([]);
    // Publishing gave every award's diploma a code for its verification page; publishing again keeps them.
    expect(codesAfterFirst.length).toBeGreaterThan(0);
    expect(codesAfterFirst.every((c) => /^[0-9a-f]{32}$/.test(c.code))).toBe(true);
    expect(await diplomaCodesOf(t.db, id)).toEqual(codesAfterFirst);
    const row = await sectionRow(t.db, id);
    expect(row.published_at).not.toBeNull();
    expect(row.first_published_at).toEqual(first);
    const log = await t.db
      .selectFrom("audit_log")
      .select("after")
      .where("action", "=", "results.publish")
      .where("entity_id", "=", String(id))
      .orderBy("id")
      .execute();
    expect(log.map((l) => (l.after as { emailed: number }).emailed)).toEqual([4, 0]);
  });

  it("does not email again a section published before its first publication was recorded (the demo's, written directly)", async () => {
    const f = await vocalFinal(t.db);
    const id = await vocalFinalSection(t.db, f, { published: true });
    const scope = { eventId: f.c.eventId, sectionId: id };
    const publishedAt = (await sectionRow(t.db, id)).published_at!;
    expect(await unpublishSection(t.db, f.c.organiser, scope)).toEqual({ status: "unpublished" });
    const before = await lastOutboxId(t.db);
    expect(await publishSection(t.db, f.c.organiser, { ...scope, baseUrl: BASE })).toEqual({
      status: "republished",
      firstPublishedAt: publishedAt,
    });
    expect(await outbox(t.db, undefined, before)).toEqual([]);
  });

  it("refuses to unlock a published section; unpublished, it can be unlocked", async () => {
    const f = await vocalFinal(t.db);
    const id = await vocalFinalSection(t.db, f, { published: true, by: f.c.organiser.id });
    const scope = { eventId: f.c.eventId, sectionId: id };
    expect(await unlockSection(t.db, f.c.organiser, scope)).toEqual({ status: "refused", reason: "published" });
    expect((await sectionRow(t.db, id)).locked_at).not.toBeNull();
    expect(await unpublishSection(t.db, f.c.organiser, scope)).toEqual({ status: "unpublished" });
    const unpublished = await sectionRow(t.db, id);
    expect(unpublished.published_at).toBeNull();
    expect(unpublished.published_by_user_id).toBeNull();
    expect(unpublished.locked_at).not.toBeNull();
    expect(await unpublishSection(t.db, f.c.organiser, scope)).toEqual({ status: "already" });
    expect(await unlockSection(t.db, f.c.organiser, scope)).toEqual({ status: "unlocked" });
    expect((await sectionRow(t.db, id)).locked_by_user_id).toBeNull();
    expect(await auditActions(t.db, id)).toEqual(["results.unpublish", "results.unlock"]);
  });

  it("does not find another event's section", async () => {
    const f = await vocalFinal(t.db);
    const other = await contest(t.db);
    const id = await vocalFinalSection(t.db, f, { locked: true });
    const scope = { eventId: other.eventId, sectionId: id };
    expect(await lockSection(t.db, other.organiser, scope)).toEqual({ status: "not_found" });
    expect(await publishSection(t.db, other.organiser, { ...scope, baseUrl: BASE })).toEqual({ status: "not_found" });
    expect(await unlockSection(t.db, other.organiser, scope)).toEqual({ status: "not_found" });
    expect((await sectionRow(t.db, id)).published_at).toBeNull();
  });

  it("counts entries and fully scored ones per section, leaving out a conflicted judge's missing sheet", async () => {
    const f = await vocalFinal(t.db);
    const c: Contest = f.c;
    const [tone, art] = await t.db
      .insertInto("criteria")
      .values([
        { nomination_id: c.vocalId, name_en: "Tone", max_score: 10 },
        { nomination_id: c.vocalId, name_en: "Artistry", max_score: 10 },
      ])
      .returning("id")
      .execute();
    const j1 = await insertUser(t.db);
    const j2 = await insertUser(t.db);
    await t.db
      .insertInto("jury_assignments")
      .values(
        [j1, j2].map((j) => ({ round_id: c.remote.id, nomination_id: c.vocalId, age_group_id: null, user_id: j.id })),
      )
      .execute();
    // The second judge belongs to the ensemble's club: they never score it.
    await t.db
      .insertInto("judge_conflicts")
      .values({ event_id: c.eventId, user_id: j2.id, club_id: c.clubId })
      .execute();
    let version = 1;
    const score = (entryId: number, judge: number, criterion: number) =>
      t.db
        .insertInto("scores")
        .values({
          round_id: c.remote.id,
          entry_id: entryId,
          judge_user_id: judge,
          criterion_id: criterion,
          value: 8,
          version: version++,
        })
        .execute();
    for (const j of [j1, j2]) for (const cr of [tone!, art!]) await score(f.solo.id, j.id, cr.id); // complete
    await score(f.diasSolo.id, j1.id, tone!.id); // one criterion of one judge only
    await score(f.diasSolo.id, j1.id, art!.id);
    for (const cr of [tone!, art!]) await score(f.ensemble.id, j1.id, cr.id); // complete: j2 is conflicted
    const locked = await section(t.db, {
      roundId: c.remote.id,
      nominationId: c.vocalId,
      ageGroupId: c.youngerId,
      rows: finalRows(f),
      locked: true,
    });

    const [remote, final] = await resultsOverview(t.db, c.eventId, "en");
    expect(remote!.kind).toBe("remote");
    expect(remote!.advanceRule).toBe("top_n");
    expect(remote!.advanceValue).toBe(2);
    expect(remote!.hasNextRound).toBe(true);
    expect(final!.hasNextRound).toBe(false);
    expect(final!.sections).toEqual([]); // nobody has advanced into the final
    expect(
      remote!.sections.map((s) => [s.nomination, s.ageGroup, s.entries, s.fullyScored, s.placed, s.sectionId]),
    ).toEqual([
      ["Vocal", { min: 7, max: 10 }, 3, 2, 3, locked],
      ["Dance", { min: 11, max: 14 }, 1, 0, 0, null],
    ]);
    const vocal = remote!.sections[0]!;
    expect(vocal.computedAt).not.toBeNull();
    expect(vocal.lockedAt).not.toBeNull();
    expect(vocal.publishedAt).toBeNull();
  });
});

describe.each(engines)("results export (%s)", (engine) => {
  const t = useTestDb(engine);

  it("writes a round's results as CSV with a BOM and as XLSX, with whole names and the award in the reader's language", async () => {
    const f = await vocalFinal(t.db);
    await section(t.db, {
      roundId: f.c.final.id,
      nominationId: f.c.vocalId,
      ageGroupId: f.c.youngerId,
      rows: [...finalRows(f), { entryId: f.dance.id, rank: null, percent: null }],
    });
    // The jury's special prizes, in the reader's language (another one when that name is blank), "; "-joined.
    await t.db
      .insertInto("special_prizes")
      .values([
        {
          round_id: f.c.final.id,
          entry_id: f.solo.id,
          name_kk: "Қазылар жүлдесі",
          name_ru: "Приз жюри",
          name_en: "Jury prize",
        },
        { round_id: f.c.final.id, entry_id: f.solo.id, name_kk: "", name_ru: "", name_en: "Best voice" },
        { round_id: f.c.remote.id, entry_id: f.diasSolo.id, name_ru: "Приз другого этапа" },
      ])
      .execute();
    const csv = (await exportRoundResults(t.db, {
      eventId: f.c.eventId,
      roundId: f.c.final.id,
      locale: "ru",
      format: "csv",
    }))!;
    expect(csv.contentType).toBe("text/csv; charset=utf-8");
    expect(csv.fileName).toMatch(/-results-2\.csv$/);
    const text = csv.body.toString("utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ";", skipEmptyLines: true });
    const [header, ...rows] = parsed.data;
    expect(header).toEqual([
      "Этап",
      "Номинация",
      "Возрастная категория",
      "Место",
      "Место разделено",
      "Награда",
      "Специальные призы",
      "Итоговый балл",
      "% от максимума",
      "Учтено оценок жюри",
      "Номер заявки",
      "Название номера",
      "Исполнители",
      "Клуб",
      "Город",
      "Согласие на фото/видео",
    ]);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual([
      "Финал, 10–11 декабря 2026 г., Астана",
      "Вокал",
      "7–10 лет",
      "1",
      "",
      "Лауреат I степени",
      "Приз жюри; Best voice",
      "37",
      "92,5",
      "3",
      f.solo.reference,
      "Әлди",
      "Akhmetova Aruzhan",
      "",
      "Алматы",
      // No standing consent: the running order and the published media must leave this child out.
      "Без фото и видео",
    ]);
    expect(rows[1]![6]).toBe(""); // a special prize of another round is not this round's
    expect(rows[2]!.slice(10, 14)).toEqual([
      f.ensemble.reference,
      "Dombra",
      "Akhmetov Alikhan, Bekov Timur",
      expect.stringContaining("Club Shanyrak"),
    ]);
    expect(rows[3]![3]).toBe(""); // no place yet: last

    const xlsx = (await exportRoundResults(t.db, {
      eventId: f.c.eventId,
      roundId: f.c.final.id,
      locale: "en",
      format: "xlsx",
    }))!;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe("Results");
    expect(sheet.getCell("A1").value).toBe("Round");
    expect(sheet.getCell("D2").value).toBe(1);
    expect(sheet.getCell("F2").value).toBe("Laureate, 1st degree");
    expect(sheet.getCell("G1").value).toBe("Special prizes");
    expect(sheet.getCell("G2").value).toBe("Jury prize; Best voice");
    expect(sheet.getCell("I2").value).toBe(92.5);
    expect(sheet.getCell("M3").value).toBe("Seitkali Dias");
  });

  it("finds no round of another event", async () => {
    const f = await vocalFinal(t.db);
    const other = await contest(t.db);
    expect(
      await exportRoundResults(t.db, { eventId: other.eventId, roundId: f.c.final.id, locale: "en", format: "csv" }),
    ).toBeNull();
  });
});
