import { describe, expect, test } from "vitest";

import { hashPassword } from "~/.server/accounts/password.server";
import { RATE_LIMITS, SIGN_IN_BACKOFF } from "~/.server/accounts/rate-limit.server";
import { signIn } from "~/.server/accounts/sign-in.server";

import { engines, useTestDb } from "../setup/db";
import { insertUser } from "./factories";

const BASE = "http://toi.test";
const ATTACKER = "198.51.100.7";
const PHONE = "203.0.113.9";
const PASSWORD = "right-password";
const FREE = SIGN_IN_BACKOFF.freeAttempts;

/** 12:00:10 UTC: ten seconds into a fifteen-minute window. */
const T0 = new Date("2026-12-07T12:00:10Z");
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

type Outcome = "failed" | "signedIn" | "unverified" | 429;

describe.each(engines)("sign-in lockout on %s", (engine) => {
  const t = useTestDb(engine, { poolMax: 12 });
  let hash: string;

  async function judge(email: string) {
    hash ??= await hashPassword(PASSWORD);
    const user = await insertUser(t.db, { email, passwordHash: hash });
    await t.db.updateTable("users").set({ email_verified_at: new Date() }).where("id", "=", user.id).execute();
    return email;
  }

  /** The outcome, or 429 with its Retry-After in seconds. */
  async function tryOnce(email: string, password: string, ip: string, now = T0) {
    try {
      return { outcome: (await signIn(t.db, { email, password, ip }, BASE, now)).status as Outcome };
    } catch (thrown) {
      if (!(thrown instanceof Response) || thrown.status !== 429) throw thrown;
      return { outcome: 429 as const, retryAfter: Number(thrown.headers.get("Retry-After")) };
    }
  }
  const attempt = async (email: string, password: string, ip: string, now = T0) =>
    (await tryOnce(email, password, ip, now)).outcome;

  const count = (outcomes: Outcome[]) => ({
    failed: outcomes.filter((o) => o === "failed").length,
    refused: outcomes.filter((o) => o === 429).length,
  });

  test("60 parallel wrong passwords from one address get exactly the limit through", async () => {
    const email = await judge("parallel@example.kz");
    const outcomes = await Promise.all(Array.from({ length: 60 }, () => attempt(email, "guess", ATTACKER)));
    expect(count(outcomes)).toEqual({ failed: FREE, refused: 60 - FREE });
  });

  test("the owner signs in from another address while an attacker hammers the account", async () => {
    const email = await judge("owner@example.kz");
    for (let i = 0; i < 30; i++) await attempt(email, `guess-${i}`, ATTACKER);
    expect(await attempt(email, PASSWORD, PHONE)).toBe("signedIn");
    // The attacker's address stays refused, the right password included: it is not even checked.
    expect(await attempt(email, PASSWORD, ATTACKER)).toBe(429);
  });

  test("each attempt past the free ones waits twice as long, up to fifteen minutes", async () => {
    const email = await judge("backoff@example.kz");
    for (let i = 0; i < FREE; i++) expect(await attempt(email, "guess", ATTACKER)).toBe("failed");
    const waits: number[] = [];
    let now = T0;
    for (let i = 0; i < 6; i++) {
      const refused = await tryOnce(email, "guess", ATTACKER, now);
      expect(refused.outcome).toBe(429);
      waits.push(refused.retryAfter!);
      // A second early; then on time, when the attempt is checked (and fails).
      expect(await attempt(email, "guess", ATTACKER, new Date(now.getTime() + (refused.retryAfter! - 1) * 1000))).toBe(
        429,
      );
      now = new Date(now.getTime() + refused.retryAfter! * 1000);
      expect(await attempt(email, "guess", ATTACKER, now)).toBe("failed");
    }
    expect(waits).toEqual([60, 120, 240, 480, 900, 900]);
  });

  test("a success clears the pair's failures", async () => {
    const email = await judge("typo@example.kz");
    for (let i = 0; i < FREE - 1; i++) expect(await attempt(email, "typo", PHONE)).toBe("failed");
    expect(await attempt(email, PASSWORD, PHONE)).toBe("signedIn");
    for (let i = 0; i < FREE; i++) expect(await attempt(email, "typo", PHONE), `after success ${i}`).toBe("failed");
    expect(await attempt(email, "typo", PHONE)).toBe(429);
  });

  test("a pair with no failure for a day starts afresh", async () => {
    const email = await judge("forgotten@example.kz");
    for (let i = 0; i < FREE; i++) await attempt(email, "guess", ATTACKER);
    const nextDay = later(SIGN_IN_BACKOFF.forgetAfterSeconds + 1);
    for (let i = 0; i < FREE; i++) expect(await attempt(email, "guess", ATTACKER, nextDay)).toBe("failed");
    expect(await attempt(email, "guess", ATTACKER, nextDay)).toBe(429);
  });

  test("failures from many addresses stop at the account's ceiling, counted exactly, until its window ends", async () => {
    const email = await judge("spread@example.kz");
    const { limit } = RATE_LIMITS.login.account;
    const addresses = Array.from({ length: Math.ceil((limit * 1.5) / FREE) }, (_, i) => `192.0.2.${i + 1}`);
    const outcomes = await Promise.all(
      addresses.flatMap((ip) => Array.from({ length: FREE }, () => attempt(email, "guess", ip))),
    );
    expect(count(outcomes)).toEqual({ failed: limit, refused: addresses.length * FREE - limit });
    // The price of a ceiling: the owner waits for the window too, then signs in.
    expect(await attempt(email, PASSWORD, PHONE, later(60))).toBe(429);
    expect(await attempt(email, PASSWORD, PHONE, new Date("2026-12-07T12:15:00Z"))).toBe("signedIn");
  });

  test("one address trying many accounts stops at the address's ceiling", async () => {
    const { limit } = RATE_LIMITS.login.ip;
    const stuffer = "192.0.2.200";
    const emails = await Promise.all(
      Array.from({ length: Math.ceil(limit / FREE) + 1 }, (_, i) => judge(`stuffed-${i}@example.kz`)),
    );
    const outcomes = await Promise.all(
      emails.flatMap((email) => Array.from({ length: FREE }, () => attempt(email, "guess", stuffer))),
    );
    expect(count(outcomes)).toEqual({ failed: limit, refused: emails.length * FREE - limit });
    const fresh = await judge("not-stuffed@example.kz");
    expect(await attempt(fresh, "guess", stuffer)).toBe(429);
    expect(await attempt(fresh, PASSWORD, PHONE)).toBe("signedIn");
  });
});
