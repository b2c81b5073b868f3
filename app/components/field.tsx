import type { ReactNode } from "react";
import { type FieldErrors, type FieldValues, get } from "react-hook-form";
import { useTranslation } from "react-i18next";

/** A field's error, translated from its message key. */
export function FieldError({ id, message }: { id: string; message?: string | null }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <p id={id} className="field__error" role="alert">
      {t(message, { defaultValue: t("errors.invalid") })}
    </p>
  );
}

/** A control's id: "f-" and the dotted name, or the form's prefix where a page repeats a form. */
export const fieldId = (name: string, prefix = "f") => `${prefix}-${name.replace(/\./g, "-")}`;

/** The message at a dotted path; array-level errors sit in `.root` on the client but not on the server. */
export function errorAt<T extends FieldValues>(errors: FieldErrors<T>, name: string): string | undefined {
  const e = get(errors, name) as { message?: string; root?: { message?: string } } | undefined;
  return e?.message ?? e?.root?.message;
}

interface FieldProps {
  name: string;
  /** For a form the page repeats (one per criterion, per nomination): keeps the ids apart. */
  prefix?: string;
  label: string;
  hint?: string;
  error?: string;
  lang?: string;
  className?: string;
  children: (control: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}

/** Label, control, hint and error, wired together for screen readers. */
export function Field({ name, prefix, label, hint, error, lang, className, children }: FieldProps) {
  const id = fieldId(name, prefix);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${className ? ` ${className}` : ""}${error ? " field--invalid" : ""}`} lang={lang}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
