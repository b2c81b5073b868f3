import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type {
  EditorStageView,
  EditorView,
  FindView,
  SectionView,
} from "~/.server/schedule/schedule-editor-views.server";

import { Candidates, dayText, stageLabel, viewHref } from "./schedule-parts";
import { ScheduleField } from "./schedule-stages";

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
