import { describe, expect, it } from "vitest";

import { ensureConsentTexts } from "#db/seed/consent-texts";
import { exportMyData } from "~/.server/accounts/my-data.server";
import { validateChildForm } from "~/.server/registration/child-form.server";
import {
  addChild,
  childValues,
  deleteChild,
  getChild,
  giveConsent,
  listChildren,
  updateChild,
  withdrawConsent,
} from "~/.server/registration/children.server";
import { type ChildData, newChildSchema } from "~/schemas/child";

import { engines, useTestDb } from "../setup/db";
import { createEventFromForm, insertUser, nominationForm } from "./factories";

const aruzhan: ChildData = {
  lastName: "Ахметова",
  firstName: "Аружан",
  patronymic: "Ерланқызы",
  birthDate: "2015-04-12",
  city: "almaty",
  clubId: undefined,
  publicName: "full",
};

describe.each(engines)("children and consents on %s", (engine) => {
  const t = useTestDb(engine);
  const ready = async () => {
    await ensureConsentTexts(t.db);
    const guardian = await insertUser(t.db);
    return { guardianId: guardian.id };
  };

  it("refuses a club that does not exist as a field error, not a foreign-key failure", async () => {
    const form = (clubId: string) => {
      const data = new FormData();
      for (const [k, v] of Object.entries({ ...aruzhan, clubId, dataConsent: "on" })) data.set(k, String(v ?? ""));
      return data;
    };
    const unknown = await validateChildForm(t.db, newChildSchema, form("999999"));
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.errors).toEqual({ clubId: { type: "custom", message: "errors.chooseClub" } });
    const club = await t.db
      .insertInto("clubs")
      .values({ name: "Шаңырақ", city: "almaty" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const known = await validateChildForm(t.db, newChildSchema, form(String(club.id)));
    expect(known.ok && known.data.clubId).toBe(club.id);
    const none = await validateChildForm(t.db, newChildSchema, form(""));
    expect(none.ok && none.data.clubId).toBeUndefined();
  });

  it("keeps a town outside Toi's list exactly as typed with the region chosen; a listed town gives its own", async () => {
    const owner = await ready();
    const form = (fields: Record<string, string>) => {
      const data = new FormData();
      for (const [k, v] of Object.entries({ ...aruzhan, clubId: "", dataConsent: "on", ...fields }))
        data.set(k, String(v ?? ""));
      return data;
    };
    const missing = await validateChildForm(t.db, newChildSchema, form({ city: "other", town: " Ақсу ", region: "" }));
    expect(!missing.ok && missing.errors).toEqual({ region: expect.objectContaining({ message: "errors.choose" }) });
    const abroad = await validateChildForm(
      t.db,
      newChildSchema,
      form({ city: "other", town: "Самарқанд", region: "abroad" }),
    );
    expect(!abroad.ok && Object.keys(abroad.errors)).toEqual(["country"]);

    const aksu = await validateChildForm(
      t.db,
      newChildSchema,
      form({ city: "other", town: " Ақсу ", region: "pavlodar" }),
    );
    if (!aksu.ok) throw new Error(JSON.stringify(aksu.errors));
    const listed = await validateChildForm(
      t.db,
      newChildSchema,
      form({ city: "semey", town: "x", region: "pavlodar" }),
    );
    if (!listed.ok) throw new Error(JSON.stringify(listed.errors));
    const ids = [
      (await addChild(t.db, owner, aksu.data, { photoVideo: false })).id,
      (await addChild(t.db, owner, { ...listed.data, firstName: "Дана" }, { photoVideo: false })).id,
    ];
    const rows = await t.db
      .selectFrom("participants")
      .select(["city", "town", "region", "country"])
      .where("id", "in", ids)
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      { city: "other", town: "Ақсу", region: "pavlodar", country: "KZ" },
      { city: "semey", town: null, region: "abai", country: "KZ" },
    ]);
    expect(childValues((await getChild(t.db, owner, ids[0]!))!)).toMatchObject({
      city: "other",
      town: "Ақсу",
      region: "pavlodar",
    });
  });

  it("adds a child with the required data consent, and photo consent only when asked", async () => {
    const owner = await ready();
    const { id } = await addChild(t.db, owner, aruzhan, { photoVideo: false });
    const [listed] = await listChildren(t.db, owner);
    expect(listed).toMatchObject({
      id,
      first_name: "Аружан",
      birth_date: "2015-04-12",
      data_consent: true,
      photo_consent: false,
    });
    const child = await getChild(t.db, owner, id);
    expect(child!.consents.map((c) => [c.kind, c.version])).toEqual([["data", 1]]);
  });

  it("never shows or changes another family's child", async () => {
    const owner = await ready();
    const stranger = await ready();
    const { id } = await addChild(t.db, owner, aruzhan, { photoVideo: true });
    expect(await getChild(t.db, stranger, id)).toBeUndefined();
    expect(await updateChild(t.db, stranger, id, { ...aruzhan, firstName: "Чужой" })).toBe(false);
    expect(await withdrawConsent(t.db, stranger, id, "data")).toBe(false);
    expect(await deleteChild(t.db, stranger, id)).toBe("missing");
    expect((await getChild(t.db, owner, id))!.first_name).toBe("Аружан");
    expect(await listChildren(t.db, stranger)).toEqual([]);
  });

  it("records when a consent is withdrawn and when it is given again, keeping the history", async () => {
    const owner = await ready();
    const { id } = await addChild(t.db, owner, aruzhan, { photoVideo: true });
    expect(await withdrawConsent(t.db, owner, id, "photo_video")).toBe(true);
    expect(await giveConsent(t.db, owner, id, "photo_video")).toBe(true);
    expect(await giveConsent(t.db, owner, id, "photo_video")).toBe(true); // already standing: no second row
    const photo = (await getChild(t.db, owner, id))!.consents.filter((c) => c.kind === "photo_video");
    expect(photo).toHaveLength(2);
    expect(photo.filter((c) => c.withdrawn_at === null)).toHaveLength(1);
    expect(photo.find((c) => c.withdrawn_at !== null)!.withdrawn_at!.getTime()).toBeGreaterThanOrEqual(
      photo[1]!.given_at.getTime(),
    );
  });

  it("deletes a child who never took part, consents and all", async () => {
    const owner = await ready();
    const { id } = await addChild(t.db, owner, aruzhan, { photoVideo: true });
    expect(await deleteChild(t.db, owner, id)).toBe("deleted");
    expect(await t.db.selectFrom("participants").select("id").where("id", "=", id).executeTakeFirst()).toBeUndefined();
    expect(await t.db.selectFrom("consents").select("id").where("participant_id", "=", id).execute()).toEqual([]);
  });

  it("anonymises a child who took part: results keep the entry, without name, birth date or guardian", async () => {
    const owner = await ready();
    const { id } = await addChild(t.db, owner, aruzhan, { photoVideo: true });
    const event = await createEventFromForm(t.db, owner.guardianId, {
      titleEn: `Anonymise ${engine}`,
      nominations: [nominationForm()],
    });
    const nomination = await t.db
      .selectFrom("nominations")
      .select("id")
      .where("event_id", "=", event.id)
      .executeTakeFirstOrThrow();
    const entry = await t.db
      .insertInto("entries")
      .values({
        event_id: event.id,
        nomination_id: nomination.id,
        format: "solo",
        status: "confirmed",
        reference: `T-${engine}-1`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("entry_members")
      .values({ entry_id: entry.id, participant_id: id, nomination_id: nomination.id })
      .execute();

    expect(await deleteChild(t.db, owner, id)).toBe("anonymised");
    const row = await t.db.selectFrom("participants").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      first_name: "",
      last_name: "",
      patronymic: "",
      birth_date: null,
      guardian_user_id: null,
      city: "almaty",
    });
    expect(row.anonymised_at).toBeInstanceOf(Date);
    expect(
      await t.db.selectFrom("entries").select(["status"]).where("id", "=", entry.id).executeTakeFirstOrThrow(),
    ).toEqual({ status: "withdrawn" });
    const member = await t.db
      .selectFrom("entry_members")
      .select("active")
      .where("entry_id", "=", entry.id)
      .executeTakeFirstOrThrow();
    expect(member.active).toBe(false);
    const standing = await t.db
      .selectFrom("consents")
      .select("id")
      .where("participant_id", "=", id)
      .where("withdrawn_at", "is", null)
      .execute();
    expect(standing).toEqual([]);
    expect(await listChildren(t.db, owner)).toEqual([]);
  });

  it("exports everything about the account and its children, and nothing secret", async () => {
    const owner = await ready();
    await addChild(t.db, owner, aruzhan, { photoVideo: false });
    const data = await exportMyData(t.db, owner.guardianId);
    const text = JSON.stringify(data);
    expect(data.children).toHaveLength(1);
    expect(data.children[0]).toMatchObject({ first_name: "Аружан", birth_date: "2015-04-12" });
    expect(data.children[0]!.consents.map((c) => c.kind)).toEqual(["data"]);
    expect(text).not.toContain("password_hash");
    expect(text).not.toMatch(/\$argon2/);
  });
});
