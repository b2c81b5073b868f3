import crypto from "node:crypto";

import { sql } from "kysely";
import { beforeAll, describe, expect, test } from "vitest";

import { createSession, findSessionUser } from "~/.server/accounts/session.server";

import { engines, useTestDb } from "../setup/db";
import { insertUser } from "./factories";

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

describe.each(engines)("sessions on %s", (engine) => {
  const t = useTestDb(engine);
  let user: { id: number; email: string };

  beforeAll(async () => {
    user = await insertUser(t.db, { name: "Dana" });
  });

  const sessionRow = (token: string) =>
    t.db.selectFrom("sessions").selectAll().where("id", "=", sha256(token)).executeTakeFirstOrThrow();

  test("findSessionUser finds the user a session was created for", async () => {
    const token = await createSession(t.db, user.id);
    const found = await findSessionUser(t.db, token);
    expect(found).toMatchObject({ id: user.id, email: user.email, name: "Dana", locale: "ru" });
  });

  test("the sessions table stores a hash of the token, never the token", async () => {
    const token = await createSession(t.db, user.id);
    expect(token.length).toBeGreaterThanOrEqual(40);
    const leaked = await t.db.selectFrom("sessions").select("id").where("id", "=", token).execute();
    expect(leaked).toEqual([]);
    const row = await sessionRow(token);
    expect(row.user_id).toBe(user.id);
    expect(await findSessionUser(t.db, row.id)).toBeNull();
  });

  test("an unknown token finds no one", async () => {
    expect(await findSessionUser(t.db, crypto.randomBytes(32).toString("base64url"))).toBeNull();
  });

  test("an expired session is not found", async () => {
    const token = await createSession(t.db, user.id);
    await sql`update sessions set expires_at = now() - interval '1 second' where id = ${sha256(token)}`.execute(t.db);
    expect(await findSessionUser(t.db, token)).toBeNull();
  });

  test("a session idle for more than 3 days is not found", async () => {
    const token = await createSession(t.db, user.id);
    await sql`update sessions set last_seen_at = now() - interval '3 days 1 minute' where id = ${sha256(token)}`.execute(
      t.db,
    );
    expect(await findSessionUser(t.db, token)).toBeNull();
  });

  test("a session idle for 2 days is still found, and using it resets the idle clock", async () => {
    const token = await createSession(t.db, user.id);
    await sql`update sessions set last_seen_at = now() - interval '2 days' where id = ${sha256(token)}`.execute(t.db);
    expect(await findSessionUser(t.db, token)).toMatchObject({ id: user.id });
    const row = await sessionRow(token);
    expect(Date.now() - row.last_seen_at.getTime()).toBeLessThan(60_000);
  });

  test("sessions expire 14 days after sign-in at the latest", async () => {
    const token = await createSession(t.db, user.id);
    const row = await sessionRow(token);
    const days = (row.expires_at.getTime() - row.created_at.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(14, 2);
  });
});
