/**
 * The hostile sweep (issue 11): every route module, reached at a real address found by crawling
 * Toi as a family, a judge, an admin and an anonymous reader, gets bodies of six wrong kinds, each
 * of its own forms with control characters in every field, and addresses with control characters
 * and nonsense in the query. No answer may be a 500, and the refused requests must leave the
 * database and the upload directory as they were. Runs on PGlite, and on PostgreSQL where
 * TEST_DATABASE_URL names a server. The production build is the one the e2e global setup made.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { runDatabaseName } from "../setup/db";
import { freePort } from "../setup/free-port";
import {
  type Answer,
  controlVariants,
  crawl,
  encode,
  get,
  hostileAddresses,
  inParallel,
  type Reader,
  routeModules,
  send,
  signIn,
  wrongBodies,
} from "../setup/hostile-sweep";

const serverUrl = process.env.TEST_DATABASE_URL;
const SWEEP_DB = runDatabaseName("sweep");
/** Tables that change on every request by design: sessions touched, rate counters counted. */
const VOLATILE = new Set(["sessions", "rate_limits", "sign_in_failures"]);

interface Engine {
  name: string;
  env: Record<string, string>;
  uploadDir: string;
  /** Every table's row count and a digest of its rows (volatile tables left out). */
  snapshot(): Promise<Record<string, string>>;
  cleanup(): Promise<void>;
}

type Query = (sql: string) => Promise<{ rows: Record<string, unknown>[] }>;

async function digest(query: Query): Promise<Record<string, string>> {
  const { rows } = await query(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
  );
  const out: Record<string, string> = {};
  for (const { table_name } of rows) {
    const table = String(table_name);
    if (VOLATILE.has(table)) continue;
    const r = await query(
      `select count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as d from "${table}" t`,
    );
    out[table] = String(r.rows[0]!.d);
  }
  return out;
}

function pgliteEngine(): Engine {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "toi-sweep-"));
  const dataDir = path.join(dir, "data");
  return {
    name: "PGlite",
    uploadDir: path.join(dir, "uploads"),
    env: { DATA_DIR: dataDir, DATABASE_URL: "" },
    // The server holds the data directory while it runs: the sweep reads it between runs.
    async snapshot() {
      const db = new PGlite(dataDir);
      try {
        return await digest((sql) => db.query(sql));
      } finally {
        await db.close();
      }
    },
    async cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresEngine(url: string): Promise<Engine> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${SWEEP_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${SWEEP_DB}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${SWEEP_DB}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "toi-sweep-pg-"));
  return {
    name: "PostgreSQL",
    uploadDir: path.join(dir, "uploads"),
    env: { DATABASE_URL: dbUrl.toString() },
    async snapshot() {
      const client = new pg.Client({ connectionString: dbUrl.toString() });
      await client.connect();
      try {
        return await digest((sql) => client.query(sql));
      } finally {
        await client.end();
      }
    },
    async cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
}

class Toi {
  child?: ChildProcess;
  base = "";
  output = "";
  constructor(private readonly engine: Engine) {}

  async start() {
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    this.child = spawn(process.execPath, ["server.mjs"], {
      env: {
        ...process.env,
        ...this.engine.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        UPLOAD_DIR: this.engine.uploadDir,
        SEED_DEMO: "1",
        EMAIL_WORKER: "0",
        NODE_ENV: "production",
        PUBLIC_URL: this.base,
        LOG_LEVEL: "error",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout!.on("data", (d) => (this.output += d));
    this.child.stderr!.on("data", (d) => (this.output += d));
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`Toi exited:\n${this.output}`);
      const ok = await fetch(`${this.base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`Toi did not start:\n${this.output}`);
  }

  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

const engines: (() => Promise<Engine>)[] = [async () => pgliteEngine()];
if (serverUrl) engines.push(() => postgresEngine(serverUrl));

describe.each(engines.map((make, i) => ({ make, i })))("hostile sweep, engine %#", ({ make }) => {
  let engine: Engine;
  let toi: Toi;
  let readers: Reader[];
  let modules: ReturnType<typeof routeModules>;
  let found: Awaited<ReturnType<typeof crawl>>;
  let before: Record<string, string>;
  let uploadsBefore: string[];

  beforeAll(async () => {
    engine = await make();
    toi = new Toi(engine);
    await toi.start();
    readers = [
      await signIn(toi.base, "admin@toi.demo", "toi-admin-demo"),
      await signIn(toi.base, "guardian@toi.demo", "toi-guardian-demo"),
      await signIn(toi.base, "judge@toi.demo", "toi-judge-demo"),
      { who: "anonymous", cookie: "" },
    ];
    modules = routeModules();
    found = await crawl(toi.base, readers, modules);
    if (engine.name === "PGlite") await toi.stop();
    before = await engine.snapshot();
    uploadsBefore = filesUnder(engine.uploadDir);
    if (engine.name === "PGlite") await toi.start();
  }, 300_000);

  afterAll(async () => {
    await toi?.stop();
    await engine?.cleanup();
  });

  test("every route module is reached at a real address", () => {
    const unreached = modules.filter((m) => !found.urls.has(m.module)).map((m) => m.module);
    expect(unreached).toEqual([]);
  });

  test("every page names itself in its title, before the brand", () => {
    const bare: string[] = [];
    for (const pages of found.pages.values())
      for (const page of pages) {
        const parts = page.title.split(" — ");
        // "page — (event —) Той": a name of its own, never a bare brand, never an untranslated key.
        if (parts.length < 2 || parts.some((p) => !p.trim() || /^[a-z]+(\.[a-zA-Z]+)+$/.test(p)))
          bare.push(`${page.url} as ${page.reader.who}: "${page.title}"`);
      }
    expect(bare).toEqual([]);
    expect(found.pages.size).toBeGreaterThan(40);
  });

  test("no 500 from wrong bodies, control characters or nonsense queries; nothing stored", async () => {
    const jobs: (() => Promise<Answer>)[] = [];
    let wrongBodyTargets = 0;
    let controlBodies = 0;
    const [admin] = readers;
    for (const m of modules) {
      for (const url of found.urls.get(m.module) ?? []) {
        for (const address of hostileAddresses(url)) jobs.push(() => get(toi.base, address, admin!, address));
        if (m.hasAction) {
          wrongBodyTargets++;
          for (const v of wrongBodies([["intent", "save"]])) jobs.push(() => send(toi.base, url, admin!, v, url));
        }
      }
    }
    // Each distinct form once per reader: its own fields with control characters, then six wrong bodies.
    const seen = new Set<string>();
    for (const pages of found.pages.values())
      for (const page of pages)
        for (const form of page.forms) {
          const key = `${page.reader.who} ${form.action.replace(/\d+/g, "N")} ${form.fields.map(([k]) => k).join(",")}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const reader = page.reader.cookie ? page.reader : null;
          for (const fields of controlVariants(form.fields)) {
            controlBodies++;
            jobs.push(() => send(toi.base, form.action, reader, encode(fields, form.enctype), form.action));
          }
          wrongBodyTargets++;
          for (const v of wrongBodies(form.fields))
            jobs.push(() => send(toi.base, form.action, reader, v, form.action));
        }
    const answers = await inParallel(jobs, 4);
    const statuses = new Map<number, number>();
    for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    expect(
      answers.filter((a) => a.status >= 500),
      JSON.stringify([...statuses]),
    ).toEqual([]);
    expect(toi.child!.exitCode, toi.output).toBeNull();
    if (engine.name === "PGlite") await toi.stop();
    expect(await engine.snapshot()).toEqual(before);
    expect(filesUnder(engine.uploadDir)).toEqual(uploadsBefore);
    // The sweep's reach on the demo data: every action and about 60 distinct forms (each as its
    // readers see it) get the six wrong bodies, and the forms' fields carry control characters in
    // over a thousand bodies.
    expect(seen.size, "distinct forms swept").toBeGreaterThanOrEqual(50);
    expect(wrongBodyTargets, "form variants given the six wrong bodies").toBeGreaterThanOrEqual(80);
    expect(controlBodies, "forms with control characters").toBeGreaterThanOrEqual(500);
  }, 600_000);
});
