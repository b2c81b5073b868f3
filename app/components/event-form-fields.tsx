import type { InputHTMLAttributes, ReactNode } from "react";
import { type FieldArray, type FieldArrayWithId, type Path, useFieldArray, type UseFormReturn } from "react-hook-form";
import { useTranslation } from "react-i18next";

import { type Locale, LOCALES } from "~/domain/locale";
import type { EventData, EventFormValues } from "~/schemas/event";

import { errorAt, Field } from "./field";

/*
 * The event form's building blocks: an input or a select bound to the form by its path, a row of
 * inputs per language, and the rows of the nomination, age group and round lists with their "add"
 * and "remove" buttons (which post an intent when JavaScript is off).
 */

export type EventForm = UseFormReturn<EventFormValues, unknown, EventData>;
export type EventFieldName = Path<EventFormValues>;

export const suffix = { kk: "Kk", ru: "Ru", en: "En" } as const;

interface BoundProps {
  form: EventForm;
  name: EventFieldName;
  label: string;
  hint?: string;
  defaultValue: string | undefined;
}

export function InputField({
  form,
  name,
  label,
  hint,
  lang,
  defaultValue,
  ...input
}: BoundProps & Omit<InputHTMLAttributes<HTMLInputElement>, "form" | "name" | "defaultValue">) {
  return (
    <Field name={name} label={label} hint={hint} error={errorAt(form.formState.errors, name)} lang={lang}>
      {(p) => <input {...p} {...input} {...form.register(name)} defaultValue={defaultValue} />}
    </Field>
  );
}

export function SelectField<T extends string>({
  form,
  name,
  label,
  defaultValue,
  options,
  optionLabel,
  choose = false,
}: Omit<BoundProps, "hint"> & { options: readonly T[]; optionLabel: (option: T) => string; choose?: boolean }) {
  const { t } = useTranslation();
  return (
    <Field name={name} label={label} error={errorAt(form.formState.errors, name)}>
      {(p) => (
        <select {...p} {...form.register(name)} defaultValue={defaultValue}>
          {choose ? <option value="">{t("form.choose")}</option> : null}
          {options.map((o) => (
            <option key={o} value={o}>
              {optionLabel(o)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** One input per language, side by side on a wide screen. */
export function LocalizedInputs({
  form,
  name,
  value,
  label,
  multiline,
}: {
  form: EventForm;
  name: (l: Locale) => EventFieldName;
  value: (l: Locale) => string | undefined;
  label: (l: Locale) => string;
  multiline?: boolean;
}) {
  const errors = form.formState.errors;
  return (
    <div className="localized__grid">
      {LOCALES.map((l) => (
        <Field key={l} name={name(l)} label={label(l)} error={errorAt(errors, name(l))} lang={l}>
          {(p) =>
            multiline ? (
              <textarea {...p} rows={4} {...form.register(name(l))} defaultValue={value(l)} />
            ) : (
              <input {...p} type="text" {...form.register(name(l))} defaultValue={value(l)} />
            )
          }
        </Field>
      ))}
    </div>
  );
}

/** A button that posts its intent without JavaScript, and does `onClick` instead with it. */
function IntentButton({
  value,
  className,
  onClick,
  children,
}: {
  value: string;
  className: string;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="submit"
      name="intent"
      value={value}
      className={className}
      onClick={(e) => {
        e.preventDefault();
        onClick();
      }}
    >
      {children}
    </button>
  );
}

function RowHeader({ title, removeValue, onRemove }: { title: string; removeValue: string; onRemove: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="row-header">
      <h3>{title}</h3>
      <IntentButton value={removeValue} className="button button--quiet" onClick={onRemove}>
        {t("form.remove")}
      </IntentButton>
    </div>
  );
}

/** A row of a list (a nomination, an age group, a round): its heading, remove button and hidden id. */
function ListRow({
  form,
  title,
  removeValue,
  onRemove,
  idName,
  id,
  className,
  children,
}: {
  form: EventForm;
  title: string;
  removeValue: string;
  onRemove: () => void;
  idName: EventFieldName;
  id: string | undefined;
  className: string;
  children: ReactNode;
}) {
  return (
    <fieldset className={className}>
      <legend className="visually-hidden">{title}</legend>
      <RowHeader title={title} removeValue={removeValue} onRemove={onRemove} />
      <input type="hidden" {...form.register(idName)} defaultValue={id ?? ""} />
      {children}
    </fieldset>
  );
}

function AddButton({ label, value, onAdd }: { label: string; value: string; onAdd: () => void }) {
  return (
    <IntentButton value={value} className="button" onClick={onAdd}>
      {label}
    </IntentButton>
  );
}

type ListName = "nominations" | "ageGroups" | "rounds";

/** A list of the form (nominations, age groups, rounds): a card with a row each and an "add" button. */
export function ListSection<N extends ListName>({
  form,
  name,
  intent,
  heading,
  rowTitle,
  rowClassName,
  addLabel,
  blank,
  children,
}: {
  form: EventForm;
  name: N;
  /** Names the buttons' intents: `add-<intent>` and `remove-<intent>-<index>`. */
  intent: string;
  heading: string;
  rowTitle: (number: number) => string;
  rowClassName: string;
  addLabel: string;
  blank: () => FieldArray<EventFormValues, N>;
  children: (row: FieldArrayWithId<EventFormValues, N, "fieldKey">, index: number) => ReactNode;
}) {
  const { fields, append, remove } = useFieldArray<EventFormValues, N, "fieldKey", EventData>({
    control: form.control,
    name,
    keyName: "fieldKey",
  });
  return (
    <section className="card stack">
      <h2>{heading}</h2>
      {fields.map((row, i) => (
        <ListRow
          key={row.fieldKey}
          form={form}
          className={rowClassName}
          title={rowTitle(i + 1)}
          removeValue={`remove-${intent}-${i}`}
          onRemove={() => remove(i)}
          idName={`${name}.${i}.id`}
          id={(row as { id?: string }).id}
        >
          {children(row, i)}
        </ListRow>
      ))}
      <div>
        <AddButton label={addLabel} value={`add-${intent}`} onAdd={() => append(blank())} />
      </div>
    </section>
  );
}
