import { Form } from "@remix-run/react";
import { type MouseEvent, useState } from "react";
import { type FieldErrors, useFieldArray } from "react-hook-form";
import { useTranslation } from "react-i18next";

import { AGGREGATIONS, AWARD_MODES, BAND_AWARDS } from "~/domain/results";
import { nextBandAward, type RulesFormValues } from "~/forms/rules-intents";
import { useSchemaForm } from "~/forms/use-schema-form";
import { type ScoringRulesData, scoringRulesSchema } from "~/schemas/scoring";

import { errorAt, Field, FieldError } from "../field";
import { Options } from "../options";
import { TieBreakEditor } from "./tie-break-editor";

/**
 * The event's scoring rules: aggregation, tie-break chain, shared places, awards (bands), Grand Prix.
 * `disabled` while results of the event are locked (the rules are frozen then).
 */
export function RulesForm({
  values,
  errors,
  disabled = false,
}: {
  values: RulesFormValues;
  errors?: FieldErrors<RulesFormValues>;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const { form, onSubmit, ref } = useSchemaForm<RulesFormValues, ScoringRulesData>(scoringRulesSchema, values, errors);
  const shown = form.formState.errors;
  const [tieBreaks, setTieBreaks] = useState(values.tieBreaks);
  const bands = useFieldArray({ control: form.control, name: "bands" });
  const bandError = errorAt(shown, "bands");
  const inPlace = (fn: () => void) => (e: MouseEvent<HTMLButtonElement>) => {
    e.preventDefault();
    fn();
  };

  return (
    <Form ref={ref} method="post" noValidate onSubmit={onSubmit}>
      <fieldset className="jury-frozen stack-lg" disabled={disabled}>
        {/* Enter in a field saves: the first submit button of a form is the one Enter presses. */}
        <button type="submit" name="intent" value="save" className="visually-hidden" tabIndex={-1} aria-hidden="true" />
        {Object.keys(shown).length > 0 ? (
          <p className="alert alert--error" role="alert">
            {t("form.errorSummary")}
          </p>
        ) : null}
        <section className="card stack">
          <fieldset className="choice">
            <legend>{t("jury.rules.aggregation")}</legend>
            {AGGREGATIONS.map((a) => (
              <label key={a} className="jury-option">
                <input
                  type="radio"
                  value={a}
                  {...form.register("aggregation")}
                  defaultChecked={values.aggregation === a}
                  aria-describedby={`aggregation-${a}-hint`}
                />
                <span>
                  <strong>{t(`jury.rules.aggregationOption.${a}`)}</strong>
                  <br />
                  <span id={`aggregation-${a}-hint`} className="muted small">
                    {t(`jury.rules.aggregationHint.${a}`)}
                  </span>
                </span>
              </label>
            ))}
            <FieldError id="aggregation-error" message={errorAt(shown, "aggregation")} />
          </fieldset>
        </section>
        <section className="card stack">
          <TieBreakEditor
            value={tieBreaks}
            error={errorAt(shown, "tieBreaks")}
            onChange={(next) => {
              setTieBreaks(next);
              form.setValue("tieBreaks", next, { shouldValidate: form.formState.isSubmitted });
            }}
          />
          <label className="jury-option">
            <input
              type="checkbox"
              {...form.register("sharedPlaces")}
              defaultChecked={values.sharedPlaces}
              aria-describedby="shared-places-hint"
            />
            <span>
              <strong>{t("jury.rules.sharedPlaces")}</strong>
              <br />
              <span id="shared-places-hint" className="muted small">
                {t("jury.rules.sharedPlacesHint")}
              </span>
            </span>
          </label>
        </section>
        <section className="card stack">
          <fieldset className="choice">
            <legend>{t("jury.rules.awardMode")}</legend>
            {AWARD_MODES.map((m) => (
              <label key={m} className="jury-option">
                <input
                  type="radio"
                  value={m}
                  {...form.register("awardMode")}
                  defaultChecked={values.awardMode === m}
                  aria-describedby={`award-mode-${m}-hint`}
                />
                <span>
                  <strong>{t(`jury.rules.awardModeOption.${m}`)}</strong>
                  <br />
                  <span id={`award-mode-${m}-hint`} className="muted small">
                    {t(`jury.rules.awardModeHint.${m}`)}
                  </span>
                </span>
              </label>
            ))}
            <FieldError id="award-mode-error" message={errorAt(shown, "awardMode")} />
          </fieldset>
          <fieldset className="choice">
            <legend>{t("jury.rules.bands")}</legend>
            <p className="field__hint">{t("jury.rules.bandsHint")}</p>
            <ol className="jury-list">
              {bands.fields.map((field, i) => (
                <li key={field.id} className="jury-band">
                  <Field
                    prefix={`band-${i}`}
                    name="award"
                    label={t("jury.rules.award")}
                    error={errorAt(shown, `bands.${i}.award`)}
                  >
                    {(p) => (
                      <select {...p} {...form.register(`bands.${i}.award`)} defaultValue={field.award}>
                        <Options blank={t("form.choose")} items={BAND_AWARDS} label={(a) => t(`results.award.${a}`)} />
                      </select>
                    )}
                  </Field>
                  <Field
                    prefix={`band-${i}`}
                    name="minPercent"
                    label={t("jury.rules.minPercent")}
                    error={errorAt(shown, `bands.${i}.minPercent`)}
                  >
                    {(p) => (
                      <input
                        {...p}
                        type="text"
                        inputMode="decimal"
                        {...form.register(`bands.${i}.minPercent`)}
                        defaultValue={field.minPercent}
                      />
                    )}
                  </Field>
                  <button
                    type="submit"
                    name="intent"
                    value={`band-remove-${i}`}
                    className="button"
                    aria-label={t("jury.rules.removeBandNamed", {
                      award: field.award ? t(`results.award.${field.award}`) : i + 1,
                    })}
                    onClick={inPlace(() => bands.remove(i))}
                  >
                    {t("jury.rules.removeBand")}
                  </button>
                </li>
              ))}
            </ol>
            <FieldError id="bands-error" message={bandError} />
            {bands.fields.length < BAND_AWARDS.length ? (
              <p>
                <button
                  type="submit"
                  name="intent"
                  value="band-add"
                  className="button"
                  onClick={inPlace(() =>
                    bands.append({ award: nextBandAward(form.getValues("bands")), minPercent: "" }),
                  )}
                >
                  {t("jury.rules.addBand")}
                </button>
              </p>
            ) : null}
          </fieldset>
          <label className="jury-option">
            <input
              type="checkbox"
              {...form.register("grandPrixAcrossAgeGroups")}
              defaultChecked={values.grandPrixAcrossAgeGroups}
              aria-describedby="grand-prix-hint"
            />
            <span>
              <strong>{t("jury.rules.grandPrix")}</strong>
              <br />
              <span id="grand-prix-hint" className="muted small">
                {t("jury.rules.grandPrixHint")}
              </span>
            </span>
          </label>
          <Field
            name="grandPrixMinPercent"
            label={t("jury.rules.grandPrixMinPercent")}
            hint={t("jury.rules.grandPrixMinPercentHint")}
            error={errorAt(shown, "grandPrixMinPercent")}
          >
            {(p) => (
              <input
                {...p}
                type="text"
                inputMode="decimal"
                {...form.register("grandPrixMinPercent")}
                defaultValue={values.grandPrixMinPercent}
              />
            )}
          </Field>
        </section>
        <div className="form-actions">
          <button type="submit" name="intent" value="save" className="button button--primary">
            {t("jury.rules.save")}
          </button>
        </div>
      </fieldset>
    </Form>
  );
}
