import { describe, expect, it } from "vitest";

import type { EntryStatus, PerformanceFormat } from "#db/types";
import { runAllocation } from "~/.server/academy/allocation.server";
import { savePreferences } from "~/.server/academy/family-academy.server";
import { saveMasterClass } from "~/.server/academy/master-classes.server";
import { setEventStatus } from "~/.server/events/events.server";
import type { DB } from "~/.server/platform/db.server";
import { eventCalendar, familyCalendar } from "~/.server/schedule/calendar.server";
import { type FamilyItemView, familySchedule } from "~/.server/schedule/family-schedule.server";
import { nowAndNext, stageNowPage } from "~/.server/schedule/now-and-next.server";
import {
  arrangeProgramme,
  type BlockView,
  hasPublishedProgramme,
  type ProgrammeDay,
  programmePage,
  runningOrder,
} from "~/.server/schedule/public-programme.server";
import type { PerformanceView, SlotView } from "~/.server/schedule/published-slots.server";
import { type MasterClassFormValues, masterClassSchema } from "~/schemas/academy";

import { engines, useTestDb } from "../setup/db";
import { ageGroupForm, asActor, createEventFromForm, insertUser, nominationForm, roundForm } from "./factories";

const publicOnly = async () => false;
const BIRTH_DATES = ["2015-04-12", "2014-09-01", "2013-02-03", "2012-06-30"];

/** Almaty is UTC+5: 05:00Z is 10:00 on the hall's clock. */
const at = (hhmm: string, day = "2026-12-10") => `${day}T${hhmm}:00Z`;

let seq = 0;

async function publishedEvent(db: DB, organiserId: number, title: { kk: string; ru: string }) {
  const { id } = await createEventFromForm(db, organiserId, {
    titleKk: title.kk,
    titleRu: title.ru,
    titleEn: "",
    venueRu: "Дворец Республики",
    nominations: [
      nominationForm({ nameKk: "Вокал", nameRu: "Вокал", nameEn: "Vocal", formats: { solo: [1, 1], duet: [2, 2] } }),
      nominationForm({
        nameKk: "Хореография",
        nameRu: "Хореография",
        nameEn: "Choreography",
        discipline: "choreography",
        formats: { ensemble: [2, 20] },
      }),
    ],
    ageGroups: [ageGroupForm(7, 10), ageGroupForm(11, 14)],
    rounds: [roundForm({ kind: "final" })],
  });
  await setEventStatus(db, id, "published", asActor(organiserId));
  const [vocal, dance] = await db
    .selectFrom("nominations")
    .select("id")
    .where("event_id", "=", id)
    .orderBy("position")
    .execute();
  const [younger, older] = await db
    .selectFrom("age_groups")
    .select("id")
    .where("event_id", "=", id)
    .orderBy("min_age")
    .execute();
  const round = await db.selectFrom("rounds").select("id").where("event_id", "=", id).executeTakeFirstOrThrow();
  const event = await db.selectFrom("events").select(["id", "slug"]).where("id", "=", id).executeTakeFirstOrThrow();
  return { ...event, roundId: round.id, vocal: vocal!.id, dance: dance!.id, younger: younger!.id, older: older!.id };
}
type TestEvent = Awaited<ReturnType<typeof publishedEvent>>;

async function child(
  db: DB,
  fields: {
    guardianId: number | null;
    last: string;
    first: string;
    birth: string | null;
    publicName: "full" | "initial";
    clubId?: number;
    patronymic?: string;
  },
) {
  const row = await db
    .insertInto("participants")
    .values({
      guardian_user_id: fields.guardianId,
      club_id: fields.clubId ?? null,
      last_name: fields.last,
      first_name: fields.first,
      patronymic: fields.patronymic ?? "",
      birth_date: fields.birth,
      city: "almaty",
      public_name: fields.publicName,
      anonymised_at: fields.birth === null ? new Date() : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function entry(
  db: DB,
  ev: TestEvent,
  fields: {
    nominationId: number;
    ageGroupId: number;
    format: PerformanceFormat;
    title: string;
    members: number[];
    status?: EntryStatus;
    clubId?: number;
  },
) {
  const status = fields.status ?? "confirmed";
  const row = await db
    .insertInto("entries")
    .values({
      event_id: ev.id,
      nomination_id: fields.nominationId,
      age_group_id: fields.ageGroupId,
      format: fields.format,
      title: fields.title,
      duration_seconds: 180,
      status,
      reference: `PRG-${++seq}`,
      club_id: fields.clubId ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const active = status !== "withdrawn" && status !== "rejected";
  await db
    .insertInto("entry_members")
    .values(
      fields.members.map((participant_id) => ({
        entry_id: row.id,
        participant_id,
        nomination_id: fields.nominationId,
        active,
      })),
    )
    .execute();
  return row.id;
}

async function stage(
  db: DB,
  roundId: number,
  position: number,
  names: { kk: string; ru: string; en: string },
  venue = "",
) {
  const row = await db
    .insertInto("stages")
    .values({ round_id: roundId, position, name_kk: names.kk, name_ru: names.ru, name_en: names.en, venue })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

type SlotSpec = { stageId: number; from: string; to: string; entryId?: number };

async function version(db: DB, roundId: number, status: "draft" | "published" | "superseded", slots: SlotSpec[]) {
  const v = await db
    .insertInto("schedule_versions")
    .values({ round_id: roundId, status, published_at: status === "draft" ? null : new Date("2026-12-01T10:00:00Z") })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("schedule_slots")
    .values(
      slots.map((s) => ({
        version_id: v.id,
        stage_id: s.stageId,
        kind: s.entryId ? ("entry" as const) : ("break" as const),
        entry_id: s.entryId ?? null,
        starts_at: s.from,
        ends_at: s.to,
      })),
    )
    .execute();
  return v.id;
}

/**
 * Two families and a club: family A has Аружан (full name public) and Әйгерім (initial only);
 * family B has Нұрлан (initial only, in a club) and Тимур (whose entry was withdrawn). One child's
 * data was deleted. The festival has a superseded, a published and a draft running order.
 */
async function seed(db: DB) {
  const organiser = await insertUser(db);
  const parentA = await insertUser(db, { name: "Гүлнар Ахметова", email: `parent-a-${++seq}@example.kz` });
  const parentB = await insertUser(db, { name: "Ерлан Қасымов", email: `parent-b-${++seq}@example.kz` });
  const club = await db
    .insertInto("clubs")
    .values({ name: "Жұлдыз", city: "almaty" })
    .returning("id")
    .executeTakeFirstOrThrow();

  const aruzhan = await child(db, {
    guardianId: parentA.id,
    last: "Ахметова",
    first: "Аружан",
    birth: "2015-04-12",
    publicName: "full",
    patronymic: "Ерланқызы",
  });
  const aigerim = await child(db, {
    guardianId: parentA.id,
    last: "Серікова",
    first: "Әйгерім",
    birth: "2014-09-01",
    publicName: "initial",
  });
  const nurlan = await child(db, {
    guardianId: parentB.id,
    last: "Қасымов",
    first: "Нұрлан",
    birth: "2013-02-03",
    publicName: "initial",
    clubId: club.id,
  });
  const timur = await child(db, {
    guardianId: parentB.id,
    last: "Омаров",
    first: "Тимур",
    birth: "2012-06-30",
    publicName: "full",
  });
  const deleted = await child(db, { guardianId: null, last: "", first: "", birth: null, publicName: "full" });

  const fest = await publishedEvent(db, organiser.id, { kk: "Шабыт фестивалі", ru: "Фестиваль «Шабыт»" });
  const e = {
    solo: await entry(db, fest, {
      nominationId: fest.vocal,
      ageGroupId: fest.younger,
      format: "solo",
      title: "Әлди-әлди",
      members: [aruzhan],
    }),
    withdrawn: await entry(db, fest, {
      nominationId: fest.vocal,
      ageGroupId: fest.younger,
      format: "solo",
      title: "Көктем",
      members: [timur],
      status: "withdrawn",
    }),
    older: await entry(db, fest, {
      nominationId: fest.vocal,
      ageGroupId: fest.older,
      format: "solo",
      title: "Қазақ вальсі",
      members: [nurlan],
    }),
    duet: await entry(db, fest, {
      nominationId: fest.vocal,
      ageGroupId: fest.older,
      format: "duet",
      title: "Елім-ай",
      members: [aigerim, deleted],
    }),
    ensemble: await entry(db, fest, {
      nominationId: fest.dance,
      ageGroupId: fest.younger,
      format: "ensemble",
      title: "Қара жорға",
      members: [aruzhan, nurlan],
      clubId: club.id,
    }),
    draftOnly: await entry(db, fest, {
      nominationId: fest.dance,
      ageGroupId: fest.older,
      format: "ensemble",
      title: "Көк тудың желбірегені",
      members: [aigerim, timur],
    }),
  };
  const main = await stage(
    db,
    fest.roundId,
    0,
    { kk: "Үлкен сахна", ru: "Большая сцена", en: "Main stage" },
    "Дворец Республики",
  );
  const small = await stage(db, fest.roundId, 1, { kk: "Кіші сахна", ru: "Малая сцена", en: "Small stage" });
  const draftStage = await stage(db, fest.roundId, 2, { kk: "Фойе", ru: "Фойе", en: "Foyer" });

  await version(db, fest.roundId, "superseded", [
    { stageId: main, from: at("09:00"), to: at("09:05"), entryId: e.solo },
  ]);
  await version(db, fest.roundId, "published", [
    { stageId: main, from: at("05:00"), to: at("05:05"), entryId: e.solo },
    { stageId: main, from: at("05:05"), to: at("05:10"), entryId: e.withdrawn },
    { stageId: main, from: at("05:10"), to: at("05:15"), entryId: e.older },
    { stageId: main, from: at("05:15"), to: at("05:20"), entryId: e.duet },
    { stageId: main, from: at("05:20"), to: at("05:40") },
    { stageId: small, from: at("04:00", "2026-12-11"), to: at("04:10", "2026-12-11"), entryId: e.ensemble },
  ]);
  await version(db, fest.roundId, "draft", [
    { stageId: main, from: at("10:00"), to: at("10:05"), entryId: e.solo },
    { stageId: draftStage, from: at("11:00"), to: at("11:10"), entryId: e.draftOnly },
  ]);

  // An earlier event where both families perform, and one with only a draft.
  const gala = await publishedEvent(db, organiser.id, { kk: "Гала-концерт", ru: "Гала-концерт" });
  const galaEntry = await entry(db, gala, {
    nominationId: gala.vocal,
    ageGroupId: gala.younger,
    format: "duet",
    title: "Дударай",
    members: [aruzhan, nurlan],
  });
  const galaStage = await stage(db, gala.roundId, 0, { kk: "Сахна", ru: "Сцена", en: "Stage" });
  await version(db, gala.roundId, "published", [
    { stageId: galaStage, from: at("07:00", "2026-12-05"), to: at("07:05", "2026-12-05"), entryId: galaEntry },
  ]);
  const unpublished = await publishedEvent(db, organiser.id, { kk: "Жоба", ru: "Черновик" });
  const unpublishedStage = await stage(db, unpublished.roundId, 0, { kk: "Сахна", ru: "Сцена", en: "Stage" });
  const unpublishedEntry = await entry(db, unpublished, {
    nominationId: unpublished.vocal,
    ageGroupId: unpublished.younger,
    format: "solo",
    title: "—",
    members: [aigerim],
  });
  await version(db, unpublished.roundId, "draft", [
    { stageId: unpublishedStage, from: at("05:00"), to: at("05:05"), entryId: unpublishedEntry },
  ]);

  return {
    fest,
    gala,
    unpublished,
    e,
    galaEntry,
    stages: { main, small, draftStage, galaStage },
    parentA,
    parentB,
    organiser,
  };
}

/**
 * An art academy on 10–11 December 2026: Watercolour (ages 10–17, room 101) meets 09:00–10:30 on
 * both days, Dombra 11:00–12:00 on the first. Аружан (family A) wishes for Watercolour, Дияс
 * (family B) for Dombra; nothing is allocated yet.
 */
async function academy(db: DB) {
  const organiser = await insertUser(db);
  const parentA = await insertUser(db, { email: `academy-a-${++seq}@example.kz` });
  const parentB = await insertUser(db, { email: `academy-b-${++seq}@example.kz` });
  const { id } = await createEventFromForm(db, organiser.id, {
    kind: "academy",
    titleKk: "Өнер академиясы",
    titleRu: "Академия искусств",
    titleEn: "",
    venueKk: "Алматы",
    venueRu: "Алматы",
    startsOn: "2026-12-10",
    endsOn: "2026-12-11",
    nominations: [
      nominationForm({
        nameKk: "Шеберлік сыныбы",
        nameRu: "Мастер-класс",
        nameEn: "",
        discipline: "fine_art",
        entryKind: "workshop",
        formats: { solo: [1, 1] },
      }),
    ],
  });
  await setEventStatus(db, id, "published", asActor(organiser.id));
  const ev = await db.selectFrom("events").select(["id", "slug"]).where("id", "=", id).executeTakeFirstOrThrow();
  const nomination = await db
    .selectFrom("nominations")
    .select("id")
    .where("event_id", "=", id)
    .executeTakeFirstOrThrow();
  const enrol = async (guardianId: number, last: string, first: string) => {
    const childId = await child(db, { guardianId, last, first, birth: "2013-05-05", publicName: "initial" });
    const row = await db
      .insertInto("entries")
      .values({
        event_id: id,
        nomination_id: nomination.id,
        format: "solo",
        status: "confirmed",
        reference: `ACD-${++seq}`,
        submitted_by_user_id: guardianId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("entry_members")
      .values({ entry_id: row.id, participant_id: childId, nomination_id: nomination.id })
      .execute();
    return { childId, entryId: row.id };
  };
  const aruzhan = await enrol(parentA.id, "Ахметова", "Аружан");
  const dias = await enrol(parentB.id, "Омаров", "Дияс");
  const addClass = async (fields: Partial<MasterClassFormValues>) => {
    const form = masterClassSchema.parse({
      titleKk: "",
      titleRu: "",
      titleEn: "",
      teacher: "",
      room: "",
      capacity: "5",
      minAge: "",
      maxAge: "",
      sessions: [],
      ...fields,
    });
    return (await saveMasterClass(db, id, null, form, asActor(organiser.id)))!;
  };
  const watercolour = await addClass({
    titleKk: "Акварель",
    titleRu: "Акварель",
    teacher: "Айгүл Нұрланқызы",
    room: "101",
    minAge: "10",
    maxAge: "17",
    sessions: [
      { date: "2026-12-11", from: "09:00", to: "10:30" },
      { date: "2026-12-10", from: "09:00", to: "10:30" },
    ],
  });
  const dombra = await addClass({
    titleKk: "Домбыра",
    titleRu: "Домбра",
    teacher: "Ерлан Сәрсенов",
    sessions: [{ date: "2026-12-10", from: "11:00", to: "12:00" }],
  });
  expect(
    await savePreferences(
      db,
      { guardianId: parentA.id },
      { eventId: id, childId: aruzhan.childId, classIds: [watercolour] },
    ),
  ).toBe("saved");
  expect(
    await savePreferences(db, { guardianId: parentB.id }, { eventId: id, childId: dias.childId, classIds: [dombra] }),
  ).toBe("saved");
  return { ev, organiser: asActor(organiser.id), parentA, parentB, aruzhan, dias, classes: { watercolour, dombra } };
}

/** A family item's entry, or its class session for a master class. */
const entryOf = (x: FamilyItemView) => (x.kind === "performance" ? x.entryId : `class-session-${x.sessionId}`);

const performances = (days: ProgrammeDay[]) =>
  days.flatMap((d) => d.stages.flatMap((s) => s.items.flatMap((i) => (i.kind === "block" ? i.performances : []))));

function unfold(ics: string) {
  return ics.replace(/\r\n[ \t]/g, "");
}

describe.each(engines)("the published programme on %s", (engine) => {
  const t = useTestDb(engine);

  it("shows only the published running order: drafts and superseded versions never appear", async () => {
    const s = await seed(t.db);
    const page = (await programmePage(t.db, s.fest.slug, "ru", publicOnly))!;
    const shown = performances(page.days);
    expect(shown.map((p) => p.entryId)).toEqual([s.e.solo, s.e.older, s.e.duet, s.e.ensemble]);
    expect(shown.find((p) => p.entryId === s.e.solo)!.startsAt).toBe("2026-12-10T05:00:00.000Z");
    expect(page.stages.map((st) => st.id)).toEqual([s.stages.main, s.stages.small]);
    expect(JSON.stringify(page)).not.toContain("Көк тудың желбірегені");

    expect(await hasPublishedProgramme(t.db, s.fest.id)).toBe(true);
    expect(await hasPublishedProgramme(t.db, s.unpublished.id)).toBe(false);
    expect((await programmePage(t.db, s.unpublished.slug, "ru", publicOnly))!.days).toEqual([]);
    expect(
      await stageNowPage(t.db, s.fest.slug, "ru", publicOnly, s.stages.draftStage, new Date(at("11:05"))),
    ).toBeNull();
    const draftCalendar = (await eventCalendar(t.db, s.unpublished.slug, "ru", publicOnly))!;
    expect(draftCalendar.text).not.toContain("BEGIN:VEVENT");
  });

  it("lays the day out by stage, in blocks of one nomination and age group, with breaks and order numbers", async () => {
    const s = await seed(t.db);
    const page = (await programmePage(t.db, s.fest.slug, "kk", publicOnly))!;
    expect(page.days.map((d) => d.date)).toEqual(["2026-12-10", "2026-12-11"]);
    const [main] = page.days[0]!.stages;
    expect(main!.stage).toMatchObject({ name: "Үлкен сахна", venue: "Дворец Республики" });
    expect(
      main!.items.map((i) => (i.kind === "block" ? `${i.nomination} ${i.ageGroup?.min}-${i.ageGroup?.max}` : "break")),
    ).toEqual(["Вокал 7-10", "Вокал 11-14", "break"]);
    const blocks = main!.items.filter((i): i is BlockView => i.kind === "block");
    expect(blocks.flatMap((b) => b.performances.map((p) => p.order))).toEqual([1, 2, 3]);
    expect(page.days[1]!.stages.map((st) => st.stage.name)).toEqual(["Кіші сахна"]);
    expect(page.updatedAt).toBe("2026-12-01T10:00:00.000Z");
  });

  it("names children as their guardians chose, deleted children as a participant, and carries no birth date or contact", async () => {
    const s = await seed(t.db);
    const page = (await programmePage(t.db, s.fest.slug, "ru", publicOnly))!;
    const byEntry = new Map(performances(page.days).map((p) => [p.entryId, p]));
    expect(byEntry.get(s.e.solo)!.performers).toEqual(["Ахметова Аружан"]);
    expect(byEntry.get(s.e.older)!.performers).toEqual(["Нұрлан Қ."]);
    expect(byEntry.get(s.e.duet)!.performers).toEqual([null, "Әйгерім С."]);
    expect(byEntry.get(s.e.ensemble)).toMatchObject({
      performers: ["Ахметова Аружан", "Нұрлан Қ."],
      clubs: ["Жұлдыз"],
      cities: ["almaty"],
    });

    const json = JSON.stringify(page);
    for (const date of BIRTH_DATES) expect(json).not.toContain(date);
    for (const secret of ["Серікова", "Қасымов", "Омаров", "Ерланқызы", "Гүлнар", s.parentA.email, "PRG-"])
      expect(json).not.toContain(secret);
    expect(json).not.toMatch(/birth|guardian|email|patronymic|reference/i);

    const now = (await stageNowPage(t.db, s.fest.slug, "ru", publicOnly, s.stages.main, new Date(at("05:16"))))!;
    const nowJson = JSON.stringify(now);
    for (const date of BIRTH_DATES) expect(nowJson).not.toContain(date);
    expect(nowJson).not.toContain("Серікова");
  });

  it("gives stage managers whole names, withdrawn entries marked and unnumbered, one stage or all", async () => {
    const s = await seed(t.db);
    const order = (await runningOrder(t.db, s.fest.id, "ru", s.stages.main))!;
    expect(order.stages.map((st) => st.id)).toEqual([s.stages.main, s.stages.small]);
    expect(order.days.map((d) => d.date)).toEqual(["2026-12-10"]);
    const rows = performances(order.days);
    expect(rows.map((p) => [p.order, p.performers, p.withdrawn])).toEqual([
      [1, ["Ахметова Аружан"], false],
      [null, ["Омаров Тимур"], true],
      [2, ["Қасымов Нұрлан"], false],
      [3, [null, "Серікова Әйгерім"], false],
    ]);
    expect(performances((await runningOrder(t.db, s.fest.id, "ru", null))!.days)).toHaveLength(5);
    expect(await runningOrder(t.db, s.fest.id, "ru", s.stages.galaStage)).toBeNull();
    expect(await runningOrder(t.db, s.fest.id, "ru", s.stages.draftStage)).toBeNull();
  });

  it("lists in a family's schedule only its own children's published slots, soonest first, across events", async () => {
    const s = await seed(t.db);
    const before = new Date("2026-12-01T00:00:00Z");
    const a = await familySchedule(t.db, s.parentA.id, "ru", before);
    expect(a.past).toEqual([]);
    expect(a.upcoming.map(entryOf)).toEqual([s.galaEntry, s.e.solo, s.e.duet, s.e.ensemble]);
    expect(a.upcoming.map((x) => x.eventSlug)).toEqual([s.gala.slug, s.fest.slug, s.fest.slug, s.fest.slug]);
    // The family's own child by whole name (even when the public sees an initial); others as they chose.
    expect(a.upcoming.find((x) => entryOf(x) === s.e.duet)).toMatchObject({
      children: ["Серікова Әйгерім"],
      performers: [null, "Серікова Әйгерім"],
    });
    expect(a.upcoming.find((x) => entryOf(x) === s.e.ensemble)).toMatchObject({
      children: ["Ахметова Аружан"],
      performers: ["Ахметова Аружан", "Нұрлан Қ."],
    });
    expect(a.upcoming[1]).toMatchObject({
      stage: { name: "Большая сцена" },
      nomination: "Вокал",
      ageGroup: { min: 7, max: 10 },
      title: "Әлди-әлди",
    });
    const aJson = JSON.stringify(a);
    for (const date of BIRTH_DATES) expect(aJson).not.toContain(date);
    expect(aJson).not.toContain("Қасымов");

    const b = await familySchedule(t.db, s.parentB.id, "ru", before);
    expect(b.upcoming.map(entryOf)).toEqual([s.galaEntry, s.e.older, s.e.ensemble]);

    // Once the gala is over it moves to the past.
    const later = await familySchedule(t.db, s.parentA.id, "ru", new Date("2026-12-07T00:00:00Z"));
    expect(later.past.map(entryOf)).toEqual([s.galaEntry]);
    expect(later.upcoming).toHaveLength(3);

    const stranger = await insertUser(t.db);
    expect(await familySchedule(t.db, stranger.id, "ru", before)).toEqual({ upcoming: [], past: [] });
  });

  it("writes the event's programme as iCalendar in UTC, one event per performance, Kazakh intact", async () => {
    const s = await seed(t.db);
    const calendar = (await eventCalendar(t.db, s.fest.slug, "kk", publicOnly))!;
    const text = unfold(calendar.text);
    expect(calendar.fileName).toBe(`${s.fest.slug}.ics`);
    expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(text.trimEnd().endsWith("END:VCALENDAR")).toBe(true);
    expect(text.match(/^BEGIN:VEVENT$/gm)).toHaveLength(4);
    const starts = text.match(/^DTSTART[^:]*:.*$/gm)!;
    expect(starts).toHaveLength(4);
    for (const line of starts) expect(line).toMatch(/^DTSTART:\d{8}T\d{6}Z$/);
    expect(text).toContain(`UID:slot-${s.e.solo}-${s.fest.roundId}@toi\r\n`);
    expect(text).toMatch(/^SEQUENCE:\d+$/m);
    expect(text).toContain("DTSTART:20261210T050000Z");
    expect(text).toContain("DTEND:20261210T050500Z");
    expect(text).toContain("SUMMARY:Вокал · Ахметова Аружан");
    expect(text).toContain("SUMMARY:Вокал · Қатысушы\\, Әйгерім С.");
    expect(text).toContain("LOCATION:Үлкен сахна\\, Дворец Республики");
    expect(text).toContain("X-WR-CALNAME:Шабыт фестивалі — Бағдарлама");
    expect(text).not.toContain(`slot-${s.e.withdrawn}-`);
    expect(text).not.toContain(`slot-${s.e.draftOnly}-`);
    for (const date of BIRTH_DATES) {
      expect(text).not.toContain(date);
      expect(text).not.toContain(date.replaceAll("-", ""));
    }
  });

  it("keeps a performance's calendar UID when a new version moves it, with a higher SEQUENCE", async () => {
    const s = await seed(t.db);
    const before = unfold(await familyCalendar(t.db, s.parentA.id, "ru"));
    await t.db
      .updateTable("schedule_versions")
      .set({ status: "superseded" })
      .where("round_id", "=", s.fest.roundId)
      .where("status", "=", "published")
      .execute();
    await version(t.db, s.fest.roundId, "published", [
      { stageId: s.stages.small, from: at("06:00"), to: at("06:05"), entryId: s.e.solo },
    ]);
    const after = unfold(await familyCalendar(t.db, s.parentA.id, "ru"));
    const eventOf = (text: string) =>
      text.split("BEGIN:VEVENT").find((v) => v.includes(`UID:slot-${s.e.solo}-${s.fest.roundId}@toi`))!;
    expect(eventOf(before)).toContain("DTSTART:20261210T050000Z");
    expect(eventOf(after)).toContain("DTSTART:20261210T060000Z");
    expect(eventOf(after)).toContain("LOCATION:Малая сцена");
    const sequence = (v: string) => Number(/SEQUENCE:(\d+)/.exec(v)![1]);
    expect(sequence(eventOf(after))).toBeGreaterThan(sequence(eventOf(before)));
  });

  it("writes a family's own calendar with its children's slots only", async () => {
    const s = await seed(t.db);
    const text = unfold(await familyCalendar(t.db, s.parentB.id, "ru"));
    expect(text.match(/^BEGIN:VEVENT$/gm)).toHaveLength(3);
    expect(text.match(/^UID:.*$/gm)).toEqual([
      `UID:slot-${s.galaEntry}-${s.gala.roundId}@toi`,
      `UID:slot-${s.e.older}-${s.fest.roundId}@toi`,
      `UID:slot-${s.e.ensemble}-${s.fest.roundId}@toi`,
    ]);
    expect(text).toContain("SUMMARY:Вокал · Қасымов Нұрлан");
    expect(text).toContain("DTSTART:20261205T070000Z");
  });

  it("shows on a stage what is on now and the three after it, following the clock", async () => {
    const s = await seed(t.db);
    const onMain = async (time: string) =>
      (await stageNowPage(t.db, s.fest.slug, "ru", publicOnly, s.stages.main, new Date(at(time))))!;
    const describeSlot = (slot: SlotView | null) =>
      slot === null ? null : slot.kind === "break" ? "break" : (slot as PerformanceView).title;

    const early = await onMain("04:00");
    expect(describeSlot(early.current)).toBeNull();
    expect(early.next.map(describeSlot)).toEqual(["Әлди-әлди", "Қазақ вальсі", "Елім-ай"]);
    expect(early.stage).toMatchObject({ id: s.stages.main, name: "Большая сцена" });

    const first = await onMain("05:00");
    expect(describeSlot(first.current)).toBe("Әлди-әлди");
    expect(first.next.map(describeSlot)).toEqual(["Қазақ вальсі", "Елім-ай", "break"]);

    // Where the withdrawn entry was, nothing is on.
    const gap = await onMain("05:07");
    expect(describeSlot(gap.current)).toBeNull();
    expect(gap.next.map(describeSlot)).toEqual(["Қазақ вальсі", "Елім-ай", "break"]);

    const duet = await onMain("05:19");
    expect(describeSlot(duet.current)).toBe("Елім-ай");
    expect(duet.next.map(describeSlot)).toEqual(["break"]);

    const pause = await onMain("05:20");
    expect(describeSlot(pause.current)).toBe("break");
    expect(pause.next).toEqual([]);

    const over = await onMain("06:00");
    expect(over.current).toBeNull();
    expect(over.next).toEqual([]);

    const picker = (await stageNowPage(t.db, s.fest.slug, "ru", publicOnly, null, new Date(at("05:00"))))!;
    expect(picker.stages.map((st) => st.id)).toEqual([s.stages.main, s.stages.small]);
    expect(
      await stageNowPage(t.db, s.fest.slug, "ru", publicOnly, s.stages.galaStage, new Date(at("05:00"))),
    ).toBeNull();
  });

  it("keeps an unpublished event's programme from the public, and shows it to those who may preview", async () => {
    const s = await seed(t.db);
    await setEventStatus(t.db, s.fest.id, "draft", asActor(s.organiser.id));
    expect(await programmePage(t.db, s.fest.slug, "ru", publicOnly)).toBeNull();
    expect(await eventCalendar(t.db, s.fest.slug, "ru", publicOnly)).toBeNull();
    expect(await stageNowPage(t.db, s.fest.slug, "ru", publicOnly, s.stages.main, new Date())).toBeNull();
    const preview = await programmePage(t.db, s.fest.slug, "ru", async (id) => id === s.fest.id);
    expect(performances(preview!.days)).toHaveLength(4);
    // Families see only what the public may: the unpublished festival drops out of their schedule.
    const a = await familySchedule(t.db, s.parentA.id, "ru", new Date("2026-12-01T00:00:00Z"));
    expect(a.upcoming.map(entryOf)).toEqual([s.galaEntry]);
  });
});

describe.each(engines)("master classes in the programme on %s", (engine) => {
  const t = useTestDb(engine);

  it("shows every class session of the academy by day, with teacher, room and ages, and names no child", async () => {
    const a = await academy(t.db);
    await runAllocation(t.db, a.ev.id, a.organiser);
    const page = (await programmePage(t.db, a.ev.slug, "ru", publicOnly))!;
    expect(page.stages).toEqual([]);
    expect(
      page.days.map((d) => [d.date, d.stages.length, d.classes.map((c) => [c.title, c.startsAt, c.endsAt, c.number])]),
    ).toEqual([
      [
        "2026-12-10",
        0,
        [
          ["Акварель", "2026-12-10T04:00:00.000Z", "2026-12-10T05:30:00.000Z", 1],
          ["Домбра", "2026-12-10T06:00:00.000Z", "2026-12-10T07:00:00.000Z", 1],
        ],
      ],
      ["2026-12-11", 0, [["Акварель", "2026-12-11T04:00:00.000Z", "2026-12-11T05:30:00.000Z", 2]]],
    ]);
    expect(page.days[0]!.classes[0]).toMatchObject({
      classId: a.classes.watercolour,
      teacher: "Айгүл Нұрланқызы",
      room: "101",
      ages: { min: 10, max: 17 },
      titleLang: "ru",
    });
    expect(page.days[0]!.classes[1]).toMatchObject({ classId: a.classes.dombra, room: "", ages: null });
    const json = JSON.stringify(page);
    for (const secret of ["Аружан", "Ахметова", "Дияс", "2013-05-05", "capacity"]) expect(json).not.toContain(secret);
    expect(await hasPublishedProgramme(t.db, a.ev.id)).toBe(true);

    // A draft academy is the organisers' preview only.
    await setEventStatus(t.db, a.ev.id, "draft", a.organiser);
    expect(await programmePage(t.db, a.ev.slug, "ru", publicOnly)).toBeNull();
    expect((await programmePage(t.db, a.ev.slug, "ru", async () => true))!.days).toHaveLength(2);
  });

  it("writes every class session into the event's calendar, one UID per class and session number", async () => {
    const a = await academy(t.db);
    const text = unfold((await eventCalendar(t.db, a.ev.slug, "kk", publicOnly))!.text);
    expect(text.match(/^UID:.*$/gm)).toEqual([
      `UID:class-${a.classes.watercolour}-1@toi`,
      `UID:class-${a.classes.dombra}-1@toi`,
      `UID:class-${a.classes.watercolour}-2@toi`,
    ]);
    const first = text.split("BEGIN:VEVENT")[1]!;
    expect(first).toContain("DTSTART:20261210T040000Z");
    expect(first).toContain("DTEND:20261210T053000Z");
    expect(first).toContain("SUMMARY:Шеберлік сыныбы: Акварель");
    expect(first).toContain("LOCATION:Аудитория: 101\\, Алматы");
    expect(first).toContain("Оқытушы: Айгүл Нұрланқызы");
    expect(first).toContain("DESCRIPTION:Өнер академиясы\\nОқытушы: Айгүл Нұрланқызы\\nЖасы 10–17");
    expect(text).not.toContain("Аружан");
  });

  it("puts a child's allocated classes in the family's schedule and calendar once places are allocated", async () => {
    const a = await academy(t.db);
    const before = new Date("2026-12-01T00:00:00Z");
    expect(await familySchedule(t.db, a.parentA.id, "ru", before)).toEqual({ upcoming: [], past: [] });
    expect(unfold(await familyCalendar(t.db, a.parentA.id, "ru"))).not.toContain("BEGIN:VEVENT");

    await runAllocation(t.db, a.ev.id, a.organiser);
    const mine = await familySchedule(t.db, a.parentA.id, "ru", before);
    expect(mine.upcoming.map((x) => [x.kind, x.startsAt])).toEqual([
      ["class", "2026-12-10T04:00:00.000Z"],
      ["class", "2026-12-11T04:00:00.000Z"],
    ]);
    expect(mine.upcoming[0]).toMatchObject({
      title: "Акварель",
      teacher: "Айгүл Нұрланқызы",
      room: "101",
      children: ["Ахметова Аружан"],
      eventSlug: a.ev.slug,
      eventTitle: "Академия искусств",
    });
    expect(JSON.stringify(mine)).not.toContain("Дияс");
    const theirs = await familySchedule(t.db, a.parentB.id, "ru", before);
    expect(theirs.upcoming).toMatchObject([{ kind: "class", title: "Домбра", children: ["Омаров Дияс"] }]);
    // The first day is over: its session moves to the past.
    const later = await familySchedule(t.db, a.parentA.id, "ru", new Date("2026-12-10T12:00:00Z"));
    expect([later.upcoming.length, later.past.length]).toEqual([1, 1]);

    const ics = unfold(await familyCalendar(t.db, a.parentA.id, "ru"));
    expect(ics.match(/^UID:.*$/gm)).toEqual([
      `UID:class-${a.classes.watercolour}-1@toi`,
      `UID:class-${a.classes.watercolour}-2@toi`,
    ]);
    expect(ics).toContain("SUMMARY:Мастер-класс: Акварель · Ахметова Аружан");
    expect(ics).toContain("DTSTART:20261211T040000Z");
    expect(ics).not.toContain("Домбра");

    // A child whose entry is withdrawn is no longer in the academy; an unpublished event shows nothing.
    await t.db.updateTable("entries").set({ status: "withdrawn" }).where("id", "=", a.aruzhan.entryId).execute();
    expect((await familySchedule(t.db, a.parentA.id, "ru", before)).upcoming).toEqual([]);
    await setEventStatus(t.db, a.ev.id, "draft", a.organiser);
    expect((await familySchedule(t.db, a.parentB.id, "ru", before)).upcoming).toEqual([]);
  });
});

describe("arranging and following the programme", () => {
  const stageA = { id: 1, name: "A", nameLang: "en" as const, venue: "" };
  const stageB = { id: 2, name: "B", nameLang: "en" as const, venue: "" };
  const breakAt = (slotId: number, stageId: number, from: string, to: string): SlotView => ({
    kind: "break",
    slotId,
    stageId,
    startsAt: from,
    endsAt: to,
  });

  it("puts a slot on the day of the event's clock, not the server's", () => {
    // 19:30 UTC on 10 December is 00:30 on 11 December in Almaty.
    const days = arrangeProgramme(
      [stageA, stageB],
      [
        breakAt(1, 2, "2026-12-10T19:30:00.000Z", "2026-12-10T19:45:00.000Z"),
        breakAt(2, 1, "2026-12-10T18:00:00.000Z", "2026-12-10T18:30:00.000Z"),
      ],
      "Asia/Almaty",
    );
    expect(days.map((d) => [d.date, d.stages.map((s) => s.stage.id)])).toEqual([
      ["2026-12-10", [1]],
      ["2026-12-11", [2]],
    ]);
  });

  it("picks the slot on now and the next three, in time order whatever the input order", () => {
    const slots = [
      breakAt(3, 1, "2026-12-10T05:20:00Z", "2026-12-10T05:30:00Z"),
      breakAt(1, 1, "2026-12-10T05:00:00Z", "2026-12-10T05:10:00Z"),
      breakAt(5, 1, "2026-12-10T05:40:00Z", "2026-12-10T05:50:00Z"),
      breakAt(2, 1, "2026-12-10T05:10:00Z", "2026-12-10T05:20:00Z"),
      breakAt(4, 1, "2026-12-10T05:30:00Z", "2026-12-10T05:40:00Z"),
    ];
    const ids = (r: { current: SlotView | null; next: SlotView[] }) => [
      r.current?.slotId ?? null,
      r.next.map((s) => s.slotId),
    ];
    expect(ids(nowAndNext(slots, new Date("2026-12-10T04:59:59Z")))).toEqual([null, [1, 2, 3]]);
    expect(ids(nowAndNext(slots, new Date("2026-12-10T05:10:00Z")))).toEqual([2, [3, 4, 5]]);
    expect(ids(nowAndNext(slots, new Date("2026-12-10T05:45:00Z")))).toEqual([5, []]);
    expect(ids(nowAndNext(slots, new Date("2026-12-10T05:50:00Z")))).toEqual([null, []]);
  });
});
