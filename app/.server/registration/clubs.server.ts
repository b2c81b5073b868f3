import crypto from "node:crypto";

import { sql } from "kysely";

import type { EntryStatus, RosterImportRow } from "#db/types";
import { ageOnDate } from "~/domain/age";
import { type Locale, localized } from "~/domain/locale";
import { foldText, type PreviewRow, ROSTER_COLUMNS } from "~/domain/roster";
import { catalogues } from "~/i18n";
import type { ChildData } from "~/schemas/child";

import type { Roles } from "../accounts/auth.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { currentConsentTexts } from "./children.server";
import { type ExportColumn, toXlsx } from "./roster/export.server";
import type { RosterPreview } from "./roster/preview.server";

/**
 * A club's own roster: children entered by the club, not by a family. Such a child has
 * `club_id` = the club and no guardian account (`guardian_user_id` null); the club's leader
 * attests that the parents gave written consent. Children whose families chose the club are
 * listed beside them, read-only: the family, not the club, holds their data.
 */

/** How long a checked roster file may wait for confirmation. */
const ROSTER_IMPORT_TTL_MINUTES = 60;
/** Previews hold children's names and birth dates: none is kept longer than this, confirmed or not. */
const ROSTER_IMPORT_KEEP_HOURS = 24;
const MAX_ENTRIES_LISTED = 1000;

export interface ClubScope {
  clubId: number;
}

/** The clubs a user may manage: every club for an admin, else the clubs they lead. */
/** Every club, for a "club" choice on a form. */
export async function listClubChoices(db: DB) {
  return db.selectFrom("clubs").select(["id", "name", "city"]).orderBy("name").execute();
}

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

// ---------------------------------------------------------------------------------------------
// The roster

/** Same last name, first name and birth date (ignoring case, ё/е and mixed alphabets): the same child. */
function childKey(lastName: string, firstName: string, birthDate: string): string {
  return [foldText(lastName), foldText(firstName), birthDate].join("|");
}

/**
 * Every child the club already has, its own and its families', by `childKey`: a family that
 * registered a child with the club must not find a second copy of that child on the roster.
 */
async function knownChildren(db: DB, clubId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom("participants")
    .select(["last_name", "first_name", "birth_date"])
    .where("club_id", "=", clubId)
    .where("anonymised_at", "is", null)
    .execute();
  return new Set(rows.filter((r) => r.birth_date).map((r) => childKey(r.last_name, r.first_name, r.birth_date!)));
}

/** Takes the club's row lock: additions to one club's roster happen one at a time, so a child is never added twice. */
async function lockClub(db: DB, clubId: number): Promise<boolean> {
  return Boolean(await db.selectFrom("clubs").select("id").where("id", "=", clubId).forUpdate().executeTakeFirst());
}

const collator = new Intl.Collator("kk");
const byName = (a: { lastName: string; firstName: string }, b: { lastName: string; firstName: string }) =>
  collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName);

/** Every word of the query appears in the name (folded: case, ё/е and mixed alphabets don't matter). */
function nameMatcher(query: string | undefined): (...names: string[]) => boolean {
  const words = foldText(query ?? "")
    .split(" ")
    .filter(Boolean);
  return (...names) => {
    const name = foldText(names.join(" "));
    return words.every((w) => name.includes(w));
  };
}

/**
 * The club's roster for its leader. Searching is done here rather than in SQL: PostgreSQL's
 * `lower()` under the C locale (PGlite's) leaves Cyrillic and Kazakh letters alone, and a club's
 * roster is at most a few thousand rows.
 */
export async function listClubRoster(db: DB, { clubId }: ClubScope, options: { today: string; q?: string }) {
  const rows = await db
    .selectFrom("participants")
    .select(["id", "guardian_user_id", "last_name", "first_name", "patronymic", "birth_date", "city"])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom("consents")
            .select("consents.id")
            .whereRef("consents.participant_id", "=", "participants.id")
            .where("kind", "=", "data")
            .where("withdrawn_at", "is", null),
        )
        .as("data_consent"),
    )
    .where("club_id", "=", clubId)
    .where("anonymised_at", "is", null)
    .execute();
  const matches = nameMatcher(options.q);
  const age = (birthDate: string | null) =>
    birthDate && birthDate <= options.today ? ageOnDate(birthDate, options.today) : null;
  const found = rows.filter((r) => matches(r.last_name, r.first_name, r.patronymic));
  return {
    own: found
      .filter((r) => r.guardian_user_id === null)
      .map((r) => ({
        id: r.id,
        lastName: r.last_name,
        firstName: r.first_name,
        patronymic: r.patronymic,
        birthDate: r.birth_date,
        age: age(r.birth_date),
        city: r.city,
        dataConsent: Boolean(r.data_consent),
      }))
      .sort(byName),
    // A family's child: name and age only, for the leader to recognise, never the birth date or the family.
    families: found
      .filter((r) => r.guardian_user_id !== null)
      .map((r) => ({ lastName: r.last_name, firstName: r.first_name, age: age(r.birth_date) }))
      .sort(byName),
  };
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

// ---------------------------------------------------------------------------------------------
// Adding and editing one club child

const childRow = (c: ChildData) => ({
  last_name: c.lastName,
  first_name: c.firstName,
  patronymic: c.patronymic,
  birth_date: c.birthDate,
  city: c.city,
  public_name: c.publicName,
});

/** One of the club's own children, with its consents; a family's child or another club's is undefined. */
export async function getClubChild(db: DB, { clubId }: ClubScope, id: number) {
  const child = await db
    .selectFrom("participants")
    .selectAll()
    .where("id", "=", id)
    .where("club_id", "=", clubId)
    .where("guardian_user_id", "is", null)
    .where("anonymised_at", "is", null)
    .executeTakeFirst();
  if (!child) return undefined;
  const consents = await db
    .selectFrom("consents")
    .innerJoin("consent_texts", "consent_texts.id", "consents.text_id")
    .leftJoin("users", "users.id", "consents.guardian_user_id")
    .select([
      "consents.id",
      "consents.kind",
      "consent_texts.version",
      "consents.given_at",
      "consents.withdrawn_at",
      "users.name as attested_by",
    ])
    .where("participant_id", "=", id)
    .orderBy("consents.given_at", "desc")
    .orderBy("consents.id", "desc")
    .execute();
  return { ...child, consents };
}

/**
 * Adds a child to the club's own roster with the data consent its leader attests. Refuses a
 * child the club already has (same last name, first name and birth date).
 */
export async function addClubChild(
  db: DB,
  { clubId }: ClubScope,
  actor: Actor,
  data: ChildData,
): Promise<{ id: number } | { duplicate: true }> {
  return db.transaction().execute(async (tx) => {
    await lockClub(tx, clubId);
    if ((await knownChildren(tx, clubId)).has(childKey(data.lastName, data.firstName, data.birthDate)))
      return { duplicate: true };
    const { id } = await tx
      .insertInto("participants")
      .values({ ...childRow(data), club_id: clubId, guardian_user_id: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const texts = await currentConsentTexts(tx);
    // guardian_user_id records who gave the consent: here the leader who attests holding the
    // parent's written consent, since the child has no guardian account.
    await tx
      .insertInto("consents")
      .values({ participant_id: id, guardian_user_id: actor.id, kind: "data", text_id: texts.data.id })
      .execute();
    await audit(tx, actor, { action: "club.child_add", entityType: "participant", entityId: id, after: { clubId } });
    return { id };
  });
}

/** Edits one of the club's own children; the child stays in the club whatever the form says. */
export async function updateClubChild(
  db: DB,
  { clubId }: ClubScope,
  actor: Actor,
  id: number,
  data: ChildData,
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const result = await tx
      .updateTable("participants")
      .set({ ...childRow(data), updated_at: sql`now()` })
      .where("id", "=", id)
      .where("club_id", "=", clubId)
      .where("guardian_user_id", "is", null)
      .where("anonymised_at", "is", null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await audit(tx, actor, { action: "club.child_update", entityType: "participant", entityId: id, after: { clubId } });
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Importing a roster file: check, keep the preview, confirm once

export interface ImportPreviewRow extends PreviewRow {
  /** The club already has this child: shown, not added again. */
  alreadyInRoster: boolean;
}

export interface SavedRosterPreview {
  /** Null when nothing can be added: there is nothing to confirm. */
  importId: string | null;
  rows: ImportPreviewRow[];
  counts: { total: number; toAdd: number; withErrors: number; alreadyInRoster: number; withWarnings: number };
}

async function sweepRosterImports(db: DB): Promise<void> {
  await db
    .deleteFrom("roster_imports")
    .where("created_at", "<", sql<Date>`now() - make_interval(hours => ${ROSTER_IMPORT_KEEP_HOURS})`)
    .execute();
}

/**
 * Marks the rows of a checked file that the club already has, and keeps the rows that
 * confirmation will add. Adds no child.
 */
export async function saveRosterPreview(
  db: DB,
  { clubId }: ClubScope,
  userId: number,
  fileName: string,
  preview: RosterPreview,
): Promise<SavedRosterPreview> {
  await sweepRosterImports(db);
  const known = await knownChildren(db, clubId);
  const rows: ImportPreviewRow[] = preview.rows.map((row) => ({
    ...row,
    alreadyInRoster:
      row.importable &&
      row.values.birthDate !== null &&
      known.has(childKey(row.values.lastName, row.values.firstName, row.values.birthDate)),
  }));
  const toAdd: RosterImportRow[] = rows
    .filter((r) => r.importable && !r.alreadyInRoster && r.values.birthDate)
    .map((r) => ({
      line: r.line,
      lastName: r.values.lastName,
      firstName: r.values.firstName,
      patronymic: r.values.patronymic,
      birthDate: r.values.birthDate!,
      city: r.values.city,
    }));
  const counts = {
    total: rows.length,
    toAdd: toAdd.length,
    withErrors: rows.filter((r) => !r.importable).length,
    alreadyInRoster: rows.filter((r) => r.alreadyInRoster).length,
    withWarnings: rows.filter((r) => r.importable && !r.alreadyInRoster && r.problems.length > 0).length,
  };
  if (toAdd.length === 0) return { importId: null, rows, counts };
  const importId = crypto.randomUUID();
  await db
    .insertInto("roster_imports")
    .values({
      id: importId,
      club_id: clubId,
      user_id: userId,
      file_name: fileName.slice(0, 200),
      rows: JSON.stringify(toAdd),
    })
    .execute();
  return { importId, rows, counts };
}

/** The rows a preview will add, for showing again; only to the leader who made it. */
export async function getPendingImport(db: DB, { clubId }: ClubScope, userId: number, importId: string) {
  return db
    .selectFrom("roster_imports")
    .select(["id", "file_name", "rows"])
    .where("id", "=", importId)
    .where("club_id", "=", clubId)
    .where("user_id", "=", userId)
    .where("confirmed_at", "is", null)
    .where("created_at", ">", sql<Date>`now() - make_interval(mins => ${ROSTER_IMPORT_TTL_MINUTES})`)
    .executeTakeFirst();
}

export type ConfirmImportResult =
  | { status: "confirmed"; added: number; skipped: number }
  /** Not this leader's preview of this club (or no such preview). */
  | { status: "missing" }
  | { status: "used" }
  | { status: "expired" }
  /** The consent text changed since the leader read it: they must read and attest the new one. */
  | { status: "textChanged" };

/**
 * Adds the previewed children and their data consents in one transaction. A preview is used once:
 * a conditional update claims it, so a double submit or a second instance finds it taken. Children
 * the club gained since the preview are skipped, not doubled.
 */
export async function confirmRosterImport(
  db: DB,
  { clubId }: ClubScope,
  actor: Actor,
  importId: string,
  attestedTextVersion: number,
): Promise<ConfirmImportResult> {
  return db.transaction().execute(async (tx): Promise<ConfirmImportResult> => {
    await lockClub(tx, clubId);
    const text = (await currentConsentTexts(tx)).data;
    if (text.version !== attestedTextVersion) return { status: "textChanged" };
    const claimed = await tx
      .updateTable("roster_imports")
      .set({ confirmed_at: sql`now()` })
      .where("id", "=", importId)
      .where("club_id", "=", clubId)
      .where("user_id", "=", actor.id)
      .where("confirmed_at", "is", null)
      .where("created_at", ">", sql<Date>`now() - make_interval(mins => ${ROSTER_IMPORT_TTL_MINUTES})`)
      .returning(["rows", "file_name"])
      .executeTakeFirst();
    if (!claimed) {
      const found = await tx
        .selectFrom("roster_imports")
        .select(["confirmed_at"])
        .where("id", "=", importId)
        .where("club_id", "=", clubId)
        .where("user_id", "=", actor.id)
        .executeTakeFirst();
      if (!found) return { status: "missing" };
      if (found.confirmed_at) return { status: "used" };
      return { status: "expired" };
    }

    const known = await knownChildren(tx, clubId);
    const fresh = claimed.rows.filter((row) => {
      const key = childKey(row.lastName, row.firstName, row.birthDate);
      if (known.has(key)) return false;
      known.add(key);
      return true;
    });
    if (fresh.length > 0) {
      const inserted = await tx
        .insertInto("participants")
        .values(
          fresh.map((row) => ({
            club_id: clubId,
            guardian_user_id: null,
            last_name: row.lastName,
            first_name: row.firstName,
            patronymic: row.patronymic ?? "",
            birth_date: row.birthDate,
            city: row.city,
            // No one chose how the name appears in public: the more private form until the leader changes it.
            public_name: "initial" as const,
          })),
        )
        .returning("id")
        .execute();
      // guardian_user_id records who gave the consent: the leader who attests holding each
      // parent's written consent, since these children have no guardian account.
      await tx
        .insertInto("consents")
        .values(
          inserted.map(({ id }) => ({
            participant_id: id,
            guardian_user_id: actor.id,
            kind: "data" as const,
            text_id: text.id,
          })),
        )
        .execute();
    }
    const result = { status: "confirmed" as const, added: fresh.length, skipped: claimed.rows.length - fresh.length };
    await audit(tx, actor, {
      action: "club.roster_import",
      entityType: "club",
      entityId: clubId,
      after: {
        importId,
        file: claimed.file_name,
        added: result.added,
        skipped: result.skipped,
        consentVersion: text.version,
      },
    });
    return result;
  });
}

/**
 * An empty roster in the user's language: the headings are the catalogue's column names, which
 * the import recognises in every language.
 */
export async function rosterTemplate(locale: Locale): Promise<Buffer> {
  const messages = catalogues[locale];
  const names = messages.roster.column;
  const columns: ExportColumn[] = ROSTER_COLUMNS.map((key) => ({
    key,
    header: names[key],
    type: key === "birthDate" ? "date" : "text",
  }));
  return toXlsx(messages.clubs.templateSheet, columns, []);
}
