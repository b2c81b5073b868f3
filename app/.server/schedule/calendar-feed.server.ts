import crypto from "node:crypto";

import type { DB } from "../platform/db.server";

/* A family's private calendar link: a calendar app subscribes to it without a cookie. */

const hash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** A calendar link's token: 256 random bits, URL-safe. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Makes the account's calendar link, replacing any earlier one (which stops working at once).
 * Returns the token: it is shown once, only its hash is kept.
 */
export async function issueCalendarFeed(db: DB, userId: number): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  await db
    .insertInto("calendar_feeds")
    .values({ user_id: userId, token_hash: hash(token) })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ token_hash: hash(token), created_at: new Date() }))
    .execute();
  return token;
}

/** Turns the account's calendar link off; subscribed calendars stop updating. */
export async function revokeCalendarFeed(db: DB, userId: number): Promise<void> {
  await db.deleteFrom("calendar_feeds").where("user_id", "=", userId).execute();
}

/** When the account's calendar link was made, or null when it has none. */
export async function calendarFeedSince(db: DB, userId: number): Promise<Date | null> {
  const row = await db
    .selectFrom("calendar_feeds")
    .select("created_at")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.created_at ?? null;
}

/** The account a calendar link belongs to, or undefined for a malformed, unknown or revoked one. */
export async function calendarFeedOwner(db: DB, token: string): Promise<number | undefined> {
  if (!TOKEN.test(token)) return undefined;
  const row = await db
    .selectFrom("calendar_feeds")
    .select("user_id")
    .where("token_hash", "=", hash(token))
    .executeTakeFirst();
  return row?.user_id;
}
