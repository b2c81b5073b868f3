import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireClubLeader } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { validateChildForm } from "~/.server/registration/child-form.server";
import { childValues } from "~/.server/registration/children.server";
import { getClubChild, updateClubChild } from "~/.server/registration/club-children.server";
import { BackLink } from "~/components/back-link";
import { ChildFields } from "~/components/child-fields";
import { Notice } from "~/components/notice";
import { todayIn } from "~/domain/time";
import { requireId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { invariantResponse, notFound } from "~/http/responses";
import { formatDateTime } from "~/i18n/format";
import { childSchema, type ChildValues } from "~/schemas/child";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "clubs.listTitle", { context: [data?.club?.name] });

// The club's leaders and admins, for a child of the club's own roster; a family's child is 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const clubId = requireId(params.id);
  const { club } = await requireClubLeader(request, clubId);
  const child = await getClubChild(await getDb(), { clubId }, requireId(params.childId));
  if (!child) throw notFound();
  const consent = child.consents.find((c) => c.kind === "data" && !c.withdrawn_at);
  return {
    locale: await getLocale(request),
    today: todayIn(),
    club,
    child: {
      id: child.id,
      values: childValues(child),
      consent: consent
        ? { version: consent.version, givenAt: consent.given_at.toISOString(), attestedBy: consent.attested_by }
        : null,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const clubId = requireId(params.id);
  const { user } = await requireClubLeader(request, clubId);
  const childId = requireId(params.childId);
  const db = await getDb();
  if (!(await getClubChild(db, { clubId }, childId))) throw notFound();
  const formData = await readForm(request);
  readIntent(formData, ["save"]);
  // The club's own child stays in the club even once the club is archived.
  const result = await validateChildForm<ChildValues, ReturnType<typeof childSchema.parse>>(
    db,
    childSchema,
    formData,
    clubId,
  );
  if (!result.ok) return data({ values: result.values, errors: result.errors }, { status: 400 });
  invariantResponse(await updateClubChild(db, { clubId }, user, childId, result.data));
  throw redirectWithNotice(`/clubs/${clubId}/children/${childId}`, "saved");
}

export default function ClubChildPage() {
  const { t } = useTranslation();
  const { locale, today, club, child } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const notice = useNotice(["saved"]);
  const values = {
    ...((result?.values as Record<string, string> | undefined) ?? child.values),
    clubId: String(club.id),
  };
  return (
    <section className="stack narrow-wide">
      <BackLink to={`/clubs/${club.id}`}>{club.name}</BackLink>
      <h1>
        {child.values.lastName} {child.values.firstName}
      </h1>
      <Notice text={notice === "saved" ? t("children.notice_saved") : null} />
      <Form method="post" className="card stack club-child-form" noValidate>
        <ChildFields
          values={values}
          errors={result?.errors as Record<string, { message?: string }>}
          clubs={[club]}
          maxBirthDate={today}
        />
        <button type="submit" name="intent" value="save" className="button button--primary" disabled={busy}>
          {t("children.save")}
        </button>
      </Form>
      <div className="card stack">
        <h2>{t("children.consents")}</h2>
        {child.consent ? (
          <p>
            {t("clubs.consentAttested", {
              name: child.consent.attestedBy ?? "—",
              date: formatDateTime(child.consent.givenAt, locale, "Asia/Almaty"),
              version: child.consent.version,
            })}
          </p>
        ) : (
          <p className="alert alert--warning">{t("children.dataConsentNeeded")}</p>
        )}
        <p className="small muted">{t("clubs.attestPhotoHint")}</p>
      </div>
    </section>
  );
}
