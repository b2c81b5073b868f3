import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { postEventForm } from "~/.server/events/event-form.server";
import { eventFormValues, updateEvent } from "~/.server/events/events.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { BackLink } from "~/components/back-link";
import { EventForm } from "~/components/event-form";
import { localized } from "~/domain/locale";
import { requireId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { titled } from "~/http/meta";
import { redirectWithNotice } from "~/http/notices";
import { blankEvent, type EventFormValues } from "~/schemas/event";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "organiser.editTitle", { context: [data?.title] });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = requireId(params.id);
  await requireEventRole(request, id, "organiser");
  const values = await eventFormValues(await getDb(), id);
  const locale = await getLocale(request);
  const title = localized(
    { title_kk: values.titleKk, title_ru: values.titleRu, title_en: values.titleEn },
    "title",
    locale,
  );
  return { title, event: values };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const id = requireId(params.id);
  const { user } = await requireEventRole(request, id, "organiser");
  const db = await getDb();
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "save");
  const post = await postEventForm(formData, { intent, saveIntentOnly: true }, (event) =>
    updateEvent(db, id, event, user),
  );
  if (!post.saved)
    return data({ values: post.values, errors: post.errors, refused: post.refused }, { status: post.status });
  return redirectWithNotice(`/organiser/events/${id}`, "saved");
}

export default function EditEvent() {
  const { t } = useTranslation();
  const { title, event } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="stack">
      <BackLink to={`/organiser/events/${event.id}`}>{title}</BackLink>
      <div className="page-title">
        <h1>{t("organiser.editTitle")}</h1>
        <span className={`badge badge--${event.status}`}>{t(`status.${event.status}`)}</span>
      </div>
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
