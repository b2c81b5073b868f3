import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { OutboxStatus } from "#db/types";
import { requireAdmin } from "~/.server/accounts/auth.server";
import { listOutbox, OUTBOX_PAGE_SIZE } from "~/.server/platform/email/outbox.server";
import { getLocale } from "~/.server/platform/locale.server";
import { runtime } from "~/.server/platform/runtime.server";
import { Fact } from "~/components/fact";
import { FilterActions, FilterSelect } from "~/components/filters";
import { Options } from "~/components/options";
import { titled } from "~/http/meta";
import { formatDateTime } from "~/i18n/format";

const STATUSES: readonly OutboxStatus[] = ["pending", "sent", "failed"];
const isStatus = (v: unknown): v is OutboxStatus => STATUSES.includes(v as OutboxStatus);
const TIME_ZONE = "Asia/Almaty";

export const meta: MetaFunction = ({ matches }) => titled(matches, "outbox.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const requested = new URL(request.url).searchParams.get("status");
  const status = isStatus(requested) ? requested : undefined;
  const { db, env } = await runtime();
  // With a mail server the bodies stay hidden, as the recipients read them and the admin need not.
  const viaSmtp = Boolean(env.SMTP_URL);
  // Single-use links would let an admin act as the recipient: only a developer without a mail server follows them here.
  const showTokens = env.NODE_ENV === "development";
  const messages = await listOutbox(db, { status, withBodies: !viaSmtp, showTokens });
  const limit = messages.length === OUTBOX_PAGE_SIZE ? OUTBOX_PAGE_SIZE : null;
  return { locale: await getLocale(request), status, viaSmtp, showTokens, messages, limit };
}

export default function AdminOutbox() {
  const { t } = useTranslation();
  const { locale, status, viaSmtp, showTokens, messages, limit } = useLoaderData<typeof loader>();
  const when = (instant: Date | string) => (
    <time dateTime={new Date(instant).toISOString()}>{formatDateTime(instant, locale, TIME_ZONE)}</time>
  );
  return (
    <section className="stack">
      <h1>{t("outbox.title")}</h1>
      <p className="muted">
        {t("outbox.lead")} {t("outbox.timesIn")}
      </p>
      <p className="alert alert--warning">
        {viaSmtp ? t("outbox.bodiesHidden") : t("outbox.logOnly")}
        {viaSmtp || showTokens ? null : ` ${t("outbox.tokensHidden")}`}
      </p>
      <Form method="get" className="filters" aria-label={t("outbox.filter")}>
        <FilterSelect id="outbox-status" name="status" label={t("outbox.filter")} value={status}>
          <Options blank={t("outbox.all")} items={STATUSES} label={(s) => t(`outbox.status.${s}`)} />
        </FilterSelect>
        <FilterActions submit={t("outbox.show")} />
      </Form>
      {messages.length === 0 ? <p>{t("outbox.empty")}</p> : null}
      <ul className="outbox-list">
        {messages.map((m, index) => (
          <li key={m.id} className="card outbox-item">
            <div className="outbox-item__head">
              <span className={`badge badge--mail-${m.status}`}>{t(`outbox.status.${m.status}`)}</span>
              <span className="muted small">{t(`outbox.template.${m.template}`, { defaultValue: m.template })}</span>
            </div>
            {m.subject ? (
              <h2 className="outbox-item__subject" lang={m.locale}>
                {m.subject}
              </h2>
            ) : (
              <h2 className="outbox-item__subject">
                {t(`outbox.template.${m.template}`, { defaultValue: m.template })}
              </h2>
            )}
            <dl className="outbox-facts">
              <Fact term={t("outbox.to")}>{m.to}</Fact>
              <Fact term={t("outbox.language")}>{t(`locale.${m.locale}`)}</Fact>
              <Fact term={t("outbox.attempts")}>{m.attempts}</Fact>
              <Fact term={t("outbox.createdAt")}>{when(m.createdAt)}</Fact>
              {m.sentAt ? <Fact term={t("outbox.sentAt")}>{when(m.sentAt)}</Fact> : null}
              {m.nextAttemptAt ? <Fact term={t("outbox.nextAttemptAt")}>{when(m.nextAttemptAt)}</Fact> : null}
            </dl>
            {m.lastError ? (
              <p className="alert alert--error small">
                <strong>{t("outbox.lastError")}:</strong> {m.lastError}
              </p>
            ) : null}
            {m.text ? (
              <details className="outbox-body" open={index === 0}>
                <summary>{t("outbox.body")}</summary>
                <pre lang={m.locale}>{withLinks(m.text, m.links)}</pre>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
      {limit ? <p className="muted small">{t("outbox.latest", { number: limit })}</p> : null}
    </section>
  );
}

/**
 * The plain-text body with the links the admin can open clickable (a developer without SMTP follows
 * them here); a masked link, or one to a family's own page, stays text.
 */
function withLinks(text: string, links: readonly string[]) {
  return text.split(/(https?:\/\/\S+)/g).map((part, i) =>
    i % 2 === 1 && links.includes(part) ? (
      <a key={i} href={part} rel="noreferrer">
        {part}
      </a>
    ) : (
      part
    ),
  );
}
