import { useTranslation } from "react-i18next";

import type {
  EditorStageView,
  EditorView,
  SlotView,
  UnplacedView,
} from "~/.server/schedule/schedule-editor-views.server";

import { NoPhotoMark } from "./no-photo-mark";
import { Pager, RunningOrderList, SectionHeading, viewHref } from "./schedule-parts";
import { MoveForm } from "./schedule-slot-forms";
import type { StageFormResult } from "./schedule-stages";

/**
 * How many slots the draft has and every confirmed entry it lacks (a page at a time), with the
 * reason (the generator's, or "not in this draft"), each with a form to place it by hand.
 */
export function ScheduleUnplaced({
  roundId,
  placed,
  unplaced,
  count = unplaced.length,
  page = 1,
  pages = 1,
  offset = 0,
  view,
  stages,
  failed,
}: {
  roundId: number;
  placed: number;
  unplaced: UnplacedView[];
  /** How many the draft lacks; `unplaced` is the page of them from `offset` on. */
  count?: number;
  page?: number;
  pages?: number;
  offset?: number;
  view?: EditorView | null;
  stages: EditorStageView[];
  failed: StageFormResult | null;
}) {
  const { t } = useTranslation();
  const firstDay = stages.flatMap((s) => s.windows.map((w) => w.date)).sort()[0] ?? "";
  const here = (unplacedPage: number) =>
    view
      ? viewHref(roundId, { date: view.date, stageId: view.stageId, page: view.page, unplacedPage })
      : `?round=${roundId}&unplaced=${unplacedPage}`;
  return (
    <div className={`alert ${count ? "alert--error" : "alert--success"} schedule-unplaced`} id="schedule-unplaced">
      <p role="status">{t("schedule.placed", { count: placed })}</p>
      {count ? (
        <>
          <p>
            <strong>{t("schedule.unplacedCount", { count })}</strong>
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
                        action={here(page)}
                        prefix={`unplaced-${u.entryId}`}
                        failed={mine}
                        date={view?.date ?? firstDay}
                        time=""
                        stageId={view?.stageId ?? stages[0]?.id}
                        stages={stages}
                        label={t("schedule.place")}
                      />
                    </details>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {pages > 1 ? (
            <Pager label={t("schedule.unplacedTitle")} page={page} pages={pages} href={here}>
              {t("schedule.pager.range", { from: offset + 1, to: offset + unplaced.length, total: count })}
            </Pager>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

/** The version families see now, read-only, at the same stage's day and page, to compare while editing. */
export function SchedulePublished({
  published,
  view,
  stages,
}: {
  published: { publishedAt: string; slots: SlotView[]; total: number } | null;
  view: EditorView | null;
  stages: EditorStageView[];
}) {
  const { t } = useTranslation();
  return (
    <details className="card stack schedule-published">
      <summary>
        {t("schedule.published")}
        {published ? ` · ${t("schedule.publishedAt", { at: published.publishedAt })}` : ""}
      </summary>
      {published && view ? (
        <section className="stack schedule-stage" aria-label={t("schedule.published")}>
          <SectionHeading view={view} stages={stages} shown={published.slots.length} total={published.total} />
          {published.slots.length ? null : <p className="muted">{t("schedule.emptySection")}</p>}
          <RunningOrderList
            slots={published.slots}
            render={(slot) => (
              <li key={slot.entryId} className="schedule-slot">
                <strong>
                  {slot.time}–{slot.endTime}
                </strong>{" "}
                {slot.label}
                <NoPhotoMark show={Boolean(slot.noPhotoVideo)} />
              </li>
            )}
          />
        </section>
      ) : (
        <p className="muted">{t("schedule.noPublished")}</p>
      )}
    </details>
  );
}
