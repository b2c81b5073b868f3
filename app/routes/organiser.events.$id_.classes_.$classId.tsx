import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { masterClassFormValues, saveMasterClass } from "~/.server/academy/master-classes.server";
import { requireEventRole } from "~/.server/accounts/auth.server";
import { getDb } from "~/.server/platform/runtime.server";
import { MasterClassPage } from "~/components/academy-class-form";
import { requireId } from "~/forms/ids";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice } from "~/http/notices";
import { notFound } from "~/http/responses";
import { type MasterClassData, type MasterClassFormValues, masterClassSchema } from "~/schemas/academy";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "academy.editClass", { context: [eventTitleIn(data)] });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const eventId = requireId(params.id);
  const classId = requireId(params.classId);
  await requireEventRole(request, eventId, "organiser");
  const values = await masterClassFormValues(await getDb(), eventId, classId);
  if (!values) throw notFound();
  return { eventId, values };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const eventId = requireId(params.id);
  const classId = requireId(params.classId);
  const { user } = await requireEventRole(request, eventId, "organiser");
  const result = await validateForm<MasterClassFormValues, MasterClassData>(masterClassSchema, await readForm(request));
  if (!result.ok) return data({ values: result.values, errors: result.errors }, { status: 400 });
  if ((await saveMasterClass(await getDb(), eventId, classId, result.data, user)) === null) throw notFound();
  return redirectWithNotice(`/organiser/events/${eventId}/classes`, "saved");
}

export default function EditMasterClass() {
  const { t } = useTranslation();
  const { eventId, values } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return <MasterClassPage eventId={eventId} heading={t("academy.editClass")} values={values} failed={failed} />;
}
