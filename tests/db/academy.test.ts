import { describe, expect, it } from "vitest";

import { ensureConsentTexts } from "#db/seed/consent-texts";
import type { EntryStatus } from "#db/types";
import { academyOverview, runAllocation } from "~/.server/academy/allocation.server";
import { familyAcademy, savePreferences } from "~/.server/academy/family-academy.server";
import { deleteMasterClass, saveMasterClass } from "~/.server/academy/master-classes.server";
import { setEventStatus } from "~/.server/events/events.server";
import type { DB } from "~/.server/platform/db.server";
import { addChild } from "~/.server/registration/children.server";
import { type MasterClassFormValues, masterClassSchema } from "~/schemas/academy";

import { engines, useTestDb } from "../setup/db";
import { asActor, createEventFromForm, insertUser, nominationForm } from "./factories";

interface Academy {
  eventId: number;
  slug: string;
  nominationId: number;
  organiser: { id: number; email: string };
}

let academies = 0;
let references = 0;

async function academy(db: DB): Promise<Academy> {
  await ensureConsentTexts(db);
  const organiser = await insertUser(db);
  const event = await createEventFromForm(db, organiser.id, {
    kind: "academy",
    titleEn: `Art Academy ${++academies}`,
    startsOn: "2026-12-10",
    endsOn: "2026-12-12",
    nominations: [
      nominationForm({ nameEn: "Fine art", discipline: "fine_art", entryKind: "workshop", formats: { solo: [1, 1] } }),
    ],
  });
  await setEventStatus(db, event.id, "published", asActor(organiser.id));
  const nomination = await db
    .selectFrom("nominations")
    .select("id")
    .where("event_id", "=", event.id)
    .executeTakeFirstOrThrow();
  return { eventId: event.id, slug: event.slug, nominationId: nomination.id, organiser: asActor(organiser.id) };
}

/** A guardian with children, each entered in the academy with the given status. */
async function family(db: DB, ac: Academy, count = 1, status: EntryStatus = "confirmed") {
  const user = await insertUser(db);
  const owner = { guardianId: user.id };
  const childIds: number[] = [];
  for (let i = 0; i < count; i++) {
    const { id } = await addChild(
      db,
      owner,
      {
        lastName: "Сейітова",
        firstName: `Әйгерім${user.id}-${i}`,
        patronymic: "",
        birthDate: "2012-03-01",
        city: "almaty",
        clubId: undefined,
        publicName: "full",
      },
      { photoVideo: false },
    );
    const entry = await db
      .insertInto("entries")
      .values({
        event_id: ac.eventId,
        nomination_id: ac.nominationId,
        format: "solo",
        status,
        reference: `AC-${String(++references).padStart(6, "0")}`,
        submitted_by_user_id: user.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("entry_members")
      .values({ entry_id: entry.id, participant_id: id, nomination_id: ac.nominationId })
      .execute();
    childIds.push(id);
  }
  return { owner, childIds };
}

const session = (date: string, from: string, to: string) => ({ date, from, to });

function classForm(fields: Partial<MasterClassFormValues>) {
  return masterClassSchema.parse({
    titleEn: "Watercolour",
    teacher: "Айгүл Нұрланқызы",
    room: "101",
    capacity: "2",
    minAge: "",
    maxAge: "",
    sessions: [session("2026-12-10", "09:00", "10:00")],
    ...fields,
  });
}

async function addClass(db: DB, ac: Academy, fields: Partial<MasterClassFormValues>) {
  const id = await saveMasterClass(db, ac.eventId, null, classForm(fields), ac.organiser);
  if (id === null) throw new Error("The class was not saved.");
  return id;
}

const enrolments = (db: DB, classIds: number[]) =>
  db
    .selectFrom("master_class_enrolments")
    .select(["master_class_id", "participant_id", "via_rank"])
    .where("master_class_id", "in", classIds)
    .orderBy("participant_id")
    .orderBy("master_class_id")
    .execute();

describe.each(engines)("the academy timetable on %s", (engine) => {
  const t = useTestDb(engine);

  it("stores a class's sessions as instants in Almaty time and gives them back as typed", async () => {
    const ac = await academy(t.db);
    const id = await addClass(t.db, ac, { sessions: [session("2026-12-10", "10:00", "11:30")] });
    const stored = await t.db
      .selectFrom("master_class_sessions")
      .select(["starts_at", "ends_at"])
      .where("master_class_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(new Date(stored.starts_at).toISOString()).toBe("2026-12-10T05:00:00.000Z");
    expect(new Date(stored.ends_at).toISOString()).toBe("2026-12-10T06:30:00.000Z");
    await saveMasterClass(
      t.db,
      ac.eventId,
      id,
      classForm({ capacity: "5", sessions: [session("2026-12-11", "15:00", "16:00")] }),
      ac.organiser,
    );
    const overview = await academyOverview(t.db, ac.eventId);
    expect(overview!.classes.map((c) => [c.capacity, c.sessions.length])).toEqual([[5, 1]]);
  });

  it("refuses to edit or remove another event's class", async () => {
    const ac = await academy(t.db);
    const other = await academy(t.db);
    const id = await addClass(t.db, ac, { sessions: [session("2026-12-10", "10:00", "11:00")] });
    expect(await saveMasterClass(t.db, other.eventId, id, classForm({}), other.organiser)).toBeNull();
    expect(await deleteMasterClass(t.db, other.eventId, id, other.organiser)).toBe(false);
    expect(await deleteMasterClass(t.db, ac.eventId, id, ac.organiser)).toBe(true);
  });

  it("saves wishes only for the guardian's own children with a confirmed entry, replacing earlier ones", async () => {
    const ac = await academy(t.db);
    const a = await addClass(t.db, ac, { sessions: [session("2026-12-10", "10:00", "11:00")] });
    const b = await addClass(t.db, ac, { sessions: [session("2026-12-10", "12:00", "13:00")] });
    const mine = await family(t.db, ac);
    const theirs = await family(t.db, ac);
    const waiting = await family(t.db, ac, 1, "waitlisted");
    const child = mine.childIds[0]!;

    expect(await savePreferences(t.db, mine.owner, { eventId: ac.eventId, childId: child, classIds: [a, b] })).toBe(
      "saved",
    );
    expect(await savePreferences(t.db, mine.owner, { eventId: ac.eventId, childId: child, classIds: [b] })).toBe(
      "saved",
    );
    expect(
      await savePreferences(t.db, mine.owner, { eventId: ac.eventId, childId: theirs.childIds[0]!, classIds: [a] }),
    ).toBe("missing");
    expect(
      await savePreferences(t.db, waiting.owner, { eventId: ac.eventId, childId: waiting.childIds[0]!, classIds: [a] }),
    ).toBe("missing");
    expect(await savePreferences(t.db, mine.owner, { eventId: ac.eventId, childId: child, classIds: [999_999] })).toBe(
      "unknown_class",
    );

    const stored = await t.db
      .selectFrom("master_class_preferences")
      .select(["participant_id", "master_class_id", "rank"])
      .where("master_class_id", "in", [a, b])
      .orderBy("rank")
      .execute();
    expect(stored).toEqual([{ participant_id: child, master_class_id: b, rank: 1 }]);
    const page = await familyAcademy(t.db, mine.owner, ac.slug);
    expect(page!.children.map((c) => [c.id, c.ranks])).toEqual([[child, [b]]]);
    expect((await familyAcademy(t.db, theirs.owner, ac.slug))!.children.map((c) => c.id)).toEqual([theirs.childIds[0]]);
  });

  it("allocates within capacity, never into overlapping classes, and lists every unmet wish", async () => {
    const ac = await academy(t.db);
    // Morning A and B overlap; C is in the afternoon.
    const a = await addClass(t.db, ac, {
      titleEn: "A",
      capacity: "2",
      sessions: [session("2026-12-10", "10:00", "12:00")],
    });
    const b = await addClass(t.db, ac, {
      titleEn: "B",
      capacity: "3",
      sessions: [session("2026-12-10", "11:00", "13:00")],
    });
    const c = await addClass(t.db, ac, {
      titleEn: "C",
      capacity: "1",
      sessions: [session("2026-12-10", "14:00", "15:00")],
    });
    const fam = await family(t.db, ac, 4);
    for (const child of fam.childIds) {
      expect(await savePreferences(t.db, fam.owner, { eventId: ac.eventId, childId: child, classIds: [a, b, c] })).toBe(
        "saved",
      );
    }

    const result = await runAllocation(t.db, ac.eventId, ac.organiser);
    expect(result).not.toBeNull();
    const rows = await enrolments(t.db, [a, b, c]);
    const count = (id: number) => rows.filter((r) => r.master_class_id === id).length;
    expect([count(a), count(b), count(c)]).toEqual([2, 2, 1]);
    for (const child of fam.childIds) {
      const held = rows.filter((r) => r.participant_id === child).map((r) => r.master_class_id);
      expect(held.length).toBeGreaterThan(0);
      expect(held.includes(a) && held.includes(b)).toBe(false);
    }
    // Every wish is either honoured or reported.
    expect(rows.length + result!.unmet.length).toBe(fam.childIds.length * 3);
    expect(result!.unmet.filter((u) => u.reason === "overlap")).toHaveLength(2);
    expect(result!.stats.emptyParticipants).toBe(0);

    const overview = await academyOverview(t.db, ac.eventId);
    expect(overview!.current).toBe(true);
    expect(overview!.report!.unmet).toHaveLength(result!.unmet.length);
    expect(overview!.report!.unmet.every((u) => u.name.startsWith("Сейітова"))).toBe(true);
    const page = await familyAcademy(t.db, fam.owner, ac.slug);
    expect(page!.children.every((ch) => ch.allocated.length > 0)).toBe(true);
  });

  it("re-running replaces the previous enrolments, and the report goes stale when wishes change", async () => {
    const ac = await academy(t.db);
    const a = await addClass(t.db, ac, {
      titleEn: "A",
      capacity: "1",
      sessions: [session("2026-12-10", "10:00", "11:00")],
    });
    const b = await addClass(t.db, ac, {
      titleEn: "B",
      capacity: "1",
      sessions: [session("2026-12-10", "10:00", "11:00")],
    });
    const fam = await family(t.db, ac, 1);
    const child = fam.childIds[0]!;
    await savePreferences(t.db, fam.owner, { eventId: ac.eventId, childId: child, classIds: [a] });
    await runAllocation(t.db, ac.eventId, ac.organiser);
    expect(await enrolments(t.db, [a, b])).toEqual([{ master_class_id: a, participant_id: child, via_rank: 1 }]);

    await savePreferences(t.db, fam.owner, { eventId: ac.eventId, childId: child, classIds: [b] });
    expect((await academyOverview(t.db, ac.eventId))!.current).toBe(false);
    await runAllocation(t.db, ac.eventId, ac.organiser);
    expect(await enrolments(t.db, [a, b])).toEqual([{ master_class_id: b, participant_id: child, via_rank: 1 }]);
    expect((await academyOverview(t.db, ac.eventId))!.current).toBe(true);
  });

  it("gives the same timetable on every run for the same wishes", async () => {
    const ac = await academy(t.db);
    const a = await addClass(t.db, ac, { capacity: "2", sessions: [session("2026-12-10", "10:00", "11:00")] });
    const fam = await family(t.db, ac, 5);
    for (const child of fam.childIds)
      await savePreferences(t.db, fam.owner, { eventId: ac.eventId, childId: child, classIds: [a] });
    await runAllocation(t.db, ac.eventId, ac.organiser);
    const first = await enrolments(t.db, [a]);
    await runAllocation(t.db, ac.eventId, ac.organiser);
    expect(await enrolments(t.db, [a])).toEqual(first);
    expect(first).toHaveLength(2);
  });
});
