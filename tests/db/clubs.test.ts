import ExcelJS from "exceljs";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";

import { ensureConsentTexts } from "#db/seed/consent-texts";
import type { DB } from "~/.server/platform/db.server";
import { addChild } from "~/.server/registration/children.server";
import {
  addClubChild,
  getClubChild,
  listClubRoster,
  updateClubChild,
} from "~/.server/registration/club-children.server";
import { listClubEntries } from "~/.server/registration/clubs.server";
import {
  checkRosterFile,
  confirmRosterImport,
  rosterTemplate,
  saveRosterPreview,
} from "~/.server/registration/roster/import.server";
import { previewRoster } from "~/.server/registration/roster/preview.server";
import { csv, utf8, xlsxBomb } from "~/.server/registration/roster/test-files";

import { engines, useTestDb } from "../setup/db";
import { asActor, childData, createEventFromForm, insertUser } from "./factories";

const HEADINGS = ["Фамилия", "Имя", "Отчество", "Дата рождения", "Город"];

/** A CSV as a club leader's Excel saves it: row 1 the headings, so the first child is row 2. */
function rosterCsv(...children: string[][]): Buffer {
  return utf8(csv([HEADINGS, ...children]), true);
}

const TODAY = "2026-11-26";

describe.each(engines)("club rosters on %s", (engine) => {
  const t = useTestDb(engine);

  /** Виктория Ким, a family's child who chose the club: on its roster, but not one of the club's own. */
  async function addFamilysChild(clubId: number) {
    const family = await insertUser(t.db);
    const added = await addChild(
      t.db,
      { guardianId: family.id },
      childData({ lastName: "Ким", firstName: "Виктория", birthDate: "2013-09-01", clubId }),
      { photoVideo: false },
    );
    return { family, child: added };
  }

  async function club(db: DB = t.db) {
    await ensureConsentTexts(db);
    const { id: clubId } = await db
      .insertInto("clubs")
      .values({ name: `Club ${Math.random()}`, city: "almaty" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const leader = await insertUser(db, { name: "Гүлнар Сейітқызы" });
    await db.insertInto("memberships").values({ user_id: leader.id, role: "club_leader", club_id: clubId }).execute();
    return { scope: { clubId }, leader: asActor(leader.id) };
  }

  async function preview(scope: { clubId: number }, leaderId: number, bytes: Buffer, name = "roster.csv") {
    return saveRosterPreview(
      t.db,
      scope,
      leaderId,
      name,
      await previewRoster(bytes, name, { today: TODAY, defaultCity: "almaty", defaultRegion: "almaty" }),
    );
  }

  const participantsOf = (clubId: number) =>
    t.db
      .selectFrom("participants")
      .select(["id", "last_name", "first_name", "birth_date", "guardian_user_id"])
      .where("club_id", "=", clubId)
      .orderBy("id")
      .execute();

  const dataText = async () =>
    t.db
      .selectFrom("consent_texts")
      .select(["id", "version"])
      .where("kind", "=", "data")
      .orderBy("version", "desc")
      .executeTakeFirstOrThrow();

  it("keeps the importable rows of a checked file in the database and adds no child yet", async () => {
    const { scope, leader } = await club();
    const saved = await preview(
      scope,
      leader.id,
      rosterCsv(
        ["Ахметова", "Аружан", "Ерланқызы", "12.04.2015", "Алматы"],
        ["Сейтқали", "Нұрлан", "", "31.02.2014", "Астана"],
        ["Ким", "Виктория", "", "2013-09-01", ""],
      ),
    );
    expect(saved.counts).toEqual({ total: 3, toAdd: 2, withErrors: 1, alreadyInRoster: 0, withWarnings: 0 });
    expect(saved.rows.map((r) => [r.line, r.importable])).toEqual([
      [2, true],
      [3, false],
      [4, true],
    ]);
    expect(saved.rows[1]!.problems).toEqual([
      expect.objectContaining({ column: "birthDate", code: "invalid_date", severity: "error" }),
    ]);

    const stored = await t.db
      .selectFrom("roster_imports")
      .selectAll()
      .where("id", "=", saved.importId!)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      club_id: scope.clubId,
      user_id: leader.id,
      file_name: "roster.csv",
      confirmed_at: null,
    });
    expect(stored.rows).toEqual([
      {
        line: 2,
        lastName: "Ахметова",
        firstName: "Аружан",
        patronymic: "Ерланқызы",
        birthDate: "2015-04-12",
        city: "almaty",
        town: null,
        region: "almaty",
      },
      {
        line: 4,
        lastName: "Ким",
        firstName: "Виктория",
        patronymic: null,
        birthDate: "2013-09-01",
        city: "almaty",
        town: null,
        region: "almaty",
      },
    ]);
    expect(await participantsOf(scope.clubId)).toEqual([]);
  });

  it("keeps Ақсу exactly as typed in 10 of 40 rows, in the Pavlodar region, never as “Other city”", async () => {
    await ensureConsentTexts(t.db);
    const { id: clubId } = await t.db
      .insertInto("clubs")
      .values({ name: "Ертіс", city: "pavlodar", region: "pavlodar" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const leader = asActor((await insertUser(t.db)).id);
    // The leader's own XLSX, made from Toi's template in Kazakh: town and, for some rows, the region.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await rosterTemplate("kk")) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    for (let i = 0; i < 40; i++) {
      const aksu = i % 4 === 0;
      const region = aksu && i % 8 === 0 ? "Павлодар облысы" : "";
      const lastName = ["Сейітова", "Ахметова", "Омарова", "Ким", "Жанова", "Әбілова", "Исаева", "Нұрова"][i % 8]!;
      const firstName = ["Аружан", "Дана", "Мадина", "Іңкәр", "Әлия"][Math.floor(i / 8)]!;
      const born = new Date(Date.UTC(2012, i % 12, 1 + (i % 28)));
      sheet.addRow([lastName, firstName, "", born, aksu ? "Ақсу" : "Павлодар", region]);
    }
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const checked = await checkRosterFile(t.db, { clubId }, leader.id, { name: "ертіс.xlsx", bytes });
    expect(checked.counts).toEqual({ total: 40, toAdd: 40, withErrors: 0, alreadyInRoster: 0, withWarnings: 10 });
    expect(await confirmRosterImport(t.db, { clubId }, leader, checked.importId!, (await dataText()).version)).toEqual({
      status: "confirmed",
      added: 40,
      skipped: 0,
    });
    const places = await t.db
      .selectFrom("participants")
      .select(["city", "town", "region", "country"])
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("club_id", "=", clubId)
      .groupBy(["city", "town", "region", "country"])
      .orderBy("city")
      .execute();
    expect(places.map((p) => ({ ...p, n: Number(p.n) }))).toEqual([
      { city: "other", town: "Ақсу", region: "pavlodar", country: "KZ", n: 10 },
      { city: "pavlodar", town: null, region: "pavlodar", country: "KZ", n: 30 },
    ]);
  });

  it("takes a typed town's region from the file's region column over the club's", async () => {
    const { scope, leader } = await club();
    const saved = await preview(
      scope,
      leader.id,
      utf8(
        csv([
          [...HEADINGS, "Регион"],
          ["Ахметова", "Аружан", "", "12.04.2015", "Ақсу", "Павлодарская область"],
          ["Омаров", "Дәурен", "", "01.01.2013", "Нарния", "Нарния облысы"],
        ]),
        true,
      ),
    );
    expect(saved.rows.map((r) => [r.values.town, r.values.region, r.importable])).toEqual([
      ["Ақсу", "pavlodar", true],
      ["Нарния", null, false],
    ]);
    expect(saved.rows[1]!.problems.map((p) => p.code)).toEqual(["unknown_city", "unknown_region"]);
  });

  it("keeps nothing of a small workbook that unpacks into a gigabyte, and says why", async () => {
    const { scope, leader } = await club();
    const { bytes } = await xlsxBomb(1024);
    const checked = await checkRosterFile(t.db, scope, leader.id, { name: "club.xlsx", bytes });
    expect(checked).toMatchObject({
      importId: null,
      rows: [],
      fileProblems: [{ code: "too_complex", severity: "error", params: { file: "club.xlsx" } }],
    });
    expect(await t.db.selectFrom("roster_imports").select("id").where("club_id", "=", scope.clubId).execute()).toEqual(
      [],
    );
  });

  it("confirms by adding exactly the importable rows, each with a data consent attested by the leader", async () => {
    const { scope, leader } = await club();
    const saved = await preview(
      scope,
      leader.id,
      rosterCsv(
        ["Ахметова", "Аружан", "", "12.04.2015", "Алматы"],
        ["", "Нұрлан", "", "01.02.2014", "Астана"],
        ["Ким", "Виктория", "", "01.09.2013", "Каскелен"],
      ),
    );
    expect(saved.counts.withWarnings).toBe(1); // an unknown city is kept as "other"
    const text = await dataText();
    expect(await confirmRosterImport(t.db, scope, leader, saved.importId!, text.version)).toEqual({
      status: "confirmed",
      added: 2,
      skipped: 0,
    });

    const children = await participantsOf(scope.clubId);
    expect(children.map((c) => [c.last_name, c.first_name, c.birth_date, c.guardian_user_id])).toEqual([
      ["Ахметова", "Аружан", "2015-04-12", null],
      ["Ким", "Виктория", "2013-09-01", null],
    ]);
    const consents = await t.db
      .selectFrom("consents")
      .selectAll()
      .where(
        "participant_id",
        "in",
        children.map((c) => c.id),
      )
      .execute();
    expect(consents).toHaveLength(2);
    for (const consent of consents) {
      expect(consent).toMatchObject({
        kind: "data",
        text_id: text.id,
        guardian_user_id: leader.id,
        withdrawn_at: null,
      });
    }
    expect(
      await t.db
        .selectFrom("consents")
        .select("id")
        .where(
          "participant_id",
          "in",
          children.map((c) => c.id),
        )
        .where("kind", "=", "photo_video")
        .execute(),
    ).toEqual([]);
    const logged = await t.db
      .selectFrom("audit_log")
      .select(["action", "after"])
      .where("action", "=", "club.roster_import")
      .where("entity_id", "=", String(scope.clubId))
      .executeTakeFirstOrThrow();
    expect(logged.after).toMatchObject({ added: 2, skipped: 0, file: "roster.csv" });
  });

  it("confirms a preview once: a second confirmation adds nothing", async () => {
    const { scope, leader } = await club();
    const saved = await preview(scope, leader.id, rosterCsv(["Ахметова", "Аружан", "", "12.04.2015", "Алматы"]));
    const { version } = await dataText();
    const [first, second] = await Promise.all([
      confirmRosterImport(t.db, scope, leader, saved.importId!, version),
      confirmRosterImport(t.db, scope, leader, saved.importId!, version),
    ]);
    expect([first.status, second.status].sort()).toEqual(["confirmed", "used"]);
    expect(await confirmRosterImport(t.db, scope, leader, saved.importId!, version)).toEqual({ status: "used" });
    expect(await participantsOf(scope.clubId)).toHaveLength(1);
  });

  it("lets no one but the leader who checked the file confirm it", async () => {
    const { scope, leader } = await club();
    const other = await club();
    const coLeader = await insertUser(t.db);
    await t.db
      .insertInto("memberships")
      .values({ user_id: coLeader.id, role: "club_leader", club_id: scope.clubId })
      .execute();
    const saved = await preview(scope, leader.id, rosterCsv(["Ахметова", "Аружан", "", "12.04.2015", "Алматы"]));
    const { version } = await dataText();

    expect(await confirmRosterImport(t.db, scope, asActor(coLeader.id), saved.importId!, version)).toEqual({
      status: "missing",
    });
    expect(await confirmRosterImport(t.db, other.scope, other.leader, saved.importId!, version)).toEqual({
      status: "missing",
    });
    // Another club's leader naming this club in the request changes nothing either: the guard refuses them first,
    // and the import is bound to the leader who made it.
    expect(await confirmRosterImport(t.db, scope, other.leader, saved.importId!, version)).toEqual({
      status: "missing",
    });
    expect(await participantsOf(scope.clubId)).toEqual([]);
    expect(await participantsOf(other.scope.clubId)).toEqual([]);

    expect((await confirmRosterImport(t.db, scope, leader, saved.importId!, version)).status).toBe("confirmed");
  });

  it("refuses a preview older than an hour", async () => {
    const { scope, leader } = await club();
    const saved = await preview(scope, leader.id, rosterCsv(["Ахметова", "Аружан", "", "12.04.2015", "Алматы"]));
    await t.db
      .updateTable("roster_imports")
      .set({ created_at: sql`now() - interval '61 minutes'` })
      .where("id", "=", saved.importId!)
      .execute();
    expect(await confirmRosterImport(t.db, scope, leader, saved.importId!, (await dataText()).version)).toEqual({
      status: "expired",
    });
    expect(await participantsOf(scope.clubId)).toEqual([]);
    const stored = await t.db
      .selectFrom("roster_imports")
      .select("confirmed_at")
      .where("id", "=", saved.importId!)
      .executeTakeFirstOrThrow();
    expect(stored.confirmed_at).toBeNull();
  });

  it("does not use up a preview when the consent text changed since the leader read it", async () => {
    const { scope, leader } = await club();
    const saved = await preview(scope, leader.id, rosterCsv(["Ахметова", "Аружан", "", "12.04.2015", "Алматы"]));
    const { version } = await dataText();
    expect(await confirmRosterImport(t.db, scope, leader, saved.importId!, version - 1)).toEqual({
      status: "textChanged",
    });
    expect((await confirmRosterImport(t.db, scope, leader, saved.importId!, version)).status).toBe("confirmed");
  });

  it("marks children the club already has, its own or a family's, and never adds them again", async () => {
    const { scope, leader } = await club();
    await addClubChild(
      t.db,
      scope,
      leader,
      childData({ lastName: "Ахметова", firstName: "Аружан", birthDate: "2015-04-12" }),
    );
    await addFamilysChild(scope.clubId);

    const file = rosterCsv(
      ["АХМЕТОВА", "Аружан", "", "12.04.2015", "Алматы"], // same child, other case
      ["Ким", "Виктория", "", "01.09.2013", ""],
      ["Ахметова", "Аружан", "", "12.04.2016", "Алматы"], // a sister born a year later
    );
    const saved = await preview(scope, leader.id, file);
    expect(saved.rows.map((r) => r.alreadyInRoster)).toEqual([true, true, false]);
    expect(saved.counts).toMatchObject({ toAdd: 1, alreadyInRoster: 2, withErrors: 0 });

    // The same file checked twice and both checks confirmed: the child is added once.
    const again = await preview(scope, leader.id, file);
    const { version } = await dataText();
    expect(await confirmRosterImport(t.db, scope, leader, saved.importId!, version)).toEqual({
      status: "confirmed",
      added: 1,
      skipped: 0,
    });
    expect(await confirmRosterImport(t.db, scope, leader, again.importId!, version)).toEqual({
      status: "confirmed",
      added: 0,
      skipped: 1,
    });
    expect((await participantsOf(scope.clubId)).map((c) => c.birth_date)).toEqual([
      "2015-04-12",
      "2013-09-01",
      "2016-04-12",
    ]);

    const allKnown = await preview(scope, leader.id, file);
    expect(allKnown.importId).toBeNull();
  });

  it("lists the club's own children in full and families' children by name and age, with a search", async () => {
    const { scope, leader } = await club();
    await addClubChild(
      t.db,
      scope,
      leader,
      childData({ lastName: "Әбдіқадыр", firstName: "Іңкәр", birthDate: "2014-03-01" }),
    );
    await addClubChild(
      t.db,
      scope,
      leader,
      childData({ lastName: "Ахметова", firstName: "Алёна", birthDate: "2015-04-12" }),
    );
    await addFamilysChild(scope.clubId);

    const roster = await listClubRoster(t.db, scope, { today: TODAY });
    expect(roster.own.map((c) => c.lastName)).toEqual(["Ахметова", "Әбдіқадыр"]); // Kazakh order: А before Ә
    expect(roster.own[0]).toMatchObject({ birthDate: "2015-04-12", age: 11, dataConsent: true });
    expect(roster.families).toEqual([{ lastName: "Ким", firstName: "Виктория", age: 13 }]);

    expect((await listClubRoster(t.db, scope, { today: TODAY, q: "іңкәр" })).own.map((c) => c.firstName)).toEqual([
      "Іңкәр",
    ]);
    expect((await listClubRoster(t.db, scope, { today: TODAY, q: "алена ахм" })).own.map((c) => c.firstName)).toEqual([
      "Алёна",
    ]);
    expect((await listClubRoster(t.db, scope, { today: TODAY, q: "ким" })).families).toHaveLength(1);
    expect((await listClubRoster(t.db, scope, { today: TODAY, q: "ким" })).own).toEqual([]);
  });

  it("lists every entry the club's children are in, with only the club's own members", async () => {
    const { scope, leader } = await club();
    expect(await listClubEntries(t.db, scope, "en")).toEqual([]);
    const own = await addClubChild(
      t.db,
      scope,
      leader,
      childData({ lastName: "Ахметова", firstName: "Аружан", birthDate: "2015-04-12" }),
    );
    const { family, child: ours } = await addFamilysChild(scope.clubId);
    const stranger = await addChild(
      t.db,
      { guardianId: family.id },
      childData({ lastName: "Омаров", firstName: "Дәурен", birthDate: "2013-01-01" }),
      { photoVideo: false },
    );
    const anotherStranger = await addChild(
      t.db,
      { guardianId: family.id },
      childData({ lastName: "Омарова", firstName: "Дана", birthDate: "2014-01-01" }),
      { photoVideo: false },
    );
    const organiser = await insertUser(t.db);
    const event = await createEventFromForm(t.db, organiser.id, { titleEn: "Spring gala" });
    const nomination = await t.db
      .selectFrom("nominations")
      .select("id")
      .where("event_id", "=", event.id)
      .executeTakeFirstOrThrow();
    const entry = async (reference: string, status: "confirmed" | "waitlisted", members: number[]) => {
      const { id } = await t.db
        .insertInto("entries")
        .values({
          event_id: event.id,
          nomination_id: nomination.id,
          format: members.length > 1 ? "duet" : "solo",
          status,
          reference,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto("entry_members")
        .values(members.map((p) => ({ entry_id: id, participant_id: p, nomination_id: nomination.id })))
        .execute();
    };
    if (!("id" in own)) throw new Error("not added");
    await entry("CLB-0001", "confirmed", [own.id, stranger.id]);
    await entry("CLB-0002", "waitlisted", [ours.id]);
    await entry("CLB-0003", "confirmed", [anotherStranger.id]);

    const entries = await listClubEntries(t.db, scope, "en");
    expect(entries.map((e) => [e.reference, e.status, e.event, e.members])).toEqual([
      ["CLB-0001", "confirmed", "Spring gala", ["Ахметова Аружан"]],
      ["CLB-0002", "waitlisted", "Spring gala", ["Ким Виктория"]],
    ]);
  });

  it("adds one child by hand with the leader's attestation, refuses a second copy, and edits only the club's own children", async () => {
    const { scope, leader } = await club();
    const other = await club();
    const added = await addClubChild(
      t.db,
      scope,
      leader,
      childData({ lastName: "Ахметова", firstName: "Аружан", birthDate: "2015-04-12" }),
    );
    if (!("id" in added)) throw new Error("not added");
    expect(
      await addClubChild(
        t.db,
        scope,
        leader,
        childData({ lastName: "ахметова", firstName: "аружан", birthDate: "2015-04-12" }),
      ),
    ).toEqual({ duplicate: true });

    const stored = await getClubChild(t.db, scope, added.id);
    expect(stored).toMatchObject({ club_id: scope.clubId, guardian_user_id: null });
    expect(stored!.consents).toEqual([
      expect.objectContaining({ kind: "data", version: 1, attested_by: "Гүлнар Сейітқызы", withdrawn_at: null }),
    ]);

    // The form's club is ignored: a club child stays in its club.
    expect(
      await updateClubChild(
        t.db,
        scope,
        leader,
        added.id,
        childData({ lastName: "Ахметова", firstName: "Аружан", birthDate: "2015-04-13", clubId: other.scope.clubId }),
      ),
    ).toBe(true);
    expect((await getClubChild(t.db, scope, added.id))!).toMatchObject({
      birth_date: "2015-04-13",
      club_id: scope.clubId,
    });
    expect(await getClubChild(t.db, other.scope, added.id)).toBeUndefined();
    expect(await updateClubChild(t.db, other.scope, other.leader, added.id, childData({ firstName: "Чужой" }))).toBe(
      false,
    );

    const family = await insertUser(t.db);
    const familyChild = await addChild(t.db, { guardianId: family.id }, childData({ clubId: scope.clubId }), {
      photoVideo: false,
    });
    expect(await getClubChild(t.db, scope, familyChild.id)).toBeUndefined();
    expect(await updateClubChild(t.db, scope, leader, familyChild.id, childData({ firstName: "Чужой" }))).toBe(false);
  });

  it("offers a template in each language that the import reads back", async () => {
    for (const locale of ["kk", "ru", "en"] as const) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await rosterTemplate(locale)) as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      sheet.addRow(["Ахметова", "Аружан", "", new Date(Date.UTC(2015, 3, 12)), "Алматы"]);
      const filled = Buffer.from(await workbook.xlsx.writeBuffer());
      const checked = await previewRoster(filled, "template.xlsx", { today: TODAY });
      expect(checked.fileProblems, locale).toEqual([]);
      expect(
        checked.rows.map((r) => [r.line, r.importable, r.values.birthDate]),
        locale,
      ).toEqual([[2, true, "2015-04-12"]]);
    }
  });
});
