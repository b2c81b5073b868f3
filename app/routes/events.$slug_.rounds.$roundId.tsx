import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { previewFor } from "~/.server/events/event-preview.server";
import { roundPage } from "~/.server/events/public-season.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { ProgrammeDays } from "~/components/programme";
import { RoundResults } from "~/components/results/public-results";
import { roundCatchment, roundTitle, RoundWhen, stepTitle, type T } from "~/components/season-steps";
import { requireId } from "~/forms/ids";
import { catalogueText, readerLocale, titleOf } from "~/http/meta";
import { notFound } from "~/http/responses";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  if (!data) return [{ title: titleOf(matches, []) }];
  const locale = readerLocale(matches);
  const t: T = (key, options) => {
    const text = catalogueText(locale, key);
    return text === key && typeof options?.defaultValue === "string" ? options.defaultValue : text;
  };
  const { view } = data;
  return [
    { title: titleOf(matches, [roundTitle(t, view.round, view.step.parallel, locale), view.event.title]) },
    ...(view.event.status !== "published" ? [{ name: "robots", content: "noindex" }] : []),
  ];
};

// Public for published events: the round's published programme and published results only. A draft
// event is a preview for its organisers and a 404 for everyone else, as on the event page.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const roundId = requireId(params.roundId);
  const locale = await getLocale(request);
  const db = await getDb();
  const view = await roundPage(db, params.slug ?? "", roundId, locale, previewFor(db, request));
  if (!view) throw notFound();
  return { locale, view };
}

export default function RoundRoute() {
  const { t } = useTranslation();
  const { locale, view } = useLoaderData<typeof loader>();
  const { event, round, step, programme, results } = view;
  const catchment = step.parallel > 1 ? roundCatchment(t, round, locale) : null;
  return (
    <article className="programme stack">
      <p className="back-link">
        <Link to={`/events/${event.slug}`}>
          ← <span lang={event.titleLang}>{event.title}</span>
        </Link>
      </p>
      <header className="programme__head">
        <p className="programme__event">
          {t("season.stepOf", { number: step.number, of: step.of })} ·{" "}
          {stepTitle(t, { kind: step.kind, parallel: step.parallel })}
        </p>
        <h1>{roundTitle(t, round, step.parallel, locale)}</h1>
        <p className="muted">
          <RoundWhen round={round} locale={locale} />
        </p>
        {catchment ? <p className="muted small">{t("season.forPlaces", { places: catchment })}</p> : null}
      </header>

      <section className="stack" aria-labelledby="round-programme">
        <h2 id="round-programme">{t("season.programme")}</h2>
        {programme.days.length ? (
          <>
            <p className="muted small">{t("event.timesIn")}</p>
            <ProgrammeDays days={programme.days} locale={locale} timeZone={event.timezone} level={3} />
          </>
        ) : (
          <p className="card muted">{t("season.noProgramme")}</p>
        )}
      </section>

      <section className="public-results stack" aria-labelledby="round-results">
        <h2 id="round-results">{t("season.results")}</h2>
        {results ? (
          <RoundResults
            slug={event.slug}
            round={results}
            locale={locale}
            inline={view.resultsInline}
            showHeading={false}
          />
        ) : (
          <p className="card muted">{t("season.noResults")}</p>
        )}
      </section>
    </article>
  );
}
