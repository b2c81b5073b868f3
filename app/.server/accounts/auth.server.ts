import { redirect } from "@remix-run/node";

import type { Role } from "#db/types";
import { parseId } from "~/forms/ids";
import { forbidden, notFound } from "~/http/responses";

import type { DB } from "../platform/db.server";
import { getDb } from "../platform/runtime.server";
import { verifyPassword } from "./password.server";
import { getSessionUser, type SessionUser } from "./session.server";

export async function verifyLogin(
  db: DB,
  email: string,
  password: string,
): Promise<{ id: number; verified: boolean } | null> {
  const user = await db
    .selectFrom("users")
    .select(["id", "password_hash", "email_verified_at"])
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.trim().toLowerCase()))
    .executeTakeFirst();
  // Verify against a dummy hash when there is no such user, so timing doesn't reveal accounts.
  const ok = await verifyPassword(user?.password_hash ?? DUMMY_HASH, password);
  return user && ok ? { id: user.id, verified: user.email_verified_at !== null } : null;
}
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c0lxh7msuBGFzShAPKmHGg$ds5ofvjx0IwW2i9s9EL4uQGm6LUerhKdGq5Tz1xVeGY";

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

export interface Roles {
  admin: boolean;
  /** May create events: admins and federation-wide organisers. */
  canCreateEvents: boolean;
  organiserOf: Set<number>;
  judgeOf: Set<number>;
  /** Clubs whose leader this user is. */
  clubLeaderOf: Set<number>;
}

export async function rolesOf(db: DB, userId: number): Promise<Roles> {
  const rows = await db
    .selectFrom("memberships")
    .select(["role", "event_id", "club_id"])
    .where("user_id", "=", userId)
    .execute();
  const has = (role: Role) => rows.some((r) => r.role === role);
  const eventsFor = (role: Role) =>
    new Set(rows.filter((r) => r.role === role && r.event_id !== null).map((r) => r.event_id!));
  return {
    admin: has("admin"),
    canCreateEvents: has("admin") || rows.some((r) => r.role === "organiser" && r.event_id === null),
    organiserOf: eventsFor("organiser"),
    judgeOf: eventsFor("judge"),
    clubLeaderOf: new Set(rows.filter((r) => r.role === "club_leader" && r.club_id !== null).map((r) => r.club_id!)),
  };
}

export function canManageEvent(roles: Roles, eventId: number): boolean {
  return roles.admin || roles.organiserOf.has(eventId);
}

/** The signed-in user who may create events, or a 403. */
export async function requireEventCreator(request: Request) {
  const user = await requireUser(request);
  const roles = await rolesOf(await getDb(), user.id);
  if (!roles.canCreateEvents) throw forbidden();
  return { user, roles };
}

/** The signed-in organiser of this event (or an admin); 404 for an event that doesn't exist. */
/**
 * The signed-in organiser of this event (or an admin). Takes the event id as a number or straight
 * from the URL: an id that isn't one, or an event that doesn't exist, is a 404.
 */
export async function requireEventRole(request: Request, rawEventId: number | string | undefined, role: "organiser") {
  const eventId = parseId(rawEventId);
  if (eventId === undefined) throw notFound();
  const user = await requireUser(request);
  const db = await getDb();
  const event = await db.selectFrom("events").select("id").where("id", "=", eventId).executeTakeFirst();
  if (!event) throw notFound();
  const roles = await rolesOf(db, user.id);
  if (role === "organiser" && !canManageEvent(roles, eventId)) throw forbidden();
  return { user, roles, eventId };
}

/** Any signed-in user with some organiser rights (dashboard). */
export async function requireOrganiser(request: Request) {
  const user = await requireUser(request);
  const roles = await rolesOf(await getDb(), user.id);
  if (!roles.admin && !roles.canCreateEvents && roles.organiserOf.size === 0) throw forbidden();
  return { user, roles };
}

/** A federation admin, or a 403. */
export async function requireAdmin(request: Request) {
  const user = await requireUser(request);
  const roles = await rolesOf(await getDb(), user.id);
  if (!roles.admin) throw forbidden();
  return { user, roles };
}

/**
 * The signed-in leader of this club (or an admin), with the club; 404 for a club that doesn't
 * exist, 403 for one that does but isn't theirs.
 */
export async function requireClubLeader(request: Request, clubId: number) {
  const user = await requireUser(request);
  const db = await getDb();
  const club = await db
    .selectFrom("clubs")
    .select(["id", "name", "city", "region", "country"])
    .where("id", "=", clubId)
    .executeTakeFirst();
  if (!club) throw notFound();
  const roles = await rolesOf(db, user.id);
  if (!roles.admin && !roles.clubLeaderOf.has(clubId)) throw forbidden();
  return { user, roles, club };
}
