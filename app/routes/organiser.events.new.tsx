import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireEventCreator } from "~/.server/accounts/auth.server";
import { postEventForm } from "~/.server/events/event-form.server";
import { createEvent } from "~/.server/events/events.server";
import { getDb } from "~/.server/platform/runtime.server";
import { EventForm } from "~/components/event-form";
import { readForm } from "~/http/forms";
import { titled } from "~/http/meta";
import { redirectWithNotice } from "~/http/notices";
import { blankEvent, type EventFormValues } from "~/schemas/event";

export const meta: MetaFunction = ({ matches }) => titled(matches, "organiser.newEvent");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireEventCreator(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireEventCreator(request);
  const formData = await readForm(request);
  const db = await getDb();
  const intent = String(formData.get("intent") ?? "");
  const post = await postEventForm(formData, { intent, saveIntentOnly: false }, (event) =>
    createEvent(db, event, user),
  );
  if (!post.saved) return data({ values: post.values, errors: post.errors }, { status: post.status });
  return redirectWithNotice(`/organiser/events/${post.result.id}`, "created");
}

export default function NewEvent() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="stack">
      <h1>{t("organiser.newEvent")}</h1>
      <EventForm
        values={{ ...blankEvent(), ...(result?.values ?? {}) } as EventFormValues}
        errors={result?.errors}
        submitLabel={t("form.create")}
        busy={busy}
      />
    </section>
  );
}
