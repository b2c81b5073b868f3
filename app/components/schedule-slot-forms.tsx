// The forms on a slot of the draft: move it (or place an entry the draft lacks), swap it with
// another, or move it into another's place.

import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { EditorStageView } from "~/.server/schedule/schedule-editor-views.server";

import { Candidates, type NamingFailure, stageLabel } from "./schedule-parts";
import { ScheduleField, type StageFormResult } from "./schedule-stages";

/** Date, start and stage of a slot, for a move (or placing an entry the draft lacks). */
function SlotTimeFields({
  prefix,
  failed,
  date,
  time,
  stageId,
  stages,
}: {
  prefix: string;
  failed: StageFormResult | null;
  date: string;
  time: string;
  stageId: number | undefined;
  stages: EditorStageView[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <ScheduleField prefix={prefix} name="date" label={t("schedule.date")} error={failed?.errors.date?.message}>
        {(p) => <input {...p} type="date" name="date" required defaultValue={failed?.values.date ?? date} />}
      </ScheduleField>
      <ScheduleField prefix={prefix} name="time" label={t("schedule.start")} error={failed?.errors.time?.message}>
        {(p) => <input {...p} type="time" name="time" step={60} required defaultValue={failed?.values.time ?? time} />}
      </ScheduleField>
      <ScheduleField prefix={prefix} name="stageId" label={t("schedule.stage")} error={failed?.errors.stageId?.message}>
        {(p) => (
          <select
            {...p}
            name="stageId"
            defaultValue={failed?.values.stageId ?? (stageId === undefined ? undefined : String(stageId))}
          >
            {stages.map((s) => (
              <option key={s.id} value={s.id}>
                {stageLabel(s, t, s.id)}
              </option>
            ))}
          </select>
        )}
      </ScheduleField>
    </>
  );
}

/** A form that moves an entry's slot, or places an entry the draft lacks. */
export function MoveForm({
  roundId,
  entryId,
  label,
  action,
  ...fields
}: { roundId: number; entryId: number; label: string; action?: string } & Parameters<typeof SlotTimeFields>[0]) {
  return (
    <Form method="post" action={action} className="schedule-fields">
      <input type="hidden" name="roundId" value={roundId} />
      <input type="hidden" name="entryId" value={entryId} />
      <SlotTimeFields {...fields} />
      <div className="filters__actions">
        <button type="submit" name="intent" value="move" className="button">
          {label}
        </button>
      </div>
    </Form>
  );
}

/**
 * Swap a slot with another, or move it into the other's place: the other named by its running-order
 * number or found by a reference, performer or title (the server tells which, or why it cannot).
 */
export function OtherSlotForm({
  roundId,
  entryId,
  stamp,
  action,
  failed,
}: {
  roundId: number;
  entryId: number;
  stamp: string;
  action: string;
  failed: NamingFailure | null;
}) {
  const { t } = useTranslation();
  const id = `slot-${entryId}-other`;
  const error = failed?.errors.other?.message;
  return (
    <Form method="post" action={action} className="schedule-fields">
      <input type="hidden" name="roundId" value={roundId} />
      <input type="hidden" name="entryId" value={entryId} />
      <input type="hidden" name="stamp" value={stamp} />
      <div className={`field${error ? " field--invalid" : ""}`}>
        <label htmlFor={id}>{t("schedule.other")}</label>
        <input
          id={id}
          name="other"
          required
          maxLength={200}
          defaultValue={failed?.values.other ?? ""}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {error ? (
          <p id={`${id}-error`} className="field__error" role="alert">
            {t(error, { ...failed!.vars, interpolation: { escapeValue: false } })}
          </p>
        ) : null}
      </div>
      <div className="filters__actions">
        <button type="submit" name="intent" value="swap" className="button">
          {t("schedule.swap")}
        </button>
        <button type="submit" name="intent" value="moveTo" className="button">
          {t("schedule.moveTo")}
        </button>
      </div>
      {failed?.candidates.length ? (
        <Candidates candidates={failed.candidates} more={Number(failed.vars.count ?? 0) - failed.candidates.length} />
      ) : null}
    </Form>
  );
}
