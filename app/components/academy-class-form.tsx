import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { type MasterClassFormValues, SESSION_ROWS } from "~/schemas/academy";

import { errorAt, Field } from "./field";

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
              <Field
                name={`sessions.${i}.date`}
                label={t("academy.sessionDate")}
                error={errorAt(errors as never, `sessions.${i}.date`)}
              >
                {(p) => <input {...p} name={`sessions.${i}.date`} type="date" defaultValue={s.date} />}
              </Field>
              <Field
                name={`sessions.${i}.from`}
                label={t("academy.sessionFrom")}
                error={errorAt(errors as never, `sessions.${i}.from`)}
              >
                {(p) => <input {...p} name={`sessions.${i}.from`} type="time" step={300} defaultValue={s.from} />}
              </Field>
              <Field
                name={`sessions.${i}.to`}
                label={t("academy.sessionTo")}
                error={errorAt(errors as never, `sessions.${i}.to`)}
              >
                {(p) => <input {...p} name={`sessions.${i}.to`} type="time" step={300} defaultValue={s.to} />}
              </Field>
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
