import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { moveFromForm, moveTargetChoices } from "~/.server/events/round-moves.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { rejectEntries } from "~/.server/registration/bulk-reject.server";
import { entryIdsMatching, filtersFrom, organiserEntriesPage } from "~/.server/registration/organiser-entries.server";
import { BackLink } from "~/components/back-link";
import { Notice } from "~/components/notice";
import { BULK_REJECT_FORM, BulkReject } from "~/components/organiser-entries/bulk-reject";
import { EntriesTable } from "~/components/organiser-entries/entries-table";
import { EntryFilters } from "~/components/organiser-entries/entry-filters";
import { MOVE_NOTICES } from "~/components/organiser-entries/move-notices";
import { NominationCounts } from "~/components/organiser-entries/nomination-counts";
import { StatusCounts } from "~/components/organiser-entries/status-counts";
import { Pager } from "~/components/pager";
import { isOpen } from "~/domain/entry-statuses";
import { queryWith } from "~/domain/paging";
import { parseId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { badRequest } from "~/http/responses";
import { formatNumber } from "~/i18n/format";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "organiserEntries.title", { context: [eventTitleIn(data)] });

const NOTICES = [
  "approve",
  "reject",
  "invalid",
  "rejectedMany",
  "no_reason",
  "none_chosen",
  "too_many",
  ...MOVE_NOTICES.map((n) => `move_${n}` as const),
] as const;
const PROBLEMS: readonly string[] = [
  "invalid",
  "no_reason",
  "none_chosen",
  "too_many",
  ...MOVE_NOTICES.filter((n) => n !== "moved").map((n) => `move_${n}`),
];

// The event's organisers and admins only. Decisions are taken on each entry's own page.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  const locale = await getLocale(request);
  const db = await getDb();
  const page = await organiserEntriesPage(db, eventId, new URL(request.url), locale);
  return { locale, ...page, moveTargets: await moveTargetChoices(db, eventId, locale) };
}

/** Rejects, or moves into another round of their step, the ticked entries or every one the filters match, with one reason. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const form = await readForm(request);
  const intent = readIntent(form, ["rejectMany", "moveMany"]);
  const filter = String(form.get("filter") ?? "").slice(0, 2000);
  const search = new URLSearchParams(filter.startsWith("?") ? filter.slice(1) : filter);
  search.delete("notice");
  const db = await getDb();
  const entryIds =
    form.get("scope") === "all"
      ? await entryIdsMatching(db, eventId, filtersFrom(new URL(`http://toi.invalid/?${search}`)))
      : form.getAll("entryId").map((v) => parseId(String(v)));
  if (entryIds.some((id) => id === undefined)) throw badRequest();
  const here = `/organiser/events/${eventId}/entries?${search}`;
  if (intent === "moveMany") {
    const moved = await moveFromForm(db, user, {
      eventId,
      entryIds: entryIds as number[],
      form,
      baseUrl: await publicBaseUrl(request),
    });
    return redirectWithNotice(here, `move_${moved.notice}`, { count: moved.count, skipped: moved.refused });
  }
  const result = await rejectEntries(db, user, {
    eventId,
    entryIds: entryIds as number[],
    reason: String(form.get("reason") ?? "").slice(0, 1000),
    baseUrl: await publicBaseUrl(request),
  });
  if (result.status === "invalid") return redirectWithNotice(here, result.reason);
  const { rejected, skipped, promoted } = result;
  return redirectWithNotice(here, "rejectedMany", { count: rejected, skipped, promoted });
}

export default function OrganiserEntries() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const { locale, event, paging } = page;
  const notice = useNotice(NOTICES);
  const [params] = useSearchParams();
  const open = page.byStatus.submitted + page.byStatus.confirmed + page.byStatus.waitlisted;
  const openMatching = page.filters.status && !isOpen(page.filters.status) ? 0 : open;
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
        text={
          notice?.startsWith("move_")
            ? t(`seasonGraph.move.notice_${notice.slice(5)}`, {
                count: Number(params.get("count") ?? 0),
                refused: Number(params.get("skipped") ?? 0),
              })
            : notice
              ? t(`organiserEntries.notice_${notice}`, {
                  count: Number(params.get("count") ?? 0),
                  skipped: Number(params.get("skipped") ?? 0),
                  promoted: Number(params.get("promoted") ?? 0),
                })
              : null
        }
        tone={notice && PROBLEMS.includes(notice) ? "error" : "success"}
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
            selectForm={BULK_REJECT_FORM}
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
      {openMatching > 0 ? (
        <BulkReject openMatching={number(openMatching)} search={search} moveTargets={page.moveTargets} />
      ) : null}
    </section>
  );
}
