/**
 * Two Toi processes on one PostgreSQL database and one S3 bucket, as behind a load balancer (one
 * PUBLIC_URL, each request to either): a session, an upload and a publication made through one are
 * seen by the other, and registrations racing across both never overbook. The production build is
 * the one the e2e global setup made. Runs where TEST_DATABASE_URL names a real server (CI does).
 */
import { type ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import pg from "pg";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { hashPassword } from "~/.server/accounts/password.server";
import { setEventStatus } from "~/.server/events/events.server";
import { type DB, openDatabase } from "~/.server/platform/db.server";
import { bucketStore } from "~/.server/platform/uploads/store.server";

import { family } from "../db/entry-fixtures";
import { ageGroupForm, asActor, createEventWithParts, grantRole, insertUser, nominationForm } from "../db/factories";
import { databaseUrl, runDatabaseName } from "../setup/db";
import { freePort } from "../setup/free-port";
import { startS3Server, type TestS3Server } from "../setup/s3-server";

const serverUrl = process.env.TEST_DATABASE_URL;
const DATABASE = runDatabaseName("instances");
/** The one address people use; the load balancer in front sends each request to either instance. */
const PUBLIC_URL = "http://toi.test";
/** What the load balancer adds to a browser's form post (the instances trust it: TRUST_PROXY=1). */
const VIA_PROXY = { Origin: PUBLIC_URL, "X-Forwarded-Host": "toi.test", "X-Forwarded-Proto": "http" };
const PASSWORD = "a long family passphrase";
const PLACES = 10;
const RACERS = 40;

interface Instance {
  base: string;
  uploadDir: string;
  child: ChildProcess;
  output: () => string;
}

async function startInstance(s3: TestS3Server, name: string): Promise<Instance> {
  const port = await freePort();
  const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), `toi-${name}-uploads-`));
  let output = "";
  const child = spawn(process.execPath, ["server.mjs"], {
    env: {
      ...process.env,
      ...s3.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl(DATABASE),
      // The folder each would use without the bucket: it must stay empty.
      UPLOAD_DIR: uploadDir,
      SEED_DEMO: "0",
      EMAIL_WORKER: "0",
      NODE_ENV: "production",
      PUBLIC_URL,
      TRUST_PROXY: "1",
      SESSION_SECRETS: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Toi ${name} exited:\n${output}`);
    const up = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { base, uploadDir, child, output: () => output };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Toi ${name} did not start:\n${output}`);
}

async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null) return;
  const exited = new Promise((r) => instance.child.once("exit", r));
  instance.child.kill("SIGTERM");
  await exited;
  fs.rmSync(instance.uploadDir, { recursive: true, force: true });
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String);
}

describe.skipIf(!serverUrl)("two Toi instances sharing PostgreSQL and an S3 bucket", () => {
  let s3: TestS3Server;
  let a: Instance;
  let b: Instance;
  let db: DB;
  let closeDb: () => Promise<void>;
  let event: { id: number; slug: string; vocalId: number; artId: number };

  /** Signs in on `instance` and answers the session cookie. */
  async function signIn(instance: Instance, email: string): Promise<string> {
    const res = await fetch(`${instance.base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...VIA_PROXY },
      body: new URLSearchParams({ email, password: PASSWORD, redirectTo: "/account" }),
    });
    expect(res.status, `${await res.text()}\n${instance.output().slice(-3000)}`).toBe(302);
    const cookie = res.headers.get("set-cookie")?.split(";")[0];
    expect(cookie).toMatch(/^toi_session=/);
    return cookie!;
  }

  async function familyWithPassword() {
    const fam = await family(db);
    await db
      .updateTable("users")
      .set({ password_hash: await passwordHash, email_verified_at: new Date() })
      .where("id", "=", fam.submitter.userId)
      .execute();
    return fam;
  }

  function entryPost(instance: Instance, cookie: string, nominationId: number, childId: number, artwork?: Buffer) {
    const form = new FormData();
    form.set("nominationId", String(nominationId));
    form.set("format", "solo");
    form.set(`members.child${childId}`, "on");
    form.set("title", "Көктем");
    form.set("idempotencyKey", crypto.randomBytes(12).toString("hex"));
    if (artwork) form.set("artwork", new File([new Uint8Array(artwork)], "dala.jpg", { type: "image/jpeg" }));
    else {
      form.set("durationMinutes", "3");
      form.set("durationSeconds", "0");
    }
    return fetch(`${instance.base}/events/${event.slug}/enter`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, ...VIA_PROXY },
      body: form,
    });
  }

  let passwordHash: Promise<string>;

  beforeAll(async () => {
    passwordHash = hashPassword(PASSWORD);
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    await admin.end();
    s3 = await startS3Server();
    // The first migrates the empty database; the second then finds it ready.
    a = await startInstance(s3, "a");
    b = await startInstance(s3, "b");
    const opened = await openDatabase({ databaseUrl: databaseUrl(DATABASE), poolMax: 4 });
    db = opened.db;
    closeDb = opened.close;

    const organiser = await insertUser(db, { email: "organiser@toi.test", passwordHash: await passwordHash });
    await db.updateTable("users").set({ email_verified_at: new Date() }).where("id", "=", organiser.id).execute();
    await grantRole(db, organiser.id, "admin");
    const created = await createEventWithParts(db, organiser.id, {
      titleEn: "Two Cities Festival",
      titleRu: "Фестиваль двух городов",
      startsOn: "2027-03-01",
      endsOn: "2027-03-02",
      registrationOpensAt: "2026-01-01T09:00",
      registrationClosesAt: "2027-02-01T18:00",
      nominations: [
        nominationForm({
          nameEn: "Vocal",
          capacity: String(PLACES),
          maxDurationMinutes: "4",
          formats: { solo: [1, 1] },
        }),
        nominationForm({ nameEn: "Painting", entryKind: "artwork", discipline: "fine_art", formats: { solo: [1, 1] } }),
      ],
      ageGroups: [ageGroupForm(7, 10), ageGroupForm(11, 14)],
    });
    await setEventStatus(db, created.id, "published", asActor(organiser.id));
    const { slug } = await db
      .selectFrom("events")
      .select("slug")
      .where("id", "=", created.id)
      .executeTakeFirstOrThrow();
    event = { id: created.id, slug, vocalId: created.nominations[0]!.id, artId: created.nominations[1]!.id };
  }, 150_000);

  afterAll(async () => {
    await Promise.all([stopInstance(a), stopInstance(b)]);
    await closeDb?.();
    await s3?.close();
  });

  test("a session started on one is valid on the other, and ending it there ends it on both", async () => {
    const fam = await familyWithPassword();
    const cookie = await signIn(a, fam.submitter.email);
    const onB = await fetch(`${b.base}/account`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(onB.status).toBe(200);
    expect(await onB.text()).toContain(fam.submitter.email);
    expect((await fetch(`${b.base}/account`, { redirect: "manual" })).status).toBe(302);

    const out = await fetch(`${b.base}/logout`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, ...VIA_PROXY },
    });
    expect(out.status).toBe(302);
    const onA = await fetch(`${a.base}/account`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(onA.status).toBe(302);
    expect(onA.headers.get("location")).toMatch(/^\/login/);
  });

  test("an artwork uploaded through one is served by the other, to its family only, from the bucket", async () => {
    const fam = await familyWithPassword();
    const cookie = await signIn(a, fam.submitter.email);
    const drawing = await sharp({ create: { width: 900, height: 600, channels: 3, background: "#2a6" } })
      .jpeg()
      .toBuffer();
    const posted = await entryPost(a, cookie, event.artId, fam.childIds[0]!, drawing);
    expect(posted.status, await posted.text()).toBe(302);
    const reference = /^\/entries\/([^/?]+)/.exec(posted.headers.get("location") ?? "")?.[1];
    expect(reference).toBeTruthy();

    const original = await fetch(`${b.base}/entries/${reference}/artwork`, { headers: { Cookie: cookie } });
    expect(original.status).toBe(200);
    expect(original.headers.get("content-type")).toBe("image/jpeg");
    const metadata = await sharp(Buffer.from(await original.arrayBuffer())).metadata();
    expect([metadata.width, metadata.height]).toEqual([900, 600]);

    // B makes the thumbnail and keeps it in the bucket; A then serves the very same bytes.
    const thumbOnB = await fetch(`${b.base}/entries/${reference}/artwork?w=320`, { headers: { Cookie: cookie } });
    expect(thumbOnB.headers.get("content-type")).toBe("image/webp");
    const thumbOnA = await fetch(`${a.base}/entries/${reference}/artwork?w=320`, { headers: { Cookie: cookie } });
    expect(Buffer.from(await thumbOnA.arrayBuffer())).toEqual(Buffer.from(await thumbOnB.arrayBuffer()));

    // The access check still stands in front of the bucket.
    expect((await fetch(`${b.base}/entries/${reference}/artwork`, { redirect: "manual" })).status).toBe(302);
    const stranger = await signIn(b, (await familyWithPassword()).submitter.email);
    expect((await fetch(`${b.base}/entries/${reference}/artwork`, { headers: { Cookie: stranger } })).status).toBe(404);

    const { artwork_file } = await db
      .selectFrom("entries")
      .select("artwork_file")
      .where("reference", "=", reference!)
      .executeTakeFirstOrThrow();
    const bucket = bucketStore(s3.settings);
    expect(await bucket.list("artworks/")).toEqual(
      expect.arrayContaining([artwork_file, artwork_file!.replace(/\.jpg$/, ".w320.webp")]),
    );
    expect([...filesUnder(a.uploadDir), ...filesUnder(b.uploadDir)]).toEqual([]);
  });

  test("publishing or unpublishing through one reaches the other's public pages on the next request", async () => {
    const read = async (instance: Instance, pathname: string) => {
      const res = await fetch(`${instance.base}${pathname}`, {
        headers: { "Accept-Language": "en" },
        redirect: "manual",
      });
      return { status: res.status, cache: res.headers.get("x-toi-cache"), html: await res.text() };
    };
    const link = `href="/events/${event.slug}"`;
    // B's cache holds the home page and the event page with the event in them.
    await read(b, "/");
    await read(b, `/events/${event.slug}`);
    expect(await read(b, "/")).toMatchObject({ status: 200, cache: "hit" });
    expect((await read(b, "/")).html).toContain(link);
    expect((await read(b, `/events/${event.slug}`)).cache).toBe("hit");

    const organiser = await signIn(a, "organiser@toi.test");
    const change = (intent: "publish" | "unpublish") =>
      fetch(`${a.base}/organiser/events/${event.id}`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...VIA_PROXY, Cookie: organiser },
        body: new URLSearchParams({ intent }),
      });
    expect((await change("unpublish")).status).toBe(302);
    const home = await read(b, "/");
    expect(home.html).not.toContain(link);
    expect((await read(b, `/events/${event.slug}`)).status).toBe(404);

    expect((await change("publish")).status).toBe(302);
    expect((await read(b, "/")).html).toContain(link);
    const page = await read(b, `/events/${event.slug}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Two Cities Festival");
  });

  test("with their LISTEN connections cut (as by a database restart), no instance shows a stale page, and hits come back", async () => {
    const read = async (instance: Instance, pathname: string) => {
      const res = await fetch(`${instance.base}${pathname}`, { headers: { "Accept-Language": "en" } });
      return { status: res.status, cache: res.headers.get("x-toi-cache"), html: await res.text() };
    };
    const link = `href="/events/${event.slug}"`;
    await read(b, "/");
    expect(await read(b, "/")).toMatchObject({ cache: "hit" });
    const organiser = await signIn(a, "organiser@toi.test");
    const change = (intent: "publish" | "unpublish") =>
      fetch(`${a.base}/organiser/events/${event.id}`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...VIA_PROXY, Cookie: organiser },
        body: new URLSearchParams({ intent }),
      });
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = 'toi_public_changes'",
        [DATABASE],
      );
      expect(rowCount).toBe(2);
    } finally {
      await admin.end();
    }
    // Whether B has heard the loss, reconnected or not yet: never the page from before the change.
    expect((await change("unpublish")).status).toBe(302);
    expect((await read(b, "/")).html).not.toContain(link);
    expect((await change("publish")).status).toBe(302);
    expect((await read(b, "/")).html).toContain(link);
    await expect.poll(async () => (await read(b, "/")).cache, { timeout: 15_000 }).toBe("hit");
    expect(b.output()).toMatch(/lost the database's change notifications/);
  });

  test(`${RACERS} registrations racing across both for ${PLACES} places: ${PLACES} confirmed, the rest wait-listed, no error`, async () => {
    const racers = await Promise.all(
      Array.from({ length: RACERS }, async (_, i) => {
        const fam = await familyWithPassword();
        const instance = i % 2 ? b : a;
        return { fam, instance, cookie: await signIn(instance, fam.submitter.email) };
      }),
    );
    // Each posts through the instance it did not sign in on, all at once.
    const started = Date.now();
    const responses = await Promise.all(
      racers.map(({ fam, instance, cookie }) =>
        entryPost(instance === a ? b : a, cookie, event.vocalId, fam.childIds[0]!).then(async (res) => ({
          status: res.status,
          location: res.headers.get("location") ?? "",
          body: res.status === 302 ? "" : await res.text(),
        })),
      ),
    );
    const ms = Date.now() - started;
    expect(
      responses.filter((r) => r.status !== 302 || !r.location.startsWith("/entries/")),
      "every post is answered with its entry",
    ).toEqual([]);

    const statuses = await db
      .selectFrom("entries")
      .select(["status", db.fn.countAll<string>().as("count")])
      .where("nomination_id", "=", event.vocalId)
      .groupBy("status")
      .execute();
    expect(Object.fromEntries(statuses.map((s) => [s.status, Number(s.count)]))).toEqual({
      confirmed: PLACES,
      waitlisted: RACERS - PLACES,
    });
    console.log(`${RACERS} registrations across two instances in ${ms} ms`);
    for (const instance of [a, b]) expect(instance.output()).not.toMatch(/"level":50/);
  });
});
