import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import type { EditorStageView } from "~/.server/schedule/schedule-editor-views.server";
import type { Holdings } from "~/domain/removals";

import { FieldError } from "./field";
import { RemovalRefused } from "./removal-refused";

/** A failed stage, window or move form, returned by the action to show by its fields. */
export interface StageFormResult {
  intent: string;
  /** The stage (or slot's entry) the form was for; null for "add a stage". */
  id: number | null;
  values: Record<string, string>;
  errors: Record<string, { message?: string } | undefined>;
  /** A stage that could not be removed: what holds it. */
  held?: Holdings;
}

/** A labelled control with its translated error; ids carry a prefix because the page repeats forms. */
export function ScheduleField({
  prefix,
  name,
  label,
  error,
  children,
}: {
  prefix: string;
  name: string;
  label: string;
  error?: string;
  children: (p: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}) {
  const id = `${prefix}-${name}`;
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": error ? `${id}-error` : undefined })}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function StageFields({
  prefix,
  stage,
  failed,
}: {
  prefix: string;
  stage?: EditorStageView;
  failed: StageFormResult | null;
}) {
  const { t } = useTranslation();
  const value = (name: "nameKk" | "nameRu" | "nameEn" | "venue") => failed?.values[name] ?? stage?.[name] ?? "";
  return (
    <div className="schedule-fields">
      {(["nameKk", "nameRu", "nameEn", "venue"] as const).map((name) => (
        <ScheduleField
          key={name}
          prefix={prefix}
          name={name}
          label={t(`schedule.${name}`)}
          error={failed?.errors[name]?.message}
        >
          {(p) => (
            <input
              {...p}
              name={name}
              defaultValue={value(name)}
              maxLength={300}
              lang={name === "venue" ? undefined : name.slice(4).toLowerCase()}
            />
          )}
        </ScheduleField>
      ))}
    </div>
  );
}

function WindowForm({
  roundId,
  stageId,
  failed,
}: {
  roundId: number;
  stageId: number;
  failed: StageFormResult | null;
}) {
  const { t } = useTranslation();
  const prefix = `window-${stageId}`;
  const error = (name: string) => failed?.errors[name]?.message;
  return (
    <Form method="post" className="schedule-fields">
      <input type="hidden" name="roundId" value={roundId} />
      <input type="hidden" name="stageId" value={stageId} />
      <ScheduleField prefix={prefix} name="kind" label={t("schedule.kind")} error={error("kind")}>
        {(p) => (
          <select {...p} name="kind" defaultValue={failed?.values.kind ?? "open"}>
            <option value="open">{t("schedule.windowKind.open")}</option>
            <option value="break">{t("schedule.windowKind.break")}</option>
          </select>
        )}
      </ScheduleField>
      <ScheduleField prefix={prefix} name="date" label={t("schedule.date")} error={error("date")}>
        {(p) => <input {...p} type="date" name="date" required defaultValue={failed?.values.date ?? ""} />}
      </ScheduleField>
      <ScheduleField prefix={prefix} name="from" label={t("schedule.from")} error={error("from")}>
        {(p) => <input {...p} type="time" name="from" step={300} required defaultValue={failed?.values.from ?? ""} />}
      </ScheduleField>
      <ScheduleField prefix={prefix} name="to" label={t("schedule.to")} error={error("to")}>
        {(p) => <input {...p} type="time" name="to" step={300} required defaultValue={failed?.values.to ?? ""} />}
      </ScheduleField>
      <div className="filters__actions">
        <button type="submit" name="intent" value="addWindow" className="button">
          {t("schedule.addWindow")}
        </button>
      </div>
    </Form>
  );
}

/** Why the stage was not removed, after an attempt that was refused. */
function StageHeld({ stage, failed }: { stage: EditorStageView; failed: StageFormResult | null }) {
  const { t } = useTranslation();
  if (!failed?.held) return null;
  return (
    <div className="alert alert--error stack" role="alert">
      <p>
        <RemovalRefused
          what="stage"
          name={stage.name || t("schedule.unnamedStage", { id: stage.id })}
          holdings={failed.held}
        />
      </p>
      <p>{t("removal.stageHint")}</p>
    </div>
  );
}

/** The round's stages: names, venue, open times and breaks, each editable in its own small form. */
export function ScheduleStages({
  roundId,
  stages,
  failed,
}: {
  roundId: number;
  stages: EditorStageView[];
  failed: StageFormResult | null;
}) {
  const { t } = useTranslation();
  const failedFor = (intent: string, id: number | null) =>
    failed && failed.intent === intent && failed.id === id ? failed : null;
  return (
    <section className="stack card" aria-labelledby="schedule-stages">
      <h2 id="schedule-stages">{t("schedule.stages")}</h2>
      {stages.length === 0 ? <p className="muted">{t("schedule.noStages")}</p> : null}
      {stages.map((stage) => (
        <article key={stage.id} className="stack schedule-stage">
          <h3>
            {stage.name || t("schedule.unnamedStage", { id: stage.id })}
            {stage.venue ? <span className="muted small"> · {stage.venue}</span> : null}
          </h3>
          <StageHeld stage={stage} failed={failedFor("removeStage", stage.id)} />
          <h4>{t("schedule.windows")}</h4>
          {stage.windows.length === 0 ? <p className="muted small">{t("schedule.noWindows")}</p> : null}
          <ul className="schedule-windows">
            {stage.windows.map((w) => (
              <li key={w.id}>
                <Form method="post" className="schedule-inline">
                  <span className={`pill${w.kind === "break" ? " pill--muted" : ""}`}>
                    {t(`schedule.windowKind.${w.kind}`)}
                  </span>{" "}
                  <time dateTime={w.date}>{w.date.split("-").reverse().join(".")}</time> {w.from}–{w.to}{" "}
                  <input type="hidden" name="roundId" value={roundId} />
                  <input type="hidden" name="windowId" value={w.id} />
                  <button type="submit" name="intent" value="removeWindow" className="button button--small">
                    {t("schedule.remove")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
          <WindowForm roundId={roundId} stageId={stage.id} failed={failedFor("addWindow", stage.id)} />
          <details open={Boolean(failedFor("saveStage", stage.id))}>
            <summary>
              {t("schedule.saveStage")}: {stage.name || t("schedule.unnamedStage", { id: stage.id })}
            </summary>
            <Form method="post" className="stack">
              <input type="hidden" name="roundId" value={roundId} />
              <input type="hidden" name="stageId" value={stage.id} />
              <StageFields prefix={`stage-${stage.id}`} stage={stage} failed={failedFor("saveStage", stage.id)} />
              <p className="status-actions">
                <button type="submit" name="intent" value="saveStage" className="button">
                  {t("schedule.saveStage")}
                </button>
                <button type="submit" name="intent" value="removeStage" className="button button--danger">
                  {t("schedule.removeStage")}
                </button>
              </p>
            </Form>
          </details>
        </article>
      ))}
      <details open={Boolean(failedFor("addStage", null)) || stages.length === 0}>
        <summary>{t("schedule.addStage")}</summary>
        <Form method="post" className="stack">
          <input type="hidden" name="roundId" value={roundId} />
          <StageFields prefix="new-stage" failed={failedFor("addStage", null)} />
          <p>
            <button type="submit" name="intent" value="addStage" className="button button--primary">
              {t("schedule.addStage")}
            </button>
          </p>
        </Form>
      </details>
    </section>
  );
}
