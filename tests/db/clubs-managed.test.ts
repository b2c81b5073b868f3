import { describe, expect, it } from "vitest";

import { rolesOf } from "~/.server/accounts/auth.server";
import {
  clubAccess,
  clubDetails,
  clubList,
  createClub,
  removeClubLeader,
  setClubArchived,
  updateClub,
} from "~/.server/clubs/manage-clubs.server";
import { validateChildForm } from "~/.server/registration/child-form.server";
import { listClubChoices } from "~/.server/registration/clubs.server";
import { validateForm } from "~/forms/validate";
import { childFields } from "~/schemas/child";
import { type ClubData, clubSchema } from "~/schemas/club";

import { engines, useTestDb } from "../setup/db";
import { grantRole, insertUser } from "./factories";

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

async function club(fields: Record<string, string>) {
  const result = await validateForm<Record<string, string>, ClubData>(clubSchema, form(fields));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

describe("a club's details as typed", () => {
  it("takes region and country from a town in Toi's list, ignoring what was posted for them", async () => {
    expect(await club({ name: "  Ertis  club ", city: "pavlodar", region: "abai", country: "RU", town: "x" })).toEqual({
      name: "Ertis club",
      nameKk: "",
      nameRu: "",
      nameEn: "",
      city: "pavlodar",
      town: null,
      region: "pavlodar",
      country: "KZ",
    });
    expect(await club({ name: "Ala-Too", city: "bishkek" })).toMatchObject({ region: "abroad", country: "KG" });
  });

  it("keeps a town outside the list exactly as typed, with the region chosen; abroad needs a country", async () => {
    expect(await club({ name: "Aqsu", city: "other", town: "Ақсу", region: "pavlodar" })).toMatchObject({
      town: "Ақсу",
      region: "pavlodar",
      country: "KZ",
    });
    const missing = await validateForm(clubSchema, form({ name: "", city: "other" }));
    expect(missing.ok).toBe(false);
    if (!missing.ok)
      expect(Object.fromEntries(Object.entries(missing.errors).map(([k, v]) => [k, v?.message]))).toEqual({
        name: "errors.required",
        town: "errors.required",
        region: "errors.choose",
      });
    const abroad = await validateForm(
      clubSchema,
      form({ name: "Samarkand", city: "other", town: "Samarkand", region: "abroad" }),
    );
    expect(abroad.ok).toBe(false);
    expect(
      await club({ name: "Samarkand", city: "other", town: "Samarkand", region: "abroad", country: "UZ" }),
    ).toMatchObject({
      region: "abroad",
      country: "UZ",
    });
  });
});

describe.each(engines)("clubs managed in the app (%s)", (engine) => {
  const t = useTestDb(engine);

  it("lets admins and federation organisers manage every club, a leader edit their own, nobody else", async () => {
    const admin = await insertUser(t.db);
    const federation = await insertUser(t.db);
    const eventOrganiser = await insertUser(t.db);
    const leader = await insertUser(t.db);
    const guardian = await insertUser(t.db);
    await grantRole(t.db, admin.id, "admin");
    await grantRole(t.db, federation.id, "organiser", null);
    const event = await t.db
      .insertInto("events")
      .values({
        slug: "e",
        kind: "festival",
        city: "almaty",
        starts_on: "2027-05-01",
        ends_on: "2027-05-02",
        title_ru: "E",
      })
      .returning("id")
      .executeTakeFirstOrThrow()
      .catch(() => null);
    if (event) await grantRole(t.db, eventOrganiser.id, "organiser", event.id);
    const id = await createClub(t.db, admin, await club({ name: "Shanyrak", city: "almaty" }));
    await t.db.insertInto("memberships").values({ user_id: leader.id, role: "club_leader", club_id: id }).execute();
    const access = async (userId: number) => clubAccess(await rolesOf(t.db, userId), id);
    expect(await access(admin.id)).toBe("manage");
    expect(await access(federation.id)).toBe("manage");
    expect(await access(leader.id)).toBe("edit");
    expect(await access(guardian.id)).toBeNull();
    expect(await access(eventOrganiser.id)).toBeNull();

    // A leader is removed only through their own club.
    const membership = await t.db
      .selectFrom("memberships")
      .select("id")
      .where("user_id", "=", leader.id)
      .executeTakeFirstOrThrow();
    const other = await createClub(t.db, admin, await club({ name: "Other", city: "astana" }));
    expect(await removeClubLeader(t.db, admin, other, membership.id)).toBe(false);
    expect(await removeClubLeader(t.db, admin, id, membership.id)).toBe(true);
    expect(await access(leader.id)).toBeNull();
  });

  it("creates, edits and archives a club without losing its children, and audits each step", async () => {
    const admin = await insertUser(t.db);
    const id = await createClub(t.db, admin, await club({ name: "Ertis", nameKk: "Ертіс", city: "pavlodar" }));
    const child = await t.db
      .insertInto("participants")
      .values({ club_id: id, last_name: "A", first_name: "B", birth_date: "2015-01-01", city: "pavlodar" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(
      await updateClub(t.db, admin, id, await club({ name: "Ertis", city: "other", town: "Ақсу", region: "pavlodar" })),
    ).toBe(true);
    expect(await updateClub(t.db, admin, 999_999, await club({ name: "X", city: "almaty" }))).toBe(false);
    const details = (await clubDetails(t.db, id))!;
    expect(details.club.values).toMatchObject({
      name: "Ertis",
      nameKk: "",
      city: "other",
      town: "Ақсу",
      region: "pavlodar",
    });

    expect((await listClubChoices(t.db)).map((c) => c.id)).toContain(id);
    expect(await setClubArchived(t.db, admin, id, true)).toBe(true);
    expect((await listClubChoices(t.db)).map((c) => c.id)).not.toContain(id);
    expect((await listClubChoices(t.db, { keep: id })).map((c) => c.id)).toContain(id);
    expect((await listClubChoices(t.db, { includeArchived: true })).map((c) => c.id)).toContain(id);
    expect(
      await t.db.selectFrom("participants").select("club_id").where("id", "=", child.id).executeTakeFirst(),
    ).toEqual({
      club_id: id,
    });
    // A family may not choose an archived club, but a child already in it keeps it.
    const childForm = form({
      lastName: "A",
      firstName: "B",
      birthDate: "2015-01-01",
      city: "pavlodar",
      clubId: String(id),
      publicName: "full",
    });
    expect((await validateChildForm(t.db, childFields, childForm)).ok).toBe(false);
    expect((await validateChildForm(t.db, childFields, childForm, id)).ok).toBe(true);

    expect(await setClubArchived(t.db, admin, id, false)).toBe(true);
    expect((await listClubChoices(t.db)).map((c) => c.id)).toContain(id);
    const actions = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "club")
      .where("entity_id", "=", String(id))
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual(["club.create", "club.update", "club.archive", "club.restore"]);
  });

  it("lists clubs a page at a time by name in the reader's language, filtered by region, name or town", async () => {
    const admin = await insertUser(t.db);
    const roles = await rolesOf(t.db, admin.id);
    await grantRole(t.db, admin.id, "admin");
    const adminRoles = await rolesOf(t.db, admin.id);
    expect(roles.admin).toBe(false);
    // Earlier tests of this file share the database: start from none.
    await t.db.deleteFrom("memberships").where("club_id", "is not", null).execute();
    await t.db.deleteFrom("participants").where("club_id", "is not", null).execute();
    await t.db.deleteFrom("clubs").execute();
    for (let i = 0; i < 55; i++)
      await createClub(
        t.db,
        admin,
        await club({ name: `Club ${String(i).padStart(2, "0")}`, city: i % 2 ? "semey" : "almaty" }),
      );
    await createClub(
      t.db,
      admin,
      await club({ name: "Zhuldyz", nameEn: "A Star", city: "other", town: "Ақсу", region: "pavlodar" }),
    );
    const all = { q: "", region: null, archived: false };
    const first = await clubList(t.db, adminRoles, all, null, "en");
    expect([first.total, first.rows.length, first.page.pages]).toEqual([56, 50, 2]);
    expect(first.rows[0]!.name).toBe("A Star");
    const second = await clubList(t.db, adminRoles, all, 2, "en");
    expect(second.rows.map((r) => r.name)).toEqual(["Club 49", "Club 50", "Club 51", "Club 52", "Club 53", "Club 54"]);
    expect((await clubList(t.db, adminRoles, { ...all, region: "abai" }, null, "en")).total).toBe(27);
    expect((await clubList(t.db, adminRoles, { ...all, q: "ақсу" }, null, "ru")).rows.map((r) => r.name)).toEqual([
      "Zhuldyz",
    ]);
    expect((await clubList(t.db, adminRoles, { ...all, q: "%" }, null, "ru")).total).toBe(0);
    // A leader sees only their own clubs.
    const leader = await insertUser(t.db);
    const mine = first.rows[3]!.id;
    await t.db.insertInto("memberships").values({ user_id: leader.id, role: "club_leader", club_id: mine }).execute();
    expect((await clubList(t.db, await rolesOf(t.db, leader.id), all, null, "en")).rows.map((r) => r.id)).toEqual([
      mine,
    ]);
  });
});
