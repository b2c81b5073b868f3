import type { ReactNode } from "react";

import { FieldError } from "../field";

type Control = { id: string; "aria-invalid": boolean; "aria-describedby"?: string };

/**
 * Label, control, hint and translated error. The jury pages repeat the same form for every
 * criterion or nomination, so ids carry the form's prefix.
 */
export function JuryField({
  prefix,
  name,
  label,
  hint,
  error,
  lang,
  className,
  children,
}: {
  prefix: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
  lang?: string;
  className?: string;
  children: (control: Control) => ReactNode;
}) {
  const id = `${prefix}-${name.replace(/\./g, "-")}`;
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
