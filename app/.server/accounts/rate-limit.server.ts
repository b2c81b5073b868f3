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
  login: {
    account: { limit: 10, windowSeconds: 15 * MINUTES },
    ip: { limit: 100, windowSeconds: 15 * MINUTES },
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

/** Deletes windows that ended long ago (through the window_start index). */
export async function sweepRateLimits(db: DB, now = new Date()): Promise<number> {
  const result = await db
    .deleteFrom("rate_limits")
    .where("window_start", "<", new Date(now.getTime() - MAX_WINDOW_SECONDS * 1000))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

const rateKey = (name: string, key: string) => `${name}:${crypto.createHash("sha256").update(key).digest("base64url")}`;
const windowStartOf = (policy: RateLimitPolicy, now: Date) => {
  const windowMs = policy.windowSeconds * 1000;
  return Math.floor(now.getTime() / windowMs) * windowMs;
};

/**
 * Refuses with a 429 when the key's current window is already full, without counting this request:
 * for limits that count failures only (a person signing in correctly is never locked out).
 */
export async function refuseWhenLimited(
  db: DB,
  name: string,
  key: string,
  policy: RateLimitPolicy,
  now = new Date(),
): Promise<void> {
  const start = windowStartOf(policy, now);
  const row = await db
    .selectFrom("rate_limits")
    .select("hits")
    .where("key", "=", rateKey(name, key))
    .where("window_start", "=", new Date(start))
    .executeTakeFirst();
  if (!row || row.hits < policy.limit) return;
  const retryAfter = Math.max(1, Math.ceil((start + policy.windowSeconds * 1000 - now.getTime()) / 1000));
  throw new Response("Too many requests", {
    status: 429,
    headers: { "Retry-After": String(retryAfter), "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** Counts one failure against a limit checked with `refuseWhenLimited`. */
export async function countFailure(db: DB, name: string, key: string, policy: RateLimitPolicy): Promise<void> {
  await hitRateLimit(db, rateKey(name, key), policy);
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
  throw new Response("Too many requests", {
    status: 429,
    headers: { "Retry-After": String(result.retryAfterSeconds), "Content-Type": "text/plain; charset=utf-8" },
  });
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
