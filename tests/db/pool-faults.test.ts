import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createResilientPool } from "~/.server/platform/pg-pool.server";

import { faultProxy } from "../setup/fault-proxy";

const serverUrl = process.env.TEST_DATABASE_URL;

// Real PostgreSQL only: PGlite runs in this process and has no network to lose.
describe.skipIf(!serverUrl)("the PostgreSQL pool on a faulty network", () => {
  const target = new URL(serverUrl ?? "postgres://x:5432/x");
  const proxy = faultProxy({ host: target.hostname, port: Number(target.port || 5432) });
  let pool: ReturnType<typeof createResilientPool>;
  const logged: string[] = [];

  beforeAll(async () => {
    const url = new URL(serverUrl!);
    url.host = `127.0.0.1:${await proxy.listen()}`;
    pool = createResilientPool(
      { connectionString: url.toString(), max: 3, types: pg.types },
      { statementTimeoutMs: 2_000, connectTimeoutMs: 1_000 },
      (m) => logged.push(m),
    );
  });
  afterAll(async () => {
    await pool.end();
    await proxy.close();
  });

  test("a reset while clients are checked out is a 503 for their queries, and the next query works", async () => {
    const clients = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
    const queries = clients.map((c) => c.query("select pg_sleep(0.5)", []));
    await new Promise((r) => setTimeout(r, 100));
    proxy.reset();
    const outcomes = await Promise.allSettled(queries);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected");
      expect(((outcome as PromiseRejectedResult).reason as Response).status).toBe(503);
    }
    for (const c of clients) c.release();
    expect(logged.length).toBeGreaterThan(0);
    const fresh = await pool.connect();
    expect((await fresh.query<{ one: number }>("select 1 as one", [])).rows).toEqual([{ one: 1 }]);
    fresh.release();
  });

  test("a partition times out quickly instead of hanging, and the pool recovers after it heals", async () => {
    const held = await pool.connect();
    proxy.partition();
    const started = Date.now();
    const [hung, waiting] = await Promise.allSettled([held.query("select 1", []), pool.connect()]);
    held.release();
    expect(hung.status).toBe("rejected");
    expect(((hung as PromiseRejectedResult).reason as Response).status).toBe(503);
    // A new connection cannot be made across the partition: refused after connectTimeoutMs, not hung.
    if (waiting.status === "rejected") expect((waiting.reason as Response).status).toBe(503);
    else waiting.value.release();
    expect(Date.now() - started).toBeLessThan(10_000);
    proxy.heal();
    const fresh = await pool.connect();
    expect((await fresh.query<{ two: number }>("select 2 as two", [])).rows).toEqual([{ two: 2 }]);
    fresh.release();
  });
});
