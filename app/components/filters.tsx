import type { ReactNode } from "react";

/** One filter of a GET form: a labelled select whose blank option means "any". */
export function FilterSelect(props: {
  id: string;
  name: string;
  label: string;
  value: string | null | undefined;
  /** Label and box on one line (the home page's filters). */
  inline?: boolean;
  /** The options. */
  children: ReactNode;
}) {
  return (
    <div className={props.inline ? "field field--inline" : "field"}>
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} defaultValue={props.value ?? ""}>
        {props.children}
      </select>
    </div>
  );
}

/** One filter of a GET form: a labelled box, filled from the current query. */
export function FilterInput({
  name,
  type,
  label,
  query,
}: {
  name: string;
  type: string;
  label: string;
  query: Record<string, string>;
}) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} type={type} defaultValue={query[name] ?? ""} />
    </div>
  );
}

/** A filter form's submit button, and whatever goes beside it (a reset link). */
export function FilterActions({ submit, children }: { submit: string; children?: ReactNode }) {
  return (
    <div className="filters__actions">
      <button type="submit" className="button button--primary">
        {submit}
      </button>
      {children}
    </div>
  );
}
