import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { FieldError } from "~/components/field";

import { type CardProps, entryLabelOf, errorOf, valueOf } from "./forms";

/** Ties still to break: the chair's order for each, and the orders recorded so far (which can be cleared). */
export function TiesCard({ page, failed, formKey }: CardProps) {
  const { t } = useTranslation();
  const { view, chairDecisions } = page;
  const frozen = page.section.publishedAt;
  const entryLabel = entryLabelOf(view);
  /** The place chosen for the i-th tied entry in a failed tie form (kept, so a mistake is fixed, not redone). */
  const failedPosition = (i: number) => valueOf(failed, "tieOrder", `order.${i}.position`) || undefined;

  return (
    <section className="card stack" id="ties" aria-labelledby="ties-title">
      <h2 id="ties-title">{t("results.review.ties")}</h2>
      {view.ties.length === 0 ? <p className="muted">{t("results.review.noTies")}</p> : null}
      {view.ties.map((tie) => {
        // The form that failed (for this tie) keeps what was chosen; otherwise nothing is preselected.
        const mine =
          failed?.intent === "tieOrder" &&
          tie.entryIds.some((id, i) => valueOf(failed, "tieOrder", `order.${i}.entryId`) === String(id));
        const error = mine ? errorOf(failed, "tieOrder", "order") : undefined;
        return (
          <Form
            method="post"
            key={`${formKey}-${tie.rank}`}
            className="stack results-tie"
            aria-describedby={error ? `tie-${tie.rank}-error` : undefined}
          >
            <fieldset className="results-fieldset stack" disabled={frozen}>
              <p>
                <strong>{t("results.review.tieLine", { place: tie.rank })}</strong>{" "}
                {tie.needsChair ? t("results.review.tieNeedsChair") : t("results.review.tieShared")}
              </p>
              {view.chairDecides ? (
                <>
                  <div className="results-tie__entries">
                    {tie.entryIds.map((entryId, i) => (
                      <div className={`field${error ? " field--invalid" : ""}`} key={entryId}>
                        <label htmlFor={`tie-${tie.rank}-${entryId}`}>
                          {t("results.review.chairPlace", { entry: entryLabel(entryId) })}
                        </label>
                        <input type="hidden" name={`order.${i}.entryId`} value={entryId} />
                        <select
                          id={`tie-${tie.rank}-${entryId}`}
                          name={`order.${i}.position`}
                          required
                          defaultValue={(mine ? failedPosition(i) : undefined) ?? ""}
                          aria-describedby={`tie-${tie.rank}-error`}
                        >
                          <option value="" disabled>
                            {t("results.review.choosePlace")}
                          </option>
                          {tie.entryIds.map((_, k) => (
                            <option key={k} value={k + 1}>
                              {tie.rank + k}
                            </option>
                          ))}
                        </select>
                      </div>
                    ))}
                  </div>
                  <FieldError id={`tie-${tie.rank}-error`} message={error} />
                  <p>
                    <button type="submit" name="intent" value="tieOrder" className="button button--primary">
                      {t("results.review.saveOrder")}
                    </button>
                  </p>
                </>
              ) : (
                <p className="small muted">{t("results.review.chairNotInRules")}</p>
              )}
            </fieldset>
          </Form>
        );
      })}
      {chairDecisions.length ? (
        <>
          <h3>{t("results.review.chairDecisions")}</h3>
          <ul className="results-decisions">
            {chairDecisions.map((d) => (
              <li key={`${d.decidedAt}-${d.entryIds.join("-")}`} className="results-decision">
                <ol className="results-decision__order">
                  {d.entryIds.map((entryId) => (
                    <li key={entryId}>{entryLabel(entryId)}</li>
                  ))}
                </ol>
                <p className="small muted">
                  {d.decidedBy
                    ? t("results.review.chairDecisionBy", { who: d.decidedBy, when: d.decidedAt })
                    : t("results.review.chairDecisionAt", { when: d.decidedAt })}
                </p>
                <Form method="post" className="inline-form">
                  {d.entryIds.map((entryId, i) => (
                    <input key={entryId} type="hidden" name={`entryIds.${i}`} value={entryId} />
                  ))}
                  <button
                    type="submit"
                    name="intent"
                    value="clearTie"
                    className="button button--quiet"
                    disabled={frozen}
                  >
                    {t("results.review.clearTie")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
