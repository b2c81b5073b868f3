import type { Locale } from "~/domain/locale";
import type { AcademySettingsData } from "~/schemas/academy";

import { eventRounds, roundEntryIds } from "../events/rounds.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { roundLabel } from "../results/section-facts.server";

/*
 * The organiser's academy settings (ADR 0025): which round's entries are the finalists, how many
 * classes a child may rank, and the most classes a child may be given. No stored row means the
 * defaults below.
 */

export const DEFAULT_MAX_RANKS = 5;

export interface AcademySettings {
  /** The academy round; null = every round of the event's last step. */
  roundId: number | null;
  maxRanks: number;
  maxClasses: number | null;
}

export async function academySettings(db: DB, eventId: number): Promise<AcademySettings> {
  const row = await db
    .selectFrom("academy_settings")
    .select(["round_id", "max_ranks", "max_classes"])
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  return {
    roundId: row?.round_id ?? null,
    maxRanks: row?.max_ranks ?? DEFAULT_MAX_RANKS,
    maxClasses: row?.max_classes ?? null,
  };
}

/**
 * The entries whose children are the academy's finalists: those of the academy round, or of every
 * round of the event's last step; null when the event has no rounds (every confirmed entry counts).
 * Which entries a round holds is roundEntryIds' answer, shared with judging and results.
 */
export async function academyEntryIds(db: DB, eventId: number): Promise<number[] | null> {
  const { roundId } = await academySettings(db, eventId);
  const rounds = await eventRounds(db, eventId);
  if (rounds.length === 0) return null;
  const lastStep = Math.max(...rounds.map((r) => r.position));
  const chosen = rounds.filter((r) => (roundId === null ? r.position === lastStep : r.id === roundId));
  const ids = new Set<number>();
  for (const round of chosen) for (const id of await roundEntryIds(db, round.id)) ids.add(id);
  return [...ids].sort((a, b) => a - b);
}

/** The settings form: the stored values and the event's rounds to choose from, labelled in the reader's language. */
export async function academySettingsForm(db: DB, eventId: number, locale: Locale) {
  const settings = await academySettings(db, eventId);
  const rounds = await eventRounds(db, eventId);
  return {
    ...settings,
    rounds: rounds.map((r) => ({ id: r.id, step: r.position, label: roundLabel(r, locale) })),
  };
}

/** Stores the settings; "unknown_round" when the round is not this event's. */
export async function saveAcademySettings(
  db: DB,
  eventId: number,
  data: AcademySettingsData,
  actor: Actor,
): Promise<"saved" | "unknown_round"> {
  return db.transaction().execute(async (tx) => {
    if (data.roundId !== null) {
      const round = await tx
        .selectFrom("rounds")
        .select("id")
        .where("id", "=", data.roundId)
        .where("event_id", "=", eventId)
        .executeTakeFirst();
      if (!round) return "unknown_round";
    }
    const before = await academySettings(tx, eventId);
    const values = { round_id: data.roundId, max_ranks: data.maxRanks, max_classes: data.maxClasses };
    await tx
      .insertInto("academy_settings")
      .values({ event_id: eventId, ...values })
      .onConflict((oc) => oc.column("event_id").doUpdateSet({ ...values, updated_at: new Date() }))
      .execute();
    await audit(tx, actor, {
      action: "academy.settings",
      entityType: "event",
      entityId: eventId,
      eventId,
      before,
      after: data,
    });
    return "saved";
  });
}
