import crypto from "node:crypto";

import type { NoticeKind } from "#db/types";

import type { DB } from "../db.server";
import { storedSecret } from "../stored-secret.server";
import type { EmailTemplate } from "./templates.server";

export type { NoticeKind } from "#db/types";

/*
 * Bulk notices (results, running order, the club leaders' digest) can be turned off, kind by kind:
 * with the one-click link every such email carries (RFC 8058) or on the account page. Transactional
 * mail (email confirmation, password reset, invitation, an entry's own news) is always sent.
 */

export const NOTICE_KINDS = ["results", "schedule", "club_digest"] as const satisfies readonly NoticeKind[];

const KIND_OF = {
  results_published: "results",
  entry_advanced: "results",
  schedule_changed: "schedule",
  schedule_dropped: "schedule",
  club_digest: "club_digest",
} as const satisfies Partial<Record<EmailTemplate, NoticeKind>>;

/** Templates of bulk notices; every other template is transactional. */
export type BulkTemplate = keyof typeof KIND_OF;

/** The kind of bulk notice a template sends, or null for transactional mail (no unsubscribe). */
export function noticeKindOf(template: string): NoticeKind | null {
  return Object.hasOwn(KIND_OF, template) ? KIND_OF[template as BulkTemplate] : null;
}

export function isNoticeKind(value: unknown): value is NoticeKind {
  return typeof value === "string" && (NOTICE_KINDS as readonly string[]).includes(value);
}

/**
 * The key unsubscribe links are signed with: kept in the database, like the session secret without
 * SESSION_SECRETS, so every instance signs and checks alike. Made on first use.
 */
export function unsubscribeSecret(db: DB): Promise<string> {
  return storedSecret(db, "unsubscribe_secret");
}

function signature(secret: string, userId: number, kind: NoticeKind): string {
  return crypto.createHmac("sha256", secret).update(`unsubscribe:${userId}:${kind}`).digest("base64url");
}

/**
 * The token of an unsubscribe link: account and kind in the clear, with an HMAC over both, so it
 * cannot be guessed or changed to another account, and it needs no row of its own.
 */
export function unsubscribeToken(secret: string, userId: number, kind: NoticeKind): string {
  return `${userId}.${kind}.${signature(secret, userId, kind)}`;
}

/** The account and kind a token names, or null when it is malformed or its signature is wrong. */
export function readUnsubscribeToken(secret: string, token: string): { userId: number; kind: NoticeKind } | null {
  const match = /^([1-9][0-9]{0,9})\.([a-z_]{1,20})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const userId = Number(match[1]);
  const kind = match[2];
  if (!isNoticeKind(kind) || !Number.isSafeInteger(userId)) return null;
  const expected = Buffer.from(signature(secret, userId, kind));
  const given = Buffer.from(match[3]!);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? { userId, kind } : null;
}

/** Whether the account has turned this kind of notice off. */
export async function hasOptedOut(db: DB, userId: number, kind: NoticeKind): Promise<boolean> {
  const row = await db
    .selectFrom("email_opt_outs")
    .select("kind")
    .where("user_id", "=", userId)
    .where("kind", "=", kind)
    .executeTakeFirst();
  return row !== undefined;
}

/** Turns a kind of notice on or off for an account; doing it twice changes nothing. */
export async function setNoticeWanted(db: DB, userId: number, kind: NoticeKind, wanted: boolean): Promise<void> {
  if (wanted) {
    await db.deleteFrom("email_opt_outs").where("user_id", "=", userId).where("kind", "=", kind).execute();
  } else {
    await db
      .insertInto("email_opt_outs")
      .values({ user_id: userId, kind })
      .onConflict((oc) => oc.columns(["user_id", "kind"]).doNothing())
      .execute();
  }
}

/** Each kind of notice with whether the account gets it. */
export async function noticePreferences(db: DB, userId: number): Promise<Record<NoticeKind, boolean>> {
  const off = await db.selectFrom("email_opt_outs").select("kind").where("user_id", "=", userId).execute();
  const offKinds = new Set(off.map((r) => r.kind));
  return Object.fromEntries(NOTICE_KINDS.map((k) => [k, !offKinds.has(k)])) as Record<NoticeKind, boolean>;
}

/**
 * Turns off the kind of notice an unsubscribe link names. Returns the kind, or null when the token
 * is not valid or its account no longer exists.
 */
export async function unsubscribeWithToken(db: DB, token: string): Promise<NoticeKind | null> {
  const read = await peekUnsubscribeToken(db, token);
  if (!read) return null;
  await setNoticeWanted(db, read.userId, read.kind, false);
  return read.kind;
}

/** What an unsubscribe link names, without changing anything (its confirmation page). */
export async function peekUnsubscribeToken(
  db: DB,
  token: string,
): Promise<{ userId: number; kind: NoticeKind; optedOut: boolean } | null> {
  const read = readUnsubscribeToken(await unsubscribeSecret(db), token);
  if (!read) return null;
  const user = await db.selectFrom("users").select("id").where("id", "=", read.userId).executeTakeFirst();
  if (!user) return null;
  return { ...read, optedOut: await hasOptedOut(db, read.userId, read.kind) };
}
