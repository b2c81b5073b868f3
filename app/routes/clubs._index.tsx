import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireUser, rolesOf } from "~/.server/accounts/auth.server";
import { clubAccess, clubList } from "~/.server/clubs/manage-clubs.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { FilterActions, FilterSelect } from "~/components/filters";
import { Options } from "~/components/options";
import { Pager } from "~/components/pager";
import { isRegion, REGIONS } from "~/domain/regions";
import { parseId } from "~/forms/ids";
import { titled } from "~/http/meta";
import { useNotice } from "~/http/notices";
import { forbidden } from "~/http/responses";

export const meta: MetaFunction = ({ matches }) => titled(matches, "clubs.listTitle");

const NOTICES = ["created"] as const;

// Admins and the federation's organisers see every club, a page at a time, and may add clubs; a
// club leader sees the clubs they lead. Anyone else is refused.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const roles = await rolesOf(db, user.id);
  const manage = clubAccess(roles, null) === "manage";
  if (!manage && roles.clubLeaderOf.size === 0) throw forbidden();
  const url = new URL(request.url);
  const region = url.searchParams.get("region");
  const filters = {
    q: (url.searchParams.get("q") ?? "").trim().slice(0, 100),
    region: isRegion(region) ? region : null,
    archived: url.searchParams.get("archived") === "1",
  };
  const list = await clubList(
    db,
    roles,
    filters,
    parseId(url.searchParams.get("page")) ?? null,
    await getLocale(request),
  );
  return { manage, admin: roles.admin, leaderOf: [...roles.clubLeaderOf], filters, ...list };
}

export default function Clubs() {
  const { t } = useTranslation();
  const { manage, admin, leaderOf, filters, rows, total, page } = useLoaderData<typeof loader>();
  const notice = useNotice(NOTICES);
  const query = (n: number) => {
    const p = new URLSearchParams();
    if (filters.q) p.set("q", filters.q);
    if (filters.region) p.set("region", filters.region);
    if (filters.archived) p.set("archived", "1");
    if (n > 1) p.set("page", String(n));
    const s = p.toString();
    return s ? `/clubs?${s}` : "/clubs";
  };
  return (
    <section className="stack narrow-wide">
      <div className="page-title">
        <h1>{t("clubs.listTitle")}</h1>
        {manage ? (
          <p className="status-actions">
            <Link className="button button--primary" to="/clubs/new">
              {t("clubs.new")}
            </Link>
          </p>
        ) : null}
      </div>
      {notice ? (
        <p className="alert alert--success" role="status">
          {t("clubs.notice_created")}
        </p>
      ) : null}
      {manage ? (
        <Form method="get" className="filters card">
          <div className="field">
            <label htmlFor="clubs-q">{t("clubs.searchClubs")}</label>
            <input id="clubs-q" name="q" type="search" defaultValue={filters.q} />
          </div>
          <FilterSelect id="clubs-region" name="region" label={t("clubs.form.region")} value={filters.region}>
            <Options blank={t("clubs.anyRegion")} items={REGIONS} label={(r) => t(`region.${r}`)} />
          </FilterSelect>
          <label className="checkbox">
            <input name="archived" type="checkbox" value="1" defaultChecked={filters.archived} />
            {t("clubs.showArchived")}
          </label>
          <FilterActions submit={t("clubs.search")}>
            {filters.q || filters.region || filters.archived ? <Link to="/clubs">{t("clubs.clearSearch")}</Link> : null}
          </FilterActions>
        </Form>
      ) : null}
      {rows.length === 0 ? (
        <p className="muted">{t(total === 0 && !filters.q ? "clubs.listEmpty" : "clubs.noneFound")}</p>
      ) : null}
      <ul className="organiser-list">
        {rows.map((c) => {
          const ownPage = admin || leaderOf.includes(c.id);
          return (
            <li key={c.id} className="card organiser-list__item">
              <h2 className="organiser-list__title">
                <Link to={ownPage ? `/clubs/${c.id}` : `/clubs/${c.id}/edit`}>{c.name}</Link>
                {c.archived ? <span className="pill">{t("clubs.archived")}</span> : null}
              </h2>
              <p className="muted small">
                {[
                  c.town ?? t(`city.${c.city}`, { defaultValue: c.city }),
                  c.region ? t(`region.${c.region}`, { defaultValue: c.region }) : null,
                  c.country !== "KZ" ? t(`country.${c.country}`, { defaultValue: c.country }) : null,
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </p>
              <p className="small">
                {t("clubs.counts", { children: c.children, leaders: c.leaders })}
                {ownPage ? (
                  <>
                    {" · "}
                    <Link to={`/clubs/${c.id}/edit`}>{t("clubs.editDetails")}</Link>
                  </>
                ) : null}
              </p>
            </li>
          );
        })}
      </ul>
      <Pager
        label={t("clubs.pages")}
        status={t("pager.range", { first: rows.length ? page.offset + 1 : 0, last: page.offset + rows.length, total })}
        previous={page.page > 1 ? query(page.page - 1) : null}
        next={page.page < page.pages ? query(page.page + 1) : null}
      />
    </section>
  );
}
