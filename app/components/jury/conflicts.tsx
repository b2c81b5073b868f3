import { Form } from "@remix-run/react";
import type { FieldErrors } from "react-hook-form";
import { useTranslation } from "react-i18next";

import type { JudgeConflicts } from "~/.server/jury/conflicts.server";
import { useSchemaForm } from "~/forms/use-schema-form";
import { type ConflictData, type ConflictFormValues, conflictSchema } from "~/schemas/jury";

import { errorAt, Field } from "../field";
import { Options } from "../options";

type Choice = { id: number; label: string };

/** Records a conflict: which judge, which club or participant, and an optional note. */
export function ConflictForm({
  judges,
  clubsWithEntries,
  otherClubs,
  entrants,
  values,
  errors,
}: {
  judges: { id: number; name: string }[];
  clubsWithEntries: Choice[];
  otherClubs: Choice[];
  entrants: Choice[];
  values: ConflictFormValues;
  errors?: FieldErrors<ConflictFormValues>;
}) {
  const { t } = useTranslation();
  const { form, onSubmit, ref } = useSchemaForm<ConflictFormValues, ConflictData>(conflictSchema, values, errors);
  const shown = form.formState.errors;
  const group = (label: string, kind: "club" | "participant", list: Choice[]) =>
    list.length > 0 ? (
      <optgroup label={label}>
        {list.map((c) => (
          <option key={c.id} value={`${kind}:${c.id}`}>
            {c.label}
          </option>
        ))}
      </optgroup>
    ) : null;
  return (
    <Form ref={ref} method="post" noValidate className="stack" onSubmit={onSubmit}>
      <div className="grid-2">
        <Field prefix="conflict" name="userId" label={t("jury.conflicts.judge")} error={errorAt(shown, "userId")}>
          {(p) => (
            <select {...p} {...form.register("userId")} defaultValue={values.userId}>
              <Options blank={t("form.choose")} items={judges} value={(j) => j.id} label={(j) => j.name} />
            </select>
          )}
        </Field>
        <Field prefix="conflict" name="target" label={t("jury.conflicts.target")} error={errorAt(shown, "target")}>
          {(p) => (
            <select {...p} {...form.register("target")} defaultValue={values.target}>
              <option value="">{t("form.choose")}</option>
              {group(t("jury.conflicts.clubsWithEntries"), "club", clubsWithEntries)}
              {group(t("jury.conflicts.participants"), "participant", entrants)}
              {group(t("jury.conflicts.otherClubs"), "club", otherClubs)}
            </select>
          )}
        </Field>
      </div>
      <Field
        prefix="conflict"
        name="note"
        label={t("jury.conflicts.note")}
        hint={t("jury.conflicts.noteHint")}
        error={errorAt(shown, "note")}
      >
        {(p) => <input {...p} type="text" maxLength={500} {...form.register("note")} defaultValue={values.note} />}
      </Field>
      <p>
        <button type="submit" name="intent" value="addConflict" className="button button--primary">
          {t("jury.conflicts.add")}
        </button>
      </p>
    </Form>
  );
}

/** A judge's recorded conflicts, with one-click suggestions for the clubs they lead. */
export function JudgeConflictsCard({ judge }: { judge: JudgeConflicts }) {
  const { t } = useTranslation();
  return (
    <section className="card stack" aria-labelledby={`judge-${judge.id}`}>
      <div>
        <h2 id={`judge-${judge.id}`}>{judge.name}</h2>
        <p className="muted small">{judge.email}</p>
      </div>
      {judge.suggestions.map((s) => (
        <Form key={s.clubId} method="post" className="alert alert--warning jury-suggestion">
          <input type="hidden" name="userId" value={judge.id} />
          <input type="hidden" name="target" value={`club:${s.clubId}`} />
          <input type="hidden" name="note" value={t("jury.conflicts.suggestionNote")} />
          <span>{t("jury.conflicts.suggestion", { name: judge.name, club: s.club })}</span>
          <button type="submit" name="intent" value="addConflict" className="button" disabled={s.frozen}>
            {t("jury.conflicts.addSuggestion")}
          </button>
          {s.frozen ? <span className="chip">{t("jury.locks.frozen")}</span> : null}
        </Form>
      ))}
      {judge.conflicts.length === 0 ? (
        <p className="muted">{t("jury.conflicts.none")}</p>
      ) : (
        <ul className="jury-list">
          {judge.conflicts.map((c) => (
            <li key={c.id} className="jury-item">
              <div className="jury-item__head">
                <p className="jury-item__title">
                  <span className="muted small">{t(`jury.conflicts.${c.kind}`)}:</span> <strong>{c.label}</strong>
                  {c.note ? (
                    <>
                      <br />
                      <span className="muted small">{c.note}</span>
                    </>
                  ) : null}
                </p>
                <Form method="post" className="jury-actions">
                  <input type="hidden" name="conflictId" value={c.id} />
                  {c.frozen ? <span className="chip">{t("jury.locks.frozen")}</span> : null}
                  <button
                    type="submit"
                    name="intent"
                    value="removeConflict"
                    className="button"
                    disabled={c.frozen}
                    aria-label={t("jury.conflicts.removeNamed", { name: c.label })}
                  >
                    {t("jury.conflicts.remove")}
                  </button>
                </Form>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
