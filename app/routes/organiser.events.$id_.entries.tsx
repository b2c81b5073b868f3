import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { organiserEntriesPage } from "~/.server/registration/organiser-entries.server";
import { BackLink } from "~/components/back-link";
import { Notice } from "~/components/notice";
import { EntriesTable } from "~/components/organiser-entries/entries-table";
import { EntryFilters } from "~/components/organiser-entries/entry-filters";
import { NominationCounts } from "~/components/organiser-entries/nomination-counts";
import { StatusCounts } from "~/components/organiser-entries/status-counts";
import { Pager } from "~/components/pager";
import { queryWith } from "~/domain/paging";
import { eventTitleIn, titled } from "~/http/meta";
import { useNotice } from "~/http/notices";
import { formatNumber } from "~/i18n/format";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "organiserEntries.title", { context: [eventTitleIn(data)] });

const NOTICES = ["approve", "reject", "invalid"] as const;

// The event's organisers and admins only. Decisions are taken on each entry's own page.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  const locale = await getLocale(request);
  return { locale, ...(await organiserEntriesPage(await getDb(), eventId, new URL(request.url), locale)) };
}

export default function OrganiserEntries() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const { locale, event, paging } = page;
  const notice = useNotice(NOTICES);
  // Links keep the filters and the order, never a notice already read.
  const search = queryWith(useLocation().search, { notice: null });
  const here = `/organiser/events/${event.id}/entries`;
  const exportQuery = queryWith(search, { page: null, size: null }).replace(/^\?/, "");
  const pageHref = (page: number) => `${here}${queryWith(search, { page: page > 1 ? page : null })}`;
  const number = (n: number) => formatNumber(n, locale);
  return (
    <section className="stack">
      <BackLink to={`/organiser/events/${event.id}`}>{event.title}</BackLink>
      <div className="page-title">
        <h1>{t("organiserEntries.title")}</h1>
        {/* Prepared in the background (a job): at 10,000 entries a file takes seconds to write. */}
        <Form method="post" action={`/organiser/events/${event.id}/jobs`} className="status-actions">
          <input type="hidden" name="intent" value="entries" />
          <input type="hidden" name="query" value={exportQuery} />
          <button className="button" name="format" value="csv" title={t("jobs.background")}>
            {t("organiserEntries.exportCsv")}
          </button>
          <button className="button" name="format" value="xlsx" title={t("jobs.background")}>
            {t("organiserEntries.exportXlsx")}
          </button>
        </Form>
      </div>
      <Notice
        text={notice ? t(`organiserEntries.notice_${notice}`) : null}
        tone={notice === "invalid" ? "error" : "success"}
      />
      <NominationCounts nominations={page.nominations} ageGroups={page.ageGroups} counts={page.counts} />
      <EntryFilters filters={page.filters} order={page.order} size={paging.size} choices={page} />
      <StatusCounts byStatus={page.byStatus} current={page.filters.status} search={search} locale={locale} />
      {paging.total === 0 ? (
        <p className="muted">{t("organiserEntries.none")}</p>
      ) : (
        <>
          <p className="entries-showing" aria-live="polite">
            {t("organiserEntries.showing", {
              first: number(paging.first),
              last: number(paging.last),
              total: number(paging.total),
            })}
          </p>
          <EntriesTable
            entries={page.entries}
            order={page.order}
            search={search}
            caption={t("organiserEntries.caption", { page: number(paging.page), pages: number(paging.pages) })}
            locale={locale}
            timeZone={event.timezone}
            entryHref={(entryId) => `${here}/${entryId}${search}`}
          />
          <Pager
            label={t("organiserEntries.pages")}
            status={t("pager.range", {
              first: number(paging.first),
              last: number(paging.last),
              total: number(paging.total),
            })}
            previous={paging.page > 1 ? pageHref(paging.page - 1) : null}
            next={paging.page < paging.pages ? pageHref(paging.page + 1) : null}
          />
        </>
      )}
    </section>
  );
}
