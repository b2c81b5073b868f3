import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { type Locale, LOCALES } from "~/domain/locale";

interface RoundChoice {
  id: number;
  label: string;
  number: number;
}

/** The forms that start an event's background jobs: a round's diplomas, all entries, a round's results. */
export function StartJobs({ rounds, locale }: { rounds: RoundChoice[]; locale: Locale }) {
  const { t } = useTranslation();
  const roundSelect = (id: string) => (
    <div className="field">
      <label htmlFor={id}>{t("jobs.start.round")}</label>
      <select id={id} name="round" required>
        {rounds.map((r) => (
          <option key={r.id} value={r.id}>
            {r.number}. {r.label}
          </option>
        ))}
      </select>
    </div>
  );
  const formatSelect = (id: string) => (
    <div className="field">
      <label htmlFor={id}>{t("jobs.start.format")}</label>
      <select id={id} name="format" defaultValue="xlsx">
        <option value="xlsx">XLSX</option>
        <option value="csv">CSV</option>
      </select>
    </div>
  );
  return (
    <div className="job-starts">
      {rounds.length > 0 ? (
        <Form method="post" className="card stack job-start">
          <h3>{t("jobs.start.diplomas")}</h3>
          {roundSelect("diplomas-round")}
          <div className="field">
            <label htmlFor="diplomas-lang">{t("jobs.start.lang")}</label>
            <select id="diplomas-lang" name="lang" defaultValue={locale}>
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {t(`locale.${l}`)}
                </option>
              ))}
            </select>
          </div>
          <button className="button button--primary" name="intent" value="diplomas">
            {t("jobs.start.button")}
          </button>
        </Form>
      ) : null}
      <Form method="post" className="card stack job-start">
        <h3>{t("jobs.start.entries")}</h3>
        {formatSelect("entries-format")}
        <button className="button button--primary" name="intent" value="entries">
          {t("jobs.start.button")}
        </button>
      </Form>
      {rounds.length > 0 ? (
        <Form method="post" className="card stack job-start">
          <h3>{t("jobs.start.results")}</h3>
          {roundSelect("results-round")}
          {formatSelect("results-format")}
          <button className="button button--primary" name="intent" value="results">
            {t("jobs.start.button")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
