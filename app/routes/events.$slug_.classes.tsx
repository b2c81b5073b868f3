import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { clubsRankingIn, familyAcademyPage } from "~/.server/academy/family-academy.server";
import { rankFromForm } from "~/.server/academy/ranking-form.server";
import { requireUser, rolesOf } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { AcademyChildren } from "~/components/academy-children";
import { BackLink } from "~/components/back-link";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { eventTitleIn, titled } from "~/http/meta";
import { notFound } from "~/http/responses";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "academy.title", { context: [eventTitleIn(data)] });

// A family's own children among the finalists; a club leader also finds links to rank for the
// club's children who have no family account.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await getLocale(request);
  const db = await getDb();
  const slug = params.slug ?? "";
  const page = await familyAcademyPage(db, { guardianId: user.id }, slug, locale);
  if (!page) throw notFound();
  const clubs = await clubsRankingIn(db, [...(await rolesOf(db, user.id)).clubLeaderOf], slug);
  return { ...page, clubs };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  readIntent(form, ["rank"]);
  const slug = params.slug ?? "";
  const outcome = await rankFromForm(await getDb(), slug, { guardianId: user.id }, form);
  if (outcome.kind === "missing") throw notFound();
  if (outcome.kind === "invalid") return data(outcome, { status: 400 });
  return redirect(`/events/${slug}/classes?saved=${outcome.childId}#child-${outcome.childId}`);
}

export default function FamilyClasses() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const { event } = page;
  return (
    <section className="stack">
      <BackLink to={`/events/${event.slug}`}>{event.title}</BackLink>
      <h1>{t("academy.familyTitle", { event: event.title })}</h1>
      <p className="muted">{t("academy.familyLead")}</p>
      {page.clubs.length > 0 ? (
        <ul className="academy-club-links">
          {page.clubs.map((club) => (
            <li key={club.id}>
              <Link to={`/clubs/${club.id}/classes/${event.slug}`}>
                {t("academy.clubRankLink", { club: club.name })}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {page.children.length === 0 ? <p className="card">{t("academy.familyNone")}</p> : null}
      <AcademyChildren
        {...page}
        timezone={event.timezone}
        savedChildId={params.get("saved")}
        failed={failed}
        busy={busy}
      />
    </section>
  );
}
