import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { eventDashboard } from "~/.server/events/dashboard.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { BackLink } from "~/components/back-link";
import { BarChart, ColumnChart } from "~/components/charts/bar-chart";
import { Fact } from "~/components/fact";
import { eventTitleIn, titled } from "~/http/meta";
import { notFound } from "~/http/responses";
import { formatDate, formatDateRange, formatDateTime, formatNumber } from "~/i18n/format";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "dashboard.title", { context: [eventTitleIn(data)] });

// The event's organisers and admins only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  const locale = await getLocale(request);
  const dashboard = await eventDashboard(await getDb(), eventId, locale);
  if (!dashboard) throw notFound();
  return { locale, ...dashboard };
}

export default function EventDashboardPage() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const { locale, event } = d;
  const number = (n: number) => formatNumber(n, locale);
  const ages = (g: { min: number; max: number } | null) =>
    g ? t("event.ageRange", { min: g.min, max: g.max }) : t("dashboard.noAgeGroup");
  const when = (iso: string | null) => (iso ? formatDateTime(iso, locale, event.timezone) : "—");
  const confirmed = d.byStatus.find((s) => s.status === "confirmed")?.value ?? 0;
  return (
    <section className="stack">
      <BackLink to={`/organiser/events/${event.id}`}>{event.title}</BackLink>
      <div className="page-title">
        <h1>{t("dashboard.title")}</h1>
        <Link className="button" to={`/organiser/events/${event.id}/entries`}>
          {t("organiserEntries.link")}
        </Link>
      </div>
      <section className="card stack" aria-labelledby="dashboard-deadlines">
        <h2 id="dashboard-deadlines">{t("dashboard.deadlines")}</h2>
        <dl className="dashboard-facts">
          <Fact term={t("dashboard.total")}>{number(d.total)}</Fact>
          <Fact term={t("dashboard.capacity")}>
            {event.capacity === null
              ? t("dashboard.noCapacity")
              : t("dashboard.placesTaken", { taken: number(confirmed), capacity: number(event.capacity) })}
          </Fact>
          <Fact term={t("dashboard.opens")}>{when(event.registrationOpensAt)}</Fact>
          <Fact term={t("dashboard.closes")}>{when(event.registrationClosesAt)}</Fact>
          <Fact term={t("dashboard.dates")}>{formatDateRange(event.startsOn, event.endsOn, locale)}</Fact>
          {d.rounds.map((r) => (
            <Fact key={r.id} term={t("results.overview.round", { number: r.number, kind: t(`roundKind.${r.kind}`) })}>
              {r.startsOn ? formatDateRange(r.startsOn, r.endsOn ?? r.startsOn, locale) : "—"}
            </Fact>
          ))}
        </dl>
      </section>
      <div className="dashboard-grid">
        <BarChart
          id="chart-status"
          title={t("dashboard.byStatus")}
          columns={[t("dashboard.status"), t("dashboard.entries")]}
          rows={d.byStatus.map((s) => ({ key: s.status, label: t(`entryStatus.${s.status}`), value: s.value }))}
          format={number}
          empty={t("dashboard.none")}
        />
        <BarChart
          id="chart-nomination"
          title={t("dashboard.byNomination")}
          columns={[
            t("event.nominations"),
            t("dashboard.active"),
            t("entryStatus.confirmed"),
            t("entryStatus.waitlisted"),
            t("dashboard.capacity"),
          ]}
          rows={d.byNomination.map((n) => ({
            ...n,
            more: [number(n.confirmed), number(n.waitlisted), n.capacity === null ? "—" : number(n.capacity)],
          }))}
          format={number}
          empty={t("dashboard.none")}
        />
        <BarChart
          id="chart-age"
          title={t("dashboard.byAgeGroup")}
          columns={[t("event.ageGroups"), t("dashboard.active")]}
          rows={d.byAgeGroup.map((g) => ({ key: g.key, label: ages(g.ageGroup), value: g.value }))}
          format={number}
          empty={t("dashboard.none")}
        />
        <BarChart
          id="chart-region"
          title={t("dashboard.byRegion")}
          columns={[t("dashboard.region"), t("dashboard.active")]}
          rows={d.byRegion.map((r) => ({ ...r, label: r.label || t("dashboard.noRegion") }))}
          format={number}
          empty={t("dashboard.none")}
        />
      </div>
      <ColumnChart
        id="chart-days"
        title={t("dashboard.byDay")}
        columns={[t("dashboard.day"), t("dashboard.entries")]}
        points={d.byDay}
        formatDay={(day) => formatDate(day, locale)}
        format={number}
        empty={t("dashboard.none")}
      />
      <BarChart
        id="chart-judging"
        title={t("dashboard.judging")}
        columns={[
          t("dashboard.panel"),
          t("dashboard.scoredShare"),
          t("dashboard.judges"),
          t("dashboard.entries"),
          t("results.overview.scored"),
          t("results.overview.withoutJudge"),
        ]}
        rows={d.panels.map((p) => ({
          key: `${p.roundId}:${p.nomination}:${p.ageGroup?.min ?? ""}`,
          label: `${t("dashboard.roundNumber", { number: p.roundNumber })} · ${p.nomination}${p.ageGroup ? `, ${ages(p.ageGroup)}` : ""}`,
          lang: p.nominationLang === locale ? undefined : p.nominationLang,
          value: p.entries > 0 ? Math.round((p.fullyScored / p.entries) * 100) : 0,
          more: [number(p.judges), number(p.entries), number(p.fullyScored), number(p.withoutJudge)],
        }))}
        format={(v) => `${v}%`}
        empty={t("dashboard.noPanels")}
      />
    </section>
  );
}
