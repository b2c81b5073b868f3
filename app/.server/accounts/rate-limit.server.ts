import crypto from "node:crypto";
import net from "node:net";

import type { AppLoadContext } from "@remix-run/node";
import { sql } from "kysely";

import type { DB } from "../platform/db.server";
import { getDb } from "../platform/runtime.server";

export interface RateLimitPolicy {
  /** Hits allowed in one window; the next one is refused. */
  limit: number;
  windowSeconds: number;
}

const MINUTES = 60;
const HOURS = 60 * MINUTES;

/** Every limit in one place. Keys: an account is its lower-cased email, an IP comes from `clientIp`. */
export const RATE_LIMITS = {
  // Sign-in: see SIGN_IN_BACKOFF for the rule. The two ceilings count failed attempts (each
  // attempt is counted before its password is checked, and a success gives its hit back).
  login: {
    /** Across all addresses: caps a spread-out attack, at the price of refusing the owner too. */
    account: { limit: 100, windowSeconds: 15 * MINUTES },
    /** Across all accounts: caps one address trying many accounts. */
    ip: { limit: 100, windowSeconds: 15 * MINUTES },
    /** Every sign-in post from one address, right or wrong: a flood guard. */
    requests: { limit: 300, windowSeconds: 15 * MINUTES },
  },
  signup: {
    ip: { limit: 20, windowSeconds: 1 * HOURS },
  },
  // Registration posts: generous for a club leader entering many children, tight enough to stop a script.
  entry: {
    user: { limit: 120, windowSeconds: 10 * MINUTES },
  },
  // Each roster upload parses a spreadsheet: a club re-uploading after fixes stays well inside this.
  rosterImport: {
    user: { limit: 20, windowSeconds: 1 * HOURS },
  },
  passwordReset: {
    account: { limit: 5, windowSeconds: 1 * HOURS },
    ip: { limit: 30, windowSeconds: 1 * HOURS },
  },
} as const satisfies Record<string, Record<string, RateLimitPolicy>>;

/** Windows older than this are swept; no policy may use a longer one. */
const MAX_WINDOW_SECONDS = 24 * HOURS;
/** Share of hits that also sweep old windows: cheap, and enough to keep the table small. */
const SWEEP_PROBABILITY = 0.01;

export interface RateLimitResult {
  allowed: boolean;
  /** Hits in this window so far, this one included. */
  hits: number;
  /** Seconds until the window ends (0 when allowed). */
  retryAfterSeconds: number;
}

/**
 * Counts one hit for `key` in the current fixed window with a single atomic upsert, so concurrent
 * hits from several app instances are each counted exactly once.
 */
export async function hitRateLimit(
  db: DB,
  key: string,
  policy: RateLimitPolicy,
  now = new Date(),
): Promise<RateLimitResult> {
  if (policy.windowSeconds > MAX_WINDOW_SECONDS)
    throw new Error(`A rate-limit window may be at most ${MAX_WINDOW_SECONDS} s.`);
  const windowMs = policy.windowSeconds * 1000;
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
  const { hits } = await db
    .insertInto("rate_limits")
    .values({ key, window_start: new Date(windowStart), hits: 1 })
    .onConflict((oc) => oc.columns(["key", "window_start"]).doUpdateSet({ hits: sql<number>`rate_limits.hits + 1` }))
    .returning("hits")
    .executeTakeFirstOrThrow();
  if (Math.random() < SWEEP_PROBABILITY) await sweepRateLimits(db, now);
  const allowed = hits <= policy.limit;
  return {
    allowed,
    hits,
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((windowStart + windowMs - now.getTime()) / 1000)),
  };
}

/** Deletes windows that ended long ago and forgotten sign-in pairs (each through its index). */
export async function sweepRateLimits(db: DB, now = new Date()): Promise<number> {
  const windows = await db
    .deleteFrom("rate_limits")
    .where("window_start", "<", new Date(now.getTime() - MAX_WINDOW_SECONDS * 1000))
    .executeTakeFirst();
  const pairs = await db
    .deleteFrom("sign_in_failures")
    .where("last_failure_at", "<", new Date(now.getTime() - SIGN_IN_BACKOFF.forgetAfterSeconds * 1000))
    .executeTakeFirst();
  return Number(windows.numDeletedRows) + Number(pairs.numDeletedRows);
}

const rateKey = (name: string, key: string) => `${name}:${crypto.createHash("sha256").update(key).digest("base64url")}`;
const windowStartOf = (policy: RateLimitPolicy, now: Date) => {
  const windowMs = policy.windowSeconds * 1000;
  return Math.floor(now.getTime() / windowMs) * windowMs;
};

/**
 * The sign-in rule. Failures are counted per (account, client address) pair, so an attacker slows
 * down only their own address: the owner on another address (their phone) signs in as usual.
 * - A pair has `freeAttempts` attempts; the attempt that uses the last one refuses the pair's next
 *   attempt for `firstDelaySeconds`, and every later attempt doubles the wait, up to
 *   `maxDelaySeconds` (after 10 failures: 1 min, 2, 4, 8, then 15 min between tries).
 * - A success clears the pair; a pair with no failure for `forgetAfterSeconds` starts afresh.
 * - Ceilings in RATE_LIMITS.login: failures per account across all addresses, and per address
 *   across all accounts, in fixed windows.
 * Every attempt is counted before its password is checked, each limit with one atomic upsert, so
 * parallel attempts (on any number of app instances) cannot slip past a limit; the counts are
 * checked in that order and the first refusal answers 429 with Retry-After (the root error page
 * translates it). An attempt its pair refuses counts nowhere else, so an attacker waiting out a
 * delay spends nothing of the account's ceiling; one a ceiling refuses stays counted for its pair.
 */
export const SIGN_IN_BACKOFF = {
  freeAttempts: 10,
  firstDelaySeconds: 1 * MINUTES,
  maxDelaySeconds: 15 * MINUTES,
  forgetAfterSeconds: MAX_WINDOW_SECONDS,
} as const;

export interface SignInAttempt {
  /** The password was right: clears the pair and gives the ceilings their hits back. */
  succeeded(): Promise<void>;
}

/**
 * Counts one sign-in attempt against its pair and the ceilings (see SIGN_IN_BACKOFF), or throws a
 * 429 when one of them refuses it. Until `succeeded` is called, the attempt counts as a failure.
 */
export async function claimSignInAttempt(
  db: DB,
  account: string,
  ip: string,
  now = new Date(),
): Promise<SignInAttempt> {
  const pairKey = rateKey("login.pair", `${account}\n${ip}`);
  const blockedUntil = await claimPairAttempt(db, pairKey, now);
  if (blockedUntil) throw tooManyRequests(Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000));
  // The address's ceiling first: an address refused by it spends nothing of the account's.
  const ceilings = [
    { name: "login.ip", key: ip, policy: RATE_LIMITS.login.ip },
    { name: "login.account", key: account, policy: RATE_LIMITS.login.account },
  ];
  const counted: { key: string; windowStart: Date }[] = [];
  for (const { name, key, policy } of ceilings) {
    const result = await hitRateLimit(db, rateKey(name, key), policy, now);
    if (!result.allowed) {
      if (result.hits === policy.limit + 1) console.warn(`Rate limit ${name} reached: refusing sign-ins.`);
      throw tooManyRequests(result.retryAfterSeconds);
    }
    counted.push({ key: rateKey(name, key), windowStart: new Date(windowStartOf(policy, now)) });
  }
  return {
    async succeeded() {
      await db.deleteFrom("sign_in_failures").where("key", "=", pairKey).execute();
      for (const { key, windowStart } of counted) {
        await db
          .updateTable("rate_limits")
          .set({ hits: sql<number>`hits - 1` })
          .where("key", "=", key)
          .where("window_start", "=", windowStart)
          .where("hits", ">", 0)
          .execute();
      }
    },
  };
}

/**
 * Counts an attempt for the pair unless it is waiting out a delay, in one upsert: the row lock
 * makes parallel attempts queue, each seeing the count and delay the one before it left.
 * Returns the end of the delay when refused, nothing when counted.
 */
async function claimPairAttempt(db: DB, key: string, now: Date): Promise<Date | undefined> {
  const { freeAttempts, firstDelaySeconds, maxDelaySeconds, forgetAfterSeconds } = SIGN_IN_BACKOFF;
  const forgetBefore = new Date(now.getTime() - forgetAfterSeconds * 1000);
  const failures = sql<number>`(case when sign_in_failures.last_failure_at < ${forgetBefore} then 1
    else sign_in_failures.failures + 1 end)`;
  // The doubling is capped in the exponent too, so a long-running attack cannot overflow it.
  const blockAfter = (n: unknown) => sql<Date | null>`case when ${n} >= ${freeAttempts}::int
    then ${now}::timestamptz + least(${firstDelaySeconds}::int * power(2, least(${n} - ${freeAttempts}::int, 20)),
      ${maxDelaySeconds}::int) * interval '1 second'
    end`;
  const counted = await db
    .insertInto("sign_in_failures")
    .values({ key, failures: 1, last_failure_at: now, blocked_until: blockAfter(sql`1`) })
    .onConflict((oc) =>
      oc
        .column("key")
        .doUpdateSet({ failures, last_failure_at: now, blocked_until: blockAfter(failures) })
        .where((eb) =>
          eb.or([eb("sign_in_failures.blocked_until", "is", null), eb("sign_in_failures.blocked_until", "<=", now)]),
        ),
    )
    .returning("failures")
    .executeTakeFirst();
  if (counted) return undefined;
  const row = await db.selectFrom("sign_in_failures").select("blocked_until").where("key", "=", key).executeTakeFirst();
  // Cleared by a success in between: the next attempt will be counted.
  return row?.blocked_until ?? new Date(now.getTime() + 1000);
}

function tooManyRequests(retryAfterSeconds: number): Response {
  return new Response("Too many requests", {
    status: 429,
    headers: { "Retry-After": String(Math.max(1, retryAfterSeconds)), "Content-Type": "text/plain; charset=utf-8" },
  });
}

/**
 * Counts a hit and, over the limit, throws a 429 with Retry-After, rendered by the root error
 * boundary as a translated page. The same answer for every key, so it reveals nothing about
 * accounts. Keys are stored hashed: the table holds no emails or addresses.
 */
export async function enforceRateLimit(
  request: Request,
  name: string,
  key: string,
  policy: RateLimitPolicy,
): Promise<void> {
  const result = await hitRateLimit(await getDb(), rateKey(name, key), policy);
  if (result.allowed) return;
  if (result.hits === policy.limit + 1) {
    console.warn(
      `Rate limit ${name} reached on ${request.method} ${new URL(request.url).pathname}: refusing for ${result.retryAfterSeconds} s.`,
    );
  }
  throw tooManyRequests(result.retryAfterSeconds);
}

/**
 * The client's address as a rate-limit key. IPv6 clients count by their /64 network: one home or
 * server is given a whole /64, so single addresses would cost an attacker nothing.
 */
export function clientIp(context: Partial<AppLoadContext> | undefined): string {
  const ip = context?.clientIp;
  if (!ip) return "unknown";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  return net.isIPv6(ip) ? ipv6Network64(ip) : ip;
}

function ipv6Network64(ip: string): string {
  const address = ip.split("%")[0]!;
  const groups = (part: string) => (part ? part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g])) : []);
  const [head, tail] = address.split("::") as [string, string | undefined];
  const before = groups(head);
  const after = tail === undefined ? [] : groups(tail);
  const full =
    tail === undefined ? before : [...before, ...Array<string>(8 - before.length - after.length).fill("0"), ...after];
  return `${full
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}
