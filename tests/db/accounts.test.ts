import { sql } from "kysely";
import { describe, expect, it } from "vitest";

import {
  changePassword,
  confirmEmail,
  inviteStaff,
  peekToken,
  requestPasswordReset,
  revokeRole,
  setPasswordWithToken,
  signUp,
} from "~/.server/accounts/accounts.server";
import { rolesOf, verifyLogin } from "~/.server/accounts/auth.server";
import { createSession, findSessionUser } from "~/.server/accounts/session.server";

import { engines, useTestDb } from "../setup/db";
import { asActor, grantRole, insertUser } from "./factories";

const BASE = "https://toi.example.kz";
const tokenFrom = (url: string) => new URL(url).searchParams.get("token")!;

describe.each(engines)("accounts on %s", (engine) => {
  const t = useTestDb(engine);

  const lastEmail = async (to: string) =>
    t.db.selectFrom("outbox").selectAll().where("to_email", "=", to).orderBy("id", "desc").executeTakeFirstOrThrow();
  const countEmails = async (to: string) =>
    (
      await t.db
        .selectFrom("outbox")
        .select(sql<number>`count(*)`.as("n"))
        .where("to_email", "=", to)
        .executeTakeFirstOrThrow()
    ).n;

  it("signs a guardian up unverified, queues a verification email in their language, and verifies once", async () => {
    await signUp(
      t.db,
      { name: "Асель Нурланова", email: "Asel@Example.kz", password: "көктемгі бақ 2027", locale: "kk" },
      BASE,
    );
    const user = await t.db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", "asel@example.kz")
      .executeTakeFirstOrThrow();
    expect(user.email_verified_at).toBeNull();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect((await rolesOf(t.db, user.id)).admin).toBe(false);
    const memberships = await t.db.selectFrom("memberships").select("role").where("user_id", "=", user.id).execute();
    expect(memberships.map((m) => m.role)).toEqual(["guardian"]);

    const mail = await lastEmail("asel@example.kz");
    expect(mail).toMatchObject({ template: "verify_email", locale: "kk", user_id: user.id, status: "pending" });
    const token = tokenFrom(mail.params.url!);
    expect(mail.params.url).toMatch(/^https:\/\/toi\.example\.kz\/verify-email\?token=/);
    const stored = await t.db
      .selectFrom("account_tokens")
      .select("token_hash")
      .where("user_id", "=", user.id)
      .execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token);

    expect(await verifyLogin(t.db, "asel@example.kz", "көктемгі бақ 2027")).toEqual({ id: user.id, verified: false });
    expect(await confirmEmail(t.db, token)).toBe(user.id);
    expect(await confirmEmail(t.db, token)).toBeNull();
    expect(await verifyLogin(t.db, "ASEL@example.kz", "көктемгі бақ 2027")).toEqual({ id: user.id, verified: true });
  });

  it("carries the page a guardian was going to through the verification link", async () => {
    await signUp(
      t.db,
      {
        name: "Дана",
        email: "dana@example.kz",
        password: "көктемгі бақ 2027",
        locale: "ru",
        returnTo: "/events/planet-2027/enter?nomination=3",
      },
      BASE,
    );
    const url = new URL((await lastEmail("dana@example.kz")).params.url!);
    expect(url.pathname).toBe("/verify-email");
    expect(url.searchParams.get("redirectTo")).toBe("/events/planet-2027/enter?nomination=3");
  });

  it("answers a sign-up with a taken email by emailing its owner, creating nothing", async () => {
    const existing = await insertUser(t.db, { email: "taken@example.kz" });
    const before = await t.db
      .selectFrom("users")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    await signUp(
      t.db,
      { name: "Someone", email: "TAKEN@example.kz", password: "another long password", locale: "en" },
      BASE,
    );
    const after = await t.db
      .selectFrom("users")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await lastEmail("taken@example.kz")).toMatchObject({ template: "reset_password", user_id: existing.id });
  });

  it("rolls the email back with the sign-up when the transaction fails", async () => {
    await t.db.schema
      .alterTable("users")
      .addCheckConstraint("no_bad_names", sql`name <> 'FAIL ME'`)
      .execute();
    try {
      await expect(
        signUp(
          t.db,
          { name: "FAIL ME", email: "fresh-fail@example.kz", password: "a long fine password", locale: "ru" },
          BASE,
        ),
      ).rejects.toThrow();
      expect(await countEmails("fresh-fail@example.kz")).toBe(0);
    } finally {
      await t.db.schema.alterTable("users").dropConstraint("no_bad_names").execute();
    }
  });

  it("resets a password with a single-use link that expires, and revokes every session", async () => {
    const user = await insertUser(t.db, { email: "reset@example.kz" });
    const sessionToken = await createSession(t.db, user.id);
    await requestPasswordReset(t.db, " Reset@Example.kz ", BASE);
    const token = tokenFrom((await lastEmail("reset@example.kz")).params.url!);
    expect(await peekToken(t.db, token, ["reset_password"])).toMatchObject({ id: user.id });

    expect(await setPasswordWithToken(t.db, token, "a brand new passphrase")).toEqual({ userId: user.id });
    expect(await setPasswordWithToken(t.db, token, "another passphrase here")).toBeNull();
    expect(await findSessionUser(t.db, sessionToken)).toBeNull();
    expect(await verifyLogin(t.db, "reset@example.kz", "a brand new passphrase")).toEqual({
      id: user.id,
      verified: true,
    });

    await requestPasswordReset(t.db, "reset@example.kz", BASE);
    const expired = tokenFrom((await lastEmail("reset@example.kz")).params.url!);
    await t.db
      .updateTable("account_tokens")
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where("user_id", "=", user.id)
      .execute();
    expect(await setPasswordWithToken(t.db, expired, "too late passphrase")).toBeNull();
  });

  it("keeps only the newest reset link alive", async () => {
    const user = await insertUser(t.db, { email: "twice@example.kz" });
    await requestPasswordReset(t.db, "twice@example.kz", BASE);
    const first = tokenFrom((await lastEmail("twice@example.kz")).params.url!);
    await requestPasswordReset(t.db, "twice@example.kz", BASE);
    const second = tokenFrom((await lastEmail("twice@example.kz")).params.url!);
    expect(await setPasswordWithToken(t.db, first, "first link passphrase")).toBeNull();
    expect(await setPasswordWithToken(t.db, second, "second link passphrase")).toEqual({ userId: user.id });
  });

  it("queues nothing for a reset of an unknown email", async () => {
    await requestPasswordReset(t.db, "nobody@example.kz", BASE);
    expect(await countEmails("nobody@example.kz")).toBe(0);
  });

  it("changes a password only with the current one, ending every session", async () => {
    await signUp(
      t.db,
      { name: "Change", email: "change@example.kz", password: "the old passphrase", locale: "ru" },
      BASE,
    );
    const { id } = await t.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "change@example.kz")
      .executeTakeFirstOrThrow();
    const session = await createSession(t.db, id);
    expect(await changePassword(t.db, id, "wrong", "the new passphrase")).toBe(false);
    expect(await findSessionUser(t.db, session)).not.toBeNull();
    expect(await changePassword(t.db, id, "the old passphrase", "the new passphrase")).toBe(true);
    expect(await findSessionUser(t.db, session)).toBeNull();
  });

  it("invites a judge: creates the account, grants the role, emails a link to set a password, and audits it", async () => {
    const admin = await insertUser(t.db, { email: "admin-inviter@example.kz" });
    const event = await t.db
      .insertInto("events")
      .values({
        slug: `invite-${engine}`,
        kind: "contest",
        city: "almaty",
        title_en: "Invite",
        starts_on: "2027-01-01",
        ends_on: "2027-01-01",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { userId } = await inviteStaff(
      t.db,
      asActor(admin.id),
      { email: "judge-new@example.kz", name: "Жанна", locale: "kk", role: "judge", eventId: event.id },
      BASE,
    );
    expect((await rolesOf(t.db, userId)).judgeOf.has(event.id)).toBe(true);
    const mail = await lastEmail("judge-new@example.kz");
    expect(mail).toMatchObject({ template: "invite", locale: "kk" });
    expect(mail.params.role).toBe("judge");
    // Named by the inviter's name, not their address.
    const inviter = await t.db.selectFrom("users").select("name").where("id", "=", admin.id).executeTakeFirstOrThrow();
    expect(inviter.name.trim()).not.toBe("");
    expect(mail.params.inviterName).toBe(inviter.name);
    expect(await setPasswordWithToken(t.db, tokenFrom(mail.params.url!), "жаңа құпия сөйлем")).toEqual({ userId });
    expect(await verifyLogin(t.db, "judge-new@example.kz", "жаңа құпия сөйлем")).toEqual({
      id: userId,
      verified: true,
    });
    const log = await t.db
      .selectFrom("audit_log")
      .select(["action", "actor_user_id"])
      .where("entity_type", "in", ["user", "membership"])
      .where("actor_user_id", "=", admin.id)
      .execute();
    expect(log.map((l) => l.action).sort()).toEqual(["role.grant", "user.invite"]);
  });

  it("revokes a role but never an admin's own admin role", async () => {
    const admin = await insertUser(t.db, { email: "self-admin@example.kz" });
    await grantRole(t.db, admin.id, "admin");
    const own = await t.db
      .selectFrom("memberships")
      .select("id")
      .where("user_id", "=", admin.id)
      .executeTakeFirstOrThrow();
    expect(await revokeRole(t.db, asActor(admin.id), own.id)).toBe("self_admin");
    expect((await rolesOf(t.db, admin.id)).admin).toBe(true);
    const other = await insertUser(t.db);
    await grantRole(t.db, other.id, "organiser");
    const theirs = await t.db
      .selectFrom("memberships")
      .select("id")
      .where("user_id", "=", other.id)
      .executeTakeFirstOrThrow();
    expect(await revokeRole(t.db, asActor(admin.id), theirs.id)).toBe("revoked");
    expect((await rolesOf(t.db, other.id)).canCreateEvents).toBe(false);
    expect(await revokeRole(t.db, asActor(admin.id), theirs.id)).toBe("missing");
  });
});
