import {
  type AcademyParticipant,
  allocateClasses,
  type AllocationResult,
  type MasterClass,
} from "~/domain/academy/allocate";
import { type Locale, localized } from "~/domain/locale";

import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { academyParticipants, preferencesOf } from "./academy-participants.server";
import { academyEvent, listMasterClasses } from "./master-classes.server";

/*
 * The Art Academy's allocation, which turns families' ranked wishes for their children into
 * enrolments in the organiser's master classes.
 *
 * Allocation is deterministic (seeded by the event id), so the page can re-run it on the current
 * wishes and tell whether the stored enrolments are still what it would give: the unmet wishes and
 * statistics it shows are then exactly those of the last run, and otherwise the organiser is told
 * to run it again.
 */

/** Session times go to the allocator as whole minutes since this instant. */
const EPOCH_MS = Date.UTC(2000, 0, 1);
const minutes = (instant: Date) => Math.round((instant.getTime() - EPOCH_MS) / 60_000);

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

/** The organiser's academy page: the overview with every title in the reader's language. */
export async function organiserAcademyPage(db: DB, eventId: number, locale: Locale) {
  const overview = (await academyOverview(db, eventId))!;
  const titleOf = new Map(overview.classes.map((c) => [c.id, localized(c, "title", locale)]));
  return {
    locale,
    event: { id: eventId, title: localized(overview.event, "title", locale), timezone: overview.event.timezone },
    classes: overview.classes.map((c) => ({
      id: c.id,
      title: titleOf.get(c.id)!,
      teacher: c.teacher,
      room: c.room,
      capacity: c.capacity,
      minAge: c.min_age,
      maxAge: c.max_age,
      sessions: c.sessions,
      enrolled: c.enrolled,
    })),
    participantCount: overview.participantCount,
    rankedCount: overview.rankedCount,
    allocated: overview.allocated,
    current: overview.current,
    report: overview.report && {
      stats: overview.report.stats,
      unmet: overview.report.unmet.map((u) => ({ ...u, title: titleOf.get(u.classId) ?? "" })),
    },
  };
}
