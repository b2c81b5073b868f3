import { describe, expect, it } from "vitest";

import { ensureConsentTexts } from "#db/seed/consent-texts";
import { saveAcademySettings } from "~/.server/academy/academy-settings.server";
import { academyOverview, runAllocation } from "~/.server/academy/allocation.server";
import {
  clubsRankingIn,
  familyAcademy,
  familyAcademyPage,
  savePreferences,
} from "~/.server/academy/family-academy.server";
import { saveMasterClass } from "~/.server/academy/master-classes.server";
import { organiserAcademyPage, organiserClassPage } from "~/.server/academy/organiser-academy.server";
import { rankFromForm } from "~/.server/academy/ranking-form.server";
import { setEventStatus } from "~/.server/events/events.server";
import type { DB } from "~/.server/platform/db.server";
import { masterClassSchema } from "~/schemas/academy";

import { engines, useTestDb } from "../setup/db";
import { asActor, createEventFromForm, insertUser, nominationForm } from "./factories";

// The Academy at full size (issue 13): 1,000 applicants, 100 finalists, 288 seats over ten days;
// the organiser's settings; club leaders ranking for roster children; paged lists.

let academies = 0;

async function academyEvent(db: DB) {
  await ensureConsentTexts(db);
  const organiser = await insertUser(db);
  const event = await createEventFromForm(db, organiser.id, {
    kind: "academy",
    titleEn: `Art Academy finals ${++academies}`,
    startsOn: "2026-12-10",
    endsOn: "2026-12-19",
    nominations: [
      nominationForm({ nameEn: "Fine art", discipline: "fine_art", entryKind: "workshop", formats: { solo: [1, 1] } }),
    ],
  });
  await setEventStatus(db, event.id, "published", asActor(organiser.id));
  const { id: nominationId } = await db
    .selectFrom("nominations")
    .select("id")
    .where("event_id", "=", event.id)
    .executeTakeFirstOrThrow();
  return { eventId: event.id, slug: event.slug, nominationId, actor: asActor(organiser.id) };
}

type Academy = Awaited<ReturnType<typeof academyEvent>>;

/** `count` children with a confirmed entry each (names "Әйгерім 1" …), in a club or a family. */
async function applicants(db: DB, ac: Academy, count: number, owner: { clubId?: number; guardianId?: number } = {}) {
  const children = await db
    .insertInto("participants")
    .values(
      Array.from({ length: count }, (_, i) => ({
        last_name: "Сейітова",
        first_name: `Әйгерім ${i + 1}`,
        birth_date: "2012-03-01",
        city: "almaty",
        club_id: owner.clubId ?? null,
        guardian_user_id: owner.guardianId ?? null,
      })),
    )
    .returning("id")
    .execute();
  const entries = await db
    .insertInto("entries")
    .values(
      children.map((c) => ({
        event_id: ac.eventId,
        nomination_id: ac.nominationId,
        format: "solo" as const,
        status: "confirmed" as const,
        reference: `AF${ac.eventId}-${c.id}`,
        club_id: owner.clubId ?? null,
      })),
    )
    .returning("id")
    .execute();
  await db
    .insertInto("entry_members")
    .values(
      children.map((c, i) => ({ entry_id: entries[i]!.id, participant_id: c.id, nomination_id: ac.nominationId })),
    )
    .execute();
  return children.map((c, i) => ({ participantId: c.id, entryId: entries[i]!.id }));
}

/** A selection round (step 1) and the academy round (step 2) holding the given entries. */
async function rounds(db: DB, ac: Academy, finalistEntryIds: number[]) {
  const [selection, finals] = await db
    .insertInto("rounds")
    .values([
      { event_id: ac.eventId, position: 1, kind: "remote" as const },
      { event_id: ac.eventId, position: 2, kind: "final" as const },
    ])
    .returning("id")
    .execute();
  await db
    .insertInto("round_entries")
    .values(finalistEntryIds.map((entry_id) => ({ round_id: finals!.id, entry_id })))
    .execute();
  return { selectionId: selection!.id, finalsId: finals!.id };
}

/** Issue 13's classes: 24 of 12 places, each three days running, mornings or afternoons, over ten days. */
async function tenDaysOfClasses(db: DB, ac: Academy) {
  const ids: number[] = [];
  for (let i = 0; i < 24; i++) {
    const start = (i * 3) % 8;
    const [from, to] = i % 2 === 0 ? ["10:00", "12:00"] : ["14:00", "16:00"];
    const data = masterClassSchema.parse({
      titleEn: `Class ${String(i + 1).padStart(2, "0")}`,
      teacher: `Teacher ${i + 1}`,
      capacity: "12",
      sessions: [0, 1, 2].map((d) => ({ date: `2026-12-${10 + start + d}`, from, to })),
    });
    ids.push((await saveMasterClass(db, ac.eventId, null, data, ac.actor))!);
  }
  return ids;
}

describe.each(engines)("the academy's finalists on %s", (engine) => {
  const t = useTestDb(engine);

  it("allocates the 100 finalists of 1,000 applicants, filling all 288 seats two or three each", async () => {
    const ac = await academyEvent(t.db);
    const all = await applicants(t.db, ac, 1000);
    const finalists = all.filter((_, i) => i % 10 === 3);
    const { selectionId } = await rounds(
      t.db,
      ac,
      finalists.map((f) => f.entryId),
    );
    const classIds = await tenDaysOfClasses(t.db, ac);
    await t.db
      .insertInto("master_class_preferences")
      .values(
        finalists.flatMap((f, i) =>
          [0, 1, 2, 3, 4].map((r) => ({
            participant_id: f.participantId,
            master_class_id: classIds[(i * 7 + r * (1 + (i % 3))) % 8]!,
            rank: r + 1,
          })),
        ),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();

    const before = await academyOverview(t.db, ac.eventId);
    expect(before!.participantCount).toBe(100);
    const result = await runAllocation(t.db, ac.eventId, ac.actor);
    expect(result!.enrolments).toHaveLength(288);
    const stored = await t.db
      .selectFrom("master_class_enrolments")
      .select(["participant_id", (eb) => eb.fn.countAll<string>().as("n")])
      .where("master_class_id", "in", classIds)
      .groupBy("participant_id")
      .execute();
    const finalistIds = new Set(finalists.map((f) => f.participantId));
    expect(stored).toHaveLength(100);
    for (const row of stored) {
      expect(finalistIds.has(row.participant_id)).toBe(true);
      expect([2, 3]).toContain(Number(row.n));
    }
    const after = await academyOverview(t.db, ac.eventId);
    expect(after!.current).toBe(true);
    expect(after!.report!.stats.emptyParticipants).toBe(0);

    // Marking the selection round as the academy round makes every applicant a participant, and
    // the stored places stale.
    await saveAcademySettings(t.db, ac.eventId, { roundId: selectionId, maxRanks: 5, maxClasses: null }, ac.actor);
    const wider = await academyOverview(t.db, ac.eventId);
    expect(wider!.participantCount).toBe(1000);
    expect(wider!.current).toBe(false);
  });

  it("pages, sorts and filters a class of 1,000 participants and the class list", async () => {
    const ac = await academyEvent(t.db);
    const all = await applicants(t.db, ac, 1000);
    const [big] = await Promise.all([
      saveMasterClass(
        t.db,
        ac.eventId,
        null,
        masterClassSchema.parse({
          titleEn: "Open air",
          teacher: "Нұрлан",
          capacity: "1000",
          sessions: [{ date: "2026-12-10", from: "10:00", to: "12:00" }],
        }),
        ac.actor,
      ),
    ]);
    await t.db
      .insertInto("master_class_enrolments")
      .values(
        all.map((a, i) => ({ master_class_id: big!, participant_id: a.participantId, via_rank: i % 2 ? 1 : null })),
      )
      .execute();

    const started = performance.now();
    const page = await organiserClassPage(
      t.db,
      ac.eventId,
      big!,
      "kk",
      new URLSearchParams("sort=name&dir=desc&page=3&size=50"),
    );
    const ms = performance.now() - started;
    console.log(`[academy] class page of 1,000 participants on ${engine}: ${ms.toFixed(0)} ms`);
    expect(page!.counts).toEqual({ all: 1000, choice: 500, fillUp: 500 });
    expect(page!.seats).toMatchObject({ page: 3, pages: 20, first: 101, last: 150, total: 1000, size: 50 });
    expect(page!.seats.items).toHaveLength(50);
    const names = page!.seats.items.map((s) => s.name);
    expect(names).toEqual([...names].sort(new Intl.Collator("kk").compare).reverse());

    const filtered = await organiserClassPage(
      t.db,
      ac.eventId,
      big!,
      "kk",
      new URLSearchParams("show=fillUp&q=Әйгерім 99"),
    );
    // "Әйгерім 99" and "Әйгерім 990"–"999"; odd positions (even numbers) are the fill-ups.
    expect(filtered!.seats.items.map((s) => s.name)).toEqual(
      ["99", "991", "993", "995", "997", "999"].map((n) => `Сейітова Әйгерім ${n}`),
    );
    expect(filtered!.seats.items.every((s) => s.viaRank === null)).toBe(true);

    const list = await organiserAcademyPage(t.db, ac.eventId, "en", new URLSearchParams("show=full"));
    expect(list!.participantCount).toBe(1000);
    expect(list!.counts).toEqual({ all: 1, open: 0, full: 1, empty: 0 });
    expect(list!.classes.items.map((c) => c.title)).toEqual(["Open air"]);
    const none = await organiserAcademyPage(t.db, ac.eventId, "en", new URLSearchParams("show=empty"));
    expect(none!.classes.total).toBe(0);
  });

  it("holds families and club leaders to the organiser's number of choices and class limit", async () => {
    const ac = await academyEvent(t.db);
    const guardian = await insertUser(t.db);
    const [child] = await applicants(t.db, ac, 1, { guardianId: guardian.id });
    const classIds = (await tenDaysOfClasses(t.db, ac)).slice(0, 4);
    expect(
      await saveAcademySettings(t.db, ac.eventId, { roundId: 999_999, maxRanks: 2, maxClasses: null }, ac.actor),
    ).toBe("unknown_round");
    await saveAcademySettings(t.db, ac.eventId, { roundId: null, maxRanks: 2, maxClasses: 1 }, ac.actor);

    const ranker = { guardianId: guardian.id };
    const input = { eventId: ac.eventId, childId: child!.participantId };
    expect(await savePreferences(t.db, ranker, { ...input, classIds: classIds.slice(0, 3) })).toBe("too_many");
    expect(await savePreferences(t.db, ranker, { ...input, classIds: classIds.slice(0, 2) })).toBe("saved");

    const form = new FormData();
    form.set("intent", "rank");
    form.set("childId", String(child!.participantId));
    classIds.slice(0, 3).forEach((id, i) => form.set(`ranks.${i}`, String(id)));
    const refused = await rankFromForm(t.db, ac.slug, ranker, form);
    expect(refused).toMatchObject({ kind: "invalid", errors: { ranks: { message: "academy.errors.tooManyChoices" } } });

    expect((await familyAcademy(t.db, ranker, ac.slug))!.maxRanks).toBe(2);
    const result = await runAllocation(t.db, ac.eventId, ac.actor);
    expect(result!.enrolments).toEqual([
      { participantId: child!.participantId, classId: classIds[0], viaPreference: 1 },
    ]);
  });

  it("lets a club's leaders rank for its finalists without a family account, and no one else's", async () => {
    const ac = await academyEvent(t.db);
    const [club, otherClub] = await t.db
      .insertInto("clubs")
      .values([
        { name: "Club Ақсу", city: "other" },
        { name: "Club Семей", city: "other" },
      ])
      .returning("id")
      .execute();
    const guardian = await insertUser(t.db);
    const [roster] = await applicants(t.db, ac, 1, { clubId: club!.id });
    const [family] = await applicants(t.db, ac, 1, { clubId: club!.id, guardianId: guardian.id });
    const [theirs] = await applicants(t.db, ac, 1, { clubId: otherClub!.id });
    const [classId] = await tenDaysOfClasses(t.db, ac);
    const save = (clubId: number, childId: number) =>
      savePreferences(t.db, { clubId }, { eventId: ac.eventId, childId, classIds: [classId!] });

    expect(await save(club!.id, roster!.participantId)).toBe("saved");
    // A child with a family account is ranked by the family; another club's child is not found.
    expect(await save(club!.id, family!.participantId)).toBe("missing");
    expect(await save(club!.id, theirs!.participantId)).toBe("missing");

    const page = await familyAcademy(t.db, { clubId: club!.id }, ac.slug);
    expect(page!.children.map((c) => [c.id, c.ranks])).toEqual([[roster!.participantId, [classId]]]);
    expect(await clubsRankingIn(t.db, [club!.id, otherClub!.id], ac.slug)).toEqual([
      { id: club!.id, name: "Club Ақсу" },
      { id: otherClub!.id, name: "Club Семей" },
    ]);
    expect(await clubsRankingIn(t.db, [], ac.slug)).toEqual([]);

    // A big club's page holds 50 choice boxes: 10 children of 5 choices, 2 of 20.
    await applicants(t.db, ac, 24, { clubId: club!.id });
    const pageOf = (qs: string) =>
      familyAcademyPage(t.db, { clubId: club!.id }, ac.slug, "kk", new URLSearchParams(qs));
    expect((await pageOf("page=3"))!.paging).toEqual({ page: 3, pages: 3, first: 21, last: 25, total: 25 });
    expect((await pageOf("q=әйгерім 2"))!.children.map((c) => c.name)).toEqual(
      ["2", "20", "21", "22", "23", "24"].map((n) => `Сейітова Әйгерім ${n}`),
    );
    await saveAcademySettings(t.db, ac.eventId, { roundId: null, maxRanks: 20, maxClasses: null }, ac.actor);
    expect((await pageOf(""))!.children).toHaveLength(2);
  });
});
