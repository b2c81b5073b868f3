/**
 * What an operator sees of a running Toi: JSON log lines with request ids, an access-log line per
 * request, Prometheus metrics on /metrics for loopback callers only, and `npm run backup` taken from
 * the running PGlite Toi, then restored into a new DATA_DIR. Starts its own server (the build from
 * the e2e global setup) to read its output.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

describe("operating Toi", () => {
  let toi: ChildProcess;
  let base = "";
  let output = "";
  let dataDir = "";
  let port = 0;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "toi-ops-"));
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    toi = spawn(process.execPath, ["server.mjs"], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        UPLOAD_DIR: path.join(dataDir, "uploads"),
        DATABASE_URL: "",
        SEED_DEMO: "1",
        EMAIL_WORKER: "0",
        NODE_ENV: "production",
        LOG_FORMAT: "json",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    toi.stdout!.on("data", (d) => (output += d));
    toi.stderr!.on("data", (d) => (output += d));
    base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (toi.exitCode !== null) throw new Error(output);
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`Toi did not start:\n${output}`);
  }, 150_000);

  afterAll(async () => {
    toi?.kill("SIGTERM");
    await new Promise((r) => (toi.exitCode !== null ? r(null) : toi.once("exit", r)));
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect(fs.existsSync(`${dataDir}.ops-token`)).toBe(false);
  });

  test("every response carries a request id, and the log has one JSON access line for it", async () => {
    const res = await fetch(`${base}/events/children-in-the-rhythm-of-the-world-2017?secret=hidden`);
    expect(res.status).toBe(200);
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await fetch(`${base}/no-such-page`);
    expect(missing.status).toBe(404);
    await new Promise((r) => setTimeout(r, 300));

    const lines = output
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const access = lines.find((l) => l.reqId === id && l.msg === "request");
    expect(access).toMatchObject({ method: "GET", route: "/events/:slug", status: 200, user: "anonymous" });
    expect(typeof access!.ms).toBe("number");
    expect(output).not.toContain("secret=hidden");
    // A 404 is one quiet line, never a stack trace.
    const refused = lines.filter((l) => l.reqId === missing.headers.get("x-request-id"));
    expect(refused.map((l) => l.level)).not.toContain(50);
    expect(output).not.toMatch(/No route matches URL[\s\S]*at /);
  });

  test("/metrics answers Prometheus text to loopback, and a 404 to a request relayed by a proxy", async () => {
    await fetch(`${base}/`);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    for (const series of [
      'toi_http_requests_total{route="/",method="GET",status="200"}',
      "toi_http_request_duration_seconds_bucket",
      'toi_db_pool_connections{state="in_use"}',
      "toi_db_pool_errors_total",
      "toi_outbox_messages",
      "toi_page_cache_total",
      "toi_nodejs_eventloop_lag_seconds",
    ])
      expect(text).toContain(series);
    const relayed = await fetch(`${base}/metrics`, { headers: { "X-Forwarded-For": "203.0.113.9" } });
    expect(relayed.status).toBe(404);
  });

  test("npm run backup takes the running PGlite Toi's data through it; restore puts it in a new DATA_DIR", async () => {
    const run = promisify(execFile);
    const env = {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      UPLOAD_DIR: path.join(dataDir, "uploads"),
      DATABASE_URL: "",
    };
    // Without the token Toi wrote beside DATA_DIR, the endpoint is an unknown page.
    expect((await fetch(`${base}/_ops/backup`)).status).toBe(404);
    expect((await fetch(`${base}/_ops/backup`, { headers: { Authorization: "Bearer guess" } })).status).toBe(404);
    expect(fs.statSync(`${dataDir}.ops-token`).mode & 0o077).toBe(0);

    const file = path.join(dataDir, "..", `${path.basename(dataDir)}-backup.tar.gz`);
    try {
      const backup = await run(process.execPath, ["scripts/backup.mjs", file], { env });
      expect(backup.stdout).toMatch(/Backed up \d+ rows in \d+ tables and \d+ uploaded files \(pglite\)/);
      expect(fs.statSync(file).mode & 0o077).toBe(0);

      const restoredDir = `${dataDir}-restored`;
      try {
        const restore = await run(process.execPath, ["scripts/restore.mjs", file], {
          env: { ...env, DATA_DIR: restoredDir, UPLOAD_DIR: path.join(restoredDir, "uploads") },
        });
        expect(restore.stdout).toMatch(/Restored \d+ rows .* into pglite/);
        // Restoring into the directory the running Toi holds is refused with a reason, not a stack.
        const refused = await run(process.execPath, ["scripts/restore.mjs", file], { env }).catch(
          (err: { code: number; stderr: string }) => err,
        );
        expect(refused).toMatchObject({ code: 1 });
        expect((refused as { stderr: string }).stderr).toContain("stop it");
      } finally {
        fs.rmSync(restoredDir, { recursive: true, force: true });
        fs.rmSync(`${restoredDir}.lock`, { recursive: true, force: true });
        for (const f of [".lock.holder", ".ops-token"]) fs.rmSync(`${restoredDir}${f}`, { force: true });
      }
    } finally {
      fs.rmSync(file, { force: true });
    }
  }, 120_000);
});
