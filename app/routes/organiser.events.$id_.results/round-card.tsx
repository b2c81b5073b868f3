import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { OverviewRound, OverviewSection } from "~/.server/results/overview.server";
import type { RoundSummary } from "~/.server/results/round-publication.server";
import { Fact } from "~/components/fact";
import { NoJudgeNote } from "~/components/jury/no-judge-note";
import { type Locale, LOCALES } from "~/domain/locale";
import { FEDERATION_TIMEZONE } from "~/domain/time";
import { formatDateRange, formatDateTime } from "~/i18n/format";

import { RoundBulkPanel, sectionName } from "./round-bulk";

/** A round of the overview: its advancement rule, its sections and what can be done with each. */
export function RoundCard({
  eventId,
  round,
  confirmId,
  summary,
}: {
  eventId: number;
  round: OverviewRound;
  confirmId: number | undefined;
  summary: RoundSummary | null;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const base = `/organiser/events/${eventId}/results`;
  const dates = round.startsOn ? formatDateRange(round.startsOn, round.endsOn ?? round.startsOn, locale) : null;
  const rule =
    round.advanceRule === "top_n"
      ? t("event.advanceTopN", { value: round.advanceValue })
      : round.advanceRule === "min_score"
        ? t("event.advanceMinScore", { value: round.advanceValue })
        : t("results.overview.noAdvance");
  return (
    <section className="card stack results-round" id={`round-${round.id}`} aria-labelledby={`round-${round.id}-title`}>
      <header className="results-round__head">
        <h2 id={`round-${round.id}-title`}>
          {t("results.overview.round", { number: round.number, kind: t(`roundKind.${round.kind}`) })}
        </h2>
        <p className="muted small results-round__facts">
          {[dates, round.city ? t(`city.${round.city}`, { defaultValue: round.city }) : null]
            .filter(Boolean)
            .join(" · ")}
          {round.blind ? <span className="badge">{t("results.overview.blind")}</span> : null}
        </p>
        {round.hasNextRound ? <p className="small results-round__rule">{rule}</p> : null}
      </header>
      <div className="results-round__actions">
        <Form method="post">
          <input type="hidden" name="roundId" value={round.id} />
          <button
            className="button button--primary"
            name="intent"
            value="compute"
            disabled={round.sections.length === 0}
          >
            {t("results.overview.compute")}
          </button>
        </Form>
        {/* Files are prepared in the background (jobs) and downloaded from the jobs page. */}
        <Form method="post" action={`/organiser/events/${eventId}/jobs`} className="inline-form">
          <input type="hidden" name="intent" value="results" />
          <input type="hidden" name="round" value={round.id} />
          <button className="button" name="format" value="xlsx" title={t("jobs.background")}>
            {t("results.overview.exportXlsx")}
          </button>{" "}
          <button className="button" name="format" value="csv" title={t("jobs.background")}>
            {t("results.overview.exportCsv")}
          </button>
        </Form>
        {round.sections.length > 0 ? (
          <>
            <Form method="post" action={`/organiser/events/${eventId}/jobs`} className="inline-form">
              <input type="hidden" name="intent" value="diplomas" />
              <input type="hidden" name="round" value={round.id} />
              <input type="hidden" name="lang" value={locale} />
              <button className="button" title={t("jobs.background")}>
                {t("results.overview.allDiplomas")}
              </button>
            </Form>
            <Link className="button" to={`?bulk=lock&round=${round.id}#round-${round.id}`} preventScrollReset>
              {t("results.bulk.lock.open")}
            </Link>
            <Link className="button" to={`?bulk=publish&round=${round.id}#round-${round.id}`} preventScrollReset>
              {t("results.bulk.publish.open")}
            </Link>
          </>
        ) : null}
        {round.hasNextRound ? (
          <Link className="button" to={`${base}/advance?round=${round.id}`}>
            {t("results.overview.advance")}
          </Link>
        ) : null}
      </div>
      <p className="muted small">{t("results.overview.computeHint")}</p>
      {summary ? <RoundBulkPanel eventId={eventId} summary={summary} /> : null}
      {round.sections.length === 0 ? (
        <p className="muted">{t("results.overview.noSections")}</p>
      ) : (
        <ul className="results-sections">
          {round.sections.map((s) => (
            <SectionItem
              key={`${s.nominationId}:${s.ageGroupId ?? 0}`}
              eventId={eventId}
              roundId={round.id}
              section={s}
              confirming={s.sectionId !== null && s.sectionId === confirmId}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function SectionItem({
  eventId,
  roundId,
  section: s,
  confirming,
}: {
  eventId: number;
  roundId: number;
  section: OverviewSection;
  confirming: boolean;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const base = `/organiser/events/${eventId}/results`;
  const name = sectionName(s, t);
  const diplomas = (lang: Locale) =>
    `${base}/diplomas?${new URLSearchParams({ round: String(roundId), nomination: String(s.nominationId), ...(s.ageGroupId === null ? {} : { ageGroup: String(s.ageGroupId) }), lang })}`;
  return (
    <li className="results-section" id={s.sectionId ? `section-${s.sectionId}` : undefined}>
      <div className="results-section__main">
        <h3 className="results-section__name">
          {s.sectionId ? (
            <Link to={`${base}/${s.sectionId}`}>
              <span lang={s.nominationLang}>{name}</span>
            </Link>
          ) : (
            <span lang={s.nominationLang}>{name}</span>
          )}
        </h3>
        <dl className="results-section__facts">
          <Fact term={t("results.overview.entries")}>{s.entries}</Fact>
          <Fact term={t("results.overview.scored")}>
            {t("results.overview.scoredOf", { scored: s.fullyScored, entries: s.entries })}
          </Fact>
          {s.withoutJudge > 0 ? <Fact term={t("results.overview.withoutJudge")}>{s.withoutJudge}</Fact> : null}
          <Fact term={t("results.overview.state")} className="results-section__state">
            {s.computedAt ? (
              <span className="badge">
                {t("results.overview.computedAt", {
                  when: formatDateTime(s.computedAt, locale, FEDERATION_TIMEZONE),
                })}
              </span>
            ) : (
              <span className="badge badge--draft">{t("results.overview.notComputed")}</span>
            )}
            {s.lockedAt ? <span className="badge badge--locked">{t("results.overview.locked")}</span> : null}
            {s.publishedAt ? <span className="badge badge--published">{t("results.overview.published")}</span> : null}
          </Fact>
        </dl>
        {s.withoutJudge > 0 ? (
          <NoJudgeNote
            entries={s.withoutJudge}
            recused={s.judgesRecused}
            addJudgeHref={`/organiser/events/${eventId}/jury/panels?round=${roundId}#panel-${s.nominationId}`}
          />
        ) : null}
      </div>
      {s.sectionId ? (
        <div className="results-section__actions">
          <Form method="post" className="inline-form">
            <input type="hidden" name="sectionId" value={s.sectionId} />
            {!s.lockedAt ? (
              <button className="button" name="intent" value="lock">
                {t("results.overview.lock")}
              </button>
            ) : null}
            {s.lockedAt && !s.publishedAt ? (
              <button className="button" name="intent" value="unlock">
                {t("results.overview.unlock")}
              </button>
            ) : null}
            {s.publishedAt ? (
              <button className="button" name="intent" value="unpublish">
                {t("results.overview.unpublish")}
              </button>
            ) : null}
          </Form>
          {s.lockedAt && s.computedAt && !s.publishedAt && !confirming ? (
            <Link
              className="button button--primary"
              to={`?confirm=${s.sectionId}#section-${s.sectionId}`}
              preventScrollReset
            >
              {t("results.overview.publish")}
            </Link>
          ) : null}
          <Link className="button button--quiet" to={`${base}/${s.sectionId}`}>
            {t("results.overview.details")}
          </Link>
          <Link className="button button--quiet" to={`${base}/${s.sectionId}/email`}>
            {t("results.sectionEmail.link")}
          </Link>
        </div>
      ) : null}
      {confirming ? (
        <Form method="post" className="alert alert--warning results-confirm" aria-labelledby={`confirm-${s.sectionId}`}>
          <p id={`confirm-${s.sectionId}`}>
            <strong>{t("results.overview.confirmTitle", { section: name })}</strong>
          </p>
          {/* Families hear about a section once: publishing it again after a correction emails no one. */}
          <p>
            {s.firstPublishedAt
              ? t("results.overview.confirmTextAgain", {
                  date: formatDateTime(s.firstPublishedAt, locale, FEDERATION_TIMEZONE),
                })
              : t("results.overview.confirmText")}
          </p>
          <input type="hidden" name="sectionId" value={s.sectionId ?? ""} />
          <div className="results-section__actions">
            <button className="button button--primary" name="intent" value="publish">
              {t(s.firstPublishedAt ? "results.overview.confirmButtonAgain" : "results.overview.confirmButton")}
            </button>
            <Link className="button" to={`${base}#section-${s.sectionId}`} replace>
              {t("results.overview.cancel")}
            </Link>
          </div>
        </Form>
      ) : null}
      {s.computedAt && s.placed > 0 ? (
        <p className="small results-section__diplomas">
          {t("results.overview.diplomas")}:{" "}
          {LOCALES.map((lang, i) => (
            <span key={lang}>
              {i > 0 ? " · " : null}
              <a href={diplomas(lang)} hrefLang={lang}>
                {t(`locale.${lang}`)}
              </a>
            </span>
          ))}
        </p>
      ) : null}
    </li>
  );
}
