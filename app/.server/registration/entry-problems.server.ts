import { checkEntry, type Problem } from "~/domain/eligibility";

import type { DB } from "../platform/db.server";
import type { SubmitEntryInput } from "./submit-entry.server";
import type { LockedEvent, LockedNomination } from "./waitlist.server";

/** Eligibility's problems, and the ones only registration itself can find. */
export type EntryProblem =
  | Problem
  | { code: "consent_missing"; memberId: number; params: Record<string, never> }
  /** The form's idempotency key already made an entry that has since been withdrawn or rejected. */
  | { code: "form_already_used"; params: { reference: string } };

const NO_PARAMS: Record<string, never> = Object.freeze({});

/** Eligibility (pure, in app/domain) over what the database knows, plus each member's data consent. */
export async function entryProblems(
  tx: DB,
  event: LockedEvent,
  nomination: LockedNomination,
  members: { id: number; birth_date: string | null }[],
  input: SubmitEntryInput,
  now: Date,
): Promise<{ problems: EntryProblem[]; ageGroupId: number | null }> {
  const memberIds = members.map((m) => m.id);
  const formats = await tx
    .selectFrom("nomination_formats")
    .select(["format", "min_members", "max_members"])
    .where("nomination_id", "=", nomination.id)
    .execute();
  const ageGroups = await tx
    .selectFrom("age_groups")
    .select(["id", "min_age", "max_age"])
    .where("event_id", "=", event.id)
    .orderBy("min_age")
    .execute();
  const consented =
    memberIds.length === 0
      ? []
      : await tx
          .selectFrom("consents")
          .select("participant_id")
          .where("participant_id", "in", memberIds)
          .where("kind", "=", "data")
          .where("withdrawn_at", "is", null)
          .execute();
  const existing =
    memberIds.length === 0
      ? []
      : await tx
          .selectFrom("entry_members")
          .innerJoin("entries", "entries.id", "entry_members.entry_id")
          .select(["entry_members.participant_id", "entries.nomination_id", "entries.format", "entries.status"])
          .where("entries.event_id", "=", event.id)
          .where("entry_members.participant_id", "in", memberIds)
          .execute();
  const birthDates = new Map(members.map((m) => [m.id, m.birth_date!]));

  const result = checkEntry({
    event: {
      status: event.status,
      registrationOpensAt: event.registration_opens_at,
      registrationClosesAt: event.registration_closes_at,
      ageReferenceDate: event.age_reference_date,
      startsOn: event.starts_on,
      maxEntriesPerChild: undefined,
      oneEntryPerNomination: event.one_entry_per_nomination,
      timezone: event.timezone,
    },
    nomination: {
      id: nomination.id,
      entryKind: nomination.entry_kind,
      maxDurationSeconds: nomination.max_duration_seconds,
      formats: formats.map((f) => ({ format: f.format, min: f.min_members, max: f.max_members })),
    },
    ageGroups: ageGroups.map((g) => ({ id: g.id, minAge: g.min_age, maxAge: g.max_age })),
    format: input.format,
    members: input.memberIds.map((participantId) => ({ participantId, birthDate: birthDates.get(participantId)! })),
    durationSeconds: input.durationSeconds,
    videoUrl: input.videoUrl,
    hasArtwork: input.artworkFile !== null,
    existingEntries: existing.map((e) => ({
      participantId: e.participant_id,
      nominationId: e.nomination_id,
      format: e.format,
      status: e.status,
    })),
    now,
  });
  const problems: EntryProblem[] = result.ok ? [] : [...result.problems];
  const withConsent = new Set(consented.map((c) => c.participant_id));
  for (const id of memberIds)
    if (!withConsent.has(id)) problems.push({ code: "consent_missing", memberId: id, params: NO_PARAMS });
  return { problems, ageGroupId: result.ok ? result.ageGroupId : null };
}
