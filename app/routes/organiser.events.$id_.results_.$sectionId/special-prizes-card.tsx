import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { FieldError } from "~/components/field";

import { EntrySelect } from "./entry-select";
import { type CardProps, entryLabelOf, errorOf, valueOf } from "./forms";

/** The jury's special prizes of the section's entries: listed, removed, added. */
export function SpecialPrizesCard({ page, failed, formKey }: CardProps) {
  const { t } = useTranslation();
  const { view } = page;
  const frozen = page.section.publishedAt;
  const entryLabel = entryLabelOf(view);

  return (
    <section className="card stack" id="special-prizes" aria-labelledby="prizes-title">
      <h2 id="prizes-title">{t("results.review.specialPrizes")}</h2>
      <p className="small muted">{t("results.review.specialPrizesLead")}</p>
      {view.entries.some((e) => e.specialPrizes.length) ? (
        <ul className="results-prizes">
          {view.entries.flatMap((e) =>
            e.specialPrizes.map((p) => (
              <li key={p.id}>
                <span>
                  <strong lang={p.lang}>{p.name}</strong> · {entryLabel(e.entryId)}
                </span>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="prizeId" value={p.id} />
                  <button
                    type="submit"
                    name="intent"
                    value="removePrize"
                    className="button button--quiet"
                    disabled={frozen}
                    aria-label={`${t("results.review.removePrize")}: ${p.name}`}
                  >
                    {t("results.review.removePrize")}
                  </button>
                </Form>
              </li>
            )),
          )}
        </ul>
      ) : (
        <p className="muted">{t("results.review.noSpecialPrizes")}</p>
      )}
      {view.entries.length ? (
        <Form method="post" className="stack" key={formKey}>
          <fieldset className="results-fieldset stack" disabled={frozen}>
            <EntrySelect
              name="prizeEntry"
              field="entryId"
              label={t("results.review.entry")}
              entries={view.entries}
              defaultValue={valueOf(failed, "addPrize", "entryId")}
              error={errorOf(failed, "addPrize", "entryId")}
            />
            <div className="grid-3">
              {(["nameKk", "nameRu", "nameEn"] as const).map((name) => (
                <div className={`field${errorOf(failed, "addPrize", name) ? " field--invalid" : ""}`} key={name}>
                  <label htmlFor={`prize-${name}`}>{t(`results.review.${name}`)}</label>
                  <input
                    id={`prize-${name}`}
                    name={name}
                    maxLength={200}
                    lang={name.slice(4).toLowerCase()}
                    defaultValue={valueOf(failed, "addPrize", name) ?? ""}
                    aria-describedby={`prize-${name}-error`}
                  />
                  <FieldError id={`prize-${name}-error`} message={errorOf(failed, "addPrize", name)} />
                </div>
              ))}
            </div>
            <p>
              <button type="submit" name="intent" value="addPrize" className="button">
                {t("results.review.addPrize")}
              </button>
            </p>
          </fieldset>
        </Form>
      ) : null}
    </section>
  );
}
