import { spawnSync } from "node:child_process";
import type { AddressInfo } from "node:net";

import { SMTPServer } from "smtp-server";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

import type { DB } from "~/.server/platform/db.server";
import {
  hasOptedOut,
  noticePreferences,
  peekUnsubscribeToken,
  readUnsubscribeToken,
  setNoticeWanted,
  unsubscribeSecret,
  unsubscribeToken,
  unsubscribeWithToken,
} from "~/.server/platform/email/notices.server";
import { deliverDueEmails, enqueueEmail } from "~/.server/platform/email/outbox.server";
import { smtpTransport } from "~/.server/platform/email/transport.server";

import { engines, useTestDb } from "../setup/db";
import { insertUser } from "./factories";

const SITE = "https://toi.example.kz";
const results = (name = "Айгерім") => ({
  name,
  event: "Shabyt 2027",
  section: "Vocal, 7–10",
  url: `${SITE}/events/shabyt-2027/results`,
  blocks: [{ heading: "Dias Akhmetov", lines: ["Dias «Kelinshek»: place 3."] }],
});
const schedule = { name: "Айгерім", event: "Shabyt 2027", url: `${SITE}/events/shabyt-2027/programme`, changes: "x" };
const verify = { name: "Айгерім", url: `${SITE}/verify-email?token=tok123` };

const queued = (db: DB, userId: number) =>
  db.selectFrom("outbox").select("template").where("user_id", "=", userId).orderBy("id").execute();

/** Headers of a raw message as Python's email package reads it, held strict. */
function parseWithPython(raw: Buffer) {
  const run = spawnSync("/usr/bin/python3", ["tests/setup/email-headers.py"], { input: raw });
  if (run.status !== 0) throw new Error(`python3 could not parse the message: ${run.stderr.toString()}`);
  return JSON.parse(run.stdout.toString()) as {
    subject: string;
    autoSubmitted: string | null;
    listUnsubscribe: string | null;
    unsubscribeUris: string[];
    listUnsubscribePost: string | null;
    parts: string[];
  };
}

describe.each(engines)("turning bulk notices off (%s)", (engine) => {
  const t = useTestDb(engine);

  test("an unsubscribe token names its account and kind, and any change to it is refused", async () => {
    const user = await insertUser(t.db);
    const secret = await unsubscribeSecret(t.db);
    expect(await unsubscribeSecret(t.db)).toBe(secret); // one key, shared by every instance
    const token = unsubscribeToken(secret, user.id, "results");
    expect(readUnsubscribeToken(secret, token)).toEqual({ userId: user.id, kind: "results" });
    const [, , signature] = token.split(".");
    for (const forged of [
      `${user.id + 1}.results.${signature}`,
      `${user.id}.schedule.${signature}`,
      `${user.id}.results.${signature!.slice(0, -1)}A`,
      `${user.id}.verify_email.${signature}`,
      `${user.id}.results`,
      "",
    ])
      expect(readUnsubscribeToken(secret, forged), forged).toBeNull();
    expect(readUnsubscribeToken("another deployment's key", token)).toBeNull();
    // A deleted account's link does nothing.
    const gone = await insertUser(t.db);
    const goneToken = unsubscribeToken(secret, gone.id, "results");
    await t.db.deleteFrom("users").where("id", "=", gone.id).execute();
    expect(await peekUnsubscribeToken(t.db, goneToken)).toBeNull();
    expect(await unsubscribeWithToken(t.db, goneToken)).toBeNull();
  });

  test("the link turns off that kind for that account only; it is then not queued, and turned on again it is", async () => {
    const user = await insertUser(t.db);
    const other = await insertUser(t.db);
    const token = unsubscribeToken(await unsubscribeSecret(t.db), user.id, "results");
    expect(await peekUnsubscribeToken(t.db, token)).toEqual({ userId: user.id, kind: "results", optedOut: false });
    expect(await hasOptedOut(t.db, user.id, "results")).toBe(false); // opening the page changes nothing
    expect(await unsubscribeWithToken(t.db, token)).toBe("results");
    expect(await unsubscribeWithToken(t.db, token)).toBe("results"); // twice is the same as once
    expect(await noticePreferences(t.db, user.id)).toEqual({ results: false, schedule: true, club_digest: true });
    expect(await noticePreferences(t.db, other.id)).toEqual({ results: true, schedule: true, club_digest: true });

    const send = async (userId: number) => {
      const to = { to: `u${userId}@example.kz`, locale: "ru" as const, userId };
      return [
        await enqueueEmail(t.db, { ...to, template: "results_published", params: results() }),
        await enqueueEmail(t.db, { ...to, template: "schedule_changed", params: schedule }),
        // Transactional mail cannot be turned off.
        await enqueueEmail(t.db, { ...to, template: "verify_email", params: verify }),
      ];
    };
    const [skipped] = await send(user.id);
    expect(skipped).toBeNull();
    expect((await queued(t.db, user.id)).map((m) => m.template)).toEqual(["schedule_changed", "verify_email"]);
    await send(other.id);
    expect((await queued(t.db, other.id)).map((m) => m.template)).toEqual([
      "results_published",
      "schedule_changed",
      "verify_email",
    ]);

    await setNoticeWanted(t.db, user.id, "results", true);
    expect(await hasOptedOut(t.db, user.id, "results")).toBe(false);
    await send(user.id);
    expect((await queued(t.db, user.id)).map((m) => m.template)).toContain("results_published");
  });

  test("deleting an account deletes its choices", async () => {
    const user = await insertUser(t.db);
    await setNoticeWanted(t.db, user.id, "schedule", false);
    await t.db.deleteFrom("users").where("id", "=", user.id).execute();
    expect(await t.db.selectFrom("email_opt_outs").selectAll().where("user_id", "=", user.id).execute()).toEqual([]);
  });
});

describe.each(engines)("automated-mail headers as a mail program reads them (%s)", (engine) => {
  const t = useTestDb(engine);
  let server: SMTPServer;
  let port: number;
  let received: Buffer[];

  beforeEach(async () => {
    await t.db.deleteFrom("outbox").execute();
    received = [];
    server = new SMTPServer({
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push(Buffer.concat(chunks));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function deliver() {
    const transport = smtpTransport({
      url: `smtp://127.0.0.1:${port}`,
      from: "Той <no-reply@toi.example.kz>",
      smtp: { ignoreTLS: true },
    });
    try {
      return await deliverDueEmails(t.db, transport, { now: new Date(Date.now() + 1000) });
    } finally {
      transport.close();
    }
  }

  test("a bulk notice carries List-Unsubscribe (mailto and one-click https) and List-Unsubscribe-Post; transactional mail does not", async () => {
    const user = await insertUser(t.db);
    await enqueueEmail(t.db, {
      to: "parent@example.kz",
      locale: "kk",
      userId: user.id,
      template: "results_published",
      params: results("Әсел"),
    });
    await enqueueEmail(t.db, {
      to: "parent@example.kz",
      locale: "kk",
      userId: user.id,
      template: "verify_email",
      params: verify,
    });
    expect(await deliver()).toMatchObject({ sent: 2 });
    const [bulk, transactional] = received.map(parseWithPython);

    const token = unsubscribeToken(await unsubscribeSecret(t.db), user.id, "results");
    expect(bulk!.subject).toBe("Нәтижелер жарияланды — Shabyt 2027");
    expect(bulk!.autoSubmitted).toBe("auto-generated");
    expect(bulk!.unsubscribeUris).toEqual([
      `mailto:no-reply@toi.example.kz?subject=unsubscribe%20${token}`,
      `${SITE}/unsubscribe/${token}`,
    ]);
    expect(bulk!.listUnsubscribePost).toBe("List-Unsubscribe=One-Click");
    // RFC 8058: the one-click link is https, and the message is multipart with text and HTML.
    expect(bulk!.unsubscribeUris[1]).toMatch(/^https:\/\//);
    expect(bulk!.parts).toEqual(["multipart/alternative", "text/plain", "text/html"]);

    expect(transactional!.autoSubmitted).toBe("auto-generated");
    expect(transactional!.listUnsubscribe).toBeNull();
    expect(transactional!.listUnsubscribePost).toBeNull();

    // The body names the same link, for clients that do not show the header.
    expect(received[0]!.toString("utf8")).toContain(`${SITE}/unsubscribe/${token}`);
    expect(received[1]!.toString("utf8")).not.toContain("/unsubscribe/");

    // Following the one-click link turns that kind off: the next results email is not even queued.
    const clicked = new URL(bulk!.unsubscribeUris[1]!).pathname.split("/").at(-1)!;
    expect(await unsubscribeWithToken(t.db, clicked)).toBe("results");
    expect(
      await enqueueEmail(t.db, {
        to: "parent@example.kz",
        locale: "kk",
        userId: user.id,
        template: "results_published",
        params: results(),
      }),
    ).toBeNull();
  });

  test("a notice to an address without an account has no unsubscribe link to give", async () => {
    await enqueueEmail(t.db, { to: "nobody@example.kz", locale: "en", template: "schedule_changed", params: schedule });
    expect(await deliver()).toMatchObject({ sent: 1 });
    const mail = parseWithPython(received[0]!);
    expect(mail.autoSubmitted).toBe("auto-generated");
    expect(mail.listUnsubscribe).toBeNull();
  });
});
