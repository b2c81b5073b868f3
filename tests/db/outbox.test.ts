import type { AddressInfo } from "node:net";

import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

import type { DB } from "~/.server/platform/db.server";
import {
  deliverDueEmails,
  enqueueEmail,
  HIDDEN_TOKEN,
  listOutbox,
  MAX_ATTEMPTS,
  retryDelayMs,
} from "~/.server/platform/email/outbox.server";
import {
  logTransport,
  type MailTransport,
  type OutgoingEmail,
  smtpTransport,
} from "~/.server/platform/email/transport.server";
import { startEmailWorker } from "~/.server/platform/email/worker.server";

import { engines, useTestDb } from "../setup/db";
import { insertUser } from "./factories";

const MINUTE = 60_000;
const verifyParams = (token = "tok123") => ({
  name: "Айгерім",
  url: `https://toi.example.kz/verify-email?token=${token}`,
});

/** A transport that records what it is given, optionally failing or taking its time. */
function recordingTransport({ fail, delayMs = 0 }: { fail?: string; delayMs?: number } = {}) {
  const sent: OutgoingEmail[] = [];
  const transport: MailTransport = {
    kind: "log",
    async send(message) {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (fail) throw new Error(fail);
      sent.push(message);
    },
    close() {},
  };
  return { transport, sent };
}

async function outboxRow(db: DB, id: number) {
  return db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

describe.each(engines)("the email outbox on %s", (engine) => {
  const t = useTestDb(engine);

  beforeEach(async () => {
    await t.db.deleteFrom("outbox").execute();
  });

  test("a message queued in a transaction that rolls back leaves nothing behind", async () => {
    const user = await insertUser(t.db);
    await expect(
      t.db.transaction().execute(async (tx) => {
        await enqueueEmail(tx, {
          to: user.email,
          locale: "kk",
          template: "verify_email",
          params: verifyParams(),
          userId: user.id,
        });
        throw new Error("the sign-up failed after queueing its email");
      }),
    ).rejects.toThrow("the sign-up failed");
    expect(await t.db.selectFrom("outbox").selectAll().execute()).toEqual([]);
  });

  test("a message queued in a committed transaction is pending and due at once", async () => {
    const user = await insertUser(t.db);
    const id = await t.db.transaction().execute((tx) =>
      enqueueEmail(tx, {
        to: user.email,
        locale: "ru",
        template: "verify_email",
        params: verifyParams(),
        userId: user.id,
      }),
    );
    const row = await outboxRow(t.db, id);
    expect(row).toMatchObject({
      status: "pending",
      attempts: 0,
      locale: "ru",
      template: "verify_email",
      user_id: user.id,
      sent_at: null,
    });
    expect(row.params).toEqual(verifyParams());
    expect(row.next_attempt_at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  test("enqueueEmail refuses parameters its template cannot use", async () => {
    await expect(
      enqueueEmail(t.db, {
        to: "a@example.kz",
        locale: "en",
        template: "reset_password",
        params: { name: "A", url: "/relative" },
      }),
    ).rejects.toThrow(/url/);
    await expect(
      enqueueEmail(t.db, { to: "not an address", locale: "en", template: "reset_password", params: verifyParams() }),
    ).rejects.toThrow();
  });

  test("delivery sends the rendered message in the recipient's language and marks it sent", async () => {
    const id = await enqueueEmail(t.db, {
      to: "aigerim@example.kz",
      locale: "kk",
      template: "verify_email",
      params: verifyParams(),
    });
    const { transport, sent } = recordingTransport();
    const now = new Date(Date.now() + 1000);
    expect(await deliverDueEmails(t.db, transport, { now })).toMatchObject({
      claimed: 1,
      sent: 1,
      retrying: 0,
      failed: 0,
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: "aigerim@example.kz", template: "verify_email", locale: "kk" });
    expect(sent[0]!.subject).toMatch(/растаңыз/);
    expect(sent[0]!.text).toContain(verifyParams().url);
    expect(await outboxRow(t.db, id)).toMatchObject({ status: "sent", attempts: 1, sent_at: now, last_error: null });
    expect(await deliverDueEmails(t.db, transport, { now: new Date(now.getTime() + 10 * MINUTE) })).toMatchObject({
      claimed: 0,
    });
    expect(sent).toHaveLength(1);
  });

  test("a message is not sent before its time", async () => {
    const id = await enqueueEmail(t.db, {
      to: "a@example.kz",
      locale: "en",
      template: "verify_email",
      params: verifyParams(),
    });
    await t.db
      .updateTable("outbox")
      .set({ next_attempt_at: new Date(Date.now() + 5 * MINUTE) })
      .where("id", "=", id)
      .execute();
    const { transport, sent } = recordingTransport();
    expect(await deliverDueEmails(t.db, transport)).toMatchObject({ claimed: 0 });
    expect(sent).toEqual([]);
  });

  test("a failing transport retries after 1, 2, 4 … minutes, at most an hour apart, and gives up after 8 attempts", async () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((a) => retryDelayMs(a) / MINUTE)).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
    const id = await enqueueEmail(t.db, {
      to: "a@example.kz",
      locale: "en",
      template: "reset_password",
      params: verifyParams(),
    });
    const { transport } = recordingTransport({ fail: "421 mail server busy" });
    let now = new Date(Date.now() + 1000);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await deliverDueEmails(t.db, transport, { now })).toMatchObject({ claimed: 1, retrying: 1 });
      const row = await outboxRow(t.db, id);
      expect(row).toMatchObject({ status: "pending", attempts: attempt, last_error: "421 mail server busy" });
      expect(row.next_attempt_at.getTime() - now.getTime()).toBe(retryDelayMs(attempt));
      // Not due a moment before the back-off ends, due when it does.
      expect(
        await deliverDueEmails(t.db, transport, { now: new Date(row.next_attempt_at.getTime() - 1000) }),
      ).toMatchObject({ claimed: 0 });
      now = row.next_attempt_at;
    }
    expect(await deliverDueEmails(t.db, transport, { now })).toMatchObject({ claimed: 1, failed: 1 });
    expect(await outboxRow(t.db, id)).toMatchObject({
      status: "failed",
      attempts: MAX_ATTEMPTS,
      last_error: "421 mail server busy",
      sent_at: null,
    });
    expect(await deliverDueEmails(t.db, transport, { now: new Date(now.getTime() + 24 * 60 * MINUTE) })).toMatchObject({
      claimed: 0,
    });
  });

  test("a message that cannot be rendered fails at once instead of retrying", async () => {
    const { id } = await t.db
      .insertInto("outbox")
      .values({ to_email: "a@example.kz", locale: "en", template: "no_such_template", params: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { transport, sent } = recordingTransport();
    expect(await deliverDueEmails(t.db, transport, { now: new Date(Date.now() + 1000) })).toMatchObject({ failed: 1 });
    expect(sent).toEqual([]);
    expect(await outboxRow(t.db, id)).toMatchObject({
      status: "failed",
      last_error: expect.stringMatching(/Unknown email template/),
    });
  });

  test("two senders running at once never send one message twice", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 24; i++) {
      ids.push(
        await enqueueEmail(t.db, {
          to: `p${i}@example.kz`,
          locale: "ru",
          template: "verify_email",
          params: verifyParams(`t${i}`),
        }),
      );
    }
    const { transport, sent } = recordingTransport({ delayMs: 5 });
    const now = new Date(Date.now() + 1000);
    const drain = async () => {
      while ((await deliverDueEmails(t.db, transport, { now, batch: 5 })).claimed > 0);
    };
    await Promise.all([drain(), drain()]);
    expect(sent.map((m) => m.to).sort()).toEqual(ids.map((_, i) => `p${i}@example.kz`).sort());
    const rows = await t.db.selectFrom("outbox").select(["status", "attempts"]).execute();
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  test("deleting a user keeps their messages without the link to the account", async () => {
    const user = await insertUser(t.db);
    const id = await enqueueEmail(t.db, {
      to: user.email,
      locale: "en",
      template: "verify_email",
      params: verifyParams(),
      userId: user.id,
    });
    await t.db.deleteFrom("users").where("id", "=", user.id).execute();
    expect(await outboxRow(t.db, id)).toMatchObject({ user_id: null, to_email: user.email });
  });

  test("the outbox page lists the newest first, filters by status and hides bodies when told to", async () => {
    const first = await enqueueEmail(t.db, {
      to: "a@example.kz",
      locale: "kk",
      template: "verify_email",
      params: verifyParams("one"),
    });
    await deliverDueEmails(t.db, recordingTransport().transport, { now: new Date(Date.now() + 1000) });
    const second = await enqueueEmail(t.db, {
      to: "b@example.kz",
      locale: "en",
      template: "invite",
      params: {
        name: "",
        inviterName: "admin@example.kz",
        url: "https://toi.example.kz/set-password?token=two",
        role: "organiser",
      },
    });
    const all = await listOutbox(t.db, { withBodies: true, showTokens: true });
    expect(all.map((m) => m.id)).toEqual([second, first]);
    expect(all[0]).toMatchObject({ status: "pending", subject: "admin@example.kz invites you to Toi" });
    expect(all[0]!.text).toContain("https://toi.example.kz/set-password?token=two");
    expect(all[1]).toMatchObject({ status: "sent", nextAttemptAt: null });
    expect((await listOutbox(t.db, { status: "sent", withBodies: true, showTokens: true })).map((m) => m.id)).toEqual([
      first,
    ]);
    const hidden = await listOutbox(t.db, { withBodies: false, showTokens: true });
    expect(hidden.every((m) => m.text === null && m.subject)).toBe(true);
  });

  test("outside development the outbox page masks single-use tokens, and the message is still sent with them", async () => {
    const secret = "s3cr3t-Token_value";
    const id = await enqueueEmail(t.db, {
      to: "guardian@example.kz",
      locale: "ru",
      template: "reset_password",
      params: { name: "Айгерім", url: `https://toi.example.kz/set-password?token=${secret}` },
    });
    const storedBefore = await outboxRow(t.db, id);

    const [masked] = await listOutbox(t.db, { withBodies: true, showTokens: false });
    expect(JSON.stringify(masked)).not.toContain(secret);
    expect(masked!.text).toContain(`https://toi.example.kz/set-password?token=${HIDDEN_TOKEN}`);
    expect(masked!.links).toEqual([]);

    const [visible] = await listOutbox(t.db, { withBodies: true, showTokens: true });
    expect(visible!.text).toContain(`https://toi.example.kz/set-password?token=${secret}`);
    expect(visible!.links).toEqual([`https://toi.example.kz/set-password?token=${secret}`]);

    expect(await outboxRow(t.db, id)).toEqual(storedBefore);
    const { transport, sent } = recordingTransport();
    await deliverDueEmails(t.db, transport, { now: new Date(Date.now() + 1000) });
    expect(sent[0]!.text).toContain(`token=${secret}`);
    expect(sent[0]!.html).toContain(`token=${secret}`);
  });

  test("links to a family's own entry pages stay text on the outbox page; others can be opened", async () => {
    const facts = {
      name: "Айгерім",
      childNames: "Dias",
      event: "Shabyt",
      nomination: "Vocal",
      reference: "SH27-7K3M9Q",
    };
    await enqueueEmail(t.db, {
      to: "family@example.kz",
      locale: "en",
      template: "entry_advanced",
      params: { ...facts, round: "Final", url: "https://toi.example.kz/entries/SH27-7K3M9Q" },
    });
    await enqueueEmail(t.db, {
      to: "family@example.kz",
      locale: "en",
      template: "entry_confirmed",
      params: { ...facts, url: "https://toi.example.kz/entries" },
    });
    await enqueueEmail(t.db, {
      to: "family@example.kz",
      locale: "en",
      template: "results_published",
      params: {
        name: "Айгерім",
        event: "Shabyt",
        section: "Vocal, 7–10",
        outcomes: "Dias: Laureate I.",
        url: "https://toi.example.kz/events/shabyt/results",
      },
    });
    const [results, confirmed, advanced] = await listOutbox(t.db, { withBodies: true, showTokens: false });
    expect(advanced!.text).toContain("https://toi.example.kz/entries/SH27-7K3M9Q");
    expect(advanced!.links).toEqual([]);
    expect(confirmed!.text).toContain("https://toi.example.kz/entries");
    expect(confirmed!.links).toEqual([]);
    expect(results!.links).toEqual(["https://toi.example.kz/events/shabyt/results"]);
  });

  test("the background worker delivers without ever running twice at once, and stop() waits for it", async () => {
    for (let i = 0; i < 5; i++)
      await enqueueEmail(t.db, {
        to: `w${i}@example.kz`,
        locale: "en",
        template: "verify_email",
        params: verifyParams(),
      });
    let inFlight = 0;
    let mostAtOnce = 0;
    const sent: string[] = [];
    const slow: MailTransport = {
      kind: "log",
      async send(message) {
        mostAtOnce = Math.max(mostAtOnce, ++inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
        sent.push(message.to);
      },
      close() {},
    };
    // A 1 ms interval and a 2-message batch: overlapping runs would claim different rows and send side by side.
    const worker = startEmailWorker(t.db, slow, { intervalMs: 1, batch: 2 });
    for (let i = 0; i < 200 && sent.length < 5; i++) await new Promise((r) => setTimeout(r, 10));
    await worker.stop();
    expect(inFlight).toBe(0);
    expect(sent.sort()).toEqual(["w0@example.kz", "w1@example.kz", "w2@example.kz", "w3@example.kz", "w4@example.kz"]);
    expect(mostAtOnce).toBe(1);
  });

  test("the worker runs its scheduled work at most once per period, first, and a failure in it does not stop delivery", async () => {
    await enqueueEmail(t.db, { to: "s@example.kz", locale: "en", template: "verify_email", params: verifyParams() });
    const { transport, sent } = recordingTransport();
    const runs: string[] = [];
    const errors: string[] = [];
    const worker = startEmailWorker(t.db, transport, {
      intervalMs: 1,
      scheduled: [
        {
          name: "digest",
          everyMs: 60_000,
          run: async () => {
            runs.push("digest");
            // Queued by the task, sent in the same run.
            await enqueueEmail(t.db, {
              to: "d@example.kz",
              locale: "en",
              template: "verify_email",
              params: verifyParams(),
            });
          },
        },
        {
          name: "broken",
          everyMs: 60_000,
          run: async () => {
            throw new Error("no database");
          },
        },
      ],
      logError: (m) => errors.push(m),
    });
    for (let i = 0; i < 200 && sent.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 5));
    await worker.stop();
    expect(sent.map((m) => m.to).sort()).toEqual(["d@example.kz", "s@example.kz"]);
    expect(runs).toEqual(["digest"]);
    expect(errors).toEqual(["Email outbox: broken failed, will try again."]);
  });

  test("the log transport prints the whole message in development and no link in production", async () => {
    const message = {
      to: "a@example.kz",
      template: "verify_email",
      locale: "en" as const,
      subject: "Confirm",
      text: `Open ${verifyParams().url}`,
      html: "",
    };
    const lines: string[] = [];
    await logTransport({ verbose: true, write: (l) => lines.push(l) }).send(message);
    await logTransport({ verbose: false, write: (l) => lines.push(l) }).send(message);
    expect(lines[0]).toContain(verifyParams().url);
    expect(lines[1]).toContain("a@example.kz");
    expect(lines[1]).toContain("verify_email");
    expect(lines[1]).toContain("Confirm");
    expect(lines[1]).not.toContain("token");
  });
});

describe.each(engines)("sending over SMTP on %s", (engine) => {
  const t = useTestDb(engine);
  let server: SMTPServer;
  let port: number;
  let received: ParsedMail[];

  beforeEach(async () => {
    received = [];
    server = new SMTPServer({
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream).then(
          (mail) => {
            received.push(mail);
            callback();
          },
          (err: Error) => callback(err),
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test("a Kazakh message arrives through nodemailer with its subject, text and HTML intact", async () => {
    const name = "<b>Әсел</b>";
    await enqueueEmail(t.db, {
      to: "asel@example.kz",
      locale: "kk",
      template: "verify_email",
      params: { name, url: verifyParams().url },
    });
    const transport = smtpTransport({
      url: `smtp://127.0.0.1:${port}`,
      from: "Той <no-reply@toi.example.kz>",
      smtp: { ignoreTLS: true },
    });
    try {
      expect(await deliverDueEmails(t.db, transport, { now: new Date(Date.now() + 1000) })).toMatchObject({ sent: 1 });
    } finally {
      transport.close();
    }
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.subject).toBe("«Той»: электрондық поштаңызды растаңыз");
    expect(mail.from?.text).toContain("Той");
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : "").toBe("asel@example.kz");
    expect(mail.text).toContain("Сәлеметсіз бе, <b>Әсел</b>!");
    expect(mail.text).toContain(verifyParams().url);
    expect(mail.html || "").toContain("&lt;b&gt;Әсел&lt;/b&gt;");
    expect(mail.html || "").toContain(verifyParams().url);
    expect(mail.headers.get("auto-submitted")).toBe("auto-generated");
    expect(mail.headers.get("x-auto-response-suppress")).toBe("All");
  });

  test("a refused message stays pending with the server's answer as its error", async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server = new SMTPServer({
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error("Mailbox is full"), { responseCode: 452 }));
      },
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    await t.db.deleteFrom("outbox").execute();
    const id = await enqueueEmail(t.db, {
      to: "full@example.kz",
      locale: "ru",
      template: "reset_password",
      params: verifyParams(),
    });
    const transport = smtpTransport({
      url: `smtp://127.0.0.1:${port}`,
      from: "Toi <no-reply@toi.example.kz>",
      smtp: { ignoreTLS: true },
    });
    try {
      expect(await deliverDueEmails(t.db, transport, { now: new Date(Date.now() + 1000) })).toMatchObject({
        retrying: 1,
      });
    } finally {
      transport.close();
    }
    expect(await outboxRow(t.db, id)).toMatchObject({
      status: "pending",
      attempts: 1,
      last_error: expect.stringMatching(/Mailbox is full/),
    });
  });
});
