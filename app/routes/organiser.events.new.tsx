import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireEventCreator } from "~/.server/accounts/auth.server";
import { createEvent, SlugTakenError } from "~/.server/events/events.server";
import { getDb } from "~/.server/platform/runtime.server";
import { EventForm } from "~/components/event-form";
import { formDataToObject } from "~/forms/form-data";
import { applyRowIntent } from "~/forms/row-intents";
import { validateForm } from "~/forms/validate";
import { blankEvent, type EventFormValues, eventSchema } from "~/schemas/event";

export const meta: MetaFunction = () => [{ title: "Toi" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireEventCreator(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireEventCreator(request);
  const formData = await request.formData();
  const rows = applyRowIntent(
    { ...blankEvent(), ...formDataToObject(formData) } as EventFormValues,
    String(formData.get("intent") ?? ""),
  );
  if (rows) return data({ values: rows, errors: {} });
  const result = await validateForm<EventFormValues, ReturnType<typeof eventSchema.parse>>(eventSchema, formData);
  if (!result.ok) return data({ values: result.values, errors: result.errors }, { status: 400 });
  try {
    const event = await createEvent(await getDb(), result.data, user);
    return redirect(`/organiser/events/${event.id}?notice=created`);
  } catch (err) {
    if (!(err instanceof SlugTakenError)) throw err;
    return data(
      {
        values: formDataToObject(formData) as unknown as EventFormValues,
        errors: { slug: { type: "custom", message: "errors.slugTaken" } },
      },
      { status: 409 },
    );
  }
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
