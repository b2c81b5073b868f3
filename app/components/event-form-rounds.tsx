import { useTranslation } from "react-i18next";

import { CITIES } from "~/domain/cities";
import { ADVANCE_RULES, ROUND_KINDS } from "~/domain/event-kinds";
import { REGIONS } from "~/domain/regions";
import { blankRound, type EventFormValues } from "~/schemas/event";

import { type EventForm, InputField, ListSection, LocalizedInputs, SelectField, suffix } from "./event-form-fields";
import { errorAt, Field } from "./field";

/*
 * The event's rounds as a season graph: each round's step (rounds of one step run in parallel, as
 * seventeen regional heats or two galas do), its catchment when its step has several rounds (a box
 * per region, towns as typed), its advance rule and, for a round fed by parallel rounds, the rule it
 * takes entries from each of them by. A round's details fold away, so twenty rounds fit a phone.
 */
export function RoundsSection({ form }: { form: EventForm; values: EventFormValues }) {
  const { t } = useTranslation();
  return (
    <ListSection
      form={form}
      name="rounds"
      intent="round"
      heading={t("form.roundsSection")}
      rowTitle={(number) => t("form.round", { number })}
      rowClassName="subform stack"
      addLabel={t("form.addRound")}
      blank={blankRound}
    >
      {(v, i) => (
        <>
          {i === 0 ? <p className="field__hint">{t("seasonGraph.stepHint")}</p> : null}
          <div className="grid-2">
            <InputField
              form={form}
              name={`rounds.${i}.step`}
              label={t("seasonGraph.step")}
              type="number"
              min={1}
              max={100}
              inputMode="numeric"
              defaultValue={v.step}
            />
            <SelectField
              form={form}
              name={`rounds.${i}.kind`}
              label={t("form.roundKind")}
              defaultValue={v.kind}
              options={ROUND_KINDS}
              optionLabel={(k) => t(`roundKind.${k}`)}
            />
            <SelectField
              form={form}
              name={`rounds.${i}.city`}
              label={t("form.city")}
              defaultValue={v.city}
              options={CITIES}
              optionLabel={(c) => t(`city.${c}`)}
              choose
            />
            <InputField
              form={form}
              name={`rounds.${i}.startsOn`}
              label={t("form.roundStartsOn")}
              type="date"
              defaultValue={v.startsOn}
            />
            <InputField
              form={form}
              name={`rounds.${i}.endsOn`}
              label={t("form.roundEndsOn")}
              type="date"
              defaultValue={v.endsOn}
            />
          </div>
          {/* Open where something is set or wrong, so nothing set or wrong is hidden. */}
          <details className="round-details" open={detailsOpen(form, i, v)}>
            <summary>{t("seasonGraph.more")}</summary>
            <div className="stack">
              <Catchment form={form} index={i} values={v} />
              <div className="grid-2">
                <SelectField
                  form={form}
                  name={`rounds.${i}.advanceRule`}
                  label={t("form.advanceRule")}
                  defaultValue={v.advanceRule}
                  options={ADVANCE_RULES}
                  optionLabel={(r) => t(`advanceRule.${r}`)}
                />
                <InputField
                  form={form}
                  name={`rounds.${i}.advanceValue`}
                  label={t("form.advanceValue")}
                  type="number"
                  min={0}
                  step="any"
                  inputMode="decimal"
                  defaultValue={v.advanceValue}
                />
                <SelectField
                  form={form}
                  name={`rounds.${i}.intakeRule`}
                  label={t("seasonGraph.intakeRule")}
                  defaultValue={v.intakeRule}
                  options={ADVANCE_RULES}
                  optionLabel={(r) => t(`seasonGraph.intake.${r}`)}
                />
                <InputField
                  form={form}
                  name={`rounds.${i}.intakeValue`}
                  label={t("seasonGraph.intakeValue")}
                  type="number"
                  min={0}
                  step="any"
                  inputMode="decimal"
                  defaultValue={v.intakeValue}
                />
              </div>
              <LocalizedInputs
                form={form}
                name={(l) => `rounds.${i}.venue${suffix[l]}`}
                value={(l) => v[`venue${suffix[l]}`]}
                label={(l) => `${t("form.venues")} · ${t(`locale.${l}`)}`}
              />
            </div>
          </details>
        </>
      )}
    </ListSection>
  );
}

function detailsOpen(form: EventForm, i: number, v: EventFormValues["rounds"][number]): boolean {
  const errors = form.formState.errors.rounds?.[i];
  const fields = ["advanceRule", "advanceValue", "intakeRule", "intakeValue", "towns", "venueKk", "venueRu", "venueEn"];
  return (
    Boolean(errors && fields.some((f) => f in errors)) ||
    Object.values(v.regions ?? {}).some(Boolean) ||
    Boolean(v.towns?.trim()) ||
    (v.intakeRule ?? "none") !== "none"
  );
}

/** Which regions (a box each) and towns (as typed) a round of a step of parallel rounds takes. */
function Catchment({
  form,
  index: i,
  values,
}: {
  form: EventForm;
  index: number;
  values: EventFormValues["rounds"][number];
}) {
  const { t } = useTranslation();
  const error = errorAt(form.formState.errors, `rounds.${i}.towns`);
  return (
    <fieldset className="catchment">
      <legend>{t("seasonGraph.catchment")}</legend>
      <p className="field__hint">{t("seasonGraph.catchmentHint")}</p>
      <div className="catchment__regions">
        {REGIONS.map((code) => (
          <label key={code} className="checkbox">
            <input
              type="checkbox"
              {...form.register(`rounds.${i}.regions.${code}`)}
              defaultChecked={Boolean(values.regions?.[code])}
            />
            {t(`region.${code}`)}
          </label>
        ))}
      </div>
      <Field name={`rounds.${i}.towns`} label={t("seasonGraph.towns")} hint={t("seasonGraph.townsHint")} error={error}>
        {(p) => <textarea {...p} rows={2} {...form.register(`rounds.${i}.towns`)} defaultValue={values.towns} />}
      </Field>
    </fieldset>
  );
}
