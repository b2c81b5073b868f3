import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireUser } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { validateChildForm } from "~/.server/registration/child-form.server";
import { addChild, currentConsentTexts } from "~/.server/registration/children.server";
import { listClubChoices } from "~/.server/registration/clubs.server";
import { ChildFields } from "~/components/child-fields";
import { ConsentCheckbox } from "~/components/consent-fields";
import { ConsentText } from "~/components/consent-text";
import { todayIn } from "~/domain/time";
import { readForm } from "~/http/forms";
import { titled } from "~/http/meta";
import { redirectWithNotice } from "~/http/notices";
import { type ChildValues, newChildSchema } from "~/schemas/child";

export const meta: MetaFunction = ({ matches }) => titled(matches, "children.add");

async function formContext(request: Request) {
  const db = await getDb();
  const locale = await getLocale(request);
  const [texts, clubs] = await Promise.all([currentConsentTexts(db), listClubChoices(db)]);
  return { locale, clubs, texts: { data: texts.data, photo: texts.photo_video }, today: todayIn() };
}

// A signed-in user adds a child of their own.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return formContext(request);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const result = await validateChildForm<ChildValues, ReturnType<typeof newChildSchema.parse>>(
    db,
    newChildSchema,
    await readForm(request),
  );
  if (!result.ok) return data({ values: result.values, errors: result.errors }, { status: 400 });
  await addChild(db, { guardianId: user.id }, result.data, { photoVideo: result.data.photoConsent });
  return redirectWithNotice("/children", "added");
}

export default function NewChild() {
  const { t } = useTranslation();
  const { locale, clubs, texts, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result?.errors as Record<string, { message?: string }> | undefined;
  const values = result?.values as Partial<ChildValues> | undefined;
  return (
    <section className="stack narrow-wide">
      <h1>{t("children.add")}</h1>
      <Form method="post" className="card stack" noValidate>
        <ChildFields values={values as Record<string, string>} errors={errors} clubs={clubs} maxBirthDate={today} />
        <fieldset className="consent">
          <legend>{t("children.consents")}</legend>
          <ConsentText text={texts.data} locale={locale} />
          <ConsentCheckbox
            name="dataConsent"
            label={t("children.dataConsentLabel")}
            error={errors?.dataConsent?.message}
          />
          <ConsentText text={texts.photo} locale={locale} />
          <ConsentCheckbox name="photoConsent" label={t("children.photoConsentLabel")} />
        </fieldset>
        <button type="submit" className="button button--primary" disabled={busy}>
          {t("children.save")}
        </button>
      </Form>
    </section>
  );
}
