import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { organiserClassPage } from "~/.server/academy/organiser-academy.server";
import { requireEventRole } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { ListFilters, ListPager, ListShowing, useSortHeading } from "~/components/academy-lists";
import { AcademySessions, ageLimits } from "~/components/academy-sessions";
import { BackLink } from "~/components/back-link";
import { ScrollTable } from "~/components/scroll-table";
import { SEAT_SHOWS, type SeatSort } from "~/domain/academy/lists";
import { requireId } from "~/forms/ids";
import { titled } from "~/http/meta";
import { notFound } from "~/http/responses";
import { formatNumber } from "~/i18n/format";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "academy.seats.title", { context: [data?.masterClass.title, data?.event.title] });

// The event's organisers and admins only: the page names the class's participants.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const classId = requireId(params.classId);
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  const page = await organiserClassPage(
    await getDb(),
    eventId,
    classId,
    await getLocale(request),
    new URL(request.url).searchParams,
  );
  if (!page) throw notFound();
  return page;
}

export default function ClassParticipants() {
  const { t } = useTranslation();
  const { locale, event, masterClass: c, current, query, seats, counts } = useLoaderData<typeof loader>();
  const heading = useSortHeading(query);
  const n = (x: number) => formatNumber(x, locale);
  const ages = ageLimits(c.minAge, c.maxAge);
  const columns: [SeatSort, string][] = [
    ["name", t("academy.seats.columns.name")],
    ["via", t("academy.seats.columns.via")],
    ["classes", t("academy.seats.columns.classes")],
  ];
  return (
    <section className="stack">
      <BackLink to={`/organiser/events/${event.id}/classes`}>{t("academy.backToClasses")}</BackLink>
      <div className="page-title">
        <div>
          <h1>{c.title}</h1>
          <p className="muted">{t("academy.seats.title")}</p>
        </div>
        <p className="status-actions">
          <Link className="button" to={`/organiser/events/${event.id}/classes/${c.id}`}>
            {t("organiser.edit")}
          </Link>
        </p>
      </div>
      <p className="small">
        {c.teacher}
        {c.room ? ` · ${t("academy.room")} ${c.room}` : ""}
        {ages ? ` · ${t(ages.key, ages.params)}` : ""}
        {" · "}
        <span className={`pill${c.taken >= c.capacity ? " pill--full" : ""}`}>
          {t("academy.placesTaken", { taken: n(c.taken), capacity: n(c.capacity) })}
        </span>
      </p>
      <AcademySessions sessions={c.sessions} locale={locale} timeZone={event.timezone} />
      {!current && c.taken > 0 ? (
        <p className="alert alert--warning" role="status">
          {t("academy.stale")}
        </p>
      ) : null}
      {counts.all === 0 ? (
        <p className="muted">{t("academy.nobodyEnrolled")}</p>
      ) : (
        <>
          <ListFilters
            query={query}
            searchLabel={t("academy.seats.search")}
            shows={SEAT_SHOWS}
            showLabel={(s) => t(`academy.seats.shows.${s}`, { count: counts[s] })}
          />
          {seats.total === 0 ? (
            <p className="muted">{t("academy.seats.none")}</p>
          ) : (
            <>
              <ListShowing page={seats} text="academy.seats.showing" locale={locale} />
              <ScrollTable
                id="seats-caption"
                caption={t("academy.seats.caption", { page: n(seats.page), pages: n(seats.pages) })}
                className="academy-seat-table"
                columns={columns.map(([sort, label]) => heading(sort, label))}
                sorted={{
                  column: columns.findIndex(([sort]) => sort === query.sort),
                  direction: query.dir === "asc" ? "ascending" : "descending",
                }}
              >
                {seats.items.map((s) => (
                  <tr key={s.participantId}>
                    <td>{s.name}</td>
                    <td>{s.viaRank === null ? t("academy.viaFillUp") : t("academy.viaRank", { rank: s.viaRank })}</td>
                    <td>{n(s.classes)}</td>
                  </tr>
                ))}
              </ScrollTable>
              <ListPager {...seats} label={t("academy.seats.pages")} locale={locale} />
            </>
          )}
        </>
      )}
    </section>
  );
}
