import { Form } from "@remix-run/react";
import type { FieldErrors } from "react-hook-form";
import { useTranslation } from "react-i18next";

import type { Locale } from "~/domain/locale";
import { useSchemaForm } from "~/forms/use-schema-form";
import { type JudgeData, type JudgeFormValues, judgeSchema } from "~/schemas/jury";

import { LocaleOptions } from "../account-fields";
import { errorAt, Field } from "../field";

export interface AgeGroupOption {
  id: number;
  minAge: number;
  maxAge: number;
  /** The panel of this age group can't change: its results are locked. */
  locked?: boolean;
}

export const blankJudge = (roundId: number, nominationId: number, locale: Locale): JudgeFormValues => ({
  roundId: String(roundId),
  nominationId: String(nominationId),
  ageGroupId: "",
  email: "",
  name: "",
  locale,
  chair: false,
});

/**
 * Adds a judge to a panel by email; a person without an account is invited (name and language).
 * Panels with locked results are not offered (`allLocked`: the all-age-groups panel, which covers
 * a locked section); when none is left the form is disabled.
 */
export function JudgeForm({
  prefix,
  values,
  errors,
  ageGroups,
  allLocked = false,
}: {
  prefix: string;
  values: JudgeFormValues;
  errors?: FieldErrors<JudgeFormValues>;
  ageGroups: AgeGroupOption[];
  allLocked?: boolean;
}) {
  const { t } = useTranslation();
  const open = ageGroups.filter((g) => !g.locked);
  const usable = (id: string) => (id === "" ? !allLocked : open.some((g) => String(g.id) === id));
  const start = usable(values.ageGroupId) ? values.ageGroupId : open[0] ? String(open[0].id) : values.ageGroupId;
  const { form, onSubmit, ref } = useSchemaForm<JudgeFormValues, JudgeData>(
    judgeSchema,
    { ...values, ageGroupId: start },
    errors,
  );
  const shown = form.formState.errors;
  const chair = values.chair === true || values.chair === "on";
  const disabled = allLocked && open.length === 0;
  const ageLabel = (g: AgeGroupOption) => t("event.ageRange", { min: g.minAge, max: g.maxAge });
  return (
    <Form ref={ref} method="post" noValidate className="stack" onSubmit={onSubmit}>
      <input type="hidden" {...form.register("roundId")} value={values.roundId} />
      <input type="hidden" {...form.register("nominationId")} value={values.nominationId} />
      <fieldset className="jury-frozen stack" disabled={disabled}>
        <div className="grid-2">
          <Field prefix={prefix} name="email" label={t("jury.panels.email")} error={errorAt(shown, "email")}>
            {(p) => (
              <input {...p} type="email" autoComplete="off" {...form.register("email")} defaultValue={values.email} />
            )}
          </Field>
          {ageGroups.length > 0 ? (
            <Field
              prefix={prefix}
              name="ageGroupId"
              label={t("jury.panels.ageGroup")}
              error={errorAt(shown, "ageGroupId")}
            >
              {(p) => (
                <select {...p} {...form.register("ageGroupId")} defaultValue={start}>
                  <option value="" disabled={allLocked}>
                    {allLocked
                      ? t("jury.locks.lockedOption", { label: t("jury.panels.allAgeGroups") })
                      : t("jury.panels.allAgeGroups")}
                  </option>
                  {ageGroups.map((g) => (
                    <option key={g.id} value={g.id} disabled={g.locked}>
                      {g.locked ? t("jury.locks.lockedOption", { label: ageLabel(g) }) : ageLabel(g)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : (
            <input type="hidden" {...form.register("ageGroupId")} value="" />
          )}
        </div>
        <label className="checkbox">
          <input type="checkbox" {...form.register("chair")} defaultChecked={chair} />
          {t("jury.panels.chairBox")}
        </label>
        <p className="field__hint">{t("jury.panels.inviteHint")}</p>
        <div className="grid-2">
          <Field prefix={prefix} name="name" label={t("jury.panels.name")} error={errorAt(shown, "name")}>
            {(p) => (
              <input
                {...p}
                type="text"
                autoComplete="off"
                maxLength={200}
                {...form.register("name")}
                defaultValue={values.name}
              />
            )}
          </Field>
          <Field prefix={prefix} name="locale" label={t("jury.panels.locale")} error={errorAt(shown, "locale")}>
            {(p) => (
              <select {...p} {...form.register("locale")} defaultValue={values.locale}>
                <LocaleOptions />
              </select>
            )}
          </Field>
        </div>
        <p>
          <button type="submit" name="intent" value="addJudge" className="button button--primary">
            {t("jury.panels.add")}
          </button>
        </p>
      </fieldset>
    </Form>
  );
}
