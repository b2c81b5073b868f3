import { Form } from "@remix-run/react";
import type { FieldErrors } from "react-hook-form";
import { useTranslation } from "react-i18next";

import { LOCALES } from "~/domain/locale";
import { useSchemaForm } from "~/forms/use-schema-form";
import { type CriterionData, type CriterionFormValues, criterionSchema } from "~/schemas/jury";

import { errorAt, Field } from "../field";

const NAME = { kk: "nameKk", ru: "nameRu", en: "nameEn" } as const;

export const blankCriterion = (): CriterionFormValues => ({
  nameKk: "",
  nameRu: "",
  nameEn: "",
  maxScore: "10",
  weight: "1",
});

/**
 * Adds a criterion to a nomination or edits one: names in kk/ru/en, maximum score, weight.
 * `disabled` shows it read-only (the nomination's results are locked).
 */
export function CriterionForm({
  prefix,
  intent,
  hidden,
  values,
  errors,
  submitLabel,
  disabled = false,
}: {
  prefix: string;
  intent: "addCriterion" | "updateCriterion";
  hidden: Record<string, string | number>;
  values: CriterionFormValues;
  errors?: FieldErrors<CriterionFormValues>;
  submitLabel: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const { form, onSubmit, ref } = useSchemaForm<CriterionFormValues, CriterionData>(criterionSchema, values, errors);
  const shown = form.formState.errors;
  return (
    <Form ref={ref} method="post" noValidate className="stack" onSubmit={onSubmit}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <fieldset className="jury-frozen stack" disabled={disabled}>
        <fieldset className="localized">
          <legend>{t("jury.criteria.names")}</legend>
          <p className="field__hint">{t("jury.criteria.nameHint")}</p>
          <div className="localized__grid">
            {LOCALES.map((l) => (
              <Field
                key={l}
                prefix={prefix}
                name={NAME[l]}
                label={t(`locale.${l}`)}
                error={errorAt(shown, NAME[l])}
                lang={l}
              >
                {(p) => (
                  <input
                    {...p}
                    type="text"
                    maxLength={200}
                    {...form.register(NAME[l])}
                    defaultValue={values[NAME[l]]}
                  />
                )}
              </Field>
            ))}
          </div>
        </fieldset>
        <div className="grid-2">
          <Field prefix={prefix} name="maxScore" label={t("jury.criteria.maxScore")} error={errorAt(shown, "maxScore")}>
            {(p) => (
              <input
                {...p}
                type="text"
                inputMode="decimal"
                {...form.register("maxScore")}
                defaultValue={values.maxScore}
              />
            )}
          </Field>
          <Field
            prefix={prefix}
            name="weight"
            label={t("jury.criteria.weight")}
            hint={t("jury.criteria.weightHint")}
            error={errorAt(shown, "weight")}
          >
            {(p) => (
              <input {...p} type="text" inputMode="decimal" {...form.register("weight")} defaultValue={values.weight} />
            )}
          </Field>
        </div>
        <p>
          <button type="submit" name="intent" value={intent} className="button button--primary">
            {submitLabel}
          </button>
        </p>
      </fieldset>
    </Form>
  );
}
