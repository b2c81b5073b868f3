import { sql } from "kysely";

import type { Locale } from "~/domain/locale";
import { type NumberedPage, numberedPage } from "~/domain/paging";
import { isRegion, type Region } from "~/domain/regions";
import { forbidden } from "~/http/responses";
import type { ClubData } from "~/schemas/club";

import { revokeRole } from "../accounts/accounts.server";
import { requireUser, type Roles, rolesOf } from "../accounts/auth.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { getDb } from "../platform/runtime.server";

/*
 * Clubs managed in the app: admins and the federation's organisers (those who may create events)
 * create, edit and archive any club and choose its leaders; a club's leader edits its details.
 * Archiving hides a club from every choice (new children, entries) and deletes nothing: its
 * children, entries and results stay, and it can be restored.
 */

export type ClubAccess = "manage" | "edit";

/** What a user may do with clubs: "manage" any (admin, federation organiser), "edit" their own, or nothing. */
export function clubAccess(roles: Roles, clubId: number | null): ClubAccess | null {
  if (roles.admin || roles.canCreateEvents) return "manage";
  return clubId !== null && roles.clubLeaderOf.has(clubId) ? "edit" : null;
}

/** The signed-in admin or federation organiser (who may add clubs), or a 403. */
export async function requireClubManager(request: Request) {
  const user = await requireUser(request);
  const roles = await rolesOf(await getDb(), user.id);
  if (clubAccess(roles, null) !== "manage") throw forbidden();
  return user;
}

/** Removes one leader of this club; false when the membership is not a leader's of this very club. */
export async function removeClubLeader(db: DB, actor: Actor, clubId: number, membershipId: number): Promise<boolean> {
  const membership = await db
    .selectFrom("memberships")
    .select("id")
    .where("id", "=", membershipId)
    .where("club_id", "=", clubId)
    .where("role", "=", "club_leader")
    .executeTakeFirst();
  if (!membership) return false;
  return (await revokeRole(db, actor, membershipId)) === "revoked";
}

/** The club's name in the reader's language when it has one, else its own name. */
export function clubName(club: { name: string; name_kk: string; name_ru: string; name_en: string }, locale: Locale) {
  return club[`name_${locale}`] || club.name;
}

export interface ClubListFilters {
  q: string;
  region: Region | null;
  archived: boolean;
}

export interface ClubListRow {
  id: number;
  name: string;
  city: string;
  town: string | null;
  region: string | null;
  country: string;
  archived: boolean;
  children: number;
  leaders: number;
}

export const CLUBS_PAGE_SIZE = 50;

/** A page of the clubs a user may see here (every club for managers, their own for leaders), by name. */
export async function clubList(
  db: DB,
  roles: Roles,
  filters: ClubListFilters,
  askedPage: number | null,
  locale: Locale,
): Promise<{ rows: ClubListRow[]; total: number; page: NumberedPage }> {
  const manage = clubAccess(roles, null) === "manage";
  const pattern = filters.q ? `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const base = db
    .selectFrom("clubs")
    .$if(!manage, (q) => q.where("clubs.id", "in", [...roles.clubLeaderOf, 0]))
    .$if(!filters.archived, (q) => q.where("clubs.archived_at", "is", null))
    .$if(filters.region !== null, (q) => q.where("clubs.region", "=", filters.region!))
    .$if(pattern !== null, (q) =>
      q.where((eb) =>
        eb.or(
          (["name", "name_kk", "name_ru", "name_en", "town"] as const).map((c) => eb(`clubs.${c}`, "ilike", pattern!)),
        ),
      ),
    );
  const { total } = await base.select((eb) => eb.fn.countAll<string>().as("total")).executeTakeFirstOrThrow();
  const page = numberedPage(Number(total), askedPage, CLUBS_PAGE_SIZE);
  const rows = await base
    .select((eb) => [
      "clubs.id",
      "clubs.name",
      "clubs.name_kk",
      "clubs.name_ru",
      "clubs.name_en",
      "clubs.city",
      "clubs.town",
      "clubs.region",
      "clubs.country",
      "clubs.archived_at",
      eb
        .selectFrom("participants")
        .select((p) => p.fn.countAll<string>().as("n"))
        .whereRef("participants.club_id", "=", "clubs.id")
        .where("participants.anonymised_at", "is", null)
        .as("children"),
      eb
        .selectFrom("memberships")
        .select((m) => m.fn.countAll<string>().as("n"))
        .whereRef("memberships.club_id", "=", "clubs.id")
        .where("memberships.role", "=", "club_leader")
        .as("leaders"),
    ])
    .orderBy(sql`lower(coalesce(nullif(${sql.ref(`clubs.name_${locale}`)}, ''), clubs.name))`)
    .orderBy("clubs.id")
    .limit(CLUBS_PAGE_SIZE)
    .offset(page.offset)
    .execute();
  return {
    total: Number(total),
    page,
    rows: rows.map((r) => ({
      id: r.id,
      name: clubName(r, locale),
      city: r.city,
      town: r.town,
      region: r.region,
      country: r.country,
      archived: r.archived_at !== null,
      children: Number(r.children ?? 0),
      leaders: Number(r.leaders ?? 0),
    })),
  };
}

/** A club's details for its edit form, with its leaders; null when there is no such club. */
export async function clubDetails(db: DB, clubId: number) {
  const club = await db.selectFrom("clubs").selectAll().where("id", "=", clubId).executeTakeFirst();
  if (!club) return null;
  const leaders = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["memberships.id as membershipId", "users.name", "users.email"])
    .where("memberships.club_id", "=", clubId)
    .where("memberships.role", "=", "club_leader")
    .orderBy("users.name")
    .execute();
  return {
    club: {
      id: club.id,
      name: club.name,
      archived: club.archived_at !== null,
      values: {
        name: club.name,
        nameKk: club.name_kk,
        nameRu: club.name_ru,
        nameEn: club.name_en,
        city: club.city,
        town: club.town ?? "",
        // Older free text that is no region code waits for a person to choose.
        region: club.region && isRegion(club.region) ? club.region : "",
        country: club.country,
      },
    },
    leaders,
  };
}

const columns = (data: ClubData) => ({
  name: data.name,
  name_kk: data.nameKk,
  name_ru: data.nameRu,
  name_en: data.nameEn,
  city: data.city,
  town: data.town,
  region: data.region,
  country: data.country,
});

export async function createClub(db: DB, actor: Actor, data: ClubData): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const { id } = await tx.insertInto("clubs").values(columns(data)).returning("id").executeTakeFirstOrThrow();
    await audit(tx, actor, { action: "club.create", entityType: "club", entityId: id, after: columns(data) });
    return id;
  });
}

/** Saves a club's details; false when there is no such club. */
export async function updateClub(db: DB, actor: Actor, clubId: number, data: ClubData): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom("clubs").selectAll().where("id", "=", clubId).forUpdate().executeTakeFirst();
    if (!before) return false;
    await tx.updateTable("clubs").set(columns(data)).where("id", "=", clubId).execute();
    await audit(tx, actor, {
      action: "club.update",
      entityType: "club",
      entityId: clubId,
      before,
      after: columns(data),
    });
    return true;
  });
}

/** Archives or restores a club; false when there is no such club. */
export async function setClubArchived(db: DB, actor: Actor, clubId: number, archived: boolean): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable("clubs")
      .set({ archived_at: archived ? sql`coalesce(archived_at, now())` : null })
      .where("id", "=", clubId)
      .returning("id")
      .executeTakeFirst();
    if (!row) return false;
    await audit(tx, actor, {
      action: archived ? "club.archive" : "club.restore",
      entityType: "club",
      entityId: clubId,
    });
    return true;
  });
}
