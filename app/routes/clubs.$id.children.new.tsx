import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { requireClubLeader } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { validateChildForm } from "~/.server/registration/child-form.server";
import { currentConsentTexts } from "~/.server/registration/children.server";
import { addClubChild } from "~/.server/registration/club-children.server";
import { BackLink } from "~/components/back-link";
import { ChildFields } from "~/components/child-fields";
import { ClubAttestFieldset } from "~/components/consent-fields";
import { todayIn } from "~/domain/time";
import { requireId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { titled } from "~/http/meta";
import { redirectWithNotice } from "~/http/notices";
import { childFields, type ChildValues, withPlace } from "~/schemas/child";
import { placeDefaults } from "~/schemas/place";

export const meta: MetaFunction = ({ matches }) => titled(matches, "clubs.addChild");

/** A child of the club's own roster: the leader attests the parents' written consent instead of giving one. */
const clubChildSchema = withPlace(
  childFields.extend({
    attest: z
      .preprocess((v) => v === true || v === "on" || v === "true", z.boolean())
      .refine((v) => v, "clubs.attestRequired"),
  }),
);
type ClubChildValues = ChildValues & { attest?: boolean | string };

// The club's leaders and admins add one child by hand.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { club } = await requireClubLeader(request, requireId(params.id));
  const texts = await currentConsentTexts(await getDb());
  return { locale: await getLocale(request), club, consentText: texts.data, today: todayIn() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const clubId = requireId(params.id);
  const { user } = await requireClubLeader(request, clubId);
  const db = await getDb();
  const result = await validateChildForm<ClubChildValues, ReturnType<typeof clubChildSchema.parse>>(
    db,
    clubChildSchema,
    await readForm(request),
  );
  if (!result.ok) return data({ values: result.values, errors: result.errors, duplicate: false }, { status: 400 });
  const values = result.data as unknown as ClubChildValues;
  const added = await addClubChild(db, { clubId }, user, { ...result.data, clubId });
  if ("duplicate" in added) return data({ values, errors: {}, duplicate: true }, { status: 400 });
  throw redirectWithNotice(`/clubs/${clubId}`, "added");
}

export default function NewClubChild() {
  const { t } = useTranslation();
  const { locale, club, consentText, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result?.errors as Record<string, { message?: string }> | undefined;
  const values = result?.values as Record<string, string> | undefined;
  return (
    <section className="stack narrow-wide">
      <BackLink to={`/clubs/${club.id}`}>{club.name}</BackLink>
      <h1>{t("clubs.addChild")}</h1>
      {result?.duplicate ? (
        <p className="alert alert--error" role="alert">
          {t("clubs.duplicate")}
        </p>
      ) : null}
      <Form method="post" className="card stack club-child-form" noValidate>
        <ChildFields
          values={{ publicName: "initial", ...placeDefaults(club), ...values, clubId: String(club.id) }}
          errors={errors}
          clubs={[club]}
          maxBirthDate={today}
        />
        <ClubAttestFieldset
          text={consentText}
          locale={locale}
          label={t("clubs.attestOneLabel", { version: consentText.version })}
          error={errors?.attest?.message}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          {t("children.save")}
        </button>
      </Form>
    </section>
  );
}
