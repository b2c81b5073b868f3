import type { OutboxStatus } from "#db/types";
import type { Locale } from "~/domain/locale";

import type { DB } from "../db.server";
import { type BulkTemplate, hasOptedOut, noticeKindOf, unsubscribeSecret, unsubscribeToken } from "./notices.server";
import { type EmailTemplate, type EmailTemplateParams, renderEmail, validateEmailParams } from "./templates.server";
import type { MailTransport, OutgoingEmail } from "./transport.server";

export type { EmailTemplate, EmailTemplateParams } from "./templates.server";

export interface EmailToSend<T extends EmailTemplate = EmailTemplate> {
  to: string;
  locale: Locale;
  template: T;
  params: EmailTemplateParams[T];
  userId?: number | null;
}

/** Templates no one can turn off: a message of one is always queued. */
type TransactionalTemplate = Exclude<EmailTemplate, BulkTemplate>;

/**
 * Queues an email. Pass the transaction that makes the change the email is about (a sign-up, a
 * token), so both are committed or neither is; the sender picks the message up afterwards.
 * A bulk notice to an account that turned its kind off is not queued: null.
 */
export async function enqueueEmail<T extends TransactionalTemplate>(db: DB, email: EmailToSend<T>): Promise<number>;
export async function enqueueEmail<T extends EmailTemplate>(db: DB, email: EmailToSend<T>): Promise<number | null>;
export async function enqueueEmail<T extends EmailTemplate>(db: DB, email: EmailToSend<T>): Promise<number | null> {
  const to = email.to.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(to)) throw new Error("enqueueEmail: not an email address");
  const params = validateEmailParams(email.template, email.params);
  const kind = noticeKindOf(email.template);
  if (kind && email.userId != null && (await hasOptedOut(db, email.userId, kind))) return null;
  const row = await db
    .insertInto("outbox")
    .values({
      user_id: email.userId ?? null,
      to_email: to,
      locale: email.locale,
      template: email.template,
      params: JSON.stringify(params),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The accounts an email goes to, by id, with the address, name and language it needs; in id order. */
export function recipientsById(db: DB, userIds: Iterable<number>) {
  return db
    .selectFrom("users")
    .select(["id", "email", "name", "locale"])
    .where("id", "in", [...userIds])
    .orderBy("id")
    .execute();
}

export const MAX_ATTEMPTS = 8;
const SEND_TIMEOUT_MS = 60_000;

/** Wait before the next try after `attempt` failed ones: 1 min, 2, 4, … at most an hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempt - 1), 60 * 60_000);
}

export interface DeliveryReport {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Sends the due messages, at most `batch` of them. Safe to run in several processes at once: rows
 * are claimed with FOR UPDATE SKIP LOCKED and leased (next_attempt_at pushed past the time the batch
 * may take) in a short transaction, then sent outside it, so no transaction stays open during SMTP.
 * A process that dies mid-batch leaves its rows to be retried when the lease runs out.
 * `db` must be the database itself, not a transaction.
 */
export async function deliverDueEmails(
  db: DB,
  transport: MailTransport,
  { now = new Date(), batch = 10 }: { now?: Date; batch?: number } = {},
): Promise<DeliveryReport> {
  const leaseUntil = new Date(now.getTime() + batch * SEND_TIMEOUT_MS + 60_000);
  const claimed = await db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("outbox")
      .select(["id", "user_id", "to_email", "locale", "template", "params", "attempts"])
      .where("status", "=", "pending")
      .where("next_attempt_at", "<=", now)
      .orderBy("next_attempt_at")
      .orderBy("id")
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length === 0) return rows;
    await trx
      .updateTable("outbox")
      .set((eb) => ({ attempts: eb("attempts", "+", 1), next_attempt_at: leaseUntil }))
      .where(
        "id",
        "in",
        rows.map((r) => r.id),
      )
      .execute();
    return rows;
  });

  const report: DeliveryReport = { claimed: claimed.length, sent: 0, retrying: 0, failed: 0 };
  const secret = claimed.some((row) => noticeKindOf(row.template)) ? await unsubscribeSecret(db) : "";
  for (const row of claimed) {
    const attempt = row.attempts + 1;
    const mine = db.updateTable("outbox").where("id", "=", row.id).where("status", "=", "pending");
    let rendered;
    let unsubscribe: OutgoingEmail["unsubscribe"];
    try {
      unsubscribe = unsubscribeLink(secret, row);
      rendered = renderEmail(row.template, row.locale, row.params, { unsubscribeUrl: unsubscribe?.url });
    } catch (err) {
      // A message that cannot be rendered never will be: no point retrying.
      await mine.set({ status: "failed", last_error: errorText(err) }).execute();
      report.failed++;
      continue;
    }
    try {
      await withTimeout(
        transport.send({ to: row.to_email, template: row.template, locale: row.locale, ...rendered, unsubscribe }),
        SEND_TIMEOUT_MS,
      );
      await mine.set({ status: "sent", sent_at: now, last_error: null }).execute();
      report.sent++;
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS) {
        await mine.set({ status: "failed", last_error: errorText(err) }).execute();
        report.failed++;
      } else {
        await mine
          .set({ next_attempt_at: new Date(now.getTime() + retryDelayMs(attempt)), last_error: errorText(err) })
          .execute();
        report.retrying++;
      }
    }
  }
  return report;
}

/**
 * A bulk notice's one-click unsubscribe link (RFC 8058), on the site its own links point to; none
 * for transactional mail or a message to an address without an account.
 */
function unsubscribeLink(
  secret: string,
  row: { user_id: number | null; template: string; params: Record<string, unknown> },
): OutgoingEmail["unsubscribe"] {
  const kind = noticeKindOf(row.template);
  if (!kind || row.user_id === null || typeof row.params.url !== "string") return undefined;
  const token = unsubscribeToken(secret, row.user_id, kind);
  return { token, url: `${new URL(row.params.url).origin}/unsubscribe/${token}` };
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 1000);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer from the mail transport within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface OutboxEntry {
  id: number;
  to: string;
  template: string;
  locale: Locale;
  status: OutboxStatus;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
  nextAttemptAt: Date | null;
  lastError: string | null;
  /**
   * The message as the recipient gets it, tokens masked unless told otherwise; null when it cannot
   * be rendered or bodies are hidden.
   */
  subject: string | null;
  text: string | null;
  /** The addresses in `text` the admin can usefully open: not masked ones, nor the family's own entry pages. */
  links: string[];
}

export const OUTBOX_PAGE_SIZE = 100;

/** What a masked single-use token reads as on the outbox page. */
export const HIDDEN_TOKEN = "[hidden]";
const TOKEN_IN_LINK = /([?&#]token=)[^&#\s]+/gi;
const LINK = /https?:\/\/\S+/g;

/** The text with every link's token replaced by a placeholder, so the link no longer opens anyone's account. */
export function maskTokens(text: string): string {
  return text.replace(TOKEN_IN_LINK, `$1${HIDDEN_TOKEN}`);
}

/** `/entries` and `/entries/REF` are the family's own pages: anyone else, the admin too, gets a 404. */
function adminCanOpen(link: string): boolean {
  if (link.includes(HIDDEN_TOKEN)) return false;
  try {
    return !/^\/entries(\/|$)/.test(new URL(link).pathname);
  } catch {
    return false;
  }
}

/**
 * The newest messages for the admin outbox page, rendered in each recipient's language. Bodies are
 * left out when `withBodies` is false. Their single-use tokens (email confirmation, password reset,
 * invitation) would let an admin act as the recipient, so they are masked unless `showTokens`
 * (development, where there is no mail server to test with). Only what is shown is masked: the
 * stored message is sent as it was queued.
 */
export async function listOutbox(
  db: DB,
  { status, withBodies, showTokens }: { status?: OutboxStatus; withBodies: boolean; showTokens: boolean },
): Promise<OutboxEntry[]> {
  let query = db.selectFrom("outbox").selectAll().orderBy("id", "desc").limit(OUTBOX_PAGE_SIZE);
  if (status) query = query.where("status", "=", status);
  const rows = await query.execute();
  const shown = (text: string) => (showTokens ? text : maskTokens(text));
  return rows.map((row) => {
    let rendered: { subject: string; text: string } | null = null;
    try {
      rendered = renderEmail(row.template, row.locale, row.params);
    } catch {
      // Shown with its last_error instead.
    }
    const text = withBodies && rendered ? shown(rendered.text) : null;
    return {
      id: row.id,
      to: row.to_email,
      template: row.template,
      locale: row.locale,
      status: row.status,
      attempts: row.attempts,
      createdAt: row.created_at,
      sentAt: row.sent_at,
      nextAttemptAt: row.status === "pending" ? row.next_attempt_at : null,
      lastError: row.last_error && shown(row.last_error),
      subject: rendered ? shown(rendered.subject) : null,
      text,
      links: [...new Set(text?.match(LINK) ?? [])].filter(adminCanOpen),
    };
  });
}
