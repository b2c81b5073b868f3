import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { blankMasterClass, type MasterClassFormValues, SESSION_ROWS } from "~/schemas/academy";

import { BackLink } from "./back-link";
import { errorAt, Field } from "./field";

const SESSION_FIELDS = [
  { key: "date", label: "academy.sessionDate", type: "date" },
  { key: "from", label: "academy.sessionFrom", type: "time" },
  { key: "to", label: "academy.sessionTo", type: "time" },
] as const;

interface Props {
  values: MasterClassFormValues;
  /** react-hook-form's error shape, as the action sends it back. */
  errors?: object;
  busy?: boolean;
}

/** A master class with its sessions; validated by masterClassSchema in the action, errors shown by each field. */
export function AcademyClassForm({ values, errors = {}, busy = false }: Props) {
  const { t } = useTranslation();
  const rows = Math.max(SESSION_ROWS, values.sessions.length + 1);
  const text = (
    name: keyof MasterClassFormValues,
    label: string,
    options: { lang?: string; type?: string; hint?: string; inputMode?: "numeric" } = {},
  ) => (
    <Field name={name} label={label} error={errorAt(errors as never, name)} lang={options.lang} hint={options.hint}>
      {(p) => (
        <input
          {...p}
          name={name}
          type={options.type ?? "text"}
          inputMode={options.inputMode}
          defaultValue={String(values[name] ?? "")}
        />
      )}
    </Field>
  );
  return (
    <Form method="post" className="stack card academy-class-form" noValidate>
      <input type="hidden" name="intent" value="save" />
      <fieldset className="stack">
        <legend>{t("form.titles")}</legend>
        {text("titleKk", t("academy.titleKk"), { lang: "kk" })}
        {text("titleRu", t("academy.titleRu"), { lang: "ru" })}
        {text("titleEn", t("academy.titleEn"), { lang: "en" })}
      </fieldset>
      {text("teacher", t("academy.teacher"))}
      {text("room", t("academy.room"))}
      <div className="academy-class-form__numbers">
        {text("capacity", t("academy.capacity"), { inputMode: "numeric" })}
        {text("minAge", t("academy.minAge"), { inputMode: "numeric", hint: t("academy.agesHint") })}
        {text("maxAge", t("academy.maxAge"), { inputMode: "numeric" })}
      </div>
      <fieldset className="stack">
        <legend>{t("academy.sessions")}</legend>
        <p className="field__hint">{t("academy.sessionsHint")}</p>
        {Array.from({ length: rows }, (_, i) => {
          const s = values.sessions[i] ?? { date: "", from: "", to: "" };
          return (
            <div key={i} className="academy-session-row">
              {SESSION_FIELDS.map(({ key, label, type }) => {
                const name = `sessions.${i}.${key}`;
                return (
                  <Field key={key} name={name} label={t(label)} error={errorAt(errors as never, name)}>
                    {(p) => (
                      <input
                        {...p}
                        name={name}
                        type={type}
                        step={type === "time" ? 300 : undefined}
                        defaultValue={s[key]}
                      />
                    )}
                  </Field>
                );
              })}
            </div>
          );
        })}
      </fieldset>
      <div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {t("academy.save")}
        </button>
      </div>
    </Form>
  );
}

/** The page of a new or an existing master class: the way back to the classes, a heading and the form. */
export function MasterClassPage({
  eventId,
  heading,
  values,
  failed,
}: {
  eventId: number;
  heading: string;
  values?: MasterClassFormValues;
  /** What the action sent back when the form did not validate. */
  failed?: { values: MasterClassFormValues; errors: object };
}) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="stack">
      <BackLink to={`/organiser/events/${eventId}/classes`}>{t("academy.backToClasses")}</BackLink>
      <h1>{heading}</h1>
      <AcademyClassForm
        values={{ ...blankMasterClass(), ...(values ?? {}), ...(failed?.values ?? {}) }}
        errors={failed?.errors}
        busy={busy}
      />
    </section>
  );
}
