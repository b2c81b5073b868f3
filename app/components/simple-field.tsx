import { Field } from "./field";

interface Props {
  name: string;
  label: string;
  type?: string;
  autoComplete?: string;
  defaultValue?: string;
  error?: string;
  hint?: string;
  required?: boolean;
}

/** A labelled input for server-validated forms (sign-in, sign-up, passwords). */
export function SimpleField({
  name,
  label,
  type = "text",
  autoComplete,
  defaultValue,
  error,
  hint,
  required = true,
}: Props) {
  return (
    <Field name={name} label={label} error={error} hint={hint}>
      {(p) => (
        <input
          {...p}
          name={name}
          type={type}
          autoComplete={autoComplete}
          defaultValue={defaultValue}
          required={required}
        />
      )}
    </Field>
  );
}
