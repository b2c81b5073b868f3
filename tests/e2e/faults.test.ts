/**
 * Toi on PostgreSQL behind a TCP proxy that this test controls: a connection reset under load, then
 * a 10 s partition under load, then SIGTERM under load. The production build is the one the e2e
 * global setup made. Runs where TEST_DATABASE_URL names a real server (CI does).
 */
import { type ChildProcess, spawn } from "node:child_process";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { runDatabaseName } from "../setup/db";
import { faultProxy } from "../setup/fault-proxy";
import { freePort } from "../setup/free-port";

const serverUrl = process.env.TEST_DATABASE_URL;
const FAULT_DB = runDatabaseName("faults");

async function get(url: string, timeoutMs = 10_000): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
    await res.arrayBuffer();
    return { status: res.status, ms: Date.now() - started };
  } catch {
    return { status: 0, ms: Date.now() - started };
  }
}

async function until(what: string, check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${withinMs} ms`);
}

describe.skipIf(!serverUrl)("Toi on PostgreSQL through a faulty network", () => {
  const proxy = faultProxy({
    host: new URL(serverUrl ?? "postgres://x").hostname,
    port: Number(new URL(serverUrl ?? "postgres://x:5432").port || 5432),
  });
  let toi: ChildProcess;
  let base = "";
  let output = "";
  const statuses = new Map<number, number>();
  let loading = true;
  let load: Promise<void>;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${FAULT_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${FAULT_DB}`);
    await admin.end();
    const proxyPort = await proxy.listen();
    const port = await freePort();
    const databaseUrl = new URL(serverUrl!);
    databaseUrl.host = `127.0.0.1:${proxyPort}`;
    databaseUrl.pathname = `/${FAULT_DB}`;
    toi = spawn(process.execPath, ["server.mjs"], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: databaseUrl.toString(),
        SEED_DEMO: "1",
        EMAIL_WORKER: "0",
        NODE_ENV: "production",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    toi.stdout!.on("data", (d) => (output += d));
    toi.stderr!.on("data", (d) => (output += d));
    base = `http://127.0.0.1:${port}`;
    await until("Toi starts", async () => (await get(`${base}/healthz`)).status === 200, 120_000);
    // Twelve requests always in flight: the home page, an event page and the health check.
    const paths = [
      "/",
      "/events/children-in-the-rhythm-of-the-world-2017",
      "/events/children-in-the-rhythm-of-the-world-2017/results",
    ];
    load = Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        while (loading) {
          const { status } = await get(`${base}${paths[i % paths.length]}`, 30_000);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    ).then(() => undefined);
  }, 180_000);

  afterAll(async () => {
    loading = false;
    if (toi && toi.exitCode === null) toi.kill("SIGKILL");
    await proxy.close();
  });

  test("survives a connection reset under load: 503 meanwhile, recovery without a restart", async () => {
    await new Promise((r) => setTimeout(r, 2_000));
    proxy.reset();
    await new Promise((r) => setTimeout(r, 1_000));
    proxy.reset();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(toi.exitCode, output).toBeNull();
    await until("healthy again after the reset", async () => (await get(`${base}/healthz`)).status === 200, 30_000);
    expect(toi.exitCode, output).toBeNull();
  }, 60_000);

  test("a 10 s partition under load: /healthz says 503 within 2 s, and 200 within 30 s after it heals", async () => {
    proxy.partition();
    await new Promise((r) => setTimeout(r, 1_000));
    const during = await get(`${base}/healthz`, 5_000);
    expect(during.status).toBe(503);
    expect(during.ms).toBeLessThan(2_000);
    await new Promise((r) => setTimeout(r, 9_000));
    proxy.heal();
    const recoveredIn = await until(
      "healthy after the partition",
      async () => (await get(`${base}/healthz`)).status === 200,
      30_000,
    );
    expect(recoveredIn).toBeLessThan(30_000);
    // Pages serve again too, not only the health check.
    await until("pages serve after the partition", async () => (await get(`${base}/`)).status === 200, 30_000);
    expect(toi.exitCode, output).toBeNull();
    // Nothing but pages and "try again in a moment": no 500, no dropped connection.
    expect([...statuses.keys()].sort(), JSON.stringify([...statuses])).toEqual(
      [...statuses.keys()].filter((s) => s === 200 || s === 503).sort(),
    );
    expect(statuses.get(200)).toBeGreaterThan(0);
    // The faults did reach requests (a run here: 481 pages and 12 × 503 "try again in a moment").
    expect(statuses.get(503)).toBeGreaterThan(0);
  }, 90_000);

  test("SIGTERM under load exits within 15 s", async () => {
    const started = Date.now();
    const exited = new Promise<number | null>((r) => toi.once("exit", (code) => r(code)));
    toi.kill("SIGTERM");
    const code = await Promise.race([exited, new Promise<"hung">((r) => setTimeout(() => r("hung"), 15_000))]);
    loading = false;
    await load;
    expect(code, output).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
