import { type ExpressionBuilder, type Selectable, sql } from "kysely";

import type { ConsentKind, Database, ParticipantsTable } from "#db/types";
import type { ChildData, ChildValues } from "~/schemas/child";
import { placeOf } from "~/schemas/place";

import { audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { deleteArtwork } from "../platform/uploads/artwork.server";
import type { Uploads } from "../platform/uploads/store.server";
import { eraseChildTraces } from "./child-erasure.server";
import { withdrawEntriesOfDeletedChild } from "./withdraw-entry.server";

/** Whether the child in scope has a standing consent of this kind: given, and not withdrawn. */
export function hasStandingConsent(eb: ExpressionBuilder<Database, "participants">, kind: ConsentKind) {
  return eb.exists(
    eb
      .selectFrom("consents")
      .select("consents.id")
      .whereRef("consents.participant_id", "=", "participants.id")
      .where("kind", "=", kind)
      .where("withdrawn_at", "is", null),
  );
}

export interface Owner {
  guardianId: number;
}

/** The current text of each kind of consent (the highest version). */
async function currentTextId(db: DB, kind: ConsentKind): Promise<number> {
  const row = await db
    .selectFrom("consent_texts")
    .select("id")
    .where("kind", "=", kind)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function currentConsentTexts(db: DB) {
  const rows = await db.selectFrom("consent_texts").selectAll().orderBy("version", "asc").execute();
  // Later versions overwrite earlier ones.
  return Object.fromEntries(rows.map((r) => [r.kind, r])) as Record<ConsentKind, (typeof rows)[number]>;
}

/** A child's form data as its participants row. */
export const childRow = (c: ChildData) => ({
  last_name: c.lastName,
  first_name: c.firstName,
  patronymic: c.patronymic,
  birth_date: c.birthDate,
  ...placeOf({ city: c.city, town: c.town ?? "", region: c.region ?? "", country: c.country ?? "" }),
  club_id: c.clubId ?? null,
  public_name: c.publicName,
});

/** A stored child as the child form's values: the reverse of childRow. */
export const childValues = (c: Selectable<ParticipantsTable>): ChildValues => ({
  lastName: c.last_name,
  firstName: c.first_name,
  patronymic: c.patronymic,
  birthDate: c.birth_date ?? "",
  city: c.city,
  town: c.town ?? "",
  region: c.region ?? "",
  country: c.country,
  clubId: c.club_id ? String(c.club_id) : "",
  publicName: c.public_name,
});

/** The columns that name and place a child, with its club's name. */
export const CHILD_COLUMNS = [
  "participants.id",
  "last_name",
  "first_name",
  "patronymic",
  "birth_date",
  "participants.city",
  "clubs.name as club",
  "public_name",
] as const;

/** A child's consents, newest first, with the version of the text each was given for. */
export function consentHistory(db: DB, participantId: number) {
  return db
    .selectFrom("consents")
    .innerJoin("consent_texts", "consent_texts.id", "consents.text_id")
    .select(["consents.id", "consents.kind", "consent_texts.version", "consents.given_at", "consents.withdrawn_at"])
    .where("participant_id", "=", participantId)
    .orderBy("consents.given_at", "desc")
    .orderBy("consents.id", "desc");
}

export async function listChildren(db: DB, owner: Owner) {
  const children = await db
    .selectFrom("participants")
    .leftJoin("clubs", "clubs.id", "participants.club_id")
    .select(CHILD_COLUMNS)
    .select((eb) => [
      hasStandingConsent(eb, "data").as("data_consent"),
      hasStandingConsent(eb, "photo_video").as("photo_consent"),
    ])
    .where("guardian_user_id", "=", owner.guardianId)
    .where("anonymised_at", "is", null)
    .orderBy("birth_date", "desc")
    .orderBy("participants.id")
    .execute();
  return children;
}

/** One of the guardian's own children, or undefined: another family's child is indistinguishable from a missing one. */
export async function getChild(db: DB, owner: Owner, id: number) {
  const child = await db
    .selectFrom("participants")
    .selectAll()
    .where("id", "=", id)
    .where("guardian_user_id", "=", owner.guardianId)
    .where("anonymised_at", "is", null)
    .executeTakeFirst();
  if (!child) return undefined;
  const consents = await consentHistory(db, id).execute();
  return { ...child, consents };
}

export async function addChild(
  db: DB,
  owner: Owner,
  data: ChildData,
  consents: { photoVideo: boolean },
): Promise<{ id: number }> {
  return db.transaction().execute(async (tx) => {
    const { id } = await tx
      .insertInto("participants")
      .values({ ...childRow(data), guardian_user_id: owner.guardianId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("consents")
      .values({
        participant_id: id,
        guardian_user_id: owner.guardianId,
        kind: "data",
        text_id: await currentTextId(tx, "data"),
      })
      .execute();
    if (consents.photoVideo)
      await tx
        .insertInto("consents")
        .values({
          participant_id: id,
          guardian_user_id: owner.guardianId,
          kind: "photo_video",
          text_id: await currentTextId(tx, "photo_video"),
        })
        .execute();
    return { id };
  });
}

export async function updateChild(db: DB, owner: Owner, id: number, data: ChildData): Promise<boolean> {
  const result = await db
    .updateTable("participants")
    .set({ ...childRow(data), updated_at: sql`now()` })
    .where("id", "=", id)
    .where("guardian_user_id", "=", owner.guardianId)
    .where("anonymised_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives a consent of the current text version; giving one already standing changes nothing. */
export async function giveConsent(db: DB, owner: Owner, id: number, kind: ConsentKind): Promise<boolean> {
  if (!(await getChild(db, owner, id))) return false;
  await db
    .insertInto("consents")
    .values({ participant_id: id, guardian_user_id: owner.guardianId, kind, text_id: await currentTextId(db, kind) })
    .onConflict((oc) => oc.columns(["participant_id", "kind"]).where("withdrawn_at", "is", null).doNothing())
    .execute();
  return true;
}

/** Withdraws a standing consent, recording when. */
export async function withdrawConsent(db: DB, owner: Owner, id: number, kind: ConsentKind): Promise<boolean> {
  if (!(await getChild(db, owner, id))) return false;
  await db
    .updateTable("consents")
    .set({ withdrawn_at: sql`now()` })
    .where("participant_id", "=", id)
    .where("kind", "=", kind)
    .where("withdrawn_at", "is", null)
    .execute();
  return true;
}

/**
 * Deletes a child. A child who never took part is removed with everything about them. A child who
 * is a member of any entry stays only as what results need: the row loses names, birth date and
 * guardian, consents are withdrawn, and every still-open entry is withdrawn, its place going to the
 * wait-list. Either way the emails that name the child are scrubbed, and entries left with no
 * named member lose their title, video link and artwork (eraseChildTraces); with `uploads`, the
 * artwork files go once the deletion has committed. `baseUrl` is for the links in the promoted
 * families' emails: without it, none is sent.
 */
export async function deleteChild(
  db: DB,
  owner: Owner,
  id: number,
  baseUrl: string | null = null,
  uploads: Uploads | null = null,
): Promise<"deleted" | "anonymised" | "missing"> {
  const { outcome, artworkFiles } = await db.transaction().execute((tx) => deleteChildIn(tx, owner, id, baseUrl));
  if (uploads) await removeArtworkFiles(uploads, artworkFiles);
  return outcome;
}

export async function removeArtworkFiles(uploads: Uploads, files: string[]): Promise<void> {
  for (const file of files) await deleteArtwork(uploads, file);
}

/** deleteChild inside a transaction the caller holds (an account's deletion takes every child). */
export async function deleteChildIn(
  tx: DB,
  owner: Owner,
  id: number,
  baseUrl: string | null,
): Promise<{ outcome: "deleted" | "anonymised" | "missing"; artworkFiles: string[] }> {
  const child = await tx
    .selectFrom("participants")
    .select(["id", "first_name", "last_name"])
    .where("id", "=", id)
    .where("guardian_user_id", "=", owner.guardianId)
    .where("anonymised_at", "is", null)
    .forUpdate()
    .executeTakeFirst();
  if (!child) return { outcome: "missing", artworkFiles: [] };
  const names = { firstName: child.first_name, lastName: child.last_name };
  const entries = await tx.selectFrom("entry_members").select("entry_id").where("participant_id", "=", id).execute();
  if (entries.length === 0) {
    await tx.deleteFrom("participants").where("id", "=", id).execute();
    await eraseChildTraces(tx, names, []);
    await audit(tx, null, { action: "child.delete", entityType: "participant", entityId: id });
    return { outcome: "deleted", artworkFiles: [] };
  }
  await tx
    .updateTable("participants")
    .set({
      last_name: "",
      first_name: "",
      patronymic: "",
      birth_date: null,
      guardian_user_id: null,
      anonymised_at: sql`now()`,
      updated_at: sql`now()`,
    })
    .where("id", "=", id)
    .execute();
  await tx
    .updateTable("consents")
    .set({ withdrawn_at: sql`now()` })
    .where("participant_id", "=", id)
    .where("withdrawn_at", "is", null)
    .execute();
  const entryIds = entries.map((e) => e.entry_id);
  const { withdrawn, promoted } = await withdrawEntriesOfDeletedChild(tx, entryIds, baseUrl);
  const { artworkFiles } = await eraseChildTraces(tx, names, entryIds);
  await audit(tx, null, {
    action: "child.anonymise",
    entityType: "participant",
    entityId: id,
    after: { withdrawnEntries: withdrawn, promotedEntries: promoted },
  });
  return { outcome: "anonymised", artworkFiles };
}
