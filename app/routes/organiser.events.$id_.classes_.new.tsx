import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { saveMasterClass } from "~/.server/academy/master-classes.server";
import { requireEventRole } from "~/.server/accounts/auth.server";
import { getDb } from "~/.server/platform/runtime.server";
import { MasterClassPage } from "~/components/academy-class-form";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice } from "~/http/notices";
import { type MasterClassData, type MasterClassFormValues, masterClassSchema } from "~/schemas/academy";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "academy.newClass", { context: [eventTitleIn(data)] });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  return { eventId };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const result = await validateForm<MasterClassFormValues, MasterClassData>(masterClassSchema, await readForm(request));
  if (!result.ok) return data({ values: result.values, errors: result.errors }, { status: 400 });
  await saveMasterClass(await getDb(), eventId, null, result.data, user);
  return redirectWithNotice(`/organiser/events/${eventId}/classes`, "created");
}

export default function NewMasterClass() {
  const { t } = useTranslation();
  const { eventId } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return <MasterClassPage eventId={eventId} heading={t("academy.newClass")} failed={failed} />;
}
