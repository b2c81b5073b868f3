import { Form, Link } from "@remix-run/react";
import type { TFunction } from "i18next";
import { Fragment, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import type {
  ConflictSummaryView,
  ConflictView,
  DraftOptionsView,
  DraftSlotView,
  EditorStageView,
  EditorView,
  FindView,
  SectionView,
  SlotCandidateView,
  SlotView,
  UnplacedView,
} from "~/.server/schedule/schedule-editor.server";

import { Field } from "./field";
import { ScheduleField, type StageFormResult } from "./schedule-stages";

export type { ConflictSummaryView, ConflictView, DraftSlotView, EditorView, SlotView, UnplacedView };

/** A swap or "into its place" whose other slot could not be told, returned by the action. */
export interface NamingFailure extends StageFormResult {
  vars: Record<string, string | number>;
  candidates: SlotCandidateView[];
}

const dayText = (date: string) => date.split("-").reverse().join(".");

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

const stageLabel = (stage: EditorStageView | undefined, t: TFunction, id: number) =>
  stage?.name || t("schedule.unnamedStage", { id });

function ConflictText({ conflict }: { conflict: ConflictView }) {
  const { t } = useTranslation();
  return <>{t(`schedule.conflict.${conflict.key}`, { ...conflict.vars, interpolation: { escapeValue: false } })}</>;
}

/** Conflicts listed open at the top; the rest of those sent wait behind "show more". */
const CONFLICTS_OPEN = 10;

/** Conflicts, each with a link to its first slot's page by that slot's number. */
function ConflictList({ roundId, conflicts }: { roundId: number; conflicts: ConflictSummaryView[] }) {
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

/**
 * The shape of the running order: slots per stage and day (with their conflicts), each a link to
 * that stage's day; and a box to find a slot by its number, reference, performer or title.
 */
export function ScheduleSections({
  roundId,
  view,
  sections,
  stages,
  find,
}: {
  roundId: number;
  view: EditorView;
  sections: SectionView[];
  stages: EditorStageView[];
  find: FindView | null;
}) {
  const { t } = useTranslation();
  const at = new Map(sections.map((s) => [`${s.date}/${s.stageId}`, s]));
  return (
    <div className="stack schedule-sections">
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="schedule-sections-caption">
        <table className="data-table schedule-sections__table">
          <caption id="schedule-sections-caption">{t("schedule.sections")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("schedule.date")}</th>
              {stages.map((s) => (
                <th key={s.id} scope="col">
                  {stageLabel(s, t, s.id)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.days.map((date) => (
              <tr key={date}>
                <th scope="row">
                  <time dateTime={date}>{dayText(date)}</time>
                </th>
                {stages.map((s) => {
                  const section = at.get(`${date}/${s.id}`);
                  const current = date === view.date && s.id === view.stageId;
                  return (
                    <td key={s.id} className={current ? "schedule-sections__current" : undefined}>
                      <Link
                        to={viewHref(roundId, { date, stageId: s.id })}
                        aria-current={current ? "page" : undefined}
                        aria-label={`${dayText(date)}, ${stageLabel(s, t, s.id)}: ${t("schedule.placed", { count: section?.slots ?? 0 })}`}
                      >
                        {section?.slots ?? 0}
                      </Link>
                      {section?.conflicts ? (
                        <span className="schedule-sections__conflicts">
                          <span aria-hidden="true">{section.conflicts}</span>
                          <span className="visually-hidden">
                            {t("schedule.conflictsTitle", { count: section.conflicts })}
                          </span>
                        </span>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">{t("schedule.sectionsHint")}</p>
      <Form method="get" className="schedule-fields" role="search">
        <input type="hidden" name="round" value={roundId} />
        <ScheduleField prefix="schedule" name="find" label={t("schedule.find.label")}>
          {(p) => <input {...p} name="find" type="search" maxLength={200} defaultValue={find?.query ?? ""} />}
        </ScheduleField>
        <div className="filters__actions">
          <button type="submit" className="button">
            {t("schedule.find.submit")}
          </button>
        </div>
      </Form>
      {find ? (
        <div className="alert alert--warning" role="status">
          <p>{t(find.count ? "schedule.find.many" : "schedule.find.none", { query: find.query, count: find.count })}</p>
          {find.matches.length ? (
            <Candidates
              candidates={find.matches}
              more={find.count - find.matches.length}
              link={(c) => `?round=${roundId}&at=${c.position}#slot-${c.entryId}`}
            />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** Slots a search could not tell apart, each by its number (a link to it, where given). */
function Candidates({
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
function MoveForm({
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
function OtherSlotForm({
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

/** How to generate the next draft: changeover, the least gap for a child, and the age order. */
export function ScheduleGenerate({
  roundId,
  options,
  failed,
}: {
  roundId: number;
  options: DraftOptionsView;
  /** The refused choices, shown by their fields with what was typed. */
  failed?: StageFormResult | null;
}) {
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
          // Whole minutes ≥ 0: the browser asks for them itself (step 1, min 0), and the server says why too.
          <Field
            key={name}
            name={name}
            prefix="generate"
            label={t(`schedule.${name}`)}
            error={failed?.errors[name]?.message}
          >
            {(p) => (
              <input
                {...p}
                name={name}
                type="number"
                min={0}
                max={max}
                step={1}
                defaultValue={failed?.values[name] ?? value}
                inputMode="numeric"
              />
            )}
          </Field>
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

/** One stage's day (a page of it), with a line wherever the jury panel changes. */
function RunningOrderList<S extends SlotView>({
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
function SectionHeading({
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
