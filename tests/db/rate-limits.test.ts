import { describe, expect, test } from "vitest";

import { hitRateLimit, sweepRateLimits } from "~/.server/accounts/rate-limit.server";

import { engines, useTestDb } from "../setup/db";

const policy = { limit: 3, windowSeconds: 60 };
// 12:00:10 UTC: 50 s are left in its one-minute window.
const at = (time: string) => new Date(`2026-11-26T${time}Z`);

describe.each(engines)("rate limits on %s", (engine) => {
  const t = useTestDb(engine);

  test("allows the limit in a window and refuses the next hit until the window ends", async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hitRateLimit(t.db, "refuse", policy, at("12:00:10")));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.hits)).toEqual([1, 2, 3, 4]);
    expect(results[3]!.retryAfterSeconds).toBe(50);
    expect((await hitRateLimit(t.db, "refuse", policy, at("12:00:59.5"))).retryAfterSeconds).toBe(1);
  });

  test("starts counting afresh in a new window", async () => {
    for (let i = 0; i < 4; i++) await hitRateLimit(t.db, "reset", policy, at("12:00:10"));
    expect(await hitRateLimit(t.db, "reset", policy, at("12:01:00"))).toEqual({
      allowed: true,
      hits: 1,
      retryAfterSeconds: 0,
    });
  });

  test("counts keys apart", async () => {
    for (let i = 0; i < 4; i++) await hitRateLimit(t.db, "one", policy, at("12:00:10"));
    expect((await hitRateLimit(t.db, "other", policy, at("12:00:10"))).allowed).toBe(true);
  });

  test("counts 50 concurrent hits exactly once each", async () => {
    const wide = { limit: 20, windowSeconds: 60 };
    const results = await Promise.all(
      Array.from({ length: 50 }, () => hitRateLimit(t.db, "burst", wide, at("12:00:10"))),
    );
    expect(results.map((r) => r.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(results.filter((r) => r.allowed)).toHaveLength(20);
    const row = await t.db
      .selectFrom("rate_limits")
      .select("hits")
      .where("key", "=", "burst")
      .executeTakeFirstOrThrow();
    expect(row.hits).toBe(50);
  });

  test("sweeps windows older than a day and keeps the rest", async () => {
    await hitRateLimit(t.db, "sweep", policy, at("12:00:10"));
    await hitRateLimit(t.db, "sweep", policy, new Date("2026-11-27T11:00:00Z"));
    await sweepRateLimits(t.db, new Date("2026-11-27T12:30:00Z"));
    const left = await t.db.selectFrom("rate_limits").select("window_start").where("key", "=", "sweep").execute();
    expect(left.map((r) => r.window_start.toISOString())).toEqual(["2026-11-27T11:00:00.000Z"]);
  });

  test("refuses a window longer than the sweep keeps", async () => {
    await expect(hitRateLimit(t.db, "long", { limit: 1, windowSeconds: 2 * 24 * 3600 })).rejects.toThrow(/at most/);
  });
});
