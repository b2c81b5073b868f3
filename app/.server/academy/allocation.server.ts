import crypto from "node:crypto";

import type { AllocationReport } from "#db/types";
import {
  type AcademyParticipant,
  allocateClasses,
  type AllocationResult,
  type MasterClass,
} from "~/domain/academy/allocate";

import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { academyParticipants, preferencesOf } from "./academy-participants.server";
import { academySettings } from "./academy-settings.server";
import { academyEvent, listMasterClasses } from "./master-classes.server";

/*
 * The Art Academy's allocation, which turns the finalists' ranked wishes into enrolments in the
 * organiser's master classes (the fair fill, ADR 0025).
 *
 * Allocation is deterministic (seeded by the event id). A run stores a fingerprint of what it ran
 * on (classes, sessions, finalists, ages, wishes, class limit) and its report, so the page tells
 * whether the stored places are still what a run would give, and shows that run's report, without
 * running the allocator on every view.
 */

/** Session times go to the allocator as whole minutes since this instant. */
const EPOCH_MS = Date.UTC(2000, 0, 1);
const minutes = (instant: Date) => Math.round((instant.getTime() - EPOCH_MS) / 60_000);

export async function allocationInput(db: DB, eventId: number) {
  const event = await academyEvent(db, eventId);
  if (!event) return null;
  const classes = await listMasterClasses(db, eventId);
  const participants = await academyParticipants(db, event);
  const preferences = await preferencesOf(db, eventId);
  const { maxClasses } = await academySettings(db, eventId);
  const domainClasses: MasterClass[] = classes.map((c) => ({
    id: c.id,
    capacity: c.capacity,
    sessions: c.sessions.map((s) => ({ start: minutes(s.startsAt), end: minutes(s.endsAt) })),
    ...(c.min_age !== null ? { minAge: c.min_age } : {}),
    ...(c.max_age !== null ? { maxAge: c.max_age } : {}),
  }));
  const byParticipant = new Map<number, number[]>();
  for (const pr of preferences)
    byParticipant.set(pr.participant_id, [...(byParticipant.get(pr.participant_id) ?? []), pr.master_class_id]);
  // Wishes of children who are not (or no longer) finalists stay stored but take no part.
  const domainParticipants: AcademyParticipant[] = participants.map((p) => ({
    id: p.id,
    age: p.age,
    preferences: byParticipant.get(p.id) ?? [],
  }));
  const options = { seed: eventId, ...(maxClasses === null ? {} : { maxClassesPerParticipant: maxClasses }) };
  const fingerprint = crypto
    .createHash("sha256")
    .update(JSON.stringify({ domainClasses, domainParticipants, options }))
    .digest("hex");
  return { event, classes, participants, domainClasses, domainParticipants, options, fingerprint };
}

/**
 * Runs the allocator over every finalist's wishes and replaces the event's enrolments with its
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
    const result = allocateClasses({
      classes: input.domainClasses,
      participants: input.domainParticipants,
      options: input.options,
    });
    const classIds = input.classes.map((c) => c.id);
    if (classIds.length)
      await tx.deleteFrom("master_class_enrolments").where("master_class_id", "in", classIds).execute();
    for (let i = 0; i < result.enrolments.length; i += 1000) {
      await tx
        .insertInto("master_class_enrolments")
        .values(
          result.enrolments.slice(i, i + 1000).map((e) => ({
            master_class_id: e.classId,
            participant_id: e.participantId,
            via_rank: e.viaPreference,
          })),
        )
        .execute();
    }
    const report: AllocationReport = { stats: result.stats, unmet: result.unmet };
    const stored = { allocated_fingerprint: input.fingerprint, allocation_report: JSON.stringify(report) };
    await tx
      .insertInto("academy_settings")
      .values({ event_id: eventId, ...stored })
      .onConflict((oc) => oc.column("event_id").doUpdateSet(stored))
      .execute();
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
 * The allocation's state: how many finalists (and how many ranked), whether places were allocated,
 * whether they are `current` (nothing they depend on changed since), and then that run's report.
 */
export async function academyOverview(db: DB, eventId: number) {
  const input = await allocationInput(db, eventId);
  if (!input) return null;
  const stored = await db
    .selectFrom("academy_settings")
    .select(["allocated_fingerprint", "allocation_report"])
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  const allocated = input.classes.some((c) => c.enrolled.length > 0);
  const current = allocated && stored?.allocated_fingerprint === input.fingerprint;
  const nameOf = new Map(input.participants.map((p) => [p.id, p.name]));
  const report = current ? stored.allocation_report : null;
  return {
    event: input.event,
    classes: input.classes,
    participantCount: input.participants.length,
    rankedCount: input.domainParticipants.filter((p) => p.preferences.length > 0).length,
    allocated,
    current,
    report: report && {
      stats: report.stats,
      unmet: report.unmet.map((u) => ({ ...u, name: nameOf.get(u.participantId) ?? "" })),
    },
  };
}
