import { Form, Link } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

import type { OverviewSection } from "~/.server/results/overview.server";
import type { RoundSummary } from "~/.server/results/round-publication.server";
import type { SectionProblem } from "~/domain/results/round-bulk";

/** A section's name as the overview shows it: nomination, then the age group. */
export function sectionName(s: Pick<OverviewSection, "nomination" | "ageGroup">, t: TFunction): string {
  return s.ageGroup
    ? `${s.nomination}, ${t("event.ageRange", { min: s.ageGroup.min, max: s.ageGroup.max })}`
    : s.nomination;
}

const problemText = (s: OverviewSection, problem: SectionProblem, t: TFunction) =>
  problem === "no_judge"
    ? t("results.bulk.problem.no_judge", { count: s.withoutJudge })
    : problem === "missing_scores"
      ? t("results.bulk.problem.missing_scores", { count: s.entries - s.fullyScored - s.withoutJudge })
      : t("results.bulk.problem.not_computed");

/**
 * The summary shown before every section of a round is locked or published: how many sections
 * change, which are incomplete and why. Incomplete sections are skipped unless ticked.
 */
export function RoundBulkPanel({ eventId, summary }: { eventId: number; summary: RoundSummary }) {
  const { t } = useTranslation();
  const { round, action, ready, incomplete, done } = summary;
  const id = `bulk-${round.id}`;
  const includable = incomplete.filter((s) => s.sectionId !== null);
  return (
    <Form method="post" className="alert alert--warning stack results-confirm" aria-labelledby={id}>
      <p id={id}>
        <strong>{t(`results.bulk.${action}.title`, { number: round.number })}</strong>
      </p>
      <p>{t(`results.bulk.${action}.text`)}</p>
      <ul className="results-bulk__counts">
        <li>{t("results.bulk.ready", { count: ready.length })}</li>
        <li>{t(`results.bulk.${action}.done`, { count: done.length })}</li>
        <li>{t("results.bulk.incomplete", { count: incomplete.length })}</li>
      </ul>
      {incomplete.length > 0 ? (
        <fieldset className="stack">
          <legend>{t("results.bulk.incompleteLegend")}</legend>
          <ul className="results-bulk__incomplete">
            {incomplete.map((s) => (
              <li key={`${s.nominationId}:${s.ageGroupId ?? 0}`}>
                <span lang={s.nominationLang}>{sectionName(s, t)}</span>
                {": "}
                {s.problems.map((p) => problemText(s, p, t)).join("; ")}
                {s.sectionId !== null ? (
                  <label className="checkbox">
                    <input type="checkbox" name="include" value={s.sectionId} /> {t(`results.bulk.${action}.include`)}
                  </label>
                ) : null}
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
      <input type="hidden" name="roundId" value={round.id} />
      <div className="results-section__actions">
        <button
          className="button button--primary"
          name="intent"
          value={`${action}_round`}
          disabled={ready.length === 0 && includable.length === 0}
        >
          {t(`results.bulk.${action}.button`)}
        </button>
        <Link className="button" to={`/organiser/events/${eventId}/results#round-${round.id}`} replace>
          {t("results.overview.cancel")}
        </Link>
      </div>
    </Form>
  );
}
