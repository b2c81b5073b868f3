import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { FieldError } from "~/components/field";

import { type CardProps, errorOf } from "./forms";

/** The Grand Prix: an entry among the candidates, not awarded, or not decided yet. */
export function GrandPrixCard({ page, failed }: CardProps) {
  const { t } = useTranslation();
  const { grandPrix } = page;
  const frozen = page.section.publishedAt;

  return (
    <section className="card stack" id="grand-prix" aria-labelledby="gp-title">
      <h2 id="gp-title">{t("results.award.grand_prix")}</h2>
      <p className="small muted">
        {grandPrix.acrossAgeGroups ? t("results.review.gpScopeNomination") : t("results.review.gpScopeAgeGroup")}
      </p>
      {grandPrix.stale ? (
        <p className="alert alert--error" role="status">
          {t("results.review.gpStale", { entry: `${grandPrix.stale.reference} — ${grandPrix.stale.title}` })}
        </p>
      ) : grandPrix.choiceElsewhere ? (
        <p>
          {t("results.review.gpElsewhere", {
            entry: `${grandPrix.choiceElsewhere.reference} — ${grandPrix.choiceElsewhere.title}`,
          })}
        </p>
      ) : null}
      <Form method="post" className="stack">
        <fieldset className="results-fieldset stack" disabled={frozen}>
          <fieldset className="results-choices">
            <legend className="visually-hidden">{t("results.award.grand_prix")}</legend>
            <label>
              <input type="radio" name="choice" value="undecided" defaultChecked={grandPrix.choice === undefined} />{" "}
              {t("results.review.gpUndecided")}
            </label>
            <label>
              <input type="radio" name="choice" value="none" defaultChecked={grandPrix.choice === null} />{" "}
              {t("results.review.gpNone")}
            </label>
            {grandPrix.candidates.map((c) => (
              <label key={c.entryId}>
                <input type="radio" name="choice" value={c.entryId} defaultChecked={grandPrix.choice === c.entryId} />{" "}
                {c.reference} — {c.title}
              </label>
            ))}
          </fieldset>
          {grandPrix.candidates.length === 0 ? (
            <p className="small muted">{t("results.review.gpNoCandidates")}</p>
          ) : null}
          <FieldError id="gp-error" message={errorOf(failed, "grandPrix", "choice")} />
          <p>
            <button type="submit" name="intent" value="grandPrix" className="button button--primary">
              {t("results.review.saveGrandPrix")}
            </button>
          </p>
        </fieldset>
      </Form>
    </section>
  );
}
