import { beforeAll, describe, expect, test } from "vitest";

import { canManageEvent, rolesOf, verifyLogin } from "~/.server/accounts/auth.server";
import { hashPassword } from "~/.server/accounts/password.server";

import { engines, useTestDb } from "../setup/db";
import { createEventFromForm, grantRole, insertUser } from "./factories";

describe.each(engines)("sign-in on %s", (engine) => {
  const t = useTestDb(engine);
  let userId: number;

  beforeAll(async () => {
    userId = (
      await insertUser(t.db, { email: "Aigerim.N@Example.kz", passwordHash: await hashPassword("correct horse") })
    ).id;
    await insertUser(t.db, { email: "no-password@example.kz", passwordHash: null });
  });

  test("verifyLogin accepts the right password", async () => {
    expect(await verifyLogin(t.db, "Aigerim.N@Example.kz", "correct horse")).toEqual({ id: userId, verified: false });
  });

  test("verifyLogin refuses a wrong password", async () => {
    expect(await verifyLogin(t.db, "Aigerim.N@Example.kz", "correct horse ")).toBeNull();
    expect(await verifyLogin(t.db, "Aigerim.N@Example.kz", "")).toBeNull();
  });

  test("verifyLogin matches the email case-insensitively and ignores surrounding spaces", async () => {
    expect(await verifyLogin(t.db, "  aigerim.n@EXAMPLE.KZ ", "correct horse")).toEqual({
      id: userId,
      verified: false,
    });
  });

  test("verifyLogin refuses an unknown email and an account without a password", async () => {
    expect(await verifyLogin(t.db, "nobody@example.kz", "correct horse")).toBeNull();
    expect(await verifyLogin(t.db, "no-password@example.kz", "")).toBeNull();
  });
});

describe.each(engines)("roles on %s", (engine) => {
  const t = useTestDb(engine);
  let eventA: number;
  let eventB: number;
  const users: Record<"admin" | "organiserOfA" | "judgeOfA" | "federationOrganiser" | "nobody", number> = {
    admin: 0,
    organiserOfA: 0,
    judgeOfA: 0,
    federationOrganiser: 0,
    nobody: 0,
  };

  beforeAll(async () => {
    for (const key of Object.keys(users) as (keyof typeof users)[]) users[key] = (await insertUser(t.db)).id;
    await grantRole(t.db, users.admin, "admin");
    await grantRole(t.db, users.federationOrganiser, "organiser");
    eventA = (await createEventFromForm(t.db, users.organiserOfA, { titleEn: "Event A" })).id;
    eventB = (await createEventFromForm(t.db, users.federationOrganiser, { titleEn: "Event B" })).id;
    await grantRole(t.db, users.judgeOfA, "judge", eventA);
  });

  test("an admin may manage every event and create events", async () => {
    const roles = await rolesOf(t.db, users.admin);
    expect(roles).toMatchObject({ admin: true, canCreateEvents: true });
    expect(canManageEvent(roles, eventA)).toBe(true);
    expect(canManageEvent(roles, eventB)).toBe(true);
  });

  test("the organiser of event A may manage A but not B, and may not create events", async () => {
    const roles = await rolesOf(t.db, users.organiserOfA);
    expect(roles.admin).toBe(false);
    expect(roles.canCreateEvents).toBe(false);
    expect([...roles.organiserOf]).toEqual([eventA]);
    expect(canManageEvent(roles, eventA)).toBe(true);
    expect(canManageEvent(roles, eventB)).toBe(false);
  });

  test("a federation-wide organiser may create events and manage those they organise", async () => {
    const roles = await rolesOf(t.db, users.federationOrganiser);
    expect(roles.canCreateEvents).toBe(true);
    expect(canManageEvent(roles, eventB)).toBe(true);
    expect(canManageEvent(roles, eventA)).toBe(false);
  });

  test("a judge of event A judges it but may not manage it", async () => {
    const roles = await rolesOf(t.db, users.judgeOfA);
    expect([...roles.judgeOf]).toEqual([eventA]);
    expect(roles.organiserOf.size).toBe(0);
    expect(roles.canCreateEvents).toBe(false);
    expect(canManageEvent(roles, eventA)).toBe(false);
  });

  test("a user without memberships has no rights", async () => {
    const roles = await rolesOf(t.db, users.nobody);
    expect(roles).toMatchObject({ admin: false, canCreateEvents: false });
    expect(roles.organiserOf.size + roles.judgeOf.size).toBe(0);
    expect(canManageEvent(roles, eventA)).toBe(false);
  });
});
