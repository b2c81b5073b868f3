import crypto from "node:crypto";

import { redirect } from "@remix-run/node";
import { sql } from "kysely";

import type { DB } from "../platform/db.server";
import { noteRequestUser } from "../platform/logger.server";
import { runtime, SESSION_MAX_AGE_SECONDS } from "../platform/runtime.server";

/** A session ends after this long without a request, even before its absolute expiry. */
const IDLE_TIMEOUT_SECONDS = 60 * 60 * 24 * 3;
/** last_seen_at is written at most this often, so reading pages does not write on every request. */
const TOUCH_INTERVAL_SECONDS = 5 * 60;

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  locale: "kk" | "ru" | "en";
  sessionId: string;
}

// The database keeps only a hash of the token: a leaked table gives no one a session.
const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

export async function createSession(db: DB, userId: number): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  await db
    .insertInto("sessions")
    .values({
      id: hashToken(token),
      user_id: userId,
      expires_at: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
    })
    .execute();
  return token;
}

/** Signs a user out on every device: their sessions are deleted on the server. */
export async function revokeAllSessions(db: DB, userId: number): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

export async function findSessionUser(db: DB, token: string): Promise<SessionUser | null> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id as sessionId",
      "users.id",
      "users.email",
      "users.name",
      "users.locale",
      "sessions.last_seen_at",
    ])
    .where("sessions.id", "=", hashToken(token))
    .where("sessions.expires_at", ">", sql<Date>`now()`)
    .where("sessions.last_seen_at", ">", sql<Date>`now() - make_interval(secs => ${IDLE_TIMEOUT_SECONDS})`)
    .executeTakeFirst();
  if (!row) return null;
  if (Date.now() - row.last_seen_at.getTime() > TOUCH_INTERVAL_SECONDS * 1000) {
    await db
      .updateTable("sessions")
      .set({ last_seen_at: sql`now()` })
      .where("id", "=", row.sessionId)
      .execute();
  }
  return { id: row.id, email: row.email, name: row.name, locale: row.locale, sessionId: row.sessionId };
}

export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  const rt = await runtime();
  const token: unknown = await rt.sessionCookie.parse(request.headers.get("Cookie"));
  if (typeof token !== "string" || !token) return null;
  const user = await findSessionUser(rt.db, token);
  if (user) noteRequestUser(user.id);
  return user;
}

/** Secure whenever the request came over HTTPS (behind a trusted proxy too), or when forced. */
async function cookieIsSecure(request: Request): Promise<boolean> {
  const rt = await runtime();
  return rt.env.SECURE_COOKIES === "1" || new URL(request.url).protocol === "https:";
}

/** Signs the user in with a fresh session id (never one the browser already had) and redirects. */
export async function startSession(request: Request, userId: number, redirectTo: string): Promise<Response> {
  const rt = await runtime();
  const token = await createSession(rt.db, userId);
  const cookie = await rt.sessionCookie.serialize(token, { secure: await cookieIsSecure(request) });
  return redirect(redirectTo, { headers: { "Set-Cookie": cookie } });
}

export async function endSession(request: Request, redirectTo = "/"): Promise<Response> {
  const rt = await runtime();
  const user = await getSessionUser(request);
  if (user) await rt.db.deleteFrom("sessions").where("id", "=", user.sessionId).execute();
  return redirect(redirectTo, { headers: { "Set-Cookie": await rt.sessionCookie.serialize("", { maxAge: 0 }) } });
}
