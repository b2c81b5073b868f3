import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The form the table's checkboxes belong to (their `form` attribute), so it works without JavaScript. */
export const BULK_REJECT_FORM = "bulk-reject";

/**
 * Rejecting several entries with one reason: the entries ticked in the table, or every open entry
 * the filters match (`openMatching` of them). The filters travel in `filter`, the page's query.
 */
export function BulkReject({
  openMatching,
  search,
  moveTargets = [],
}: {
  openMatching: string;
  search: string;
  /** Rounds of steps with several rounds: the chosen entries can be moved into one instead. */
  moveTargets?: { id: number; label: string }[];
}) {
  const { t } = useTranslation();
  return (
    <Form method="post" id={BULK_REJECT_FORM} className="card stack" aria-labelledby="bulk-reject-title">
      <h2 id="bulk-reject-title">{t("organiserEntries.bulk.title")}</h2>
      <p className="muted">{t("organiserEntries.bulk.lead")}</p>
      <fieldset className="stack">
        <legend>{t("organiserEntries.bulk.which")}</legend>
        <label className="checkbox">
          <input type="radio" name="scope" value="selected" defaultChecked /> {t("organiserEntries.bulk.selected")}
        </label>
        <label className="checkbox">
          <input type="radio" name="scope" value="all" /> {t("organiserEntries.bulk.all", { matching: openMatching })}
        </label>
      </fieldset>
      <input type="hidden" name="filter" value={search} />
      <label className="field">
        <span>{t("organiserEntries.reason")}</span>
        <textarea name="reason" required maxLength={1000} rows={3} />
      </label>
      <p>
        <button className="button button--danger" name="intent" value="rejectMany">
          {t("organiserEntries.bulk.button")}
        </button>
      </p>
      {moveTargets.length ? (
        <fieldset className="stack">
          <legend>{t("seasonGraph.move.bulkTitle")}</legend>
          <p className="muted small">{t("seasonGraph.move.bulkLead")}</p>
          <label className="field">
            <span>{t("seasonGraph.move.to")}</span>
            <select name="toRoundId" defaultValue="">
              <option value="">{t("form.choose")}</option>
              {moveTargets.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
          <p>
            <button className="button" name="intent" value="moveMany">
              {t("seasonGraph.move.bulkButton")}
            </button>
          </p>
        </fieldset>
      ) : null}
    </Form>
  );
}
