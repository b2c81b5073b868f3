import { sql } from "kysely";

import type { Locale } from "~/domain/locale";
import { localized } from "~/domain/locale";

import type { DB } from "../platform/db.server";

/** What the admin pages show of an account. */
const USER_COLUMNS = ["id", "email", "name", "locale", "email_verified_at", "is_demo", "created_at"] as const;

/** The newest accounts first, matching `query` in email or name, each with its roles. */
export async function listUsers(db: DB, query: string, limit = 100) {
  let q = db
    .selectFrom("users")
    .select(USER_COLUMNS)
    .select((eb) =>
      eb
        .selectFrom("memberships")
        .select(sql<string>`string_agg(distinct role, ',' order by role)`.as("r"))
        .whereRef("memberships.user_id", "=", "users.id")
        .as("roles"),
    );
  const term = query.trim();
  if (term) {
    const like = `%${term.replace(/[%_\\]/g, "\\$&")}%`;
    q = q.where((eb) => eb.or([eb("email", "ilike", like), eb("name", "ilike", like)]));
  }
  const users = await q.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).execute();
  return users.map((u) => ({ ...u, roles: u.roles ? u.roles.split(",") : [] }));
}

export async function userExists(db: DB, userId: number): Promise<boolean> {
  return Boolean(await db.selectFrom("users").select("id").where("id", "=", userId).executeTakeFirst());
}

/** Whose role a membership grants, or undefined when there is no such membership. */
export async function membershipOwner(db: DB, membershipId: number): Promise<number | undefined> {
  return (await db.selectFrom("memberships").select("user_id").where("id", "=", membershipId).executeTakeFirst())
    ?.user_id;
}

export async function getUserWithMemberships(db: DB, userId: number, locale: Locale) {
  const user = await db.selectFrom("users").select(USER_COLUMNS).where("id", "=", userId).executeTakeFirst();
  if (!user) return null;
  const memberships = await db
    .selectFrom("memberships")
    .leftJoin("events", "events.id", "memberships.event_id")
    .leftJoin("clubs", "clubs.id", "memberships.club_id")
    .select([
      "memberships.id",
      "memberships.role",
      "memberships.event_id",
      "memberships.club_id",
      "memberships.created_at",
      "events.title_kk",
      "events.title_ru",
      "events.title_en",
      "clubs.name as club_name",
    ])
    .where("memberships.user_id", "=", userId)
    .orderBy("memberships.id")
    .execute();
  return {
    ...user,
    memberships: memberships.map((m) => ({
      id: m.id,
      role: m.role,
      event: m.event_id
        ? localized(
            { title_kk: m.title_kk ?? "", title_ru: m.title_ru ?? "", title_en: m.title_en ?? "" },
            "title",
            locale,
          )
        : null,
      club: m.club_name,
    })),
  };
}

/** Events and clubs to choose a role's scope from. */
export async function scopeChoices(db: DB, locale: Locale) {
  const [events, clubs] = await Promise.all([
    db
      .selectFrom("events")
      .select(["id", "title_kk", "title_ru", "title_en", "starts_on"])
      .where("status", "!=", "archived")
      .orderBy("starts_on", "desc")
      .execute(),
    db.selectFrom("clubs").select(["id", "name", "city"]).orderBy("name").execute(),
  ]);
  return {
    events: events.map((e) => ({ id: e.id, title: localized(e, "title", locale), startsOn: e.starts_on })),
    clubs: clubs.map((c) => ({ id: c.id, name: c.name, city: c.city })),
  };
}

/** The account's phone number for the organisers ("+77012345678"), or none. */
export async function accountPhone(db: DB, userId: number): Promise<string | null> {
  const row = await db.selectFrom("users").select("phone").where("id", "=", userId).executeTakeFirst();
  return row?.phone ?? null;
}

/** Sets or clears the account's own phone number (already checked and normalised by phoneSchema). */
export async function setAccountPhone(db: DB, userId: number, phone: string | null): Promise<void> {
  await db.updateTable("users").set({ phone }).where("id", "=", userId).execute();
}
