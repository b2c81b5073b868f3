import type { EntryStatus } from "#db/types";
import { type Locale, localized } from "~/domain/locale";

import type { Roles } from "../accounts/auth.server";
import type { DB } from "../platform/db.server";

/*
 * Clubs as registration sees them: which clubs a form offers, which ones a user manages, and the
 * entries of a club's children. The club's roster is in club-children.server.ts, importing a roster
 * file in roster/import.server.ts.
 */

const MAX_ENTRIES_LISTED = 1000;
const collator = new Intl.Collator("kk");

export interface ClubScope {
  clubId: number;
}

/**
 * The clubs a "club" choice offers: those not archived, plus `keep` (a child's current club, so
 * editing the child never drops an archived club silently); every club with `includeArchived`
 * (a filter over past entries).
 */
export async function listClubChoices(db: DB, options: { keep?: number | null; includeArchived?: boolean } = {}) {
  return db
    .selectFrom("clubs")
    .select(["id", "name", "city"])
    .$if(!options.includeArchived, (q) =>
      q.where((eb) => eb.or([eb("archived_at", "is", null), ...(options.keep ? [eb("id", "=", options.keep)] : [])])),
    )
    .orderBy("name")
    .execute();
}

/** The clubs a user may manage: every club for an admin, else the clubs they lead. */
export async function listManagedClubs(db: DB, roles: Roles) {
  if (!roles.admin && roles.clubLeaderOf.size === 0) return [];
  return db
    .selectFrom("clubs")
    .select(["id", "name", "city"])
    .$if(!roles.admin, (q) => q.where("id", "in", [...roles.clubLeaderOf]))
    .orderBy("name")
    .orderBy("id")
    .execute();
}

/** Every entry any child of the club (its own or its families') is a member of, with those members. */
export async function listClubEntries(db: DB, { clubId }: ClubScope, locale: Locale) {
  const entries = await db
    .selectFrom("entries")
    .innerJoin("events", "events.id", "entries.event_id")
    .innerJoin("nominations", "nominations.id", "entries.nomination_id")
    .select([
      "entries.id",
      "entries.reference",
      "entries.status",
      "entries.format",
      "entries.title",
      "events.title_kk",
      "events.title_ru",
      "events.title_en",
      "events.starts_on",
      "nominations.name_kk",
      "nominations.name_ru",
      "nominations.name_en",
    ])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("entry_members")
          .innerJoin("participants", "participants.id", "entry_members.participant_id")
          .select("entry_members.entry_id")
          .whereRef("entry_members.entry_id", "=", "entries.id")
          .where("participants.club_id", "=", clubId),
      ),
    )
    .orderBy("events.starts_on", "desc")
    .orderBy("entries.created_at")
    .orderBy("entries.id")
    .limit(MAX_ENTRIES_LISTED)
    .execute();
  if (entries.length === 0) return [];
  // Only this club's members: an ensemble shared with another club doesn't show that club's children.
  const members = await db
    .selectFrom("entry_members")
    .innerJoin("participants", "participants.id", "entry_members.participant_id")
    .select(["entry_members.entry_id", "participants.last_name", "participants.first_name"])
    .where(
      "entry_members.entry_id",
      "in",
      entries.map((e) => e.id),
    )
    .where("participants.club_id", "=", clubId)
    .where("participants.anonymised_at", "is", null)
    .execute();
  return entries.map((e) => ({
    id: e.id,
    reference: e.reference,
    status: e.status as EntryStatus,
    format: e.format,
    title: e.title,
    event: localized(e, "title", locale),
    startsOn: e.starts_on,
    nomination: localized(e, "name", locale),
    members: members
      .filter((m) => m.entry_id === e.id)
      .map((m) => `${m.last_name} ${m.first_name}`)
      .sort((a, b) => collator.compare(a, b)),
  }));
}
