import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { createClub, requireClubManager } from "~/.server/clubs/manage-clubs.server";
import { getDb } from "~/.server/platform/runtime.server";
import { BackLink } from "~/components/back-link";
import { ClubFields } from "~/components/club-fields";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { titled } from "~/http/meta";
import { redirectWithNotice } from "~/http/notices";
import { type ClubData, clubSchema, type ClubValues } from "~/schemas/club";

export const meta: MetaFunction = ({ matches }) => titled(matches, "clubs.new");

// Admins and the federation's organisers (those who may create events) add clubs.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireClubManager(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireClubManager(request);
  const result = await validateForm<ClubValues, ClubData>(clubSchema, await readForm(request));
  if (!result.ok) return data({ values: result.values, errors: result.errors }, { status: 400 });
  const id = await createClub(await getDb(), user, result.data);
  throw redirectWithNotice(`/clubs/${id}/edit`, "created");
}

export default function NewClub() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <section className="stack narrow-wide">
      <BackLink to="/clubs">{t("clubs.listTitle")}</BackLink>
      <h1>{t("clubs.new")}</h1>
      <Form method="post" className="card stack" noValidate>
        <ClubFields
          values={result?.values}
          errors={result?.errors as Record<string, { message?: string }> | undefined}
        />
        <div>
          <button type="submit" className="button button--primary" disabled={busy}>
            {t("clubs.create")}
          </button>
        </div>
      </Form>
    </section>
  );
}
