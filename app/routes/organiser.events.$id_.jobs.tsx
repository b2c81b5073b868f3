import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { actOnEventJob, eventJobsPage } from "~/.server/jobs/event-jobs.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { BackLink } from "~/components/back-link";
import { JobList } from "~/components/jobs/job-list";
import { StartJobs } from "~/components/jobs/start-job";
import { Notice } from "~/components/notice";
import { Pager } from "~/components/pager";
import { parseId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { badRequest, notFound } from "~/http/responses";
import { jobActionSchema } from "~/schemas/jobs";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "jobs.title", { context: [eventTitleIn(data)] });

const NOTICES = ["started", "cancelled", "retried", "not_found", "invalid"] as const;
const PROBLEMS: readonly string[] = ["not_found", "invalid"];
const POLL_MS = 2_000;

// The event's organisers and admins only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  const locale = await getLocale(request);
  const asked = parseId(new URL(request.url).searchParams.get("page")) ?? null;
  return { locale, ...(await eventJobsPage(await getDb(), eventId, locale, asked)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const parsed = jobActionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw badRequest();
  const { outcome, jobId } = await actOnEventJob(await getDb(), {
    eventId,
    userId: user.id,
    locale: await getLocale(request),
    action: parsed.data,
    baseUrl: await publicBaseUrl(request),
  });
  if (outcome === "round_not_found") throw notFound();
  const notice = outcome === "started" && jobId === undefined ? "invalid" : outcome;
  return redirectWithNotice(`/organiser/events/${eventId}/jobs`, notice, {}, jobId ? `job-${jobId}` : "");
}

export default function EventJobs() {
  const { t } = useTranslation();
  const { locale, event, rounds, jobs, active, page, total } = useLoaderData<typeof loader>();
  const notice = useNotice(NOTICES);
  const revalidator = useRevalidator();
  // With JavaScript, the list follows running jobs by asking this page's loader again; without it,
  // the refresh below (and the plain link) do the same.
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [active, revalidator]);
  const here = `/organiser/events/${event.id}/jobs`;
  return (
    <section className="stack">
      <BackLink to={`/organiser/events/${event.id}`}>{event.title}</BackLink>
      <h1>{t("jobs.title")}</h1>
      <p className="muted">{t("jobs.lead")}</p>
      <Notice
        text={notice ? t(`jobs.notice.${notice}`) : null}
        tone={notice && PROBLEMS.includes(notice) ? "error" : "success"}
      />
      <h2>{t("jobs.start.title")}</h2>
      <StartJobs rounds={rounds} locale={locale} />
      <div className="page-title">
        <h2>{t("jobs.list")}</h2>
        <a className="button" href={here}>
          {t("jobs.refresh")}
        </a>
      </div>
      {active ? (
        <>
          <noscript>
            <meta httpEquiv="refresh" content="5" />
          </noscript>
          <p className="small muted">{t("jobs.autoRefresh")}</p>
        </>
      ) : null}
      <JobList jobs={jobs} rounds={rounds} eventId={event.id} locale={locale} />
      <Pager
        label={t("jobs.pages")}
        status={t("pager.range", { first: jobs.length ? page.offset + 1 : 0, last: page.offset + jobs.length, total })}
        previous={page.page > 1 ? (page.page === 2 ? here : `${here}?page=${page.page - 1}`) : null}
        next={page.page < page.pages ? `${here}?page=${page.page + 1}` : null}
      />
    </section>
  );
}
