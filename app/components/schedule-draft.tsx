import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type {
  ConflictSummaryView,
  DraftSlotView,
  EditorStageView,
  EditorView,
} from "~/.server/schedule/schedule-editor-views.server";

import { NoPhotoMark } from "./no-photo-mark";
import {
  ConflictList,
  ConflictText,
  type NamingFailure,
  Pager,
  RunningOrderList,
  SectionHeading,
  viewHref,
} from "./schedule-parts";
import { MoveForm, OtherSlotForm } from "./schedule-slot-forms";
import type { StageFormResult } from "./schedule-stages";

export type {
  ConflictSummaryView,
  ConflictView,
  DraftSlotView,
  EditorView,
  SlotView,
  UnplacedView,
} from "~/.server/schedule/schedule-editor-views.server";

/** Conflicts listed open at the top; the rest of those sent wait behind "show more". */
const CONFLICTS_OPEN = 10;

/**
 * The draft: its conflicts first (the first ones listed, all counted), then one stage's day a page
 * at a time, each slot with its number and a form to move it, swap it or move it into another's place.
 */
export function ScheduleDraft({
  roundId,
  draft,
  view,
  stages,
  failed,
  named = null,
}: {
  roundId: number;
  draft: {
    stamp: string;
    slots: DraftSlotView[];
    conflictCount: number;
    conflicts: ConflictSummaryView[];
    /** Labels of published entries, still confirmed, that the draft lacks (the first ones), and how many. */
    dropped?: string[];
    droppedCount?: number;
  };
  view: EditorView | null;
  stages: EditorStageView[];
  /** A move whose fields were refused. */
  failed: StageFormResult | null;
  /** A swap or "into its place" whose other slot could not be told. */
  named?: NamingFailure | null;
}) {
  const { t } = useTranslation();
  const action = view ? viewHref(roundId, { date: view.date, stageId: view.stageId, page: view.page }) : undefined;
  const pageHref = (page: number) => viewHref(roundId, { date: view!.date, stageId: view!.stageId, page });
  return (
    <div className="stack">
      <div
        className={`alert ${draft.conflictCount ? "alert--error" : "alert--success"}`}
        role="status"
        id="schedule-conflicts"
      >
        {draft.conflictCount ? (
          <>
            <p>
              <strong>{t("schedule.conflictsTitle", { count: draft.conflictCount })}</strong>
            </p>
            <ConflictList roundId={roundId} conflicts={draft.conflicts.slice(0, CONFLICTS_OPEN)} />
            {draft.conflicts.length > CONFLICTS_OPEN ? (
              <details>
                <summary>{t("schedule.conflictsShowMore", { count: draft.conflicts.length - CONFLICTS_OPEN })}</summary>
                <ConflictList roundId={roundId} conflicts={draft.conflicts.slice(CONFLICTS_OPEN)} />
              </details>
            ) : null}
            {draft.conflictCount > draft.conflicts.length ? (
              <p className="small">{t("schedule.conflictsMore", { shown: draft.conflicts.length })}</p>
            ) : null}
          </>
        ) : (
          <p>{t("schedule.noConflicts")}</p>
        )}
      </div>
      {view ? (
        <section className="stack schedule-stage" aria-labelledby="schedule-section">
          <SectionHeading
            id="schedule-section"
            view={view}
            stages={stages}
            shown={draft.slots.length}
            total={view.total}
          />
          {draft.slots.length ? (
            <p className="muted small">{t("schedule.editHint")}</p>
          ) : (
            <p className="muted">{t("schedule.emptySection")}</p>
          )}
          <RunningOrderList
            slots={draft.slots}
            render={(slot) => {
              const mine = failed && failed.id === slot.entryId ? failed : null;
              const naming = named && named.id === slot.entryId ? named : null;
              const classes = [
                "schedule-slot",
                slot.conflicts.length ? "schedule-slot--conflict" : "",
                view.highlight === slot.entryId ? "schedule-slot--found" : "",
              ];
              return (
                <li
                  key={slot.entryId}
                  id={`slot-${slot.entryId}`}
                  className={classes.filter(Boolean).join(" ")}
                  data-entry={slot.entryId}
                >
                  <p>
                    <span className="schedule-slot__number">{t("schedule.number", { position: slot.position })}</span>{" "}
                    <strong>
                      {slot.time}–{slot.endTime}
                    </strong>{" "}
                    {slot.label}
                    {slot.reference ? <span className="muted small"> · {slot.reference}</span> : null}
                    <NoPhotoMark show={Boolean(slot.noPhotoVideo)} />
                  </p>
                  {slot.conflicts.length ? (
                    <ul className="schedule-slot__conflicts">
                      {slot.conflicts.map((c, i) => (
                        <li key={i} className="field__error">
                          <ConflictText conflict={c} />
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  <details open={Boolean(mine || naming)}>
                    <summary>
                      {t("schedule.move")} · {t("schedule.swap")}
                    </summary>
                    <MoveForm
                      roundId={roundId}
                      entryId={slot.entryId}
                      action={action}
                      prefix={`slot-${slot.entryId}`}
                      failed={mine}
                      date={slot.date}
                      time={slot.time}
                      stageId={slot.stageId}
                      stages={stages}
                      label={t("schedule.move")}
                    />
                    <OtherSlotForm
                      roundId={roundId}
                      entryId={slot.entryId}
                      stamp={draft.stamp}
                      action={action!}
                      failed={naming}
                    />
                  </details>
                </li>
              );
            }}
          />
          {view.pages > 1 ? (
            <Pager label={t("schedule.pager.label")} page={view.page} pages={view.pages} href={pageHref} />
          ) : null}
        </section>
      ) : null}
      <Form method="post" className="stack schedule-publish">
        <input type="hidden" name="roundId" value={roundId} />
        <p className="muted small">{t("schedule.publishHint")}</p>
        {draft.dropped?.length ? (
          <div className="alert alert--warning schedule-dropped">
            <p>
              <strong>{t("schedule.droppedTitle", { count: draft.droppedCount ?? draft.dropped.length })}</strong>
            </p>
            <ul>
              {draft.dropped.map((label, i) => (
                <li key={i}>{label}</li>
              ))}
            </ul>
            {(draft.droppedCount ?? 0) > draft.dropped.length ? (
              <p className="small">
                {t("schedule.droppedMore", { count: draft.droppedCount! - draft.dropped.length })}
              </p>
            ) : null}
            <p className="small">{t("schedule.droppedHint")}</p>
          </div>
        ) : null}
        {draft.conflictCount ? (
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
