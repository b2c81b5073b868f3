import { expect } from "vitest";

import type { EntryStatus, PerformanceFormat } from "#db/types";
import { savePreferences } from "~/.server/academy/family-academy.server";
import { saveMasterClass } from "~/.server/academy/master-classes.server";
import { setEventStatus } from "~/.server/events/events.server";
import type { DB } from "~/.server/platform/db.server";
import { type FamilyItemView } from "~/.server/schedule/family-schedule.server";
import { type ProgrammeDay } from "~/.server/schedule/public-programme.server";
import { type MasterClassFormValues, masterClassSchema } from "~/schemas/academy";

import { ageGroupForm, asActor, createEventWithParts, insertUser, nominationForm, roundForm } from "./factories";

/*
 * Published programmes for the programme tests: events with stages, entries from several
 * families and schedule versions written directly, and an academy with allocated classes.
 */

export const publicOnly = async () => false;
/** The public host calendar UIDs end in. */
export const HOST = "toi.example.kz";
export const BIRTH_DATES = ["2015-04-12", "2014-09-01", "2013-02-03", "2012-06-30"];

/** Almaty is UTC+5: 05:00Z is 10:00 on the hall's clock. */
export const at = (hhmm: string, day = "2026-12-10") => `${day}T${hhmm}:00Z`;

let seq = 0;

export async function publishedEvent(db: DB, organiserId: number, title: { kk: string; ru: string }) {
  const {
    id,
    slug,
    nominations: [vocal, dance],
    ageGroups: [younger, older],
    rounds: [round],
  } = await createEventWithParts(db, organiserId, {
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
  return { id, slug, roundId: round!.id, vocal: vocal!.id, dance: dance!.id, younger: younger!.id, older: older!.id };
}
export type TestEvent = Awaited<ReturnType<typeof publishedEvent>>;

export async function child(
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

export async function entry(
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

export async function stage(
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

export type SlotSpec = { stageId: number; from: string; to: string; entryId?: number };

export async function version(
  db: DB,
  roundId: number,
  status: "draft" | "published" | "superseded",
  slots: SlotSpec[],
) {
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
export async function seed(db: DB) {
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
export async function academy(db: DB) {
  const organiser = await insertUser(db);
  const parentA = await insertUser(db, { email: `academy-a-${++seq}@example.kz` });
  const parentB = await insertUser(db, { email: `academy-b-${++seq}@example.kz` });
  const { id, slug, nominations } = await createEventWithParts(db, organiser.id, {
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
  const ev = { id, slug };
  const nomination = nominations[0]!;
  await setEventStatus(db, id, "published", asActor(organiser.id));
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
export const entryOf = (x: FamilyItemView) => (x.kind === "performance" ? x.entryId : `class-session-${x.sessionId}`);

export const performances = (days: ProgrammeDay[]) =>
  days.flatMap((d) => d.stages.flatMap((s) => s.items.flatMap((i) => (i.kind === "block" ? i.performances : []))));

export function unfold(ics: string) {
  return ics.replace(/\r\n[ \t]/g, "");
}
