import { Form } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";

import type {
  ConflictView,
  DraftOptionsView,
  EditorStageView,
  SlotView,
  UnplacedView,
} from "~/.server/schedule/schedule-editor.server";

import { ScheduleField, type StageFormResult } from "./schedule-stages";

export type { ConflictView, SlotView, UnplacedView };

const dayText = (date: string) => date.split("-").reverse().join(".");

function ConflictText({ conflict }: { conflict: ConflictView }) {
  const { t } = useTranslation();
  return <>{t(`schedule.conflict.${conflict.key}`, { ...conflict.vars, interpolation: { escapeValue: false } })}</>;
}

/** One stage's slots, day by day, with a header wherever the jury panel changes. */
function StageRunningOrder({
  stage,
  slots,
  render,
}: {
  stage: EditorStageView;
  slots: SlotView[];
  render: (slot: SlotView) => React.ReactNode;
}) {
  const { t } = useTranslation();
  const days = [...new Set(slots.map((s) => s.date))];
  return (
    <section className="stack schedule-stage" aria-label={stage.name}>
      <h3>{stage.name || t("schedule.unnamedStage", { id: stage.id })}</h3>
      {days.map((day) => {
        const own = slots.filter((s) => s.date === day);
        return (
          <Fragment key={day}>
            <h4>
              <time dateTime={day}>{dayText(day)}</time>
            </h4>
            <ol className="schedule-slots">
              {own.map((slot, i) => (
                <Fragment key={slot.entryId}>
                  {i === 0 || own[i - 1]!.panelKey !== slot.panelKey ? (
                    <li className="schedule-slots__panel" aria-hidden="false">
                      {slot.nomination}
                      {slot.ageGroup
                        ? ` · ${t("event.ageRange", { min: slot.ageGroup.min, max: slot.ageGroup.max })}`
                        : ""}
                    </li>
                  ) : null}
                  {render(slot)}
                </Fragment>
              ))}
            </ol>
          </Fragment>
        );
      })}
    </section>
  );
}

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
        {(p) => <input {...p} type="time" name="time" step={300} required defaultValue={failed?.values.time ?? time} />}
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
                {s.name || t("schedule.unnamedStage", { id: s.id })}
              </option>
            ))}
          </select>
        )}
      </ScheduleField>
    </>
  );
}

/** A form that moves an entry's slot, or places an entry the draft lacks. */
function MoveForm({
  roundId,
  entryId,
  label,
  ...fields
}: { roundId: number; entryId: number; label: string } & Parameters<typeof SlotTimeFields>[0]) {
  return (
    <Form method="post" className="schedule-fields">
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

/** How to generate the next draft: changeover, the least gap for a child, and the age order. */
export function ScheduleGenerate({ roundId, options }: { roundId: number; options: DraftOptionsView }) {
  const { t } = useTranslation();
  const minutes = [
    { name: "changeoverMinutes", max: 60, value: options.changeoverMinutes ?? 5 },
    { name: "minGapMinutes", max: 240, value: options.minGapMinutes ?? 15 },
  ] as const;
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="roundId" value={roundId} />
      <p className="muted small">{t("schedule.generateHint")}</p>
      <div className="grid-3">
        {minutes.map(({ name, max, value }) => (
          <label key={name} className="field">
            <span>{t(`schedule.${name}`)}</span>
            <input name={name} type="number" min={0} max={max} step={5} defaultValue={value} inputMode="numeric" />
          </label>
        ))}
        <label className="field">
          <span>{t("schedule.ageOrder")}</span>
          <select name="ageOrder" defaultValue={options.ageOrder ?? "younger"}>
            <option value="younger">{t("schedule.ageOrder_younger")}</option>
            <option value="older">{t("schedule.ageOrder_older")}</option>
          </select>
        </label>
      </div>
      <p>
        <button type="submit" name="intent" value="generate" className="button button--primary">
          {t("schedule.generate")}
        </button>
      </p>
    </Form>
  );
}

/** The draft: its conflicts first, then each stage's running order with a move and a swap form per slot. */
export function ScheduleDraft({
  roundId,
  draft,
  stages,
  failed,
}: {
  roundId: number;
  /** `dropped`: labels of published entries, still confirmed, that the draft lacks. */
  draft: { slots: SlotView[]; conflicts: ConflictView[]; dropped?: string[] };
  stages: EditorStageView[];
  failed: StageFormResult | null;
}) {
  const { t } = useTranslation();
  const conflictsOf = (entryId: number) => draft.conflicts.filter((c) => c.entryIds.includes(entryId));
  return (
    <div className="stack">
      <div
        className={`alert ${draft.conflicts.length ? "alert--error" : "alert--success"}`}
        role="status"
        id="schedule-conflicts"
      >
        {draft.conflicts.length ? (
          <>
            <p>
              <strong>{t("schedule.conflictsTitle", { count: draft.conflicts.length })}</strong>
            </p>
            <ul>
              {draft.conflicts.map((c, i) => (
                <li key={i}>
                  <ConflictText conflict={c} />
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t("schedule.noConflicts")}</p>
        )}
      </div>
      {stages.map((stage) => (
        <StageRunningOrder
          key={stage.id}
          stage={stage}
          slots={draft.slots.filter((s) => s.stageId === stage.id)}
          render={(slot) => {
            const own = conflictsOf(slot.entryId);
            const mine = failed && failed.id === slot.entryId ? failed : null;
            const prefix = `slot-${slot.entryId}`;
            return (
              <li
                key={slot.entryId}
                className={`schedule-slot${own.length ? " schedule-slot--conflict" : ""}`}
                data-entry={slot.entryId}
              >
                <p>
                  <strong>
                    {slot.time}–{slot.endTime}
                  </strong>{" "}
                  {slot.label}
                </p>
                {own.length ? (
                  <ul className="schedule-slot__conflicts">
                    {own.map((c, i) => (
                      <li key={i} className="field__error">
                        <ConflictText conflict={c} />
                      </li>
                    ))}
                  </ul>
                ) : null}
                <details open={Boolean(mine)}>
                  <summary>
                    {t("schedule.move")} · {t("schedule.swap")}
                  </summary>
                  <MoveForm
                    roundId={roundId}
                    entryId={slot.entryId}
                    prefix={prefix}
                    failed={mine}
                    date={slot.date}
                    time={slot.time}
                    stageId={slot.stageId}
                    stages={stages}
                    label={t("schedule.move")}
                  />
                  <Form method="post" className="schedule-fields">
                    <input type="hidden" name="roundId" value={roundId} />
                    <input type="hidden" name="entryId" value={slot.entryId} />
                    <ScheduleField prefix={`${prefix}-swap`} name="otherEntryId" label={t("schedule.swapWith")}>
                      {(p) => (
                        <select {...p} name="otherEntryId">
                          {draft.slots
                            .filter((o) => o.entryId !== slot.entryId)
                            .map((o) => (
                              <option key={o.entryId} value={o.entryId}>
                                {o.time} · {stages.find((s) => s.id === o.stageId)?.name ?? ""} · {o.label}
                              </option>
                            ))}
                        </select>
                      )}
                    </ScheduleField>
                    <div className="filters__actions">
                      <button type="submit" name="intent" value="swap" className="button">
                        {t("schedule.swap")}
                      </button>
                    </div>
                  </Form>
                </details>
              </li>
            );
          }}
        />
      ))}
      <Form method="post" className="stack schedule-publish">
        <input type="hidden" name="roundId" value={roundId} />
        <p className="muted small">{t("schedule.publishHint")}</p>
        {draft.dropped?.length ? (
          <div className="alert alert--warning schedule-dropped">
            <p>
              <strong>{t("schedule.droppedTitle", { count: draft.dropped.length })}</strong>
            </p>
            <ul>
              {draft.dropped.map((label, i) => (
                <li key={i}>{label}</li>
              ))}
            </ul>
            <p className="small">{t("schedule.droppedHint")}</p>
          </div>
        ) : null}
        {draft.conflicts.length ? (
          <label className="checkbox">
            <input type="checkbox" name="force" /> {t("schedule.publishAnyway")}
          </label>
        ) : null}
        <p>
          <button type="submit" name="intent" value="publish" className="button button--primary">
            {t("schedule.publish")}
          </button>
        </p>
      </Form>
    </div>
  );
}

/**
 * How many slots the draft has and every confirmed entry it lacks, with the reason (the generator's,
 * or "not in this draft"), each with a form to place it by hand.
 */
export function ScheduleUnplaced({
  roundId,
  placed,
  unplaced,
  stages,
  failed,
}: {
  roundId: number;
  placed: number;
  unplaced: UnplacedView[];
  stages: EditorStageView[];
  failed: StageFormResult | null;
}) {
  const { t } = useTranslation();
  const firstDay = stages.flatMap((s) => s.windows.map((w) => w.date)).sort()[0] ?? "";
  return (
    <div
      className={`alert ${unplaced.length ? "alert--error" : "alert--success"} schedule-unplaced`}
      id="schedule-unplaced"
    >
      <p role="status">{t("schedule.placed", { count: placed })}</p>
      {unplaced.length ? (
        <>
          <p>
            <strong>{t("schedule.unplacedTitle")}</strong>
          </p>
          <ul className="schedule-unplaced__list">
            {unplaced.map((u) => {
              const mine = failed && failed.id === u.entryId ? failed : null;
              return (
                <li key={u.entryId} data-entry={u.entryId}>
                  <p>{t(`schedule.unplaced.${u.reason}`, { ...u.vars, interpolation: { escapeValue: false } })}</p>
                  {stages.length ? (
                    <details open={Boolean(mine)}>
                      <summary>{t("schedule.placeByHand")}</summary>
                      <MoveForm
                        roundId={roundId}
                        entryId={u.entryId}
                        prefix={`unplaced-${u.entryId}`}
                        failed={mine}
                        date={firstDay}
                        time=""
                        stageId={stages[0]?.id}
                        stages={stages}
                        label={t("schedule.place")}
                      />
                    </details>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** The version families see now, read-only, so the organiser can compare while editing the draft. */
export function SchedulePublished({
  published,
  stages,
}: {
  published: { publishedAt: string; slots: SlotView[] } | null;
  stages: EditorStageView[];
}) {
  const { t } = useTranslation();
  return (
    <details className="card stack schedule-published">
      <summary>
        {t("schedule.published")}
        {published ? ` · ${t("schedule.publishedAt", { at: published.publishedAt })}` : ""}
      </summary>
      {published ? (
        stages.map((stage) => (
          <StageRunningOrder
            key={stage.id}
            stage={stage}
            slots={published.slots.filter((s) => s.stageId === stage.id)}
            render={(slot) => (
              <li key={slot.entryId} className="schedule-slot">
                <strong>
                  {slot.time}–{slot.endTime}
                </strong>{" "}
                {slot.label}
              </li>
            )}
          />
        ))
      ) : (
        <p className="muted">{t("schedule.noPublished")}</p>
      )}
    </details>
  );
}
