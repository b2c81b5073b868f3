import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { createSession, getSessionUser } from "~/.server/accounts/session.server";
import { boot, runtime, shutdown } from "~/.server/platform/runtime.server";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "toi-secrets-"));
const start = (secrets: string) =>
  boot({
    ...process.env,
    DATABASE_URL: "",
    DATA_DIR: dataDir,
    UPLOAD_DIR: path.join(dataDir, "uploads"),
    SEED_DEMO: "1",
    EMAIL_WORKER: "0",
    SESSION_SECRETS: secrets,
  });
const asRequest = (cookie: string) =>
  new Request("http://toi.test/account", { headers: { Cookie: cookie.split(";")[0]! } });

afterAll(async () => {
  await shutdown();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("rotating SESSION_SECRETS", () => {
  it("keeps sessions signed with an older secret while it is listed, signs new ones with the first, and drops it when removed", async () => {
    await start("first-secret");
    const { db, sessionCookie } = await runtime();
    const admin = await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "admin@toi.demo")
      .executeTakeFirstOrThrow();
    const oldCookie = await sessionCookie.serialize(await createSession(db, admin.id));
    expect((await getSessionUser(asRequest(oldCookie)))?.email).toBe("admin@toi.demo");
    await shutdown();

    await start("second-secret,first-secret");
    expect((await getSessionUser(asRequest(oldCookie)))?.email).toBe("admin@toi.demo");
    const rt = await runtime();
    const newCookie = await rt.sessionCookie.serialize(await createSession(rt.db, admin.id));
    await shutdown();

    await start("second-secret");
    expect(await getSessionUser(asRequest(oldCookie))).toBeNull();
    expect((await getSessionUser(asRequest(newCookie)))?.email).toBe("admin@toi.demo");
  }, 60_000);

  it("refuses a cookie whose signature was tampered with", async () => {
    const { db, sessionCookie } = await runtime();
    const admin = await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "admin@toi.demo")
      .executeTakeFirstOrThrow();
    const cookie = (await sessionCookie.serialize(await createSession(db, admin.id))).split(";")[0]!;
    const [name, value] = cookie.split("=") as [string, string];
    const forged = `${name}=${value.slice(0, -3)}${value.endsWith("A") ? "B" : "A"}${value.slice(-2)}`;
    expect(await getSessionUser(asRequest(forged))).toBeNull();
  });
});
