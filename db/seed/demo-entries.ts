import type { Kysely } from "kysely";

import { standardCriteria } from "~/.server/jury/standard-criteria.server";
import { REFERENCE_ALPHABET, REFERENCE_RANDOM_LENGTH, referencePrefix } from "~/domain/reference-code";

import type { ConsentKind, Database, PerformanceFormat } from "../types";

/*
 * What every demo contest reads and writes the same way: its nominations, age groups and rounds,
 * their standard criteria, the clubs' (or a family's) children with their consents, and their
 * confirmed entries.
 */

type Tx = Kysely<Database>;

/** An event's nominations and rounds in their order, and its age groups youngest first. */
export async function eventParts(tx: Tx, eventId: number) {
  const nominations = await tx
    .selectFrom("nominations")
    .select(["id", "discipline"])
    .where("event_id", "=", eventId)
    .orderBy("position")
    .execute();
  const ageGroups = await tx
    .selectFrom("age_groups")
    .select(["id", "min_age", "max_age"])
    .where("event_id", "=", eventId)
    .orderBy("min_age")
    .execute();
  const rounds = await tx
    .selectFrom("rounds")
    .select("id")
    .where("event_id", "=", eventId)
    .orderBy("position")
    .execute();
  return { nominations, ageGroups, rounds };
}

/** The standard criteria of a nomination's discipline; returns their ids in order. */
export async function insertStandardCriteria(tx: Tx, nominationId: number, discipline: string): Promise<number[]> {
  const rows = await tx
    .insertInto("criteria")
    .values(
      standardCriteria(discipline).map((c, position) => ({
        nomination_id: nominationId,
        position,
        name_kk: c.nameKk,
        name_ru: c.nameRu,
        name_en: c.nameEn,
        max_score: c.maxScore,
        weight: c.weight,
      })),
    )
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

/** A reference code of the event, its letters picked (as indexes into the alphabet) by `pick`. */
export function demoReference(
  event: { slug: string; starts_on: string },
  pick: (position: number, alphabetLength: number) => number,
): string {
  let reference = `${referencePrefix({ slug: event.slug, startsOn: event.starts_on })}-`;
  for (let k = 0; k < REFERENCE_RANDOM_LENGTH; k++) reference += REFERENCE_ALPHABET[pick(k, REFERENCE_ALPHABET.length)];
  return reference;
}

export interface DemoChild {
  /** The family's guardian, or null for a club's child. */
  guardianId: number | null;
  clubId: number;
  lastName: string;
  firstName: string;
  birthDate: string;
  city: string;
  publicName: "full" | "initial";
  /** When the child was added (and the consents given). */
  at: Date;
}

/**
 * A child of a demo club or family, with consents to these texts given when the child was added by
 * `consentBy` (the guardian, or the club's leader attesting the parents' signed forms). Returns the
 * participant id.
 */
export async function insertChild(
  tx: Tx,
  child: DemoChild,
  consentBy: number,
  texts: { id: number; kind: ConsentKind }[],
): Promise<number> {
  const { id } = await tx
    .insertInto("participants")
    .values({
      guardian_user_id: child.guardianId,
      club_id: child.clubId,
      last_name: child.lastName,
      first_name: child.firstName,
      birth_date: child.birthDate,
      city: child.city,
      public_name: child.publicName,
      created_at: child.at,
      updated_at: child.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const text of texts) {
    await tx
      .insertInto("consents")
      .values({
        participant_id: id,
        guardian_user_id: consentBy,
        kind: text.kind,
        text_id: text.id,
        given_at: child.at,
      })
      .execute();
  }
  return id;
}

export interface DemoEntry {
  eventId: number;
  nominationId: number;
  ageGroupId: number;
  format: PerformanceFormat;
  title: string;
  reference: string;
  submittedBy: number;
  clubId: number;
  memberIds: number[];
  /** When it was submitted (and queued). */
  at: Date;
  durationSeconds?: number;
  artworkFile?: string;
}

/** A confirmed entry of these children; returns its id. */
export async function insertEntry(tx: Tx, e: DemoEntry): Promise<number> {
  const { id } = await tx
    .insertInto("entries")
    .values({
      event_id: e.eventId,
      nomination_id: e.nominationId,
      age_group_id: e.ageGroupId,
      format: e.format,
      title: e.title,
      ...(e.durationSeconds === undefined ? {} : { duration_seconds: e.durationSeconds }),
      ...(e.artworkFile === undefined ? {} : { artwork_file: e.artworkFile }),
      status: "confirmed",
      reference: e.reference,
      submitted_by_user_id: e.submittedBy,
      club_id: e.clubId,
      queued_at: e.at,
      created_at: e.at,
      updated_at: e.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await tx
    .insertInto("entry_members")
    .values(e.memberIds.map((participant_id) => ({ entry_id: id, participant_id, nomination_id: e.nominationId })))
    .execute();
  return id;
}
