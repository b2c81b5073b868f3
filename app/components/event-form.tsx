import { Form, useSubmit } from "@remix-run/react";
import { useRef } from "react";
import { type FieldErrors, useFieldArray, useForm, type UseFormReturn } from "react-hook-form";
import { useTranslation } from "react-i18next";

import { CITIES } from "~/domain/cities";
import { ADVANCE_RULES, DISCIPLINES, ENTRY_KINDS, EVENT_KINDS, FORMATS, ROUND_KINDS } from "~/domain/event-kinds";
import { LOCALES } from "~/domain/locale";
import { schemaResolver } from "~/forms/validate";
import {
  blankAgeGroup,
  blankNomination,
  blankRound,
  type EventData,
  type EventFormValues,
  eventSchema,
} from "~/schemas/event";

import { errorAt, Field } from "./field";

type EventForm = UseFormReturn<EventFormValues, unknown, EventData>;

interface Props {
  values: EventFormValues;
  errors?: FieldErrors<EventFormValues>;
  submitLabel: string;
  busy: boolean;
}

const suffix = { kk: "Kk", ru: "Ru", en: "En" } as const;

/**
 * One form for creating and editing an event. The browser validates with the same zod schema as the
 * action; without JavaScript the form posts as it is and the "add" buttons ask the server for a row.
 */
export function EventForm({ values, errors, submitLabel, busy }: Props) {
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

interface SectionProps {
  form: EventForm;
  values: EventFormValues;
}

function LocalizedInputs({
  form,
  base,
  label,
  values,
  multiline,
  hint,
}: {
  form: EventForm;
  base: "title" | "description" | "venue";
  label: string;
  values: EventFormValues;
  multiline?: boolean;
  hint?: string;
}) {
  const { t } = useTranslation();
  const errors = form.formState.errors;
  return (
    <fieldset className="localized">
      <legend>{label}</legend>
      {hint ? <p className="field__hint">{hint}</p> : null}
      <div className="localized__grid">
        {LOCALES.map((l) => {
          const name = `${base}${suffix[l]}` as const;
          return (
            <Field key={l} name={name} label={t(`locale.${l}`)} error={errorAt(errors, name)} lang={l}>
              {(p) =>
                multiline ? (
                  <textarea {...p} rows={4} {...form.register(name)} defaultValue={values[name]} />
                ) : (
                  <input {...p} type="text" {...form.register(name)} defaultValue={values[name]} />
                )
              }
            </Field>
          );
        })}
      </div>
    </fieldset>
  );
}

function EventSection({ form, values }: SectionProps) {
  const { t } = useTranslation();
  const errors = form.formState.errors;
  const { register } = form;
  return (
    <section className="card stack">
      <h2>{t("form.eventSection")}</h2>
      <LocalizedInputs form={form} base="title" label={t("form.titles")} values={values} hint={t("form.titleHint")} />
      <div className="grid-2">
        <Field name="kind" label={t("form.kind")} error={errorAt(errors, "kind")}>
          {(p) => (
            <select {...p} {...register("kind")} defaultValue={values.kind}>
              <option value="">{t("form.choose")}</option>
              {EVENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="city" label={t("form.city")} error={errorAt(errors, "city")}>
          {(p) => (
            <select {...p} {...register("city")} defaultValue={values.city}>
              <option value="">{t("form.choose")}</option>
              {CITIES.map((c) => (
                <option key={c} value={c}>
                  {t(`city.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="startsOn" label={t("form.startsOn")} error={errorAt(errors, "startsOn")}>
          {(p) => <input {...p} type="date" {...register("startsOn")} defaultValue={values.startsOn} />}
        </Field>
        <Field name="endsOn" label={t("form.endsOn")} error={errorAt(errors, "endsOn")}>
          {(p) => <input {...p} type="date" {...register("endsOn")} defaultValue={values.endsOn} />}
        </Field>
        <Field
          name="registrationOpensAt"
          label={t("form.registrationOpensAt")}
          hint={t("form.registrationHint")}
          error={errorAt(errors, "registrationOpensAt")}
        >
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              {...register("registrationOpensAt")}
              defaultValue={values.registrationOpensAt}
            />
          )}
        </Field>
        <Field
          name="registrationClosesAt"
          label={t("form.registrationClosesAt")}
          hint={t("form.registrationHint")}
          error={errorAt(errors, "registrationClosesAt")}
        >
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              {...register("registrationClosesAt")}
              defaultValue={values.registrationClosesAt}
            />
          )}
        </Field>
        <Field
          name="ageReferenceDate"
          label={t("form.ageReferenceDate")}
          hint={t("form.ageReferenceHint")}
          error={errorAt(errors, "ageReferenceDate")}
        >
          {(p) => <input {...p} type="date" {...register("ageReferenceDate")} defaultValue={values.ageReferenceDate} />}
        </Field>
        <Field
          name="capacity"
          label={t("form.capacity")}
          hint={t("form.capacityHint")}
          error={errorAt(errors, "capacity")}
        >
          {(p) => (
            <input
              {...p}
              type="number"
              min={1}
              inputMode="numeric"
              {...register("capacity")}
              defaultValue={values.capacity}
            />
          )}
        </Field>
      </div>
      <LocalizedInputs form={form} base="venue" label={t("form.venues")} values={values} />
      <LocalizedInputs form={form} base="description" label={t("form.descriptions")} values={values} multiline />
      <Field name="slug" label={t("form.slug")} hint={t("form.slugHint")} error={errorAt(errors, "slug")}>
        {(p) => (
          <input
            {...p}
            type="text"
            autoCapitalize="off"
            spellCheck={false}
            {...register("slug")}
            defaultValue={values.slug}
          />
        )}
      </Field>
    </section>
  );
}

function RowHeader({ title, removeValue, onRemove }: { title: string; removeValue: string; onRemove: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="row-header">
      <h3>{title}</h3>
      <button
        type="submit"
        name="intent"
        value={removeValue}
        className="button button--quiet"
        onClick={(e) => {
          e.preventDefault();
          onRemove();
        }}
      >
        {t("form.remove")}
      </button>
    </div>
  );
}

function AddButton({ label, value, onAdd }: { label: string; value: string; onAdd: () => void }) {
  return (
    <button
      type="submit"
      name="intent"
      value={value}
      className="button"
      onClick={(e) => {
        e.preventDefault();
        onAdd();
      }}
    >
      {label}
    </button>
  );
}

function NominationsSection({ form }: SectionProps) {
  const { t } = useTranslation();
  const { fields, append, remove } = useFieldArray({ control: form.control, name: "nominations", keyName: "fieldKey" });
  const errors = form.formState.errors;
  const { register } = form;
  return (
    <section className="card stack">
      <h2>{t("form.nominationsSection")}</h2>
      {fields.map((field, i) => {
        const v = field;
        const at = (k: string) => `nominations.${i}.${k}`;
        return (
          <fieldset key={field.fieldKey} className="subform stack">
            <legend className="visually-hidden">{t("form.nomination", { number: i + 1 })}</legend>
            <RowHeader
              title={t("form.nomination", { number: i + 1 })}
              removeValue={`remove-nomination-${i}`}
              onRemove={() => remove(i)}
            />
            <input type="hidden" {...register(`nominations.${i}.id`)} defaultValue={v.id ?? ""} />
            <div className="localized__grid">
              {LOCALES.map((l) => {
                const name = `nominations.${i}.name${suffix[l]}` as const;
                return (
                  <Field
                    key={l}
                    name={name}
                    label={`${t("form.titles")} · ${t(`locale.${l}`)}`}
                    error={errorAt(errors, name)}
                    lang={l}
                  >
                    {(p) => <input {...p} type="text" {...register(name)} defaultValue={v[`name${suffix[l]}`]} />}
                  </Field>
                );
              })}
            </div>
            <div className="grid-2">
              <Field name={at("discipline")} label={t("form.discipline")} error={errorAt(errors, at("discipline"))}>
                {(p) => (
                  <select {...p} {...register(`nominations.${i}.discipline`)} defaultValue={v.discipline}>
                    <option value="">{t("form.choose")}</option>
                    {DISCIPLINES.map((d) => (
                      <option key={d} value={d}>
                        {t(`discipline.${d}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field name={at("entryKind")} label={t("form.entryKind")} error={errorAt(errors, at("entryKind"))}>
                {(p) => (
                  <select {...p} {...register(`nominations.${i}.entryKind`)} defaultValue={v.entryKind}>
                    {ENTRY_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`entryKind.${k}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field
                name={at("maxDurationMinutes")}
                label={t("form.maxDurationMinutes")}
                error={errorAt(errors, at("maxDurationMinutes"))}
              >
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    min={0.5}
                    step={0.5}
                    inputMode="decimal"
                    {...register(`nominations.${i}.maxDurationMinutes`)}
                    defaultValue={v.maxDurationMinutes}
                  />
                )}
              </Field>
              <Field
                name={at("capacity")}
                label={t("form.nominationCapacity")}
                hint={t("form.capacityHint")}
                error={errorAt(errors, at("capacity"))}
              >
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    min={1}
                    inputMode="numeric"
                    {...register(`nominations.${i}.capacity`)}
                    defaultValue={v.capacity}
                  />
                )}
              </Field>
            </div>
            <fieldset className="formats">
              <legend>{t("form.formats")}</legend>
              {errorAt(errors, at("formats")) ? (
                <p className="field__error" role="alert">
                  {t(errorAt(errors, at("formats"))!)}
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
                    const fv = v.formats[j];
                    const base = `nominations.${i}.formats.${j}` as const;
                    const fieldErr = errorAt(errors, `${base}.minMembers`) ?? errorAt(errors, `${base}.maxMembers`);
                    return (
                      <tr key={format}>
                        <th scope="row">
                          <input type="hidden" {...register(`${base}.format`)} defaultValue={format} />
                          <label className="checkbox">
                            <input
                              type="checkbox"
                              {...register(`${base}.enabled`)}
                              defaultChecked={Boolean(fv?.enabled)}
                            />
                            {t(`format.${format}`)}
                          </label>
                          {fieldErr ? <span className="field__error">{t(fieldErr)}</span> : null}
                        </th>
                        <td>
                          <input
                            type="number"
                            min={1}
                            inputMode="numeric"
                            aria-label={`${t(`format.${format}`)}: ${t("form.minMembers")}`}
                            {...register(`${base}.minMembers`)}
                            defaultValue={fv?.minMembers}
                          />
                        </td>
                        <td>
                          <input
                            type="number"
                            min={1}
                            inputMode="numeric"
                            aria-label={`${t(`format.${format}`)}: ${t("form.maxMembers")}`}
                            {...register(`${base}.maxMembers`)}
                            defaultValue={fv?.maxMembers}
                          />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </fieldset>
          </fieldset>
        );
      })}
      <div>
        <AddButton label={t("form.addNomination")} value="add-nomination" onAdd={() => append(blankNomination())} />
      </div>
    </section>
  );
}

function AgeGroupsSection({ form }: SectionProps) {
  const { t } = useTranslation();
  const { fields, append, remove } = useFieldArray({ control: form.control, name: "ageGroups", keyName: "fieldKey" });
  const errors = form.formState.errors;
  const { register } = form;
  return (
    <section className="card stack">
      <h2>{t("form.ageGroupsSection")}</h2>
      {fields.map((field, i) => {
        const v = field;
        return (
          <fieldset key={field.fieldKey} className="subform">
            <legend className="visually-hidden">{t("form.ageGroup", { number: i + 1 })}</legend>
            <RowHeader
              title={t("form.ageGroup", { number: i + 1 })}
              removeValue={`remove-ageGroup-${i}`}
              onRemove={() => remove(i)}
            />
            <input type="hidden" {...register(`ageGroups.${i}.id`)} defaultValue={v.id ?? ""} />
            <div className="grid-2">
              <Field
                name={`ageGroups.${i}.minAge`}
                label={t("form.minAge")}
                error={errorAt(errors, `ageGroups.${i}.minAge`)}
              >
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    min={0}
                    max={99}
                    inputMode="numeric"
                    {...register(`ageGroups.${i}.minAge`)}
                    defaultValue={v.minAge}
                  />
                )}
              </Field>
              <Field
                name={`ageGroups.${i}.maxAge`}
                label={t("form.maxAge")}
                error={errorAt(errors, `ageGroups.${i}.maxAge`)}
              >
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    min={0}
                    max={99}
                    inputMode="numeric"
                    {...register(`ageGroups.${i}.maxAge`)}
                    defaultValue={v.maxAge}
                  />
                )}
              </Field>
            </div>
          </fieldset>
        );
      })}
      <div>
        <AddButton label={t("form.addAgeGroup")} value="add-ageGroup" onAdd={() => append(blankAgeGroup())} />
      </div>
    </section>
  );
}

function RoundsSection({ form }: SectionProps) {
  const { t } = useTranslation();
  const { fields, append, remove } = useFieldArray({ control: form.control, name: "rounds", keyName: "fieldKey" });
  const errors = form.formState.errors;
  const { register } = form;
  return (
    <section className="card stack">
      <h2>{t("form.roundsSection")}</h2>
      {fields.map((field, i) => {
        const v = field;
        const at = (k: string) => `rounds.${i}.${k}`;
        return (
          <fieldset key={field.fieldKey} className="subform stack">
            <legend className="visually-hidden">{t("form.round", { number: i + 1 })}</legend>
            <RowHeader
              title={t("form.round", { number: i + 1 })}
              removeValue={`remove-round-${i}`}
              onRemove={() => remove(i)}
            />
            <input type="hidden" {...register(`rounds.${i}.id`)} defaultValue={v.id ?? ""} />
            <div className="grid-2">
              <Field name={at("kind")} label={t("form.roundKind")} error={errorAt(errors, at("kind"))}>
                {(p) => (
                  <select {...p} {...register(`rounds.${i}.kind`)} defaultValue={v.kind}>
                    {ROUND_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`roundKind.${k}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field name={at("city")} label={t("form.city")} error={errorAt(errors, at("city"))}>
                {(p) => (
                  <select {...p} {...register(`rounds.${i}.city`)} defaultValue={v.city}>
                    <option value="">{t("form.choose")}</option>
                    {CITIES.map((c) => (
                      <option key={c} value={c}>
                        {t(`city.${c}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field name={at("startsOn")} label={t("form.roundStartsOn")} error={errorAt(errors, at("startsOn"))}>
                {(p) => <input {...p} type="date" {...register(`rounds.${i}.startsOn`)} defaultValue={v.startsOn} />}
              </Field>
              <Field name={at("endsOn")} label={t("form.roundEndsOn")} error={errorAt(errors, at("endsOn"))}>
                {(p) => <input {...p} type="date" {...register(`rounds.${i}.endsOn`)} defaultValue={v.endsOn} />}
              </Field>
              <Field name={at("advanceRule")} label={t("form.advanceRule")} error={errorAt(errors, at("advanceRule"))}>
                {(p) => (
                  <select {...p} {...register(`rounds.${i}.advanceRule`)} defaultValue={v.advanceRule}>
                    {ADVANCE_RULES.map((r) => (
                      <option key={r} value={r}>
                        {t(`advanceRule.${r}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field
                name={at("advanceValue")}
                label={t("form.advanceValue")}
                error={errorAt(errors, at("advanceValue"))}
              >
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    min={0}
                    step="any"
                    inputMode="decimal"
                    {...register(`rounds.${i}.advanceValue`)}
                    defaultValue={v.advanceValue}
                  />
                )}
              </Field>
            </div>
            <div className="localized__grid">
              {LOCALES.map((l) => {
                const name = `rounds.${i}.venue${suffix[l]}` as const;
                return (
                  <Field
                    key={l}
                    name={name}
                    label={`${t("form.venues")} · ${t(`locale.${l}`)}`}
                    error={errorAt(errors, name)}
                    lang={l}
                  >
                    {(p) => <input {...p} type="text" {...register(name)} defaultValue={v[`venue${suffix[l]}`]} />}
                  </Field>
                );
              })}
            </div>
          </fieldset>
        );
      })}
      <div>
        <AddButton label={t("form.addRound")} value="add-round" onAdd={() => append(blankRound())} />
      </div>
    </section>
  );
}
