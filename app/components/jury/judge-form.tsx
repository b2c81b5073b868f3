import { Form } from "@remix-run/react";
import type { FieldErrors } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { LOCALES, type Locale } from "~/domain/locale";
import { judgeSchema, type JudgeData, type JudgeFormValues } from "~/schemas/jury";
import { errorAt } from "../field";
import { JuryField } from "./jury-field";
import { useSchemaForm } from "./use-schema-form";

export interface AgeGroupOption {
  id: number;
  minAge: number;
  maxAge: number;
}

export const blankJudge = (roundId: number, nominationId: number, locale: Locale): JudgeFormValues => ({
  roundId: String(roundId), nominationId: String(nominationId), ageGroupId: "", email: "", name: "", locale, chair: false,
});

/** Adds a judge to a panel by email; a person without an account is invited (name and language). */
export function JudgeForm({ prefix, values, errors, ageGroups }: {
  prefix: string;
  values: JudgeFormValues;
  errors?: FieldErrors<JudgeFormValues>;
  ageGroups: AgeGroupOption[];
}) {
  const { t } = useTranslation();
  const { form, onSubmit } = useSchemaForm<JudgeFormValues, JudgeData>(judgeSchema, values, errors);
  const shown = form.formState.errors;
  const chair = values.chair === true || values.chair === "on";
  return (
    <Form method="post" noValidate className="stack" onSubmit={onSubmit}>
      <input type="hidden" {...form.register("roundId")} value={values.roundId} />
      <input type="hidden" {...form.register("nominationId")} value={values.nominationId} />
      <div className="grid-2">
        <JuryField prefix={prefix} name="email" label={t("jury.panels.email")} error={errorAt(shown, "email")}>
          {(p) => <input {...p} type="email" autoComplete="off" {...form.register("email")} defaultValue={values.email} />}
        </JuryField>
        {ageGroups.length > 0 ? (
          <JuryField prefix={prefix} name="ageGroupId" label={t("jury.panels.ageGroup")} error={errorAt(shown, "ageGroupId")}>
            {(p) => (
              <select {...p} {...form.register("ageGroupId")} defaultValue={values.ageGroupId}>
                <option value="">{t("jury.panels.allAgeGroups")}</option>
                {ageGroups.map((g) => <option key={g.id} value={g.id}>{t("event.ageRange", { min: g.minAge, max: g.maxAge })}</option>)}
              </select>
            )}
          </JuryField>
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
        <JuryField prefix={prefix} name="name" label={t("jury.panels.name")} error={errorAt(shown, "name")}>
          {(p) => <input {...p} type="text" autoComplete="off" maxLength={200} {...form.register("name")} defaultValue={values.name} />}
        </JuryField>
        <JuryField prefix={prefix} name="locale" label={t("jury.panels.locale")} error={errorAt(shown, "locale")}>
          {(p) => (
            <select {...p} {...form.register("locale")} defaultValue={values.locale}>
              {LOCALES.map((l) => <option key={l} value={l}>{t(`locale.${l}`)}</option>)}
            </select>
          )}
        </JuryField>
      </div>
      <p>
        <button type="submit" name="intent" value="addJudge" className="button button--primary">{t("jury.panels.add")}</button>
      </p>
    </Form>
  );
}
