import crypto from "node:crypto";

import { sql } from "kysely";

import type { Role, TokenPurpose } from "#db/types";
import type { Locale } from "~/domain/locale";
import { type PasswordProblem, passwordProblem } from "~/domain/password-policy";

import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { enqueueEmail } from "../platform/email/outbox.server";
import { isCommonPassword } from "./common-passwords.server";
import { hashPassword, verifyPassword } from "./password.server";

const HOUR = 60 * 60 * 1000;
export const TOKEN_TTL: Record<TokenPurpose, number> = {
  verify_email: 48 * HOUR,
  reset_password: 1 * HOUR,
  invite: 7 * 24 * HOUR,
};

const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");
const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** The account an email belongs to, whatever its case (`email` normalised already). */
const userByEmail = (db: DB, email: string) =>
  db
    .selectFrom("users")
    .select(["id", "name", "locale", "password_hash"])
    .where(sql`lower(email)`, "=", email)
    .executeTakeFirst();

export function checkNewPassword(password: string): PasswordProblem | null {
  return passwordProblem(password, isCommonPassword);
}

/** A new password the policy refuses, as the form's field error (a message key); null when it will do. */
export function weakPasswordError(password: string) {
  const problem = checkNewPassword(password);
  return problem ? { password: { type: "custom", message: `errors.password_${problem}` } } : null;
}

/** A single-use link token: the database keeps only its hash; earlier tokens of the same purpose die. */
async function issueToken(db: DB, userId: number, purpose: TokenPurpose, now = new Date()): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  await db
    .updateTable("account_tokens")
    .set({ used_at: now })
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .execute();
  await db
    .insertInto("account_tokens")
    .values({
      user_id: userId,
      purpose,
      token_hash: hashToken(token),
      expires_at: new Date(now.getTime() + TOKEN_TTL[purpose]),
    })
    .execute();
  return token;
}

/** Uses a token once: the conditional update makes a second use (or a race) find nothing. */
async function consumeToken(
  db: DB,
  token: string,
  purposes: TokenPurpose[],
): Promise<{ userId: number; purpose: TokenPurpose } | null> {
  const row = await db
    .updateTable("account_tokens")
    .set({ used_at: sql`now()` })
    .where("token_hash", "=", hashToken(token))
    .where("purpose", "in", purposes)
    .where("used_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .returning(["user_id", "purpose"])
    .executeTakeFirst();
  return row ? { userId: row.user_id, purpose: row.purpose } : null;
}

/** Whether a token would be accepted now (to show the right page before the POST). */
export async function peekToken(db: DB, token: string, purposes: TokenPurpose[]) {
  return db
    .selectFrom("account_tokens")
    .innerJoin("users", "users.id", "account_tokens.user_id")
    .select(["users.id", "users.email", "users.name", "account_tokens.purpose"])
    .where("token_hash", "=", hashToken(token))
    .where("purpose", "in", purposes)
    .where("used_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
}

const link = (baseUrl: string, path: string, token: string, returnTo?: string | null) =>
  `${baseUrl}${path}?${returnTo ? `redirectTo=${encodeURIComponent(returnTo)}&` : ""}token=${encodeURIComponent(token)}`;

export interface SignupInput {
  name: string;
  email: string;
  password: string;
  locale: Locale;
  /** A path on this site (already made safe) the verification link brings the new guardian back to. */
  returnTo?: string | null;
}

/**
 * Creates a guardian account and emails a verification link. For an email that already has an
 * account nothing is created and the owner is emailed a reset link instead, so the answer on the
 * page is the same either way and does not reveal who has an account.
 */
export async function signUp(db: DB, input: SignupInput, baseUrl: string): Promise<void> {
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  await db.transaction().execute(async (tx) => {
    const existing = await userByEmail(tx, email);
    if (existing) {
      await sendResetLink(tx, existing, email, baseUrl);
      return;
    }
    const user = await tx
      .insertInto("users")
      .values({
        email,
        name: input.name.trim(),
        locale: input.locale,
        password_hash: passwordHash,
        password_changed_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx.insertInto("memberships").values({ user_id: user.id, role: "guardian" }).execute();
    const token = await issueToken(tx, user.id, "verify_email");
    await enqueueEmail(tx, {
      to: email,
      locale: input.locale,
      template: "verify_email",
      userId: user.id,
      params: { name: input.name.trim(), url: link(baseUrl, "/verify-email", token, input.returnTo) },
    });
  });
}

/** Sends a fresh verification link to an account that signed in before verifying. */
export async function resendVerification(db: DB, userId: number, baseUrl: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const user = await tx
      .selectFrom("users")
      .select(["email", "name", "locale"])
      .where("id", "=", userId)
      .executeTakeFirstOrThrow();
    const token = await issueToken(tx, userId, "verify_email");
    await enqueueEmail(tx, {
      to: user.email,
      locale: user.locale,
      template: "verify_email",
      userId,
      params: { name: user.name, url: link(baseUrl, "/verify-email", token) },
    });
  });
}

/** Marks the token's address verified; the account's id, to sign its owner in, or null for a dead token. */
export async function confirmEmail(db: DB, token: string): Promise<number | null> {
  return db.transaction().execute(async (tx) => {
    const used = await consumeToken(tx, token, ["verify_email"]);
    if (!used) return null;
    await tx
      .updateTable("users")
      .set({ email_verified_at: sql`coalesce(email_verified_at, now())` })
      .where("id", "=", used.userId)
      .execute();
    return used.userId;
  });
}

/** Emails a reset link when the account exists; says nothing either way. */
export async function requestPasswordReset(db: DB, rawEmail: string, baseUrl: string): Promise<void> {
  const email = normaliseEmail(rawEmail);
  await db.transaction().execute(async (tx) => {
    const user = await userByEmail(tx, email);
    if (user) await sendResetLink(tx, user, email, baseUrl);
  });
}

async function sendResetLink(
  tx: DB,
  user: { id: number; name: string; locale: Locale },
  email: string,
  baseUrl: string,
): Promise<void> {
  const token = await issueToken(tx, user.id, "reset_password");
  await enqueueEmail(tx, {
    to: email,
    locale: user.locale,
    template: "reset_password",
    userId: user.id,
    params: { name: user.name, url: link(baseUrl, "/set-password", token) },
  });
}

/**
 * Sets a password from a reset or invitation link. The link proves the email, so the account is
 * verified; every existing session of the account is revoked.
 */
export async function setPasswordWithToken(
  db: DB,
  token: string,
  password: string,
): Promise<{ userId: number } | null> {
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (tx) => {
    const used = await consumeToken(tx, token, ["reset_password", "invite"]);
    if (!used) return null;
    await tx
      .updateTable("users")
      .set({
        password_hash: passwordHash,
        password_changed_at: sql`now()`,
        email_verified_at: sql`coalesce(email_verified_at, now())`,
      })
      .where("id", "=", used.userId)
      .execute();
    await tx.deleteFrom("sessions").where("user_id", "=", used.userId).execute();
    await audit(tx, null, {
      action: used.purpose === "invite" ? "account.invite_accepted" : "account.password_reset",
      entityType: "user",
      entityId: used.userId,
    });
    return { userId: used.userId };
  });
}

/** Changes a signed-in user's password; every session of the account ends (the caller starts a new one). */
export async function changePassword(
  db: DB,
  userId: number,
  currentPassword: string,
  password: string,
): Promise<boolean> {
  const user = await db
    .selectFrom("users")
    .select(["password_hash"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, currentPassword))) return false;
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable("users")
      .set({ password_hash: passwordHash, password_changed_at: sql`now()` })
      .where("id", "=", userId)
      .execute();
    await tx.deleteFrom("sessions").where("user_id", "=", userId).execute();
  });
  return true;
}

export type StaffRole = Exclude<Role, "guardian">;

export interface InviteInput {
  email: string;
  name: string;
  locale: Locale;
  role: StaffRole;
  eventId?: number | null;
  clubId?: number | null;
}

/**
 * Invites a person to a staff role: the account is created when missing, the role granted, and an
 * invitation emailed with a link to set a password (or, for an existing account, to sign in).
 */
export async function inviteStaff(
  db: DB,
  actor: Actor,
  input: InviteInput,
  baseUrl: string,
): Promise<{ userId: number }> {
  const email = normaliseEmail(input.email);
  return db.transaction().execute(async (tx) => {
    let user = await userByEmail(tx, email);
    if (!user) {
      user = await tx
        .insertInto("users")
        .values({ email, name: input.name.trim(), locale: input.locale })
        .returning(["id", "name", "locale", "password_hash"])
        .executeTakeFirstOrThrow();
    }
    await grantRoleIn(tx, actor, user.id, input.role, input.eventId ?? null, input.clubId ?? null);
    const url = user.password_hash
      ? `${baseUrl}/login`
      : link(baseUrl, "/set-password", await issueToken(tx, user.id, "invite"));
    // The invitation names the inviter as people know them; an account without a name by its address.
    const inviter = await tx.selectFrom("users").select("name").where("id", "=", actor.id).executeTakeFirst();
    await enqueueEmail(tx, {
      to: email,
      locale: user.locale,
      template: "invite",
      userId: user.id,
      params: { name: user.name, inviterName: inviter?.name.trim() || actor.email, url, role: input.role },
    });
    await audit(tx, actor, {
      action: "user.invite",
      entityType: "user",
      entityId: user.id,
      after: { email, role: input.role, eventId: input.eventId, clubId: input.clubId },
    });
    return { userId: user.id };
  });
}

async function grantRoleIn(
  tx: DB,
  actor: Actor,
  userId: number,
  role: Role,
  eventId: number | null,
  clubId: number | null,
) {
  const inserted = await tx
    .insertInto("memberships")
    .values({ user_id: userId, role, event_id: eventId, club_id: clubId })
    .onConflict((oc) => oc.doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted)
    await audit(tx, actor, {
      action: "role.grant",
      entityType: "membership",
      entityId: inserted.id,
      eventId,
      after: { userId, role, eventId, clubId },
    });
}

export async function grantRole(
  db: DB,
  actor: Actor,
  userId: number,
  role: Role,
  scope: { eventId?: number | null; clubId?: number | null } = {},
) {
  await db
    .transaction()
    .execute((tx) => grantRoleIn(tx, actor, userId, role, scope.eventId ?? null, scope.clubId ?? null));
}

/** Revokes one membership; an admin cannot remove their own admin role (someone must remain). */
export async function revokeRole(
  db: DB,
  actor: Actor,
  membershipId: number,
): Promise<"revoked" | "missing" | "self_admin"> {
  return db.transaction().execute(async (tx) => {
    const m = await tx
      .selectFrom("memberships")
      .selectAll()
      .where("id", "=", membershipId)
      .forUpdate()
      .executeTakeFirst();
    if (!m) return "missing";
    if (m.role === "admin" && m.user_id === actor.id) return "self_admin";
    await tx.deleteFrom("memberships").where("id", "=", membershipId).execute();
    await audit(tx, actor, {
      action: "role.revoke",
      entityType: "membership",
      entityId: m.id,
      eventId: m.event_id,
      before: m,
    });
    return "revoked";
  });
}
