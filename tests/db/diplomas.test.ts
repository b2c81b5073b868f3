import { createRequire } from "node:module";

import { describe, expect, it } from "vitest";

import type { Award } from "#db/types";
import { rolesOf } from "~/.server/accounts/auth.server";
import { ensureSection } from "~/.server/events/rounds.server";
import type { DB } from "~/.server/platform/db.server";
import {
  diplomaForEntry,
  diplomasForNomination,
  type DiplomaViewer,
  hasPublishedDiploma,
  publishedHonours,
} from "~/.server/results/diplomas/diplomas.server";
import { nominationDiplomasPdf } from "~/.server/results/diplomas/documents.server";
import { type DiplomaData, diplomaFontFiles, renderDiplomas } from "~/.server/results/diplomas/pdf.server";
import { issueDiplomaCodes, verifyDiploma } from "~/.server/results/diplomas/verification.server";

import { engines, useTestDb } from "../setup/db";
import {
  inspectWithPoppler,
  NO_PDF_TOOLS,
  NO_QR_TOOLS,
  openPdf,
  parseXmp,
  type PopplerView,
  readQrCodes,
} from "../setup/pdf";
import { ageGroupForm, createEventWithParts, insertUser, nominationForm, roundForm } from "./factories";

const KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі";
let seq = 0;

interface PdfPage {
  text: string;
  items: { str: string; x: number; width: number; y: number }[];
  width: number;
  height: number;
}

/** The PDF's pages as pdf.js reads them: the text a reader would copy, and where each run sits. */
async function readPdf(bytes: Buffer): Promise<{ pages: PdfPage[]; info: Record<string, unknown> }> {
  const pdf = await openPdf(bytes);
  const pages: PdfPage[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const [, , width, height] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    const items = content.items.flatMap((i) =>
      "str" in i && i.str.trim()
        ? [{ str: i.str, x: i.transform[4] as number, y: i.transform[5] as number, width: i.width }]
        : [],
    );
    pages.push({ text: items.map((i) => i.str).join("\n"), items, width, height });
  }
  const { info } = await pdf.getMetadata();
  await pdf.destroy();
  return { pages, info: info as Record<string, unknown> };
}

const squeeze = (s: string) => s.replace(/\s+/g, " ").trim();

/** Asserts that each of `parts` appears in `text`, each after the one before it. */
function expectInOrder(text: string, parts: string[]): void {
  const flat = squeeze(text);
  let from = 0;
  for (const part of parts) {
    const at = flat.indexOf(squeeze(part), from);
    expect(at, `"${part}" after "${flat.slice(Math.max(0, from - 40), from)}"`).toBeGreaterThanOrEqual(0);
    from = at + squeeze(part).length;
  }
}

/** The texts of the structure tree's elements, in the tree's order. */
const structureTexts = (view: PopplerView) =>
  view.structure.split("\n").flatMap((line) => {
    const match = /^\s*"(.*)"$/.exec(line);
    return match ? [match[1]!] : [];
  });

/**
 * What makes a diploma file archival and readable everywhere: tagged with one section per diploma,
 * identified as PDF/A-2b in well-formed XMP, PT Serif embedded with a Unicode map, and clean for qpdf.
 */
function expectArchival(view: PopplerView, pages: number): Document {
  expect(view.info.Tagged).toBe("yes");
  expect(view.info.Pages).toBe(String(pages));
  expect(view.qpdf, view.qpdf.output).toMatchObject({ status: 0 });
  expect(view.qpdf.output).toContain("No syntax or stream encoding errors found");
  expect(view.structure.split("\n")[0]).toBe("Document");
  expect(view.structure.match(/^ {2}Sect$/gm)).toHaveLength(pages);
  expect(view.fonts.length).toBeGreaterThan(0);
  for (const font of view.fonts) {
    expect(font, font.name).toMatchObject({ embedded: true, subset: true, unicode: true });
    expect(font.name).toMatch(/^[A-Z]{6}\+PTSerif-/);
  }
  const xmp = parseXmp(view.xmp);
  const aid = "http://www.aiim.org/pdfa/ns/id/";
  expect(xmp.getElementsByTagNameNS(aid, "part")[0]?.textContent).toBe("2");
  expect(xmp.getElementsByTagNameNS(aid, "conformance")[0]?.textContent).toBe("B");
  return xmp;
}

/**
 * A contest final in Almaty with two nominations and two age groups: Aliya (a family's child, the
 * family writes in Kazakh) sings solo in 7–9, Dias sings too, and a club's ensemble dances.
 */
async function contest(db: DB) {
  const n = ++seq;
  const organiser = await insertUser(db, { email: `organiser-${n}@example.kz` });
  const {
    id: eventId,
    rounds: [remote, final],
    nominations: [vocal, dance],
    ageGroups: [younger, older],
  } = await createEventWithParts(db, organiser.id, {
    titleKk: "Әлем ырғағындағы балалар",
    titleRu: "Дети в ритме мира",
    titleEn: "Children in the Rhythm of the World",
    startsOn: "2026-12-10",
    endsOn: "2026-12-12",
    nominations: [
      nominationForm({ nameKk: "Вокал", nameRu: "Вокал", nameEn: "Vocal", formats: { solo: [1, 1] } }),
      nominationForm({
        nameKk: "Хореография",
        nameRu: "Хореография",
        nameEn: "Choreography",
        discipline: "choreography",
        formats: { ensemble: [3, 12] },
      }),
    ],
    ageGroups: [ageGroupForm(7, 9), ageGroupForm(10, 12)],
    rounds: [
      roundForm({ kind: "remote", startsOn: "2026-10-01", endsOn: "2026-11-01" }),
      roundForm({ kind: "final", city: "almaty", startsOn: "2026-12-10", endsOn: "2026-12-12" }),
    ],
  });
  const club = await db
    .insertInto("clubs")
    .values({ name: `ЮНЕСКО клубы «Шаңырақ» ${n}`, city: "almaty" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const leader = await insertUser(db, { email: `leader-${n}@example.kz` });
  await db.insertInto("memberships").values({ user_id: leader.id, role: "club_leader", club_id: club.id }).execute();

  const family = await db
    .insertInto("users")
    .values({ email: `family-${n}@example.kz`, name: "Гүлнар", locale: "kk" })
    .returning(["id", "email"])
    .executeTakeFirstOrThrow();
  const child = (guardian: number | null, lastName: string, firstName: string, clubId: number | null = null) =>
    db
      .insertInto("participants")
      .values({
        guardian_user_id: guardian,
        club_id: clubId,
        last_name: lastName,
        first_name: firstName,
        birth_date: "2018-03-01",
        city: "almaty",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  const aliya = await child(family.id, "Құрманғалиқызы", "Әлия");
  const otherFamily = await insertUser(db, { email: `other-family-${n}@example.kz` });
  const dias = await child(otherFamily.id, "Сейітов", "Діас");
  const dancers = await Promise.all(
    [
      ["Өмірзақова", "Ұлжан"],
      ["Нұрғалиева", "Үміт"],
      ["Ғабитов", "Һарун"],
      ["Ілиясова", "Іңкәр"],
    ].map(([l, f]) => child(null, l!, f!, club.id)),
  );

  const entry = async (
    nominationId: number,
    ageGroupId: number,
    format: "solo" | "ensemble",
    title: string,
    memberIds: number[],
    submittedBy: number,
    clubId: number | null,
  ) => {
    const row = await db
      .insertInto("entries")
      .values({
        event_id: eventId,
        nomination_id: nominationId,
        age_group_id: ageGroupId,
        format,
        title,
        status: "confirmed",
        reference: `DIP-${n}-${memberIds[0]}`,
        submitted_by_user_id: submittedBy,
        club_id: clubId,
      })
      .returning(["id", "reference"])
      .executeTakeFirstOrThrow();
    await db
      .insertInto("entry_members")
      .values(memberIds.map((participant_id) => ({ entry_id: row.id, participant_id, nomination_id: nominationId })))
      .execute();
    return row;
  };
  const entries = {
    aliya: await entry(vocal!.id, younger!.id, "solo", "Әлди-әлди", [aliya.id], family.id, null),
    dias: await entry(vocal!.id, younger!.id, "solo", "Көктем", [dias.id], otherFamily.id, null),
    ensemble: await entry(
      dance!.id,
      older!.id,
      "ensemble",
      "Қара жорға",
      dancers.map((d) => d.id),
      leader.id,
      club.id,
    ),
  };
  return {
    eventId,
    organiser,
    family,
    otherFamily,
    leader,
    entries,
    rounds: { remote: remote!.id, final: final!.id },
    nominations: { vocal: vocal!.id, dance: dance!.id },
    ageGroups: { younger: younger!.id, older: older!.id },
  };
}
type Contest = Awaited<ReturnType<typeof contest>>;

/** Stores results the way the results computation does: a section, then one row per entry. */
async function award(
  db: DB,
  roundId: number,
  nominationId: number,
  ageGroupId: number,
  rows: [number, Award, number][],
) {
  const sectionId = await ensureSection(db, roundId, nominationId, ageGroupId);
  await db
    .insertInto("results")
    .values(
      rows.map(([entryId, a, rank]) => ({
        round_id: roundId,
        entry_id: entryId,
        section_id: sectionId,
        total: 90 - rank,
        percent: 90 - rank,
        judge_count: 3,
        rank,
        award: a,
      })),
    )
    .execute();
  return sectionId;
}
/** The jury's Grand Prix in the final's vocal nomination: for one age group, or the whole nomination (null). */
const chooseGrandPrix = (db: DB, c: Contest, ageGroupId: number | null, entryId: number) =>
  db
    .insertInto("grand_prix")
    .values({
      round_id: c.rounds.final,
      nomination_id: c.nominations.vocal,
      age_group_id: ageGroupId,
      entry_id: entryId,
    })
    .execute();
const publish = (db: DB, sectionId: number) =>
  db
    .updateTable("result_sections")
    .set({ locked_at: new Date(), published_at: new Date() })
    .where("id", "=", sectionId)
    .execute();

async function viewer(db: DB, userId: number): Promise<DiplomaViewer> {
  return { userId, roles: await rolesOf(db, userId) };
}

/** Aliya's diplomas as the user may have them. */
async function aliyasDiplomas(db: DB, c: Contest, userId: number): Promise<DiplomaData[]> {
  const found = await diplomaForEntry(db, { reference: c.entries.aliya.reference }, await viewer(db, userId));
  return found!.diplomas;
}

/** Aliya and Dias placed in the final (vocal 7–9), published, with a judge's chair and a special prize. */
async function finalResults(db: DB, c: Contest) {
  const section = await award(db, c.rounds.final, c.nominations.vocal, c.ageGroups.younger, [
    [c.entries.aliya.id, "laureate_1", 1],
    [c.entries.dias.id, "diplomant_2", 2],
  ]);
  const chair = await insertUser(db, { name: "Жанар Әбенова" });
  await db
    .insertInto("jury_assignments")
    .values({
      round_id: c.rounds.final,
      nomination_id: c.nominations.vocal,
      age_group_id: null,
      user_id: chair.id,
      is_chair: true,
    })
    .execute();
  await db
    .insertInto("special_prizes")
    .values({
      round_id: c.rounds.final,
      entry_id: c.entries.dias.id,
      name_kk: "Көрермен көзайымы",
      name_ru: "Приз зрительских симпатий",
      name_en: "Audience award",
    })
    .execute();
  await publish(db, section);
  return section;
}

describe.each(engines)("diplomas on %s", (engine) => {
  const t = useTestDb(engine);

  it("ships a font with every Kazakh letter", () => {
    const fontkit = createRequire(import.meta.url)("fontkit") as {
      openSync(path: string): { hasGlyphForCodePoint(cp: number): boolean };
    };
    for (const file of Object.values(diplomaFontFiles())) {
      const font = fontkit.openSync(file);
      const missing = [...(KAZAKH_LETTERS + "«»№–")].filter((ch) => !font.hasGlyphForCodePoint(ch.codePointAt(0)!));
      expect(missing, file).toEqual([]);
    }
  });

  it("renders the family's diploma in Kazakh with the font embedded and the Kazakh text extractable", async () => {
    const c = await contest(t.db);
    await finalResults(t.db, c);
    const found = await diplomaForEntry(
      t.db,
      { reference: c.entries.aliya.reference },
      await viewer(t.db, c.family.id),
    );
    expect(found).toMatchObject({ preview: false, reference: c.entries.aliya.reference });
    expect(found!.diplomas).toHaveLength(1);

    const pdf = await renderDiplomas(found!.diplomas, "kk");
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const raw = pdf.toString("latin1");
    expect(raw).toContain("/FontFile2");
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+PTSerif-Bold/);
    expect(raw).toContain("/Lang (kk)");

    const { pages, info } = await readPdf(pdf);
    expect(pages).toHaveLength(1);
    const text = pages[0]!.text;
    expect(text).toContain("Құрманғалиқызы Әлия");
    expect(text).toContain("I дәрежелі лауреат");
    expect(text).toContain("Номинация: Вокал");
    expect(text).toContain("Жас санаты: 7–9 жас");
    expect(text).toContain("Әлем ырғағындағы балалар");
    expect(text).toContain("Алматы, 2026 ж. 10–12 желтоқсан");
    expect(text).toContain("«Әлди-әлди» орындағаны үшін");
    expect(text).toContain("Қазақстан ЮНЕСКО клубтарының Ұлттық федерациясы".toLocaleUpperCase("kk"));
    expect(text).toContain("ДИПЛОМ");
    expect(text).toContain("Қазылар алқасының төрағасы");
    expect(text).toContain("Жанар Әбенова");
    expect(text).toContain(`№ ${c.entries.aliya.reference}`);
    expect(info.Title).toBe("I дәрежелі лауреат — Құрманғалиқызы Әлия");

    // The same diploma gives the same bytes.
    expect((await renderDiplomas(found!.diplomas, "kk")).equals(pdf)).toBe(true);
  });

  it("speaks Russian and English too, with the name in each language's order", async () => {
    const c = await contest(t.db);
    await finalResults(t.db, c);
    const diplomas = await aliyasDiplomas(t.db, c, c.family.id);
    const ru = (await readPdf(await renderDiplomas(diplomas, "ru"))).pages[0]!.text;
    expect(ru).toContain("Лауреат I степени");
    expect(ru).toContain("Құрманғалиқызы Әлия");
    expect(ru).toContain("Возрастная категория: 7–9 лет");
    expect(ru).toContain("за исполнение «Әлди-әлди»");
    const en = (await readPdf(await renderDiplomas(diplomas, "en"))).pages[0]!.text;
    expect(en).toContain("Laureate, 1st degree");
    expect(en).toContain("Әлия Құрманғалиқызы");
    expect(en).toContain("Almaty, 10–12 December 2026");
  });

  it("gives a second diploma for a special prize, and none to anyone outside the family, club or event", async () => {
    const c = await contest(t.db);
    await finalResults(t.db, c);
    const dias = await diplomaForEntry(
      t.db,
      { reference: c.entries.dias.reference },
      await viewer(t.db, c.otherFamily.id),
    );
    expect(dias!.diplomas.map((d) => d.prize)).toEqual([
      { award: "diplomant_2" },
      { specialPrize: { kk: "Көрермен көзайымы", ru: "Приз зрительских симпатий", en: "Audience award" } },
    ]);
    const { pages } = await readPdf(await renderDiplomas(dias!.diplomas, "ru"));
    expect(pages).toHaveLength(2);
    expect(pages[1]!.text).toContain("Специальный приз");
    expect(pages[1]!.text).toContain("Приз зрительских симпатий");

    // Aliya's family may not have Dias's diploma; a stranger and another event's organiser get nothing.
    expect(
      await diplomaForEntry(t.db, { reference: c.entries.dias.reference }, await viewer(t.db, c.family.id)),
    ).toBeNull();
    const stranger = await insertUser(t.db);
    expect(
      await diplomaForEntry(t.db, { reference: c.entries.aliya.reference }, await viewer(t.db, stranger.id)),
    ).toBeNull();
    const other = await contest(t.db);
    expect(
      await diplomaForEntry(t.db, { reference: c.entries.aliya.reference }, await viewer(t.db, other.organiser.id)),
    ).toBeNull();
    expect(await diplomaForEntry(t.db, { reference: "NO-SUCH-ENTRY" }, await viewer(t.db, c.organiser.id))).toBeNull();
  });

  it("keeps unpublished results from the family and the club but shows them to the organisers as a preview", async () => {
    const c = await contest(t.db);
    const section = await award(t.db, c.rounds.final, c.nominations.dance, c.ageGroups.older, [
      [c.entries.ensemble.id, "grand_prix", 1],
    ]);
    const vocal = await award(t.db, c.rounds.final, c.nominations.vocal, c.ageGroups.younger, [
      [c.entries.aliya.id, "laureate_1", 1],
    ]);
    expect(
      await diplomaForEntry(t.db, { reference: c.entries.aliya.reference }, await viewer(t.db, c.family.id)),
    ).toBeNull();
    expect(await hasPublishedDiploma(t.db, c.entries.aliya.id)).toBe(false);
    expect(await publishedHonours(t.db, c.entries.aliya.id)).toEqual({ awards: [], prizes: [] });
    expect(
      await diplomaForEntry(t.db, { reference: c.entries.ensemble.reference }, await viewer(t.db, c.leader.id)),
    ).toBeNull();
    const preview = await diplomaForEntry(
      t.db,
      { reference: c.entries.ensemble.reference },
      await viewer(t.db, c.organiser.id),
    );
    expect(preview).toMatchObject({ preview: true });

    await publish(t.db, section);
    await publish(t.db, vocal);
    expect(await hasPublishedDiploma(t.db, c.entries.aliya.id)).toBe(true);
    expect(await publishedHonours(t.db, c.entries.aliya.id)).toEqual({ awards: ["laureate_1"], prizes: [] });
    expect((await publishedHonours(t.db, c.entries.ensemble.id)).awards).toEqual(["grand_prix"]);
    const forLeader = await diplomaForEntry(
      t.db,
      { reference: c.entries.ensemble.reference },
      await viewer(t.db, c.leader.id),
    );
    expect(forLeader).toMatchObject({ preview: false });
    const { pages } = await readPdf(await renderDiplomas(forLeader!.diplomas, "kk"));
    expect(pages[0]!.text).toContain("Гран-при (Бас жүлде)");
    expect(pages[0]!.text).toContain(`Ансамбль: ЮНЕСКО клубы «Шаңырақ» ${seq}`);
    // In the Kazakh alphabet І comes after Ө.
    expect(pages[0]!.text).toContain("Ғабитов Һарун, Нұрғалиева Үміт, Өмірзақова Ұлжан, Ілиясова Іңкәр");
  });

  it("chooses the entry's latest round with an award, or the round asked for", async () => {
    const c = await contest(t.db);
    const remote = await award(t.db, c.rounds.remote, c.nominations.vocal, c.ageGroups.younger, [
      [c.entries.aliya.id, "diplomant_1", 1],
    ]);
    await publish(t.db, remote);
    const family = await viewer(t.db, c.family.id);
    expect((await diplomaForEntry(t.db, { reference: c.entries.aliya.reference }, family))!.diplomas[0]!.prize).toEqual(
      { award: "diplomant_1" },
    );
    await finalResults(t.db, c);
    const latest = (await diplomaForEntry(t.db, { reference: c.entries.aliya.reference }, family))!.diplomas[0]!;
    expect(latest).toMatchObject({ prize: { award: "laureate_1" }, date: "2026-12-12", city: "almaty" });
    const earlier = (await diplomaForEntry(
      t.db,
      { reference: c.entries.aliya.reference, roundId: c.rounds.remote },
      family,
    ))!.diplomas[0]!;
    expect(earlier).toMatchObject({ prize: { award: "diplomant_1" }, startsOn: "2026-10-01", date: "2026-11-01" });
  });

  it("prints no Grand Prix for a choice whose entry no longer holds Laureate I", async () => {
    const c = await contest(t.db);
    // Aliya was chosen, then a corrected score made Dias Laureate I and Aliya Laureate II.
    await award(t.db, c.rounds.final, c.nominations.vocal, c.ageGroups.younger, [
      [c.entries.dias.id, "laureate_1", 1],
      [c.entries.aliya.id, "laureate_2", 2],
    ]);
    await chooseGrandPrix(t.db, c, c.ageGroups.younger, c.entries.aliya.id);
    const batch = await diplomasForNomination(t.db, {
      eventId: c.eventId,
      nominationId: c.nominations.vocal,
      roundId: c.rounds.final,
    });
    if (!batch.ok) throw new Error(batch.problem);
    expect(batch.diplomas.map((d) => [d.reference, d.prize])).toEqual([
      [c.entries.dias.reference, { award: "laureate_1" }],
      [c.entries.aliya.reference, { award: "laureate_2" }],
    ]);
  });

  it("puts a nomination's diplomas in one PDF for printing, by award and place, unpublished too", async () => {
    const c = await contest(t.db);
    await award(t.db, c.rounds.final, c.nominations.vocal, c.ageGroups.younger, [
      [c.entries.dias.id, "laureate_2", 2],
      [c.entries.aliya.id, "laureate_1", 1],
    ]);
    await chooseGrandPrix(t.db, c, null, c.entries.aliya.id);
    await t.db
      .insertInto("special_prizes")
      .values({ round_id: c.rounds.final, entry_id: c.entries.dias.id, name_en: "Best voice" })
      .execute();
    const batch = await diplomasForNomination(t.db, {
      eventId: c.eventId,
      nominationId: c.nominations.vocal,
      roundId: c.rounds.final,
    });
    if (!batch.ok) throw new Error(batch.problem);
    expect(batch.diplomas.map((d) => [d.reference, d.prize])).toEqual([
      [c.entries.aliya.reference, { award: "grand_prix" }],
      [c.entries.dias.reference, { award: "laureate_2" }],
      [c.entries.dias.reference, { specialPrize: { kk: "", ru: "", en: "Best voice" } }],
    ]);
    const { pages, info } = await readPdf(await renderDiplomas(batch.diplomas, "ru", { title: "Дипломы: Вокал" }));
    expect(pages).toHaveLength(3);
    expect(info.Title).toBe("Дипломы: Вокал");
    expect(pages[0]!.text).toContain("Гран-при");
    // A special prize named in one language only is printed in it.
    expect(pages[2]!.text).toContain("Best voice");

    const oneGroup = await diplomasForNomination(t.db, {
      eventId: c.eventId,
      nominationId: c.nominations.vocal,
      roundId: c.rounds.final,
      ageGroupId: c.ageGroups.older,
    });
    expect(oneGroup).toMatchObject({ ok: true, diplomas: [], ageGroup: { min: 10, max: 12 } });

    const other = await contest(t.db);
    const bad = (where: Partial<Parameters<typeof diplomasForNomination>[1]>) =>
      diplomasForNomination(t.db, {
        eventId: c.eventId,
        nominationId: c.nominations.vocal,
        roundId: c.rounds.final,
        ...where,
      });
    expect(await bad({ roundId: other.rounds.final })).toEqual({ ok: false, problem: "round" });
    expect(await bad({ nominationId: other.nominations.vocal })).toEqual({ ok: false, problem: "nomination" });
    expect(await bad({ ageGroupId: other.ageGroups.younger })).toEqual({ ok: false, problem: "ageGroup" });
  });

  it("shrinks and wraps long names and titles so nothing leaves the page's frame", async () => {
    const c = await contest(t.db);
    await finalResults(t.db, c);
    const diplomas = await aliyasDiplomas(t.db, c, c.organiser.id);
    const long: DiplomaData = {
      ...diplomas[0]!,
      event: {
        title: {
          kk: "Қазақстан Республикасының балалар мен жасөспірімдерге арналған халықаралық фестиваль-байқауы «Әлем ырғағындағы балалар — Ұлы Дала саздары»",
          ru: "",
          en: "",
        },
      },
      nomination: {
        kk: "Аспаптық орындаушылық: халық аспаптары (домбыра, қобыз, сыбызғы, жетіген, шертер) және халық аспаптар ансамбльдері",
        ru: "",
        en: "",
      },
      members: [
        {
          firstName: "Әйгерім-Ақниет",
          lastName: "Құрманғалиқызы-Нұрсұлтанова-Бекмұхамбетова",
          patronymic: "Ғалымжанқызы",
        },
        { firstName: "Іңкәр", lastName: "Өтеғұлова-Шыңғысханова", patronymic: "Һадиқызы" },
        { firstName: "Ұлжан", lastName: "Жүсіпбекова-Қасымжомартова", patronymic: "Үмбетқызы" },
      ],
      club: {
        name: "Шығыс Қазақстан облысы Өскемен қаласының ЮНЕСКО клубы «Алтай жұлдыздары» балалар шығармашылығы орталығы",
        city: "almaty",
      },
      title: "Құрманғазы Сағырбайұлы, «Адай» күйі, Дина Нұрпейісова, «Әсем қоңыр» күйі, және «Балбырауын»",
    };
    const { pages } = await readPdf(await renderDiplomas([long], "kk"));
    const page = pages[0]!;
    for (const item of page.items) {
      expect(item.x, item.str).toBeGreaterThanOrEqual(30);
      expect(item.x + item.width, item.str).toBeLessThanOrEqual(page.width - 30);
      expect(item.y, item.str).toBeGreaterThanOrEqual(30);
      expect(item.y, item.str).toBeLessThanOrEqual(page.height - 30);
    }
    expect(page.text).toContain("Құрманғалиқызы-Нұрсұлтанова-Бекмұхамбетова");
    // The signature block stays below the content.
    const lowestContent = Math.min(...page.items.filter((i) => i.str.includes("Номинация")).map((i) => i.y));
    const signature = page.items.find((i) => i.str === "Қазылар алқасының төрағасы")!;
    expect(lowestContent).toBeGreaterThan(signature.y + 20);
  });

  it("carries a QR code that opens the diploma's public verification page, which shows only what the results show", async (ctx) => {
    if (NO_QR_TOOLS) ctx.skip(NO_QR_TOOLS);
    const c = await contest(t.db);
    const section = await finalResults(t.db, c);
    await t.db.updateTable("events").set({ status: "published" }).where("id", "=", c.eventId).execute();
    await t.db
      .updateTable("participants")
      .set({ public_name: "initial" })
      .where("last_name", "=", "Құрманғалиқызы")
      .execute();
    // No code before publication gives one (the organisers' preview prints none).
    expect((await aliyasDiplomas(t.db, c, c.organiser.id))[0]!.verifyCode).toBeNull();
    await issueDiplomaCodes(t.db, section);
    await issueDiplomaCodes(t.db, section);

    const [diploma] = await aliyasDiplomas(t.db, c, c.family.id);
    const code = diploma!.verifyCode!;
    expect(code).toMatch(/^[0-9a-f]{32}$/);
    // Stable: the same diploma drawn again carries the same code; Dias's award and special prize have others.
    expect((await aliyasDiplomas(t.db, c, c.organiser.id))[0]!.verifyCode).toBe(code);
    const nomination = await diplomasForNomination(t.db, {
      eventId: c.eventId,
      nominationId: c.nominations.vocal,
      roundId: c.rounds.final,
    });
    if (!nomination.ok) throw new Error(nomination.problem);
    const codes = nomination.diplomas.map((d) => d.verifyCode);
    expect(new Set(codes).size).toBe(3);
    expect(codes.every((x) => x !== null)).toBe(true);

    const base = "https://toi.example.kz";
    const pdf = await renderDiplomas([diploma!], "kk", { baseUrl: base });
    expect(readQrCodes(pdf)).toEqual([`${base}/verify/${code}`]);
    expect((await readPdf(pdf)).pages[0]!.text).toContain(`${base}/verify/${code}`);
    // Without an address (or before publication) the diploma has no QR code.
    if (!NO_QR_TOOLS) expect(readQrCodes(await renderDiplomas([diploma!], "kk"))).toEqual([]);

    expect(await verifyDiploma(t.db, code, "ru")).toEqual({
      event: { title: "Дети в ритме мира", lang: "ru" },
      prize: { award: "laureate_1" },
      performers: ["Әлия Қ."],
      ensemble: false,
      clubs: [],
    });
    const prize = nomination.diplomas.find((d) => "specialPrize" in d.prize)!;
    expect((await verifyDiploma(t.db, prize.verifyCode!, "en"))?.prize).toEqual({
      specialPrize: "Audience award",
      lang: "en",
    });
    const shown = JSON.stringify(await verifyDiploma(t.db, code, "kk"));
    expect(shown).not.toMatch(/2018|Гүлнар|family-|Құрманғалиқызы|DIP-|Әлди/);

    // Unknown, malformed, unpublished: not found.
    expect(await verifyDiploma(t.db, "0".repeat(32), "kk")).toBeNull();
    expect(await verifyDiploma(t.db, "../" + code, "kk")).toBeNull();
    await t.db.updateTable("result_sections").set({ published_at: null }).where("id", "=", section).execute();
    expect(await verifyDiploma(t.db, code, "kk")).toBeNull();
  });

  it("is an archival PDF: tagged in reading order, PDF/A-2b, its Kazakh text extracted by poppler", async (ctx) => {
    if (NO_PDF_TOOLS) ctx.skip(NO_PDF_TOOLS);
    const c = await contest(t.db);
    await finalResults(t.db, c);
    const diplomas = await aliyasDiplomas(t.db, c, c.family.id);
    // A piece whose title holds every Kazakh letter in both cases.
    const title = "Әсем әуен, Ғажайып ғалам, Қоңыр қаз, Өлең өрнегі, Ұлы ұстаз, Үкілі үміт, Һарун шаһары, Іңкәр ізі";
    // With the QR code of its verification page and the address beside it, as a published diploma has.
    const verifyCode = "0123456789abcdef0123456789abcdef";
    const pdf = await renderDiplomas([{ ...diplomas[0]!, title, verifyCode }], "kk", {
      baseUrl: "https://toi.example.kz",
    });
    const view = inspectWithPoppler(pdf);
    const xmp = expectArchival(view, 1);
    expect(pdf.toString("latin1")).toContain("/Lang (kk)");

    // The document info in the diploma's language, the same in the Info dictionary and the XMP packet.
    expect(view.info).toMatchObject({
      Title: "I дәрежелі лауреат — Құрманғалиқызы Әлия",
      Author: "Қазақстан ЮНЕСКО клубтарының Ұлттық федерациясы",
      Subject: "Әлем ырғағындағы балалар",
      CreationDate: "2026-12-12T00:00:00Z",
    });
    const dc = "http://purl.org/dc/elements/1.1/";
    expect(xmp.getElementsByTagNameNS(dc, "title")[0]?.textContent?.trim()).toBe(view.info.Title);
    expect(xmp.getElementsByTagNameNS(dc, "creator")[0]?.textContent?.trim()).toBe(view.info.Author);
    expect(xmp.getElementsByTagNameNS("http://ns.adobe.com/xap/1.0/", "CreateDate")[0]?.textContent).toBe(
      "2026-12-12T00:00:00Z",
    );

    const missing = [...KAZAKH_LETTERS].filter((letter) => !view.text.includes(letter));
    expect(missing).toEqual([]);
    // Top to bottom, then the date and number on the left, then the signatures left to right.
    const readingOrder = [
      "Қазақстан ЮНЕСКО клубтарының Ұлттық федерациясы".toLocaleUpperCase("kk"),
      "Әлем ырғағындағы балалар",
      "Алматы, 2026 ж. 10–12 желтоқсан",
      "ДИПЛОМ",
      "I дәрежелі лауреат",
      "Құрманғалиқызы Әлия",
      `«${title}» орындағаны үшін`,
      "Номинация: Вокал",
      "Жас санаты: 7–9 жас",
      "2026 ж. 12 желтоқсан",
      `№ ${c.entries.aliya.reference}`,
      "Дипломды тексеру:",
      `https://toi.example.kz/verify/${verifyCode}`,
      "Жанар Әбенова",
      "Қазылар алқасының төрағасы",
      "Ұйымдастырушы",
    ];
    expectInOrder(view.text, readingOrder);
    // The structure tree holds all the text in the same order, and nothing else: the frame,
    // ornament and signature lines are artifacts.
    const tagged = structureTexts(view);
    expectInOrder(tagged.join(" "), readingOrder);
    expect(squeeze(tagged.join(" "))).toBe(squeeze(view.text));
    expect(view.structure).toMatch(/^ {4}H1 \(block\)\n {6}"ДИПЛОМ"$/m);
  });

  it("keeps a nomination's batch tagged and valid, one section per diploma, in Russian and English", async (ctx) => {
    if (NO_PDF_TOOLS) ctx.skip(NO_PDF_TOOLS);
    const c = await contest(t.db);
    await finalResults(t.db, c);
    const where = { eventId: c.eventId, nominationId: c.nominations.vocal, roundId: c.rounds.final };
    const ru = await nominationDiplomasPdf(t.db, where, "ru");
    if (!ru.ok) throw new Error(ru.key);
    const view = inspectWithPoppler(ru.pdf);
    // Aliya's and Dias's awards, then Dias's special prize.
    expectArchival(view, 3);
    expect(ru.pdf.toString("latin1")).toContain("/Lang (ru)");
    expect(view.info.Title).toBe("Дипломы: Вокал");
    expectInOrder(structureTexts(view).join(" "), [
      "Лауреат I степени",
      "Құрманғалиқызы Әлия",
      "Дипломант II степени",
      "Сейітов Діас",
      "Специальный приз",
      "Приз зрительских симпатий",
      "Сейітов Діас",
    ]);

    const en = await nominationDiplomasPdf(t.db, where, "en");
    if (!en.ok) throw new Error(en.key);
    expectArchival(inspectWithPoppler(en.pdf), 3);
    expect(en.pdf.toString("latin1")).toContain("/Lang (en)");

    // Titles are the organisers' text: XML's special characters stay well-formed in the XMP packet.
    const odd = inspectWithPoppler(
      await renderDiplomas(
        [
          {
            ...(await aliyasDiplomas(t.db, c, c.organiser.id))[0]!,
            event: { title: { kk: "Ән & би <2026>", ru: "", en: "" } },
          },
        ],
        "kk",
        { title: "Дипломдар: «Ән & би» <1>" },
      ),
    );
    const xmp = expectArchival(odd, 1);
    expect(odd.info).toMatchObject({ Title: "Дипломдар: «Ән & би» <1>", Subject: "Ән & би <2026>" });
    const dc = "http://purl.org/dc/elements/1.1/";
    expect(xmp.getElementsByTagNameNS(dc, "title")[0]?.textContent?.trim()).toBe("Дипломдар: «Ән & би» <1>");
    expect(xmp.getElementsByTagNameNS(dc, "description")[0]?.textContent?.trim()).toBe("Ән & би <2026>");
  });
});
