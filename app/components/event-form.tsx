import { Form, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { type FieldErrors, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";

import type { RefusedRemoval } from "~/.server/events/events.server";
import { CITIES } from "~/domain/cities";
import { DISCIPLINES, ENTRY_KINDS, EVENT_KINDS, FORMATS } from "~/domain/event-kinds";
import { type Locale, localized } from "~/domain/locale";
import { schemaResolver } from "~/forms/validate";
import { blankAgeGroup, blankNomination, type EventData, type EventFormValues, eventSchema } from "~/schemas/event";

import { type EventForm, InputField, ListSection, LocalizedInputs, SelectField, suffix } from "./event-form-fields";
import { RoundsSection } from "./event-form-rounds";
import { errorAt } from "./field";
import { RemovalRefused } from "./removal-refused";

interface Props {
  values: EventFormValues;
  errors?: FieldErrors<EventFormValues>;
  /** Rows the last save could not remove: the server put them back into `values`. */
  refused?: RefusedRemoval[];
  submitLabel: string;
  busy: boolean;
}

/**
 * One form for creating and editing an event. The browser validates with the same zod schema as the
 * action; without JavaScript the form posts as it is and the "add" buttons ask the server for a row.
 */
export function EventForm({ values, errors, refused, submitLabel, busy }: Props) {
  const { t } = useTranslation();
  const form = useForm<EventFormValues, unknown, EventData>({
    resolver: schemaResolver<EventFormValues, EventData>(eventSchema),
    defaultValues: values,
    errors,
    mode: "onTouched",
  });
  const submit = useSubmit();
  const ref = useRef<HTMLFormElement>(null);
  const hasErrors = Object.keys(form.formState.errors).length > 0;
  // A refused save answers with the posted values and the refused rows back in place; the browser
  // still shows the rows as removed until the form takes those values.
  const latestValues = useRef(values);
  latestValues.current = values;
  const { reset } = form;
  useEffect(() => {
    if (refused?.length) reset(latestValues.current);
  }, [refused, reset]);

  return (
    <Form
      method="post"
      ref={ref}
      noValidate
      className="event-form stack-lg"
      onSubmit={(e) => {
        const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        if (submitter?.name === "intent" && submitter.value !== "save") return;
        void form.handleSubmit(() => submit(ref.current!, { method: "post" }))(e);
      }}
    >
      {hasErrors ? (
        <p className="alert alert--error" role="alert">
          {t("form.errorSummary")}
        </p>
      ) : null}
      {refused?.length ? <RefusedRemovals refused={refused} /> : null}
      <EventSection form={form} values={values} />
      <NominationsSection form={form} values={values} />
      <AgeGroupsSection form={form} values={values} />
      <RoundsSection form={form} values={values} />
      <div className="form-actions">
        <button type="submit" name="intent" value="save" className="button button--primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}

const REMOVED = { nominations: "nomination", ageGroups: "ageGroup", rounds: "round" } as const;

/** Why the save was refused: each row the form left out that something holds, and what holds it. */
function RefusedRemovals({ refused }: { refused: RefusedRemoval[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const name = (r: RefusedRemoval) => {
    switch (r.list) {
      case "nominations":
        return localized({ name_kk: r.row.nameKk, name_ru: r.row.nameRu, name_en: r.row.nameEn }, "name", locale);
      case "ageGroups":
        return t("event.ageRange", { min: r.row.minAge, max: r.row.maxAge });
      case "rounds":
        return [t(`roundKind.${r.row.kind}`), r.row.city ? t(`city.${r.row.city}`) : ""].filter(Boolean).join(", ");
    }
  };
  return (
    <div className="alert alert--error stack" role="alert">
      <ul>
        {refused.map((r) => (
          <li key={`${r.list}-${r.row.id}`}>
            <RemovalRefused what={REMOVED[r.list]} name={name(r)} holdings={r.holdings} />
          </li>
        ))}
      </ul>
      <p>{t("removal.formKept")}</p>
    </div>
  );
}

interface SectionProps {
  form: EventForm;
  values: EventFormValues;
}

function LocalizedFieldset({
  form,
  base,
  label,
  values,
  multiline,
  hint,
}: SectionProps & { base: "title" | "description" | "venue"; label: string; multiline?: boolean; hint?: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="localized">
      <legend>{label}</legend>
      {hint ? <p className="field__hint">{hint}</p> : null}
      <LocalizedInputs
        form={form}
        name={(l) => `${base}${suffix[l]}`}
        value={(l) => values[`${base}${suffix[l]}`]}
        label={(l) => t(`locale.${l}`)}
        multiline={multiline}
      />
    </fieldset>
  );
}

function EventSection({ form, values }: SectionProps) {
  const { t } = useTranslation();
  return (
    <section className="card stack">
      <h2>{t("form.eventSection")}</h2>
      <LocalizedFieldset form={form} base="title" label={t("form.titles")} values={values} hint={t("form.titleHint")} />
      <div className="grid-2">
        <SelectField
          form={form}
          name="kind"
          label={t("form.kind")}
          defaultValue={values.kind}
          options={EVENT_KINDS}
          optionLabel={(k) => t(`kind.${k}`)}
          choose
        />
        <SelectField
          form={form}
          name="city"
          label={t("form.city")}
          defaultValue={values.city}
          options={CITIES}
          optionLabel={(c) => t(`city.${c}`)}
          choose
        />
        <InputField form={form} name="startsOn" label={t("form.startsOn")} type="date" defaultValue={values.startsOn} />
        <InputField form={form} name="endsOn" label={t("form.endsOn")} type="date" defaultValue={values.endsOn} />
        <InputField
          form={form}
          name="registrationOpensAt"
          label={t("form.registrationOpensAt")}
          hint={t("form.registrationHint")}
          type="datetime-local"
          defaultValue={values.registrationOpensAt}
        />
        <InputField
          form={form}
          name="registrationClosesAt"
          label={t("form.registrationClosesAt")}
          hint={t("form.registrationHint")}
          type="datetime-local"
          defaultValue={values.registrationClosesAt}
        />
        <InputField
          form={form}
          name="ageReferenceDate"
          label={t("form.ageReferenceDate")}
          hint={t("form.ageReferenceHint")}
          type="date"
          defaultValue={values.ageReferenceDate}
        />
        <InputField
          form={form}
          name="capacity"
          label={t("form.capacity")}
          hint={t("form.capacityHint")}
          type="number"
          min={1}
          inputMode="numeric"
          defaultValue={values.capacity}
        />
      </div>
      <CheckboxField
        form={form}
        name="oneEntryPerNomination"
        checked={values.oneEntryPerNomination}
        label={t("form.oneEntryPerNomination")}
        hint={t("form.oneEntryPerNominationHint")}
      />
      <CheckboxField
        form={form}
        name="severalRoundsPerStep"
        checked={values.severalRoundsPerStep}
        label={t("seasonGraph.several")}
        hint={t("seasonGraph.severalHint")}
      />
      <LocalizedFieldset form={form} base="venue" label={t("form.venues")} values={values} />
      <LocalizedFieldset form={form} base="description" label={t("form.descriptions")} values={values} multiline />
      <InputField
        form={form}
        name="slug"
        label={t("form.slug")}
        hint={t("form.slugHint")}
        type="text"
        autoCapitalize="off"
        spellCheck={false}
        defaultValue={values.slug}
      />
    </section>
  );
}

function NominationsSection({ form }: SectionProps) {
  const { t } = useTranslation();
  return (
    <ListSection
      form={form}
      name="nominations"
      intent="nomination"
      heading={t("form.nominationsSection")}
      rowTitle={(number) => t("form.nomination", { number })}
      rowClassName="subform stack"
      addLabel={t("form.addNomination")}
      blank={blankNomination}
    >
      {(v, i) => (
        <>
          <LocalizedInputs
            form={form}
            name={(l) => `nominations.${i}.name${suffix[l]}`}
            value={(l) => v[`name${suffix[l]}`]}
            label={(l) => `${t("form.titles")} · ${t(`locale.${l}`)}`}
          />
          <div className="grid-2">
            <SelectField
              form={form}
              name={`nominations.${i}.discipline`}
              label={t("form.discipline")}
              defaultValue={v.discipline}
              options={DISCIPLINES}
              optionLabel={(d) => t(`discipline.${d}`)}
              choose
            />
            <SelectField
              form={form}
              name={`nominations.${i}.entryKind`}
              label={t("form.entryKind")}
              defaultValue={v.entryKind}
              options={ENTRY_KINDS}
              optionLabel={(k) => t(`entryKind.${k}`)}
            />
            <InputField
              form={form}
              name={`nominations.${i}.maxDurationMinutes`}
              label={t("form.maxDurationMinutes")}
              type="number"
              min={0.5}
              step={0.5}
              inputMode="decimal"
              defaultValue={v.maxDurationMinutes}
            />
            <InputField
              form={form}
              name={`nominations.${i}.capacity`}
              label={t("form.nominationCapacity")}
              hint={t("form.capacityHint")}
              type="number"
              min={1}
              inputMode="numeric"
              defaultValue={v.capacity}
            />
          </div>
          <FormatsTable form={form} index={i} values={v.formats} />
        </>
      )}
    </ListSection>
  );
}

/** A nomination's formats: which are allowed, each with its least and most members. */
function FormatsTable({
  form,
  index: i,
  values,
}: {
  form: EventForm;
  index: number;
  values: EventFormValues["nominations"][number]["formats"];
}) {
  const { t } = useTranslation();
  const errors = form.formState.errors;
  const { register } = form;
  const formatsError = errorAt(errors, `nominations.${i}.formats`);
  return (
    <fieldset className="formats">
      <legend>{t("form.formats")}</legend>
      {formatsError ? (
        <p className="field__error" role="alert">
          {t(formatsError)}
        </p>
      ) : null}
      <table className="formats__table">
        <thead>
          <tr>
            <th scope="col">{t("event.formats")}</th>
            <th scope="col">{t("form.minMembers")}</th>
            <th scope="col">{t("form.maxMembers")}</th>
          </tr>
        </thead>
        <tbody>
          {FORMATS.map((format, j) => {
            const fv = values[j];
            const base = `nominations.${i}.formats.${j}` as const;
            const fieldErr = errorAt(errors, `${base}.minMembers`) ?? errorAt(errors, `${base}.maxMembers`);
            return (
              <tr key={format}>
                <th scope="row">
                  <input type="hidden" {...register(`${base}.format`)} defaultValue={format} />
                  <label className="checkbox">
                    <input type="checkbox" {...register(`${base}.enabled`)} defaultChecked={Boolean(fv?.enabled)} />
                    {t(`format.${format}`)}
                  </label>
                  {fieldErr ? <span className="field__error">{t(fieldErr)}</span> : null}
                </th>
                {(["minMembers", "maxMembers"] as const).map((bound) => (
                  <td key={bound}>
                    <input
                      type="number"
                      min={1}
                      inputMode="numeric"
                      aria-label={`${t(`format.${format}`)}: ${t(`form.${bound}`)}`}
                      {...register(`${base}.${bound}`)}
                      defaultValue={fv?.[bound]}
                    />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}

function AgeGroupsSection({ form }: SectionProps) {
  const { t } = useTranslation();
  return (
    <ListSection
      form={form}
      name="ageGroups"
      intent="ageGroup"
      heading={t("form.ageGroupsSection")}
      rowTitle={(number) => t("form.ageGroup", { number })}
      rowClassName="subform"
      addLabel={t("form.addAgeGroup")}
      blank={blankAgeGroup}
    >
      {(v, i) => (
        <>
          <div className="grid-2">
            {(["minAge", "maxAge"] as const).map((bound) => (
              <InputField
                key={bound}
                form={form}
                name={`ageGroups.${i}.${bound}`}
                label={t(`form.${bound}`)}
                type="number"
                min={0}
                max={99}
                inputMode="numeric"
                defaultValue={v[bound]}
              />
            ))}
          </div>
        </>
      )}
    </ListSection>
  );
}

/** An event-wide yes/no setting: a checkbox with its hint below. */
function CheckboxField({
  form,
  name,
  checked,
  label,
  hint,
}: {
  form: EventForm;
  name: "oneEntryPerNomination" | "severalRoundsPerStep";
  checked: boolean;
  label: string;
  hint: string;
}) {
  return (
    <div className="field">
      <label className="checkbox">
        <input type="checkbox" {...form.register(name)} defaultChecked={checked} aria-describedby={`${name}-hint`} />
        {label}
      </label>
      <p id={`${name}-hint`} className="field__hint">
        {hint}
      </p>
    </div>
  );
}
