import { Form } from "@remix-run/react";
import type { FieldErrors } from "react-hook-form";
import { useTranslation } from "react-i18next";

import type { LockedSectionView } from "~/.server/jury/frozen-sections.server";
import type { Panel } from "~/.server/jury/panels.server";
import type { RoundView } from "~/.server/jury/panels-page.server";
import type { Locale } from "~/domain/locale";
import { formatDateRange } from "~/i18n/format";
import type { JudgeFormValues } from "~/schemas/jury";

import { type AgeGroupOption, blankJudge, JudgeForm } from "./judge-form";
import { LockedNote } from "./locked-note";

/** A failed "add a judge" form, returned by the action for the nomination it was for. */
export interface JudgeFailure {
  nominationId: number;
  values: JudgeFormValues;
  errors: FieldErrors<JudgeFormValues>;
}

/** The round's heading, dates and its blind-judging switch. */
export function RoundFacts({ round, locale }: { round: RoundView; locale: Locale }) {
  const { t } = useTranslation();
  const dates = round.startsOn ? formatDateRange(round.startsOn, round.endsOn ?? round.startsOn, locale) : null;
  return (
    <section className="card stack" aria-labelledby={`round-${round.id}`}>
      <h2 id={`round-${round.id}`}>
        {t("jury.panels.round", { position: round.number, kind: t(`roundKind.${round.kind}`) })}
      </h2>
      {dates || round.city ? (
        <p className="muted">
          {[dates, round.city ? t(`city.${round.city}`, { defaultValue: round.city }) : null]
            .filter(Boolean)
            .join(" · ")}
        </p>
      ) : null}
      <Form method="post" className="stack">
        <input type="hidden" name="roundId" value={round.id} />
        <input type="hidden" name="blind" value={round.blind ? "off" : "on"} />
        <p>
          <strong>{t("jury.panels.blind")}.</strong>{" "}
          {t(round.blind ? "jury.panels.blindIsOn" : "jury.panels.blindIsOff")}
          {round.kind === "remote" && !round.blind ? (
            <>
              {" "}
              <span className="chip chip--warn">{t("jury.panels.blindRecommended")}</span>
            </>
          ) : null}
        </p>
        <p>
          <button type="submit" name="intent" value="blind" className="button">
            {t(round.blind ? "jury.panels.turnBlindOff" : "jury.panels.turnBlindOn")}
          </button>
        </p>
      </Form>
    </section>
  );
}

/** The locked sections a panel covers: its age group's, or every one of the nomination for an all-age-groups panel. */
export const lockedFor = (locked: readonly LockedSectionView[], ageGroupId: number | null) =>
  locked.filter((l) => ageGroupId === null || l.ageGroupId === ageGroupId);

/**
 * One nomination's panels in a round (all age groups, or each), their judges and the add form. A
 * panel whose results are locked can't change: its buttons are disabled and a note says why.
 */
export function NominationPanels({
  round,
  nomination,
  panels,
  ageGroups,
  locale,
  eventId,
  locked,
  failure,
  refused,
}: {
  round: RoundView;
  nomination: { id: number; name: string };
  panels: Panel[];
  ageGroups: AgeGroupOption[];
  locale: Locale;
  eventId: number;
  /** The locked results sections of this nomination in this round. */
  locked: LockedSectionView[];
  failure: JudgeFailure | null;
  /** Sections named by a refused change. */
  refused: LockedSectionView[];
}) {
  const { t } = useTranslation();
  const options = ageGroups.map((g) => ({ ...g, locked: lockedFor(locked, g.id).length > 0 }));
  const everyAgeLocked = locked.length > 0;
  const ageLabel = (id: number | null) => {
    const g = ageGroups.find((x) => x.id === id);
    return g ? t("event.ageRange", { min: g.minAge, max: g.maxAge }) : t("jury.panels.allAgeGroups");
  };
  const judgeCount = panels.reduce((n, p) => n + p.judges.length, 0);
  return (
    <section className="card stack" id={`panel-${nomination.id}`} aria-labelledby={`panel-${nomination.id}-title`}>
      <h2 id={`panel-${nomination.id}-title`}>{nomination.name}</h2>
      <LockedNote kind="panel" sections={refused} eventId={eventId} refused />
      {panels.length === 0 ? <p className="muted">{t("jury.panels.noJudges")}</p> : null}
      {panels.map((panel) => {
        const frozen = lockedFor(locked, panel.ageGroupId);
        return (
          <div key={panel.ageGroupId ?? "all"} className="stack">
            <h3>{ageLabel(panel.ageGroupId)}</h3>
            <LockedNote kind="panel" sections={frozen} eventId={eventId} />
            <ul className="jury-list">
              {panel.judges.map((j) => (
                <li key={j.assignmentId} className="jury-item">
                  <div className="jury-item__head">
                    <p className="jury-item__title">
                      <strong>{j.name}</strong>
                      {j.isChair ? (
                        <>
                          {" "}
                          <span className="badge badge--published">{t("jury.panels.chair")}</span>
                        </>
                      ) : null}
                      <br />
                      <span className="muted small">{j.email}</span>
                    </p>
                    <Form method="post" className="jury-actions">
                      <input type="hidden" name="roundId" value={round.id} />
                      <input type="hidden" name="assignmentId" value={j.assignmentId} />
                      <button
                        type="submit"
                        name="intent"
                        value={j.isChair ? "unchair" : "chair"}
                        className="button"
                        disabled={frozen.length > 0}
                        aria-label={t(j.isChair ? "jury.panels.unmakeChairNamed" : "jury.panels.makeChairNamed", {
                          name: j.name,
                        })}
                      >
                        {t(j.isChair ? "jury.panels.unmakeChair" : "jury.panels.makeChair")}
                      </button>
                      <button
                        type="submit"
                        name="intent"
                        value="removeJudge"
                        className="button"
                        disabled={frozen.length > 0}
                        aria-label={t("jury.panels.removeNamed", { name: j.name })}
                      >
                        {t("jury.panels.remove")}
                      </button>
                    </Form>
                  </div>
                </li>
              ))}
            </ul>
            <Form method="post">
              <input type="hidden" name="roundId" value={round.id} />
              <input type="hidden" name="nominationId" value={nomination.id} />
              <input type="hidden" name="ageGroupId" value={panel.ageGroupId ?? ""} />
              <button type="submit" name="intent" value="copyPanel" className="button button--quiet">
                {t("jury.panels.copyPanel")}
              </button>
            </Form>
          </div>
        );
      })}
      <details open={Boolean(failure)}>
        <summary className="summary-button">{t("jury.panels.addJudge", { nomination: nomination.name })}</summary>
        <JudgeForm
          key={`judge-${nomination.id}-${judgeCount}`}
          prefix={`judge-${round.id}-${nomination.id}`}
          values={failure?.values ?? blankJudge(round.id, nomination.id, locale)}
          errors={failure?.errors}
          ageGroups={options}
          allLocked={everyAgeLocked}
        />
      </details>
    </section>
  );
}
