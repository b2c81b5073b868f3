import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { EventStatus } from "#db/types";
import { requireEventRole } from "~/.server/accounts/auth.server";
import { postEventForm } from "~/.server/events/event-form.server";
import { eventFormValues, setEventStatus, updateEvent } from "~/.server/events/events.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { EventForm } from "~/components/event-form";
import { localized } from "~/domain/locale";
import { requireId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { blankEvent, type EventFormValues } from "~/schemas/event";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "organiser.edit", { context: [eventTitleIn(data)] });

const NOTICES = ["created", "saved", "published", "unpublished", "archived", "restored"] as const;
const STATUS_INTENTS: Record<string, { status: EventStatus; notice: (typeof NOTICES)[number] }> = {
  publish: { status: "published", notice: "published" },
  unpublish: { status: "draft", notice: "unpublished" },
  archive: { status: "archived", notice: "archived" },
  restore: { status: "draft", notice: "restored" },
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = requireId(params.id);
  await requireEventRole(request, id, "organiser");
  const values = await eventFormValues(await getDb(), id);
  return { locale: await getLocale(request), event: values };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const id = requireId(params.id);
  const { user } = await requireEventRole(request, id, "organiser");
  const db = await getDb();
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "save");
  const statusChange = STATUS_INTENTS[intent];
  if (statusChange) {
    await setEventStatus(db, id, statusChange.status, user);
    return redirectWithNotice(`/organiser/events/${id}`, statusChange.notice);
  }
  const post = await postEventForm(formData, { intent, saveIntentOnly: true }, (event) =>
    updateEvent(db, id, event, user),
  );
  if (!post.saved)
    return data({ values: post.values, errors: post.errors, refused: post.refused }, { status: post.status });
  return redirectWithNotice(`/organiser/events/${id}`, "saved");
}

export default function EditEvent() {
  const { t } = useTranslation();
  const { locale, event } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const notice = useNotice(NOTICES);
  const title = localized(
    { title_kk: event.titleKk, title_ru: event.titleRu, title_en: event.titleEn },
    "title",
    locale,
  );
  return (
    <section className="stack">
      <p>
        <Link to="/organiser">← {t("organiser.title")}</Link>
      </p>
      <div className="page-title">
        <h1>{title}</h1>
        <span className={`badge badge--${event.status}`}>{t(`status.${event.status}`)}</span>
      </div>
      {notice ? (
        <p className="alert alert--success" role="status">
          {t(`organiser.${notice}`)}
        </p>
      ) : null}
      {event.status === "draft" ? <p className="muted">{t("organiser.unpublishedNote")}</p> : null}
      <p>
        <Link className="button" to={`/organiser/events/${event.id}/entries`}>
          {t("organiserEntries.link")}
        </Link>
      </p>
      <p>
        <Link className="button" to={`/organiser/events/${event.id}/dashboard`}>
          {t("dashboard.link")}
        </Link>
      </p>
      {event.kind === "academy" ? (
        <p>
          <Link className="button" to={`/organiser/events/${event.id}/classes`}>
            {t("academy.link")}
          </Link>
        </p>
      ) : null}
      <p>
        <Link className="button" to={`/organiser/events/${event.id}/schedule`}>
          {t("schedule.link")}
        </Link>
      </p>
      <p>
        <Link className="button" to={`/organiser/events/${event.id}/jury`}>
          {t("jury.link")}
        </Link>
      </p>
      <p>
        <Link className="button" to={`/organiser/events/${event.id}/results`}>
          {t("results.link")}
        </Link>
      </p>
      <Form method="post" className="status-actions">
        {event.status === "draft" ? (
          <button className="button button--primary" name="intent" value="publish">
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
      <EventForm
        key={event.version}
        values={{ ...blankEvent(), ...event, ...(result?.values ?? {}) } as EventFormValues}
        errors={result?.errors}
        refused={result?.refused}
        submitLabel={t("form.save")}
        busy={busy}
      />
    </section>
  );
}
