import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { masterClassFormValues, saveMasterClass } from "~/.server/academy/master-classes.server";
import { requireEventRole } from "~/.server/accounts/auth.server";
import { getDb } from "~/.server/platform/runtime.server";
import { AcademyClassForm } from "~/components/academy-class-form";
import { requireId } from "~/forms/ids";
import { validateForm } from "~/forms/validate";
import { notFound } from "~/http/responses";
import {
  blankMasterClass,
  type MasterClassData,
  type MasterClassFormValues,
  masterClassSchema,
} from "~/schemas/academy";

export const meta: MetaFunction = () => [{ title: "Toi" }, { name: "robots", content: "noindex" }];

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
  const result = await validateForm<MasterClassFormValues, MasterClassData>(
    masterClassSchema,
    await request.formData(),
  );
  if (!result.ok) return data({ values: result.values, errors: result.errors }, { status: 400 });
  if ((await saveMasterClass(await getDb(), eventId, classId, result.data, user)) === null) throw notFound();
  return redirect(`/organiser/events/${eventId}/classes?notice=saved`);
}

export default function EditMasterClass() {
  const { t } = useTranslation();
  const { eventId, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="stack">
      <p>
        <Link to={`/organiser/events/${eventId}/classes`}>← {t("academy.backToClasses")}</Link>
      </p>
      <h1>{t("academy.editClass")}</h1>
      <AcademyClassForm
        values={{ ...blankMasterClass(), ...values, ...(result?.values ?? {}) }}
        errors={result?.errors}
        busy={busy}
      />
    </section>
  );
}
