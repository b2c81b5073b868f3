import type { SectionReviewPage } from "~/.server/results/review-page.server";
import { FieldError } from "~/components/field";

/** A choice of the section's entries, for the forms that name one. */
export function EntrySelect({
  name,
  field,
  label,
  entries,
  defaultValue,
  error,
}: {
  name: string;
  field: string;
  label: string;
  entries: SectionReviewPage["view"]["entries"];
  defaultValue?: string;
  error?: string;
}) {
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={name}>{label}</label>
      <select id={name} name={field} defaultValue={defaultValue} aria-describedby={`${name}-error`}>
        {entries.map((e) => (
          <option key={e.entryId} value={e.entryId}>
            {e.reference} — {e.title || e.performers.join(", ")}
          </option>
        ))}
      </select>
      <FieldError id={`${name}-error`} message={error} />
    </div>
  );
}
