import { sql } from "kysely";

import { ageOnDate } from "~/domain/age";
import { foldText } from "~/domain/roster";
import type { ChildData } from "~/schemas/child";

import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { childRow, consentHistory, currentConsentTexts, hasStandingConsent } from "./children.server";
import type { ClubScope } from "./clubs.server";

/**
 * A club's own roster: children entered by the club, not by a family. Such a child has
 * `club_id` = the club and no guardian account (`guardian_user_id` null); the club's leader
 * attests that the parents gave written consent. Children whose families chose the club are
 * listed beside them, read-only: the family, not the club, holds their data.
 */

/** Same last name, first name and birth date (ignoring case, ё/е and mixed alphabets): the same child. */
export function childKey(lastName: string, firstName: string, birthDate: string): string {
  return [foldText(lastName), foldText(firstName), birthDate].join("|");
}

/**
 * Every child the club already has, its own and its families', by `childKey`: a family that
 * registered a child with the club must not find a second copy of that child on the roster.
 */
export async function knownChildren(db: DB, clubId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom("participants")
    .select(["last_name", "first_name", "birth_date"])
    .where("club_id", "=", clubId)
    .where("anonymised_at", "is", null)
    .execute();
  return new Set(rows.filter((r) => r.birth_date).map((r) => childKey(r.last_name, r.first_name, r.birth_date!)));
}

/** Takes the club's row lock: additions to one club's roster happen one at a time, so a child is never added twice. */
export async function lockClub(db: DB, clubId: number): Promise<boolean> {
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
    .select((eb) => hasStandingConsent(eb, "data").as("data_consent"))
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
  const consents = await consentHistory(db, id)
    .leftJoin("users", "users.id", "consents.guardian_user_id")
    .select("users.name as attested_by")
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
      .set({ ...childRow(data), club_id: clubId, updated_at: sql`now()` })
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
