// Pieces the running-order editor's sections share: addresses of a stage's day, conflict texts,
// pagers, lists of slots and the heading over them.

import { Link } from "@remix-run/react";
import type { TFunction } from "i18next";
import { Fragment, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import type {
  ConflictSummaryView,
  ConflictView,
  EditorStageView,
  EditorView,
  SlotCandidateView,
  SlotView,
} from "~/.server/schedule/schedule-editor-views.server";

import type { StageFormResult } from "./schedule-stages";

/** A swap or "into its place" whose other slot could not be told, returned by the action. */
export interface NamingFailure extends StageFormResult {
  vars: Record<string, string | number>;
  candidates: SlotCandidateView[];
}

export const dayText = (date: string) => date.split("-").reverse().join(".");

/** The page's address for a stage's day and page (and the page of the unplaced list). */
export function viewHref(
  roundId: number,
  view: { date: string; stageId: number; page?: number; unplacedPage?: number },
  hash?: string,
) {
  const query = new URLSearchParams({ round: String(roundId), day: view.date, stage: String(view.stageId) });
  if (view.page && view.page > 1) query.set("page", String(view.page));
  if (view.unplacedPage && view.unplacedPage > 1) query.set("unplaced", String(view.unplacedPage));
  return `?${query.toString()}${hash ? `#${hash}` : ""}`;
}

export const stageLabel = (stage: EditorStageView | undefined, t: TFunction, id: number) =>
  stage?.name || t("schedule.unnamedStage", { id });

export function ConflictText({ conflict }: { conflict: ConflictView }) {
  const { t } = useTranslation();
  return <>{t(`schedule.conflict.${conflict.key}`, { ...conflict.vars, interpolation: { escapeValue: false } })}</>;
}

/** Conflicts, each with a link to its first slot's page by that slot's number. */
export function ConflictList({ roundId, conflicts }: { roundId: number; conflicts: ConflictSummaryView[] }) {
  const { t } = useTranslation();
  return (
    <ul>
      {conflicts.map((c, i) => (
        <li key={i}>
          <ConflictText conflict={c} />
          {c.at ? (
            <>
              {" "}
              <Link to={`?round=${roundId}&at=${c.at.position}#slot-${c.at.entryId}`}>
                {t("schedule.number", { position: c.at.position })}
              </Link>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** Previous and next page links, and where in the list this page is. */
export function Pager({
  label,
  page,
  pages,
  href,
  children,
}: {
  label: string;
  page: number;
  pages: number;
  href: (page: number) => string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <nav className="schedule-pager" aria-label={label}>
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          {t("schedule.pager.previous")}
        </Link>
      ) : null}
      <span>
        {children} {pages > 1 ? t("schedule.pager.page", { page, pages }) : null}
      </span>
      {page < pages ? (
        <Link to={href(page + 1)} rel="next">
          {t("schedule.pager.next")}
        </Link>
      ) : null}
    </nav>
  );
}

/** Slots a search could not tell apart, each by its number (a link to it, where given). */
export function Candidates({
  candidates,
  more,
  link,
}: {
  candidates: SlotCandidateView[];
  more: number;
  link?: (c: SlotCandidateView) => string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <ul className="schedule-candidates">
        {candidates.map((c) => {
          const number = t("schedule.number", { position: c.position });
          return (
            <li key={c.entryId}>
              {link ? <Link to={link(c)}>{number}</Link> : <strong>{number}</strong>} · {dayText(c.date)} {c.time} ·{" "}
              {c.stage} · {c.label}
              {c.reference ? <span className="muted"> · {c.reference}</span> : null}
            </li>
          );
        })}
      </ul>
      {more > 0 ? <p className="small">{t("schedule.find.more", { count: candidates.length })}</p> : null}
    </>
  );
}

/** One stage's day (a page of it), with a line wherever the jury panel changes. */
export function RunningOrderList<S extends SlotView>({
  slots,
  render,
}: {
  slots: readonly S[];
  render: (slot: S) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <ol className="schedule-slots">
      {slots.map((slot, i) => (
        <Fragment key={slot.entryId}>
          {i === 0 || slots[i - 1]!.panelKey !== slot.panelKey ? (
            <li className="schedule-slots__panel">
              {slot.nomination}
              {slot.ageGroup ? ` · ${t("event.ageRange", { min: slot.ageGroup.min, max: slot.ageGroup.max })}` : ""}
            </li>
          ) : null}
          {render(slot)}
        </Fragment>
      ))}
    </ol>
  );
}

/** "Main stage, 10.12.2026: 101–200 of 412", the heading of the list on the page. */
export function SectionHeading({
  id,
  view,
  stages,
  shown,
  total,
}: {
  id?: string;
  view: EditorView;
  stages: EditorStageView[];
  shown: number;
  total: number;
}) {
  const { t } = useTranslation();
  return (
    <h3 id={id}>
      {t("schedule.showing", {
        stage: stageLabel(
          stages.find((s) => s.id === view.stageId),
          t,
          view.stageId,
        ),
        date: dayText(view.date),
        from: shown ? view.offset + 1 : 0,
        to: view.offset + shown,
        total,
        interpolation: { escapeValue: false },
      })}
    </h3>
  );
}
