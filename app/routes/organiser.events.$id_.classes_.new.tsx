import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { saveMasterClass } from "~/.server/academy/master-classes.server";
import { requireEventRole } from "~/.server/accounts/auth.server";
import { getDb } from "~/.server/platform/runtime.server";
import { AcademyClassForm } from "~/components/academy-class-form";
import { validateForm } from "~/forms/validate";
import {
  blankMasterClass,
  type MasterClassData,
  type MasterClassFormValues,
  masterClassSchema,
} from "~/schemas/academy";

export const meta: MetaFunction = () => [{ title: "Toi" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  return { eventId };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const result = await validateForm<MasterClassFormValues, MasterClassData>(
    masterClassSchema,
    await request.formData(),
  );
  if (!result.ok) return data({ values: result.values, errors: result.errors }, { status: 400 });
  await saveMasterClass(await getDb(), eventId, null, result.data, user);
  return redirect(`/organiser/events/${eventId}/classes?notice=created`);
}

export default function NewMasterClass() {
  const { t } = useTranslation();
  const { eventId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="stack">
      <p>
        <Link to={`/organiser/events/${eventId}/classes`}>← {t("academy.backToClasses")}</Link>
      </p>
      <h1>{t("academy.newClass")}</h1>
      <AcademyClassForm
        values={{ ...blankMasterClass(), ...(result?.values ?? {}) }}
        errors={result?.errors}
        busy={busy}
      />
    </section>
  );
}
