import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireClubLeader } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { listClubRoster } from "~/.server/registration/club-children.server";
import { listClubEntries } from "~/.server/registration/clubs.server";
import { ScrollTable } from "~/components/scroll-table";
import { SearchForm } from "~/components/search-form";
import { todayIn } from "~/domain/time";
import { requireId } from "~/forms/ids";
import { titled } from "~/http/meta";
import { useNotice } from "~/http/notices";
import { formatDate } from "~/i18n/format";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "clubs.listTitle", { context: [data?.club?.name] });

const NOTICES = ["imported", "added"] as const;

const count = (raw: string | null) => Math.max(0, Math.min(100_000, Number.parseInt(raw ?? "", 10) || 0));

// The club's leaders and admins: its children and every entry they are in.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const clubId = requireId(params.id);
  const { club } = await requireClubLeader(request, clubId);
  const db = await getDb();
  const locale = await getLocale(request);
  const q = new URL(request.url).searchParams.get("q")?.slice(0, 100) ?? "";
  const [roster, entries] = await Promise.all([
    listClubRoster(db, { clubId }, { today: todayIn(), q }),
    listClubEntries(db, { clubId }, locale),
  ]);
  return { locale, club, q, roster, entries };
}

export default function ClubPage() {
  const { t } = useTranslation();
  const { locale, club, q, roster, entries } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const notice = useNotice(NOTICES);
  return (
    <section className="stack">
      <div className="page-title">
        <div>
          <h1>{club.name}</h1>
          <p className="muted">{t(`city.${club.city}`, { defaultValue: club.city })}</p>
        </div>
        <p className="status-actions">
          <Link className="button button--primary" to={`/clubs/${club.id}/import`}>
            {t("roster.title")}
          </Link>
          <Link className="button" to={`/clubs/${club.id}/children/new`}>
            {t("clubs.addChild")}
          </Link>
          <Link className="button" to={`/clubs/${club.id}/enter`}>
            {t("clubs.enterBatch.cta")}
          </Link>
          <Link className="button" to={`/clubs/${club.id}/edit`}>
            {t("clubs.editDetails")}
          </Link>
        </p>
      </div>
      {notice === "imported" ? (
        <p className="alert alert--success" role="status">
          {t("clubs.notice_imported", { count: count(params.get("added")) })}
          {count(params.get("skipped")) > 0
            ? ` ${t("clubs.notice_skipped", { count: count(params.get("skipped")) })}`
            : null}
        </p>
      ) : notice === "added" ? (
        <p className="alert alert--success" role="status">
          {t("clubs.notice_added")}
        </p>
      ) : null}

      <SearchForm id="club-q" q={q} label={t("clubs.searchLabel")} submit={t("clubs.search")} />
      {q ? (
        <p className="muted">
          {t("clubs.searchResults", { q, count: roster.own.length + roster.families.length })}{" "}
          <Link to={`/clubs/${club.id}`}>{t("clubs.clearSearch")}</Link>
        </p>
      ) : null}

      <div className="stack">
        <h2>
          {t("clubs.roster")} ({roster.own.length})
        </h2>
        <p className="muted small">{t("clubs.rosterLead")}</p>
        {roster.own.length === 0 ? (
          <p className="muted">{q ? t("clubs.searchEmpty") : t("clubs.rosterEmpty")}</p>
        ) : (
          <ScrollTable
            id="club-roster-caption"
            caption={t("clubs.roster")}
            className="club-roster"
            columns={[t("clubs.columns.name"), t("children.birthDate"), t("form.city"), t("children.consents")]}
          >
            {roster.own.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link to={`/clubs/${club.id}/children/${c.id}`}>
                    {c.lastName} {c.firstName}
                    {c.patronymic ? ` ${c.patronymic}` : ""}
                  </Link>
                </th>
                <td>
                  {c.birthDate ? formatDate(c.birthDate, locale) : "—"}
                  {c.age !== null ? <span className="muted small"> · {t("children.age", { age: c.age })}</span> : null}
                </td>
                <td>{t(`city.${c.city}`, { defaultValue: c.city })}</td>
                <td>
                  <span className={`chip ${c.dataConsent ? "" : "chip--warn"}`}>
                    {t(c.dataConsent ? "children.dataConsentGiven" : "children.dataConsentMissing")}
                  </span>
                </td>
              </tr>
            ))}
          </ScrollTable>
        )}
      </div>

      {roster.families.length > 0 ? (
        <div className="stack">
          <h2>
            {t("clubs.families")} ({roster.families.length})
          </h2>
          <p className="muted small">{t("clubs.familiesLead")}</p>
          <ul className="club-families">
            {roster.families.map((c, i) => (
              <li key={i}>
                {c.lastName} {c.firstName}
                {c.age !== null ? <span className="muted"> · {t("children.age", { age: c.age })}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="stack">
        <h2>{t("clubs.entries")}</h2>
        {entries.length === 0 ? (
          <p className="muted">{t("clubs.entriesEmpty")}</p>
        ) : (
          <ScrollTable
            id="club-entries-caption"
            caption={t("clubs.entries")}
            columns={[
              t("clubs.columns.reference"),
              t("clubs.columns.event"),
              t("clubs.columns.members"),
              t("clubs.columns.status"),
            ]}
          >
            {entries.map((e) => (
              <tr key={e.id}>
                <th scope="row" className="entry-status__ref">
                  {e.reference}
                </th>
                <td>
                  {e.event}
                  <span className="muted small">
                    {" "}
                    · {e.nomination} · {t(`format.${e.format}`)}
                    {e.title ? ` · ${e.title}` : ""}
                  </span>
                </td>
                <td>{e.members.join(", ")}</td>
                <td>
                  <span className={`pill pill--entry-${e.status}`}>{t(`entryStatus.${e.status}`)}</span>
                </td>
              </tr>
            ))}
          </ScrollTable>
        )}
      </div>
    </section>
  );
}
