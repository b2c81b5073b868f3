import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { EventStatus } from "#db/types";
import { requireEventRole } from "~/.server/accounts/auth.server";
import { eventOverview } from "~/.server/events/event-overview.server";
import { setEventStatus } from "~/.server/events/events.server";
import { seasonDiagram } from "~/.server/events/season-diagram.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { BackLink } from "~/components/back-link";
import { EventOverviewPanels } from "~/components/event-overview";
import { Notice } from "~/components/notice";
import { SeasonDiagram } from "~/components/season-diagram";
import { localized } from "~/domain/locale";
import { requireId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { notFound } from "~/http/responses";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "organiser.overview", { context: [eventTitleIn(data)] });

const NOTICES = ["created", "saved", "published", "unpublished", "archived", "restored"] as const;
const STATUS_INTENTS = {
  publish: { status: "published", notice: "published" },
  unpublish: { status: "draft", notice: "unpublished" },
  archive: { status: "archived", notice: "archived" },
  restore: { status: "draft", notice: "restored" },
} as const satisfies Record<string, { status: EventStatus; notice: (typeof NOTICES)[number] }>;
const INTENTS = Object.keys(STATUS_INTENTS) as (keyof typeof STATUS_INTENTS)[];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = requireId(params.id);
  await requireEventRole(request, id, "organiser");
  const db = await getDb();
  const overview = await eventOverview(db, id);
  if (!overview) throw notFound();
  const locale = await getLocale(request);
  const season = await seasonDiagram(db, id, locale);
  return {
    locale,
    ...overview,
    season,
    event: { ...overview.event, title: localized(overview.event, "title", locale) },
  };
}

/** Publishing, unpublishing, archiving and restoring; the event's details are saved on its edit page. */
export async function action({ request, params }: ActionFunctionArgs) {
  const id = requireId(params.id);
  const { user } = await requireEventRole(request, id, "organiser");
  const change = STATUS_INTENTS[readIntent(await readForm(request), INTENTS)];
  await setEventStatus(await getDb(), id, change.status, user);
  return redirectWithNotice(`/organiser/events/${id}`, change.notice);
}

export default function EventOverviewPage() {
  const { t } = useTranslation();
  const overview = useLoaderData<typeof loader>();
  const { event } = overview;
  const notice = useNotice(NOTICES);
  return (
    <section className="stack">
      <BackLink to="/organiser">{t("organiser.title")}</BackLink>
      <div className="page-title">
        <h1>{event.title}</h1>
        <span className={`badge badge--${event.status}`}>{t(`status.${event.status}`)}</span>
      </div>
      <Notice text={notice ? t(`organiser.${notice}`) : null} />
      {event.status === "draft" ? <p className="muted">{t("organiser.unpublishedNote")}</p> : null}
      <Form method="post" className="status-actions">
        <Link className="button button--primary" to={`/organiser/events/${event.id}/edit`}>
          {t("organiser.editEvent")}
        </Link>
        {event.status === "draft" ? (
          <button className="button" name="intent" value="publish">
            {t("organiser.publish")}
          </button>
        ) : null}
        {event.status === "published" ? (
          <>
            <Link className="button" to={`/events/${event.slug}`}>
              {t("organiser.view")}
            </Link>
            <button className="button" name="intent" value="unpublish">
              {t("organiser.unpublish")}
            </button>
          </>
        ) : null}
        {event.status !== "archived" ? (
          <button className="button button--quiet" name="intent" value="archive">
            {t("organiser.archive")}
          </button>
        ) : (
          <button className="button" name="intent" value="restore">
            {t("organiser.restore")}
          </button>
        )}
      </Form>
      <EventOverviewPanels overview={overview} />
      <SeasonDiagram steps={overview.season.steps} unrouted={overview.season.unrouted} locale={overview.locale} />
    </section>
  );
}
