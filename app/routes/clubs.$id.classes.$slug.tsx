import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { familyAcademyPage } from "~/.server/academy/family-academy.server";
import { rankFromForm } from "~/.server/academy/ranking-form.server";
import { requireClubLeader } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { AcademyChildren } from "~/components/academy-children";
import { ListPager } from "~/components/academy-lists";
import { BackLink } from "~/components/back-link";
import { SearchForm } from "~/components/search-form";
import { requireId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { titled } from "~/http/meta";
import { notFound } from "~/http/responses";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "academy.clubPageTitle", { context: [data?.event.title, data?.club.name] });

// The club's leaders (and admins) rank master classes for the club's finalists who have no family
// account; a child with a guardian is ranked by the family.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const clubId = requireId(params.id);
  const { club } = await requireClubLeader(request, clubId);
  const page = await familyAcademyPage(
    await getDb(),
    { clubId },
    params.slug ?? "",
    await getLocale(request),
    new URL(request.url).searchParams,
  );
  if (!page) throw notFound();
  return { ...page, club };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const clubId = requireId(params.id);
  await requireClubLeader(request, clubId);
  const form = await readForm(request);
  readIntent(form, ["rank"]);
  const slug = params.slug ?? "";
  const outcome = await rankFromForm(await getDb(), slug, { clubId }, form);
  if (outcome.kind === "missing") throw notFound();
  if (outcome.kind === "invalid") return data(outcome, { status: 400 });
  return redirect(`/clubs/${clubId}/classes/${slug}?saved=${outcome.childId}#child-${outcome.childId}`);
}

export default function ClubClasses() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const { event, club } = page;
  return (
    <section className="stack">
      <BackLink to={`/clubs/${club.id}`}>{club.name}</BackLink>
      <h1>{t("academy.clubTitle", { event: event.title, club: club.name })}</h1>
      <p className="muted">{t("academy.clubLead")}</p>
      {page.paging.total > 0 || page.q ? (
        <SearchForm id="club-q" q={page.q} label={t("academy.seats.search")} submit={t("academy.list.apply")} />
      ) : null}
      {page.paging.total === 0 ? <p className="card">{t(page.q ? "academy.seats.none" : "academy.clubNone")}</p> : null}
      <AcademyChildren
        {...page}
        timezone={event.timezone}
        savedChildId={params.get("saved")}
        failed={failed}
        busy={busy}
      />
      {page.paging.total > 0 ? (
        <ListPager {...page.paging} label={t("academy.seats.pages")} locale={page.locale} />
      ) : null}
    </section>
  );
}
