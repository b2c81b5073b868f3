/**
 * Links in emails and redirects after a post go only to Toi's own public address, whatever the
 * request's Host header or a `redirectTo` says. Each describe boots the runtime with its own env.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createSession } from "~/.server/accounts/session.server";
import { boot, runtime, shutdown } from "~/.server/platform/runtime.server";
import { action as forgotPassword } from "~/routes/forgot-password";
import { action as chooseLocale } from "~/routes/locale";
import { loader as loginPage } from "~/routes/login";

import { insertUser } from "./factories";

const context = { cspNonce: "", clientIp: "127.0.0.1" };

function bootWith(env: NodeJS.ProcessEnv) {
  beforeAll(async () => {
    const { PUBLIC_URL: _ignored, ...outside } = process.env;
    await boot({
      ...outside,
      DATABASE_URL: "",
      DATA_DIR: "memory://",
      SEED_DEMO: "0",
      EMAIL_WORKER: "0",
      SESSION_SECRETS: "public-url-secret",
      ...env,
    });
  }, 60_000);
  afterAll(async () => {
    await shutdown();
  });
}

/** Asks for a reset link the way an attacker would: from another host, naming it in Host. */
async function resetLinkSentTo(email: string): Promise<string> {
  const response = await forgotPassword({
    request: new Request("http://evil.example/forgot-password", {
      method: "POST",
      headers: { Host: "evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email }),
    }),
    params: {},
    context,
  });
  expect((response as Response).status).toBe(302);
  const { db } = await runtime();
  const sent = await db
    .selectFrom("outbox")
    .select("params")
    .where("to_email", "=", email)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  return sent.params.url!;
}

async function locationAfterChoosingLocale(redirectTo: string): Promise<string | null> {
  const response = await chooseLocale({
    request: new Request("http://evil.example/locale", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ locale: "ru", redirectTo }),
    }),
    params: {},
    context,
  });
  expect(response.status).toBe(302);
  return response.headers.get("Location");
}

describe("with PUBLIC_URL", () => {
  bootWith({ NODE_ENV: "test", PUBLIC_URL: "https://toi.example.kz/" });

  it("emails a reset link on the public address even when the request names another host", async () => {
    const user = await insertUser((await runtime()).db, { email: "host-header@example.kz" });
    const link = await resetLinkSentTo(user.email);
    expect(link).toMatch(/^https:\/\/toi\.example\.kz\/set-password\?token=[\w-]+$/);
  });

  it("sends a language switch back to a page on this site only, as an ASCII path", async () => {
    expect(await locationAfterChoosingLocale("/\t/evil.example")).toBe("/");
    expect(await locationAfterChoosingLocale("/\\evil.example")).toBe("/");
    expect(await locationAfterChoosingLocale("https://evil.example/")).toBe("/");
    expect(await locationAfterChoosingLocale("http://evil.example/events")).toBe("/");
    expect(await locationAfterChoosingLocale("https://toi.example.kz/events?x=1")).toBe("/events?x=1");
    expect(await locationAfterChoosingLocale("/events\r\n?q=x")).toBe("/events?q=x");
    // Control characters other than line breaks never reach the redirect: the form is refused.
    const refused = await locationAfterChoosingLocale("/events?q=\u000b\u000cx").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(400);
    expect(await locationAfterChoosingLocale("/события")).toBe("/%D1%81%D0%BE%D0%B1%D1%8B%D1%82%D0%B8%D1%8F");
  });

  it("sends a signed-in visitor of /login to their account, not to the redirectTo's host", async () => {
    const { db, sessionCookie } = await runtime();
    const user = await insertUser(db);
    const cookie = (await sessionCookie.serialize(await createSession(db, user.id))).split(";")[0]!;
    const visit = async (redirectTo: string) => {
      const url = `http://evil.example/login?redirectTo=${encodeURIComponent(redirectTo)}`;
      const thrown = await loginPage({
        request: new Request(url, { headers: { Cookie: cookie } }),
        params: {},
        context,
      })
        .then(() => null)
        .catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(Response);
      return (thrown as Response).headers.get("Location");
    };
    expect(await visit("/\t/evil.example")).toBe("/account");
    expect(await visit("/.//evil.example")).toBe("/account");
    expect(await visit("/entries\n/ёлка")).toBe("/entries/%D1%91%D0%BB%D0%BA%D0%B0");
  });
});

describe("in production without PUBLIC_URL", () => {
  bootWith({ NODE_ENV: "production", PORT: "4123" });

  it("emails a reset link on localhost at Toi's port, never on the request's host", async () => {
    const user = await insertUser((await runtime()).db, { email: "no-public-url@example.kz" });
    const link = await resetLinkSentTo(user.email);
    expect(link).toMatch(/^http:\/\/localhost:4123\/set-password\?token=[\w-]+$/);
  });
});

describe("in development without PUBLIC_URL", () => {
  bootWith({ NODE_ENV: "development" });

  it("uses the request's own origin, as a laptop's dev server is reached", async () => {
    const user = await insertUser((await runtime()).db, { email: "dev@example.kz" });
    expect(await resetLinkSentTo(user.email)).toMatch(/^http:\/\/evil\.example\/set-password\?token=/);
  });
});
