import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicResultSection } from "~/.server/results/public-results.server";
import { BackLink } from "~/components/back-link";
import { Pager } from "~/components/pager";
import { PlaceList, RoundName, sectionName } from "~/components/results/public-results";
import { parseId } from "~/forms/ids";
import { catalogueText, readerLocale, titleOf } from "~/http/meta";
import { notFound } from "~/http/responses";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const locale = readerLocale(matches);
  if (!data) return [{ title: titleOf(matches, []) }];
  const { section, event } = data.view;
  const name = section.ageGroup
    ? `${section.nomination}, ${catalogueText(locale, "event.ageRange")
        .replace("{{min}}", String(section.ageGroup.min))
        .replace("{{max}}", String(section.ageGroup.max))}`
    : section.nomination;
  return [
    { title: titleOf(matches, [name, catalogueText(locale, "results.public.title"), event.title]) },
    { name: "description", content: `${name} — ${event.title}` },
  ];
};

// Anyone, for a published section of a published event; anything else is a 404 for everyone.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const sectionId = parseId(params.sectionId);
  if (sectionId === undefined) throw notFound();
  const locale = await getLocale(request);
  const page = parseId(new URL(request.url).searchParams.get("page")) ?? null;
  const view = await publicResultSection(await getDb(), params.slug ?? "", sectionId, locale, page);
  if (!view) throw notFound();
  return { locale, view };
}

export default function PublicResultSectionPage() {
  const { t } = useTranslation();
  const { locale, view } = useLoaderData<typeof loader>();
  const { event, round, section, page } = view;
  const pageUrl = (n: number) => `/events/${event.slug}/results/${section.id}${n > 1 ? `?page=${n}` : ""}`;
  return (
    <article className="public-results stack">
      <BackLink to={`/events/${event.slug}/results`}>{t("results.public.title")}</BackLink>
      <header className="public-results__head">
        <div>
          <h1 lang={section.nominationLang}>{sectionName(t, section)}</h1>
          <p className="public-results__event" lang={event.titleLang}>
            {event.title}
          </p>
          <p className="muted small">
            <RoundName round={round} locale={locale} />
          </p>
        </div>
      </header>
      <PlaceList rows={section.rows} start={page.offset + 1} />
      <Pager
        label={t("results.public.pages")}
        status={t("pager.range", {
          first: section.rows.length ? page.offset + 1 : 0,
          last: page.offset + section.rows.length,
          total: section.count,
        })}
        previous={page.page > 1 ? pageUrl(page.page - 1) : null}
        next={page.page < page.pages ? pageUrl(page.page + 1) : null}
      />
    </article>
  );
}
