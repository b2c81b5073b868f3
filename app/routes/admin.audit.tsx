import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireAdmin } from "~/.server/accounts/auth.server";
import { listAudit } from "~/.server/platform/audit.server";
import { auditObjectLinks } from "~/.server/platform/audit-links.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { BackLink } from "~/components/back-link";
import { FilterActions, FilterInput, FilterSelect } from "~/components/filters";
import { Options } from "~/components/options";
import { isIsoDate, zonedLocalToInstant } from "~/domain/time";
import { titled } from "~/http/meta";
import { formatDateTime } from "~/i18n/format";

export const meta: MetaFunction = ({ matches }) => titled(matches, "admin.audit");

const PAGE = 100;
/** Every kind of object the audit log names (each has a label: app/i18n/audit-labels.test.ts). */
export const ENTITY_TYPES = [
  "event",
  "user",
  "membership",
  "club",
  "participant",
  "entry",
  "nomination",
  "round",
  "criterion",
  "jury_assignment",
  "judge_conflict",
  "score",
  "result_section",
  "special_prize",
  "stage",
  "stage_window",
  "schedule_version",
] as const;

// Admin only: who changed what, when, with the values before and after.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const p = (k: string) => url.searchParams.get(k)?.trim().slice(0, 200) || undefined;
  const day = (k: string, shift = 0) => {
    const v = p(k);
    if (!v || !isIsoDate(v)) return undefined;
    const start = zonedLocalToInstant(`${v}T00:00`)!;
    return new Date(start.getTime() + shift);
  };
  const eventId = Number(p("event"));
  const beforeId = p("before");
  const filters = {
    actor: p("actor"),
    entityType: ENTITY_TYPES.find((e) => e === p("entity")),
    action: p("action"),
    eventId: Number.isSafeInteger(eventId) && eventId > 0 ? eventId : undefined,
    from: day("from"),
    to: day("to", 24 * 60 * 60 * 1000),
    beforeId: beforeId && /^\d{1,18}$/.test(beforeId) ? Number(beforeId) : undefined,
  };
  const db = await getDb();
  const rows = await listAudit(db, filters, PAGE);
  return {
    links: await auditObjectLinks(db, rows),
    locale: await getLocale(request),
    query: Object.fromEntries(url.searchParams),
    rows: rows.map((r) => ({ ...r, at: r.at.toISOString(), before: r.before, after: r.after })),
    next: rows.length === PAGE ? rows[rows.length - 1]!.id : null,
  };
}

export default function AdminAudit() {
  const { t } = useTranslation();
  const { locale, query, rows, links, next } = useLoaderData<typeof loader>();
  const nextQuery = next ? new URLSearchParams({ ...query, before: String(next) }).toString() : null;
  return (
    <section className="stack">
      <BackLink to="/admin">{t("admin.title")}</BackLink>
      <h1>{t("admin.audit")}</h1>
      <Form method="get" className="filters filters--wide">
        <FilterInput name="actor" type="search" label={t("audit.actor")} query={query} />
        <FilterSelect id="entity" name="entity" label={t("audit.entity")} value={query.entity}>
          <Options blank={t("audit.any")} items={ENTITY_TYPES} label={(e) => t(`audit.entity_${e}`)} />
        </FilterSelect>
        <FilterInput name="from" type="date" label={t("audit.from")} query={query} />
        <FilterInput name="to" type="date" label={t("audit.to")} query={query} />
        <FilterActions submit={t("home.apply")} />
      </Form>
      {rows.length === 0 ? <p className="muted">{t("audit.empty")}</p> : null}
      <ol className="audit-list">
        {rows.map((r) => (
          <li key={r.id} className="card audit-entry">
            <p className="audit-entry__head">
              <time dateTime={r.at}>{formatDateTime(r.at, locale, "Asia/Almaty")}</time>
              <span className="badge">
                {t(`audit.action_${r.action.replace(".", "_")}`, { defaultValue: r.action })}
              </span>
            </p>
            <p className="small">
              {r.actor_email ?? t("audit.system")} ·{" "}
              <AuditObject row={r} href={links[`${r.entity_type}:${r.entity_id}`]} />
            </p>
            {r.before !== null || r.after !== null ? (
              <details>
                <summary>{t("audit.details")}</summary>
                <div className="audit-entry__diff">
                  {r.before !== null ? (
                    <div>
                      <h3>{t("audit.before")}</h3>
                      <pre>{JSON.stringify(r.before, null, 2)}</pre>
                    </div>
                  ) : null}
                  {r.after !== null ? (
                    <div>
                      <h3>{t("audit.after")}</h3>
                      <pre>{JSON.stringify(r.after, null, 2)}</pre>
                    </div>
                  ) : null}
                </div>
              </details>
            ) : null}
          </li>
        ))}
      </ol>
      {nextQuery ? (
        <p>
          <Link className="button" to={`?${nextQuery}`}>
            {t("audit.older")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

/** The object a row names: a link to its page while it exists and has one, plain text otherwise. */
function AuditObject({ row, href }: { row: { entity_type: string; entity_id: string | null }; href?: string }) {
  const { t } = useTranslation();
  const kind = t(`audit.entity_${row.entity_type}`, { defaultValue: row.entity_type });
  const label = row.entity_id === null ? kind : `${kind} #${row.entity_id}`;
  return href ? <Link to={href}>{label}</Link> : <>{label}</>;
}
