import { Form } from "@remix-run/react";

interface Props {
  /** The input's id. */
  id: string;
  /** The current search, kept in the box. */
  q: string;
  /** The box's label, also its placeholder. */
  label: string;
  submit: string;
}

/** A one-box search that reloads the page with ?q=. */
export function SearchForm({ id, q, label, submit }: Props) {
  return (
    <Form method="get" className="search" role="search">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input id={id} name="q" type="search" defaultValue={q} placeholder={label} />
      <button type="submit" className="button">
        {submit}
      </button>
    </Form>
  );
}
