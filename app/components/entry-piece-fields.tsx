import { useTranslation } from "react-i18next";

import type { ShownMessage } from "~/.server/registration/problem-messages.server";
import { FieldError } from "~/components/field";
import { formatDuration } from "~/domain/eligibility";

/**
 * A piece's duration in minutes and seconds, on the family's entry form, its edit form and the club's
 * batch (where `prefix` names one child's boxes, "children.c<id>.").
 */
export function DurationFields(props: {
  prefix?: string;
  maxSeconds: number | null;
  minutes?: string;
  seconds?: string;
  error?: string;
}) {
  const { t } = useTranslation();
  const prefix = props.prefix ?? "";
  return (
    <fieldset className="duration">
      <legend>
        {t("enter.duration")}
        {props.maxSeconds ? ` (${t("enter.durationMax", { max: formatDuration(props.maxSeconds) })})` : ""}
      </legend>
      <DurationBox name={`${prefix}durationMinutes`} label={t("enter.minutes")} max={600} value={props.minutes} />
      <DurationBox name={`${prefix}durationSeconds`} label={t("enter.seconds")} max={59} value={props.seconds} />
      <FieldError id={`${prefix}duration-error`} message={props.error} />
    </fieldset>
  );
}

function DurationBox({ name, label, max, value }: { name: string; label: string; max: number; value?: string }) {
  return (
    <label>
      {label} <input name={name} type="number" min={0} max={max} inputMode="numeric" defaultValue={value} />
    </label>
  );
}

/** Atop a refused entry form: that fields need attention, and the problems of the entry as a whole. */
export function FormProblems({ fieldErrors, messages = [] }: { fieldErrors: boolean; messages?: ShownMessage[] }) {
  const { t } = useTranslation();
  return (
    <>
      {fieldErrors ? (
        <p className="alert alert--error" role="alert">
          {t("form.errorSummary")}
        </p>
      ) : null}
      {messages.length ? (
        <ul className="alert alert--error problem-list" role="alert">
          {messages.map((m, i) => (
            <li key={i}>{t(m.key, m.params)}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
