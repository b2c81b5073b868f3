import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

import {
  type AcademyParticipant,
  allocateClasses,
  type AllocationResult,
  type MasterClass,
} from "~/domain/academy/allocate";
import { ageOnDate } from "~/domain/age";
import { zonedLocalToInstant } from "~/domain/time";
import type { MasterClassData, MasterClassFormValues } from "~/schemas/academy";

import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import type { Owner } from "../registration/children.server";

/*
 * The Art Academy's master classes: the organiser's catalogue of classes and sessions, families'
 * ranked wishes for their children, and the allocation that turns wishes into enrolments.
 *
 * The academy's participants are the children with a confirmed entry in the event. Allocation is
 * deterministic (seeded by the event id), so the page can re-run it on the current wishes and tell
 * whether the stored enrolments are still what it would give: the unmet wishes and statistics it
 * shows are then exactly those of the last run, and otherwise the organiser is told to run it again.
 */

/** Session times go to the allocator as whole minutes since this instant. */
const EPOCH_MS = Date.UTC(2000, 0, 1);
const minutes = (instant: Date) => Math.round((instant.getTime() - EPOCH_MS) / 60_000);

const classColumns = [
  "id",
  "title_kk",
  "title_ru",
  "title_en",
  "teacher",
  "room",
  "capacity",
  "min_age",
  "max_age",
] as const;

async function academyEvent(db: DB, eventId: number) {
  return db
    .selectFrom("events")
    .select([
      "id",
      "slug",
      "kind",
      "status",
      "timezone",
      "starts_on",
      "age_reference_date",
      "title_kk",
      "title_ru",
      "title_en",
    ])
    .where("id", "=", eventId)
    .executeTakeFirst();
}

/** Every class of the event in id order, with its sessions (by start) and enrolled participants. */
export async function listMasterClasses(db: DB, eventId: number) {
  const classes = await db
    .selectFrom("master_classes")
    .select(classColumns)
    .where("event_id", "=", eventId)
    .orderBy("id")
    .execute();
  const ids = classes.map((c) => c.id);
  const sessions = ids.length
    ? await db
        .selectFrom("master_class_sessions")
        .select(["id", "master_class_id", "starts_at", "ends_at"])
        .where("master_class_id", "in", ids)
        .orderBy("starts_at")
        .orderBy("id")
        .execute()
    : [];
  const enrolled = ids.length
    ? await db
        .selectFrom("master_class_enrolments as e")
        .innerJoin("participants as p", "p.id", "e.participant_id")
        .select(["e.master_class_id", "e.participant_id", "e.via_rank", "p.last_name", "p.first_name"])
        .where("e.master_class_id", "in", ids)
        .orderBy("p.last_name")
        .orderBy("p.first_name")
        .orderBy("p.id")
        .execute()
    : [];
  return classes.map((c) => ({
    ...c,
    sessions: sessions
      .filter((s) => s.master_class_id === c.id)
      .map((s) => ({ startsAt: new Date(s.starts_at), endsAt: new Date(s.ends_at) })),
    enrolled: enrolled
      .filter((e) => e.master_class_id === c.id)
      .map((e) => ({
        participantId: e.participant_id,
        name: `${e.last_name} ${e.first_name}`.trim(),
        viaRank: e.via_rank,
      })),
  }));
}

export type ListedMasterClass = Awaited<ReturnType<typeof listMasterClasses>>[number];

/** A class of this event as its edit form holds it (dates and times in the event's timezone), or undefined. */
export async function masterClassFormValues(
  db: DB,
  eventId: number,
  classId: number,
): Promise<MasterClassFormValues | undefined> {
  const event = await academyEvent(db, eventId);
  const c = (await listMasterClasses(db, eventId)).find((x) => x.id === classId);
  if (!event || !c) return undefined;
  const local = (d: Date, pattern: string) => format(new TZDate(d.getTime(), event.timezone), pattern);
  return {
    titleKk: c.title_kk,
    titleRu: c.title_ru,
    titleEn: c.title_en,
    teacher: c.teacher,
    room: c.room,
    capacity: String(c.capacity),
    minAge: c.min_age === null ? "" : String(c.min_age),
    maxAge: c.max_age === null ? "" : String(c.max_age),
    sessions: c.sessions.map((s) => ({
      date: local(s.startsAt, "yyyy-MM-dd"),
      from: local(s.startsAt, "HH:mm"),
      to: local(s.endsAt, "HH:mm"),
    })),
  };
}

/**
 * Creates the class (classId null) or replaces its fields and sessions, in one transaction.
 * Returns the class id, or null when the class is not this event's.
 */
export async function saveMasterClass(
  db: DB,
  eventId: number,
  classId: number | null,
  data: MasterClassData,
  actor: Actor,
): Promise<number | null> {
  return db.transaction().execute(async (tx) => {
    const event = await academyEvent(tx, eventId);
    if (!event) return null;
    const fields = {
      title_kk: data.titleKk,
      title_ru: data.titleRu,
      title_en: data.titleEn,
      teacher: data.teacher,
      room: data.room,
      capacity: data.capacity,
      min_age: data.minAge ?? null,
      max_age: data.maxAge ?? null,
    };
    let id: number;
    if (classId === null) {
      id = (
        await tx
          .insertInto("master_classes")
          .values({ ...fields, event_id: eventId })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    } else {
      const updated = await tx
        .updateTable("master_classes")
        .set(fields)
        .where("id", "=", classId)
        .where("event_id", "=", eventId)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return null;
      id = classId;
      await tx.deleteFrom("master_class_sessions").where("master_class_id", "=", id).execute();
    }
    const sessions = data.sessions.map((s) => ({
      master_class_id: id,
      starts_at: zonedLocalToInstant(`${s.date}T${s.from}`, event.timezone)!,
      ends_at: zonedLocalToInstant(`${s.date}T${s.to}`, event.timezone)!,
    }));
    if (sessions.length) await tx.insertInto("master_class_sessions").values(sessions).execute();
    await audit(tx, actor, {
      action: classId === null ? "academy.class_create" : "academy.class_update",
      entityType: "event",
      entityId: eventId,
      eventId,
      after: { classId: id, ...fields, sessions: data.sessions },
    });
    return id;
  });
}

/** Removes a class with its sessions, wishes and enrolments; false when it is not this event's. */
export async function deleteMasterClass(db: DB, eventId: number, classId: number, actor: Actor): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const deleted = await tx
      .deleteFrom("master_classes")
      .where("id", "=", classId)
      .where("event_id", "=", eventId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) return false;
    await audit(tx, actor, {
      action: "academy.class_delete",
      entityType: "event",
      entityId: eventId,
      eventId,
      after: { classId },
    });
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Participants and their wishes

/** The children with a confirmed entry in the event, with their age on the event's reference date. */
async function academyParticipants(
  db: DB,
  event: { id: number; starts_on: string; age_reference_date: string | null },
) {
  const rows = await db
    .selectFrom("participants as p")
    .select(["p.id", "p.last_name", "p.first_name", "p.birth_date", "p.guardian_user_id"])
    .where("p.anonymised_at", "is", null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("entry_members as m")
          .innerJoin("entries as e", "e.id", "m.entry_id")
          .select("m.entry_id")
          .whereRef("m.participant_id", "=", "p.id")
          .where("m.active", "=", true)
          .where("e.event_id", "=", event.id)
          .where("e.status", "=", "confirmed"),
      ),
    )
    .orderBy("p.id")
    .execute();
  const onDate = String(event.age_reference_date ?? event.starts_on);
  return rows.map((r) => ({
    id: r.id,
    name: `${r.last_name} ${r.first_name}`.trim(),
    guardianId: r.guardian_user_id,
    // A child without a birth date can't be placed by age: the allocator then lets the class's limits decide (age 0 fits none with a minimum).
    age: r.birth_date && String(r.birth_date) <= onDate ? ageOnDate(String(r.birth_date), onDate) : 0,
  }));
}

async function preferencesOf(db: DB, eventId: number) {
  return db
    .selectFrom("master_class_preferences as pr")
    .innerJoin("master_classes as c", "c.id", "pr.master_class_id")
    .select(["pr.participant_id", "pr.master_class_id", "pr.rank"])
    .where("c.event_id", "=", eventId)
    .orderBy("pr.participant_id")
    .orderBy("pr.rank")
    .execute();
}

export type SavePreferencesResult = "saved" | "missing" | "unknown_class";

/**
 * Replaces one child's ranked wishes for the event's classes (first = rank 1), in one transaction.
 * "missing" when the child is not the guardian's own or has no confirmed entry in the event: the
 * caller answers 404, so another family's child is indistinguishable from no child at all.
 */
export async function savePreferences(
  db: DB,
  owner: Owner,
  input: { eventId: number; childId: number; classIds: number[] },
): Promise<SavePreferencesResult> {
  return db.transaction().execute(async (tx) => {
    // SHARE waits for a running allocation (which holds NO KEY UPDATE) and lets other families save alongside.
    const event = await tx
      .selectFrom("events")
      .select(["id", "starts_on", "age_reference_date"])
      .where("id", "=", input.eventId)
      .forShare()
      .executeTakeFirst();
    if (!event) return "missing";
    const child = (await academyParticipants(tx, event)).find(
      (p) => p.id === input.childId && p.guardianId === owner.guardianId,
    );
    if (!child) return "missing";
    const classIds = (
      await tx.selectFrom("master_classes").select("id").where("event_id", "=", input.eventId).execute()
    ).map((c) => c.id);
    if (input.classIds.some((id) => !classIds.includes(id)) || new Set(input.classIds).size !== input.classIds.length)
      return "unknown_class";
    if (classIds.length) {
      await tx
        .deleteFrom("master_class_preferences")
        .where("participant_id", "=", child.id)
        .where("master_class_id", "in", classIds)
        .execute();
    }
    if (input.classIds.length) {
      await tx
        .insertInto("master_class_preferences")
        .values(input.classIds.map((id, i) => ({ master_class_id: id, participant_id: child.id, rank: i + 1 })))
        .execute();
    }
    return "saved";
  });
}

// ---------------------------------------------------------------------------------------------
// Allocation

async function allocationInput(db: DB, eventId: number) {
  const event = await academyEvent(db, eventId);
  if (!event) return null;
  const classes = await listMasterClasses(db, eventId);
  const participants = await academyParticipants(db, event);
  const preferences = await preferencesOf(db, eventId);
  const domainClasses: MasterClass[] = classes.map((c) => ({
    id: c.id,
    capacity: c.capacity,
    sessions: c.sessions.map((s) => ({ start: minutes(s.startsAt), end: minutes(s.endsAt) })),
    ...(c.min_age !== null ? { minAge: c.min_age } : {}),
    ...(c.max_age !== null ? { maxAge: c.max_age } : {}),
  }));
  // Wishes of children whose entry was since withdrawn stay stored but take no part.
  const domainParticipants: AcademyParticipant[] = participants.map((p) => ({
    id: p.id,
    age: p.age,
    preferences: preferences.filter((pr) => pr.participant_id === p.id).map((pr) => pr.master_class_id),
  }));
  return { event, classes, participants, domainClasses, domainParticipants };
}

const allocate = (eventId: number, classes: MasterClass[], participants: AcademyParticipant[]) =>
  allocateClasses({ classes, participants, options: { seed: eventId } });

/**
 * Runs the allocator over every participant's wishes and replaces the event's enrolments with its
 * result, in one transaction that holds the event still against wishes being saved meanwhile.
 */
export async function runAllocation(db: DB, eventId: number, actor: Actor): Promise<AllocationResult | null> {
  return db.transaction().execute(async (tx) => {
    const locked = await tx
      .selectFrom("events")
      .select("id")
      .where("id", "=", eventId)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!locked) return null;
    const input = (await allocationInput(tx, eventId))!;
    const result = allocate(eventId, input.domainClasses, input.domainParticipants);
    const classIds = input.classes.map((c) => c.id);
    if (classIds.length)
      await tx.deleteFrom("master_class_enrolments").where("master_class_id", "in", classIds).execute();
    if (result.enrolments.length) {
      await tx
        .insertInto("master_class_enrolments")
        .values(
          result.enrolments.map((e) => ({
            master_class_id: e.classId,
            participant_id: e.participantId,
            via_rank: e.viaPreference,
          })),
        )
        .execute();
    }
    await audit(tx, actor, {
      action: "academy.allocate",
      entityType: "event",
      entityId: eventId,
      eventId,
      after: { enrolments: result.enrolments.length, unmet: result.unmet.length, stats: result.stats },
    });
    return result;
  });
}

/**
 * The organiser's view: classes with their enrolled participants, and the report of the allocation
 * the stored enrolments came from — `current` false when classes or wishes changed since.
 */
export async function academyOverview(db: DB, eventId: number) {
  const input = await allocationInput(db, eventId);
  if (!input) return null;
  const plan = allocate(eventId, input.domainClasses, input.domainParticipants);
  const key = (classId: number, participantId: number, rank: number | null) =>
    `${classId}:${participantId}:${rank ?? "-"}`;
  const stored = new Set(input.classes.flatMap((c) => c.enrolled.map((e) => key(c.id, e.participantId, e.viaRank))));
  const planned = new Set(plan.enrolments.map((e) => key(e.classId, e.participantId, e.viaPreference)));
  const allocated = stored.size > 0;
  const current = allocated && stored.size === planned.size && [...stored].every((k) => planned.has(k));
  const nameOf = new Map(input.participants.map((p) => [p.id, p.name]));
  return {
    event: input.event,
    classes: input.classes,
    participantCount: input.participants.length,
    rankedCount: input.domainParticipants.filter((p) => p.preferences.length > 0).length,
    allocated,
    current,
    report: current
      ? { stats: plan.stats, unmet: plan.unmet.map((u) => ({ ...u, name: nameOf.get(u.participantId) ?? "" })) }
      : null,
  };
}

// ---------------------------------------------------------------------------------------------
// The family's page

/**
 * A guardian's view of an academy: its classes, and each of their own children with a confirmed
 * entry, with the child's wishes and allocated classes. Undefined for an unknown or draft event.
 */
export async function familyAcademy(db: DB, owner: Owner, slug: string) {
  const found = await db
    .selectFrom("events")
    .select("id")
    .where("slug", "=", slug)
    .where("status", "!=", "draft")
    .executeTakeFirst();
  if (!found) return undefined;
  const event = (await academyEvent(db, found.id))!;
  const classes = await listMasterClasses(db, event.id);
  const children = (await academyParticipants(db, event)).filter((p) => p.guardianId === owner.guardianId);
  const preferences = await preferencesOf(db, event.id);
  return {
    event,
    classes: classes.map(({ enrolled, ...c }) => ({ ...c, taken: enrolled.length })),
    children: children.map((child) => ({
      id: child.id,
      name: child.name,
      age: child.age,
      ranks: preferences.filter((p) => p.participant_id === child.id).map((p) => p.master_class_id),
      allocated: classes.filter((c) => c.enrolled.some((e) => e.participantId === child.id)).map((c) => c.id),
    })),
  };
}
