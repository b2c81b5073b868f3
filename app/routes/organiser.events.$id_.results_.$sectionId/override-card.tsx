import { Form, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { FieldError } from "~/components/field";
import { parseId } from "~/forms/ids";

import { EntrySelect } from "./entry-select";
import { type CardProps, errorOf, valueOf } from "./forms";

/** An organiser's change to a judge's score, with a reason: the only change a locked section takes. */
export function OverrideCard({ page, failed, formKey }: CardProps) {
  const { t } = useTranslation();
  const { view } = page;
  const frozen = page.section.publishedAt;
  const [params] = useSearchParams();
  // A judge's cell in the matrix links here with the entry and judge chosen.
  const preset = { entry: parseId(params.get("entry")), judge: parseId(params.get("judge")) };

  return (
    <section className="card stack" id="override" aria-labelledby="override-title">
      <h2 id="override-title">{t("results.review.override")}</h2>
      <p className="small muted">
        {view.locked ? t("results.review.overrideLeadLocked") : t("results.review.overrideLead")}
      </p>
      {view.entries.length && view.judges.length && view.criteria.length ? (
        <Form method="post" className="stack" key={formKey}>
          <fieldset className="results-fieldset stack" disabled={frozen}>
            <div className="grid-3">
              <EntrySelect
                name="override-entry"
                field="entryId"
                label={t("results.review.entry")}
                entries={view.entries}
                defaultValue={
                  valueOf(failed, "override", "entryId") ?? (preset.entry ? String(preset.entry) : undefined)
                }
                error={errorOf(failed, "override", "entryId")}
              />
              <div className="field">
                <label htmlFor="override-judge">{t("results.review.judge")}</label>
                <select
                  id="override-judge"
                  name="judgeUserId"
                  defaultValue={
                    valueOf(failed, "override", "judgeUserId") ?? (preset.judge ? String(preset.judge) : undefined)
                  }
                >
                  {view.judges.map((j) => (
                    <option key={j.userId} value={j.userId}>
                      {j.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="override-criterion">{t("results.review.criterion")}</label>
                <select
                  id="override-criterion"
                  name="criterionId"
                  defaultValue={valueOf(failed, "override", "criterionId")}
                >
                  {view.criteria.map((c) => (
                    <option key={c.id} value={c.id} lang={c.lang}>
                      {c.name} ({t("results.review.outOf", { max: c.max })})
                    </option>
                  ))}
                </select>
              </div>
              <div className={`field${errorOf(failed, "override", "value") ? " field--invalid" : ""}`}>
                <label htmlFor="override-value">{t("results.review.value")}</label>
                <input
                  id="override-value"
                  name="value"
                  inputMode="decimal"
                  required
                  defaultValue={valueOf(failed, "override", "value") ?? ""}
                  aria-describedby="override-value-error"
                />
                <FieldError id="override-value-error" message={errorOf(failed, "override", "value")} />
              </div>
            </div>
            <div className={`field${errorOf(failed, "override", "reason") ? " field--invalid" : ""}`}>
              <label htmlFor="override-reason">{t("results.review.reason")}</label>
              <textarea
                id="override-reason"
                name="reason"
                required
                maxLength={500}
                defaultValue={valueOf(failed, "override", "reason") ?? ""}
                aria-describedby="override-reason-hint override-reason-error"
              />
              <p id="override-reason-hint" className="field__hint">
                {t("results.review.reasonHint")}
              </p>
              <FieldError id="override-reason-error" message={errorOf(failed, "override", "reason")} />
            </div>
            <p>
              <button type="submit" name="intent" value="override" className="button button--primary">
                {t("results.review.saveOverride")}
              </button>
            </p>
          </fieldset>
        </Form>
      ) : (
        <p className="muted">{t("results.review.overrideUnavailable")}</p>
      )}
    </section>
  );
}
