#!/usr/bin/env node
// Load benchmark for Toi (`npm run bench`).
//
// 1. builds the app (skip with BENCH_SKIP_BUILD=1);
// 2. creates a fresh database `toi_bench` on the local PostgreSQL (BENCH_DATABASE_URL, default
//    postgres://postgres@127.0.0.1:5432/postgres) and starts `node server.mjs` on it as a child
//    process, on a free loopback port, with the demo data;
// 3. runs every measurement in MEASUREMENTS with autocannon (50 connections, 2 s warm-up, then
//    BENCH_SECONDS, default 10), each page next to a bare `node:http` server that returns the same
//    bytes from another child process, so the figures come with the machine's ceiling;
// 4. prints a table, merges the entries into tests/bench/results.json (by name) and exits 1 if a
//    measurement misses its limit. Child processes are stopped and the database dropped on every exit
//    path (success, failure, SIGINT/SIGTERM).
//
// Adding a measurement: write `async function (ctx) { ...; return [entry, ...] }` and push it onto
// MEASUREMENTS. `ctx.compareWithBare(path, headers)` does the usual page-vs-bare-server pair.
//
// Internal mode: `node run.mjs --bare-server` is the bare server child (see bareServerMain).

import { fork, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const RESULTS_FILE = path.join(HERE, "results.json");

const BENCH_DB = "toi_bench";
const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;
const DURATION_SECONDS = positiveNumber(process.env.BENCH_SECONDS, 10);
const BOOT_TIMEOUT_MS = 90_000;
const BUILD_TIMEOUT_MS = 300_000;

// ---------------------------------------------------------------------------------------------------
// Measurements. Each returns an array of result entries { name, value, unit, limit, ratio }.
// A limit applies as a floor to "req/s" and as a ceiling to "ms"; `limit: null` only informs.
// ---------------------------------------------------------------------------------------------------

const EVENT_SLUG = "children-in-the-rhythm-of-the-world-2017";

/**
 * The public event page, the page most people open (shared links, posters' QR codes).
 *
 * Floor 150 req/s: STACK.md measured ~700 req/s for an *empty* Remix route through Express and ~210
 * req/s for a 100-row Remix page on PGlite on this 2-core class of machine. The event page is a real
 * render (several queries, i18n) sharing 2 cores with the load generator; 150 req/s leaves room for
 * run-to-run noise while still catching a lost index, an N+1 loader or an accidental per-request
 * boot. Ceiling 500 ms for p99: with 50 connections, Little's law gives a mean latency of
 * 50 / throughput (≈ 330 ms at the floor), so p99 over 500 ms means stalls (pool exhaustion,
 * event-loop blocking) rather than a uniformly slower render.
 */
async function publicEventPage(ctx) {
  const { app, bare } = await ctx.compareWithBare(`/events/${EVENT_SLUG}`, { "accept-language": "ru" });
  return [
    {
      name: "public.event_page",
      value: round(app.rps),
      unit: "req/s",
      limit: 150,
      ratio: round(app.rps / bare.rps, 4),
    },
    {
      name: "public.event_page.p99",
      value: app.p99,
      unit: "ms",
      limit: 500,
      // How many times the bare server's p99 (null when the bare p99 rounds to 0 ms).
      ratio: bare.p99 > 0 ? round(app.p99 / bare.p99, 2) : null,
    },
    { name: "baseline.node_http", value: round(bare.rps), unit: "req/s", limit: null, ratio: 1 },
  ];
}

const MEASUREMENTS = [publicEventPage];

// ---------------------------------------------------------------------------------------------------
// Bare server child: serves one fixed body. Receives { body, contentType } over IPC, answers { port }.
// ---------------------------------------------------------------------------------------------------

if (process.argv[2] === "--bare-server") {
  await bareServerMain();
} else {
  await main();
}

async function bareServerMain() {
  const http = await import("node:http");
  // Die with the parent: the IPC channel closes when the parent exits, however it exits.
  process.on("disconnect", () => process.exit(0));
  process.once("message", (msg) => {
    const body = Buffer.from(msg.body, "base64");
    const headers = { "Content-Type": msg.contentType, "Content-Length": String(body.length) };
    const server = http.createServer((req, res) => {
      res.writeHead(200, headers);
      res.end(body);
    });
    server.keepAliveTimeout = 60_000;
    server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
  });
}

// ---------------------------------------------------------------------------------------------------
// Orchestration
// ---------------------------------------------------------------------------------------------------

async function main() {
  const { default: autocannon } = await import("autocannon");
  const { default: pg } = await import("pg");

  const cleanups = []; // run in reverse order, each at most once
  let cleaning;
  const cleanup = () =>
    (cleaning ??= (async () => {
      while (cleanups.length) {
        const fn = cleanups.pop();
        try {
          await fn();
        } catch (err) {
          console.error(`cleanup: ${err?.message ?? err}`);
        }
      }
    })());
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the benchmark…`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  let exitCode = 0;
  try {
    if (process.env.BENCH_SKIP_BUILD === "1") {
      console.log("== build: skipped (BENCH_SKIP_BUILD=1)");
    } else {
      console.log("== build: npm run build");
      await run("npm", ["run", "build"], { cwd: ROOT, timeoutMs: BUILD_TIMEOUT_MS, quiet: true });
    }

    // --- database ---
    const baseUrl = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
    const benchUrl = new URL(baseUrl);
    benchUrl.pathname = `/${BENCH_DB}`;
    const admin = async (sql) => {
      const client = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 10_000 });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    console.log(`== database: ${BENCH_DB} (fresh) on ${redact(baseUrl)}`);
    await admin(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    cleanups.push(() => admin(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`));
    await admin(`CREATE DATABASE ${BENCH_DB}`);

    // --- Toi ---
    const port = await freePort();
    const toi = startChild("toi", process.execPath, ["server.mjs"], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: benchUrl.toString(),
        PORT: String(port),
        HOST: "127.0.0.1",
        SEED_DEMO: "1",
        NODE_ENV: "production",
      },
    });
    cleanups.push(() => toi.stop());
    const origin = `http://127.0.0.1:${port}`;
    const t0 = Date.now();
    await waitUntilAnswers(`${origin}/healthz`, toi, BOOT_TIMEOUT_MS);
    console.log(`== toi: listening on ${origin} (ready in ${Date.now() - t0} ms)`);

    // --- measurements ---
    const cannon = (url, headers) => measure(autocannon, url, headers);
    const ctx = {
      origin,
      cannon,
      /** Fetches `path` once (must be 200), then measures it and a bare server returning its bytes. */
      async compareWithBare(pathname, headers = {}) {
        const url = origin + pathname;
        const res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
        const body = Buffer.from(await res.arrayBuffer());
        if (res.status !== 200) throw new Error(`GET ${pathname} answered ${res.status}, expected 200`);
        const contentType = res.headers.get("content-type") ?? "application/octet-stream";
        console.log(`== GET ${pathname}: ${res.status}, ${body.length} bytes, ${contentType}`);
        if (body.includes(0)) console.warn(`   warning: the response contains NUL bytes`);

        const bare = await startBareServer(body, contentType);
        try {
          const check = await fetch(bare.url, { signal: AbortSignal.timeout(10_000) });
          const same = Buffer.from(await check.arrayBuffer());
          if (!same.equals(body) || check.headers.get("content-type") !== contentType)
            throw new Error("the bare server does not return the same bytes");
          console.log(`   measuring Toi ${pathname} …`);
          const app = await cannon(url, headers);
          console.log(`   measuring bare node:http, same bytes …`);
          const bareResult = await cannon(bare.url, headers);
          return { app, bare: bareResult };
        } finally {
          await bare.stop();
        }
      },
    };

    const entries = [];
    for (const measurement of MEASUREMENTS) entries.push(...(await measurement(ctx)));

    printTable(entries);
    writeResults(entries);
    const missed = entries.filter(missesLimit);
    if (missed.length) {
      for (const e of missed)
        console.error(`FAIL ${e.name}: ${e.value} ${e.unit} ${e.unit === "ms" ? ">" : "<"} limit ${e.limit} ${e.unit}`);
      exitCode = 1;
    } else {
      console.log("All measurements within their limits.");
    }
  } catch (err) {
    console.error(`\nbench failed: ${err?.stack ?? err}`);
    exitCode = 1;
  } finally {
    await cleanup();
  }
  process.exit(exitCode);
}

/** Warm-up, then the measured run. Fails on errors, timeouts or non-2xx answers. */
async function measure(autocannon, url, headers) {
  const opts = { url, headers, connections: CONNECTIONS, pipelining: 1, timeout: 10 };
  await autocannonRun(autocannon, { ...opts, duration: WARMUP_SECONDS });
  const r = await autocannonRun(autocannon, { ...opts, duration: DURATION_SECONDS });
  if (r.errors || r.timeouts || r.non2xx)
    throw new Error(`${url}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx responses`);
  return {
    rps: r.requests.average,
    p99: r.latency.p99,
    p50: r.latency.p50,
    total: r.requests.total,
  };
}

function autocannonRun(autocannon, opts) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    // Bounded even if something stalls: autocannon stops itself after `duration`; this is a backstop.
    const backstop = setTimeout(() => instance.stop(), (opts.duration + 30) * 1000);
    instance.on("done", () => clearTimeout(backstop));
  });
}

// ---------------------------------------------------------------------------------------------------
// Child processes
// ---------------------------------------------------------------------------------------------------

/** Starts a long-running child; its output is kept (last lines shown on failure). */
function startChild(label, command, args, options) {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  const tail = [];
  const keep = (chunk) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) tail.push(line);
    if (tail.length > 40) tail.splice(0, tail.length - 40);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = false;
  const exit = new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  return {
    child,
    exit,
    get exited() {
      return exited;
    },
    tail: () => tail.join("\n"),
    async stop() {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => !exited && child.kill("SIGKILL"), 10_000);
      await exit;
      clearTimeout(timer);
    },
    label,
  };
}

async function startBareServer(body, contentType) {
  const child = fork(fileURLToPath(import.meta.url), ["--bare-server"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the bare server did not start within 10 s")), 10_000);
      child.once("message", (msg) => {
        clearTimeout(timer);
        resolve(msg.port);
      });
      child.once("exit", (code) => reject(new Error(`the bare server exited (${code})`)));
      child.send({ body: body.toString("base64"), contentType });
    });
    return { url: `http://127.0.0.1:${port}/`, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function waitUntilAnswers(url, proc, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exited) throw new Error(`${proc.label} exited before answering:\n${proc.tail()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${proc.label} did not answer ${url} within ${timeoutMs / 1000} s:\n${proc.tail()}`);
}

/** Runs a command to completion (bounded); rejects on a non-zero exit, showing its output. */
function run(command, args, { cwd, timeoutMs, quiet }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", quiet ? "pipe" : "inherit", quiet ? "pipe" : "inherit"] });
    let output = "";
    child.stdout?.on("data", (c) => (output += c));
    child.stderr?.on("data", (c) => (output += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? code}):\n${output.slice(-4000)}`));
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------

function missesLimit(e) {
  if (e.limit == null) return false;
  if (e.unit === "ms") return e.value > e.limit;
  return e.value < e.limit;
}

function printTable(entries) {
  const rows = [
    ["measurement", "value", "unit", "limit", "ratio", ""],
    ...entries.map((e) => [
      e.name,
      String(e.value),
      e.unit,
      e.limit == null ? "-" : String(e.limit),
      e.ratio == null ? "-" : String(e.ratio),
      e.limit == null ? "" : missesLimit(e) ? "FAIL" : "ok",
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(
    `\nautocannon: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${DURATION_SECONDS} s per target, 127.0.0.1\n`,
  );
  console.log(line(rows[0]));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows.slice(1)) console.log(line(r));
  console.log("");
}

/** Our entries first (measurement order), then any other names already in the file, untouched. */
function writeResults(entries) {
  let existing = [];
  try {
    const parsed = JSON.parse(fs.readFileSync(RESULTS_FILE, "utf8"));
    if (Array.isArray(parsed)) existing = parsed;
  } catch (err) {
    if (err.code !== "ENOENT") console.warn(`results.json unreadable (${err.message}); rewriting it`);
  }
  const ours = new Set(entries.map((e) => e.name));
  const merged = [...entries, ...existing.filter((e) => e && !ours.has(e.name))];
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(merged, null, 2) + "\n");
  console.log(`wrote ${path.relative(ROOT, RESULTS_FILE)} (${merged.length} entries)`);
}

// ---------------------------------------------------------------------------------------------------

function round(x, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function positiveNumber(raw, fallback) {
  const n = Number(raw);
  return raw && Number.isFinite(n) && n > 0 ? n : fallback;
}

function redact(url) {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
