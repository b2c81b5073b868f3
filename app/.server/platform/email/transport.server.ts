import nodemailer, { type SMTPTransportOptions } from "nodemailer";

import type { Locale } from "~/domain/locale";

import type { Env } from "../env.server";
import type { RenderedEmail } from "./templates.server";

export interface OutgoingEmail extends RenderedEmail {
  to: string;
  template: string;
  locale: Locale;
  /** Bulk notices only: the signed token and the https address that turns this kind of notice off. */
  unsubscribe?: { token: string; url: string };
}

/** The address part of a From such as `Toi <no-reply@example.kz>`. */
function addressOf(from: string): string {
  return /<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? from.trim();
}

/**
 * The headers every message carries, and a bulk notice's unsubscribe headers: a mailto (to the From
 * address, with the token in the subject, for clients that only send mail) and the one-click https
 * link (RFC 8058), which the mail provider POSTs to without the recipient signing in.
 */
export function automatedHeaders(message: OutgoingEmail, from: string): Record<string, string> {
  // Every message Toi sends is automatic (RFC 3834): out-of-office replies and auto-forwards must
  // not answer it, and Exchange is asked the same in its own words.
  const headers: Record<string, string> = { "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All" };
  if (message.unsubscribe) {
    const mailto = `mailto:${addressOf(from)}?subject=${encodeURIComponent(`unsubscribe ${message.unsubscribe.token}`)}`;
    headers["List-Unsubscribe"] = `<${mailto}>, <${message.unsubscribe.url}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  return headers;
}

/** Where rendered emails go: an SMTP server, or the log when there is none. */
export interface MailTransport {
  readonly kind: "smtp" | "log";
  send(message: OutgoingEmail): Promise<void>;
  close(): void;
}

export interface SmtpTransportOptions {
  /** smtp://user:pass@host:587 or smtps://…:465 */
  url: string;
  from: string;
  /** Extra nodemailer options (tests: `{ ignoreTLS: true }` for a local sink without TLS). */
  smtp?: SMTPTransportOptions;
}

export function smtpTransport({ url, from, smtp }: SmtpTransportOptions): MailTransport {
  // nodemailer's socket timeout is 10 minutes by default; a stuck server must not hold the outbox that long.
  const mailer = nodemailer.createTransport({
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    ...smtp,
    url,
  });
  return {
    kind: "smtp",
    async send(message) {
      await mailer.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: automatedHeaders(message, from),
      });
    },
    close: () => mailer.close(),
  };
}

export interface LogTransportOptions {
  /** Print the whole message (development); otherwise only recipient, template and subject. */
  verbose: boolean;
  write?: (line: string) => void;
}

/** Without SMTP: messages go to the log (and stay readable on the admin outbox page). */
export function logTransport({ verbose, write = (line) => console.info(line) }: LogTransportOptions): MailTransport {
  return {
    kind: "log",
    async send(m) {
      const head = `[email] to=${m.to} template=${m.template} locale=${m.locale} subject=${JSON.stringify(m.subject)}`;
      // Bodies carry single-use links (verification, password reset): never in production logs.
      write(verbose ? `${head}\n${m.text}` : head);
    },
    close() {},
  };
}

export function createMailTransport(env: Env): MailTransport {
  if (env.SMTP_URL) return smtpTransport({ url: env.SMTP_URL, from: env.MAIL_FROM! });
  return logTransport({ verbose: env.NODE_ENV === "development" });
}
