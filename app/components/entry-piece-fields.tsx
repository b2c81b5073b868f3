import { useTranslation } from "react-i18next";

import type { ShownMessage } from "~/.server/registration/problem-messages.server";
import { Field, FieldError } from "~/components/field";
import { formatDuration } from "~/domain/eligibility";
import type { EntryKind } from "~/domain/event-kinds";

type PieceField = "title" | "durationMinutes" | "durationSeconds" | "videoUrl";

/**
 * An entry's piece as its kind asks for it: a title, a duration for live and video performances, a
 * link for a video. On the family's entry form, its edit form and the club's batch (where `prefix`
 * names one child's boxes, "children.c<id>.").
 */
export function PieceFields(props: {
  prefix?: string;
  entryKind: EntryKind;
  maxSeconds: number | null;
  /** What the boxes start with, by field name without the prefix. */
  value?: (name: PieceField) => string | undefined;
  /** A field's error, by its full name. */
  error: (name: string) => string | undefined;
  /** Whether to say under the link box which links are accepted (the club's per-child rows leave it out). */
  videoHint?: boolean;
}) {
  const { t } = useTranslation();
  const { prefix = "", entryKind, value = () => undefined, error, videoHint = true } = props;
  return (
    <>
      <Field
        name={`${prefix}title`}
        label={t(entryKind === "artwork" ? "enter.workTitle" : "enter.pieceTitle")}
        error={error(`${prefix}title`)}
      >
        {(p) => <input {...p} name={`${prefix}title`} type="text" maxLength={300} defaultValue={value("title")} />}
      </Field>
      {entryKind === "live" || entryKind === "video" ? (
        <DurationFields
          prefix={prefix}
          maxSeconds={props.maxSeconds}
          minutes={value("durationMinutes")}
          seconds={value("durationSeconds")}
          error={error(`${prefix}durationMinutes`) ?? error(`${prefix}durationSeconds`)}
        />
      ) : null}
      {entryKind === "video" ? (
        <Field
          name={`${prefix}videoUrl`}
          label={t("enter.videoUrl")}
          hint={videoHint ? t("enter.videoUrlHint") : undefined}
          error={error(`${prefix}videoUrl`)}
        >
          {(p) => (
            <input
              {...p}
              name={`${prefix}videoUrl`}
              type="url"
              inputMode="url"
              placeholder="https://"
              defaultValue={value("videoUrl")}
            />
          )}
        </Field>
      ) : null}
    </>
  );
}

/** A piece's duration in minutes and seconds. */
function DurationFields(props: {
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
