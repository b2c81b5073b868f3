import crypto from "node:crypto";

import { sql } from "kysely";

import type { RosterImportRow } from "#db/types";
import { type City, isCity } from "~/domain/cities";
import type { Locale } from "~/domain/locale";
import { CITY_COUNTRY, isRegion } from "~/domain/regions";
import { type PreviewRow, ROSTER_COLUMNS } from "~/domain/roster";
import { catalogues } from "~/i18n";

import { type Actor, audit } from "../../platform/audit.server";
import type { DB } from "../../platform/db.server";
import { currentConsentTexts } from "../children.server";
import { childKey, knownChildren, lockClub } from "../club-children.server";
import type { ClubScope } from "../clubs.server";
import { type ExportColumn, toXlsx } from "./export.server";
import type { FileProblem } from "./parse.server";
import { previewRoster, type RosterPreview } from "./preview.server";

/*
 * Importing a roster file into a club: check it (preview.server.ts), keep the preview, confirm once.
 * The template the leader fills in is made here too.
 */

/** How long a checked roster file may wait for confirmation. */
const ROSTER_IMPORT_TTL_MINUTES = 60;
/** Previews hold children's names and birth dates: none is kept longer than this, confirmed or not. */
const ROSTER_IMPORT_KEEP_HOURS = 24;

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
      town: r.values.town,
      region: r.values.region,
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
      // A child abroad in a town outside the list lives where the club is.
      const { country } = await tx
        .selectFrom("clubs")
        .select("country")
        .where("id", "=", clubId)
        .executeTakeFirstOrThrow();
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
            town: row.town ?? null,
            region: row.region ?? null,
            country: CITY_COUNTRY[row.city as City] ?? (row.region === "abroad" ? country : "KZ"),
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
 * A roster file the leader uploaded: checked row by row (rows without a city take the club's; a town
 * outside Toi's list without a region takes the club's region) and its preview kept for
 * confirmation. Nothing about the children is saved yet.
 */
export async function checkRosterFile(
  db: DB,
  scope: ClubScope,
  userId: number,
  file: { name: string; bytes: Buffer },
): Promise<SavedRosterPreview & { fileProblems: FileProblem[] }> {
  const club = await db
    .selectFrom("clubs")
    .select(["city", "region"])
    .where("id", "=", scope.clubId)
    .executeTakeFirstOrThrow();
  const preview = await previewRoster(file.bytes, file.name, {
    defaultCity: isCity(club.city) ? club.city : undefined,
    defaultRegion: isRegion(club.region) ? club.region : undefined,
  });
  const saved = await saveRosterPreview(db, scope, userId, file.name, preview);
  return { ...saved, fileProblems: preview.fileProblems };
}

export type ConfirmStep =
  | Extract<ConfirmImportResult, { status: "confirmed" }>
  /** The preview still waits: the leader must tick the attestation, or read the changed consent text. */
  | { status: "again"; reason: "attestMissing" | "textChanged"; fileName: string; count: number }
  | { status: "refused"; problem: "missing" | "used" | "expired" | "textChanged" };

/**
 * The leader's confirmation of a kept preview: without the attestation ticked nothing is added and
 * the preview is shown again; with it, confirmRosterImport adds the children.
 */
export async function confirmRosterStep(
  db: DB,
  scope: ClubScope,
  actor: Actor,
  post: { importId: string; textVersion: number; attested: boolean },
): Promise<ConfirmStep> {
  const again = async (reason: "attestMissing" | "textChanged"): Promise<ConfirmStep> => {
    const pending = await getPendingImport(db, scope, actor.id, post.importId);
    if (!pending) return { status: "refused", problem: reason === "attestMissing" ? "missing" : reason };
    return { status: "again", reason, fileName: pending.file_name, count: pending.rows.length };
  };
  if (!post.attested) return again("attestMissing");
  const outcome = await confirmRosterImport(db, scope, actor, post.importId, post.textVersion);
  if (outcome.status === "confirmed") return outcome;
  if (outcome.status === "textChanged") return again("textChanged");
  return { status: "refused", problem: outcome.status };
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
