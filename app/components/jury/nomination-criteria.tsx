import { Form, Link } from "@remix-run/react";
import type { FieldErrors } from "react-hook-form";
import { useTranslation } from "react-i18next";

import type { CriterionView, NominationItem } from "~/.server/jury/criteria-page.server";
import type { LockedSectionView } from "~/.server/jury/frozen-sections.server";
import type { Locale } from "~/domain/locale";
import { formatNumber } from "~/i18n/format";
import type { CriterionFormValues } from "~/schemas/jury";

import { blankCriterion, CriterionForm } from "./criterion-form";
import { LockedNote } from "./locked-note";

/** What the action answered for one form of the page: field errors, or a refusal to explain. */
export interface CriteriaFailure {
  intent: string;
  /** The criterion (edit, remove) or nomination (add, standard criteria, copy) the form was for. */
  id: number;
  values?: CriterionFormValues;
  errors?: FieldErrors<CriterionFormValues>;
  refusal?: "scored" | "locked" | "notEmpty" | "copyEmpty";
  count?: number;
  /** For a "locked" refusal: the locked sections the change would alter. */
  sections?: LockedSectionView[];
}

const valuesOf = (c: CriterionView): CriterionFormValues => ({
  nameKk: c.nameKk,
  nameRu: c.nameRu,
  nameEn: c.nameEn,
  maxScore: c.maxScore,
  weight: c.weight,
});

/**
 * One nomination's criteria: list, reorder, edit, remove, add, the standard set, copy to all. While
 * results of the nomination are locked the criteria are frozen: the page says so and offers no change.
 */
export function NominationCriteria({
  nomination,
  locale,
  eventId,
  locked,
  canCopy,
  failure,
}: {
  nomination: NominationItem;
  locale: Locale;
  eventId: number;
  /** The nomination's locked results sections. */
  locked: LockedSectionView[];
  /** The event has other nominations to copy to. */
  canCopy: boolean;
  failure: CriteriaFailure | null;
}) {
  const { t } = useTranslation();
  const n = nomination;
  const frozen = locked.length > 0;
  const refusedLock =
    failure?.refusal === "locked" ? (failure.sections ?? []).filter((s) => s.nominationId === n.id) : [];
  const failed = (intent: string, id: number) =>
    failure && failure.intent === intent && failure.id === id ? failure : null;
  const adding = failed("addCriterion", n.id);
  const discipline = t(`discipline.${n.discipline}`, { defaultValue: n.discipline });
  const refusedHere =
    failure && failure.id === n.id && (failure.refusal === "notEmpty" || failure.refusal === "copyEmpty")
      ? failure.refusal
      : null;
  return (
    <section className="card stack" id={`nomination-${n.id}`} aria-labelledby={`nomination-${n.id}-title`}>
      <h2 id={`nomination-${n.id}-title`}>
        {n.name}
        {discipline.toLocaleLowerCase() !== n.name.toLocaleLowerCase() ? (
          <span className="tag">{discipline}</span>
        ) : null}
      </h2>
      {refusedHere ? (
        <p className="alert alert--warning" role="alert">
          {t(`jury.criteria.${refusedHere}`)}
        </p>
      ) : null}
      {refusedLock.length > 0 ? (
        <LockedNote kind="criteria" sections={refusedLock} eventId={eventId} refused />
      ) : (
        <LockedNote kind="criteria" sections={locked} eventId={eventId} />
      )}
      {n.criteria.length === 0 ? (
        <>
          <p className="muted">{t("jury.criteria.none")}</p>
          {frozen ? null : (
            <Form method="post" className="stack">
              <input type="hidden" name="nominationId" value={n.id} />
              <p className="field__hint">{t("jury.criteria.standardHint", { names: n.standard.join(", ") })}</p>
              <p>
                <button type="submit" name="intent" value="standard" className="button">
                  {t("jury.criteria.standard")}
                </button>
              </p>
            </Form>
          )}
        </>
      ) : (
        <ol className="jury-list">
          {n.criteria.map((c, i) => {
            const removal = failed("removeCriterion", c.id);
            const editing = failed("updateCriterion", c.id);
            return (
              <li key={c.id} className="jury-item" id={`criterion-${c.id}`}>
                <div className="jury-item__head">
                  <p className="jury-item__title">
                    <strong>{c.name}</strong>{" "}
                    <span className="muted small">
                      {t("jury.criteria.meta", {
                        max: formatNumber(Number(c.maxScore), locale),
                        weight: formatNumber(Number(c.weight), locale),
                      })}
                    </span>
                    {c.scores > 0 ? (
                      <>
                        {" "}
                        <span className="chip">{t("jury.criteria.scored", { count: c.scores })}</span>
                      </>
                    ) : null}
                  </p>
                  <Form method="post" className="jury-actions">
                    <input type="hidden" name="criterionId" value={c.id} />
                    {(
                      [
                        ["moveUp", "↑", i === 0],
                        ["moveDown", "↓", i === n.criteria.length - 1],
                      ] as const
                    ).map(([intent, arrow, end]) => (
                      <button
                        key={intent}
                        type="submit"
                        name="intent"
                        value={intent}
                        className="button button--quiet jury-arrow"
                        disabled={frozen || end}
                        aria-label={t(`jury.criteria.${intent}`, { name: c.name })}
                        title={t(`jury.criteria.${intent}`, { name: c.name })}
                      >
                        {arrow}
                      </button>
                    ))}
                    <button
                      type="submit"
                      name="intent"
                      value="removeCriterion"
                      className="button"
                      disabled={frozen}
                      aria-label={t("jury.criteria.removeNamed", { name: c.name })}
                    >
                      {t("jury.criteria.remove")}
                    </button>
                  </Form>
                </div>
                {removal?.refusal === "scored" && !frozen ? (
                  <div className="alert alert--warning stack" role="alert">
                    <p>{t("jury.criteria.confirmRemove", { count: removal.count ?? 0, name: c.name })}</p>
                    <Form method="post" className="jury-actions">
                      <input type="hidden" name="criterionId" value={c.id} />
                      <input type="hidden" name="confirm" value="1" />
                      <button type="submit" name="intent" value="removeCriterion" className="button button--danger">
                        {t("jury.criteria.confirmRemoveButton")}
                      </button>
                      <Link to={`#criterion-${c.id}`} className="button" replace preventScrollReset>
                        {t("jury.criteria.keep")}
                      </Link>
                    </Form>
                  </div>
                ) : null}
                <details open={Boolean(editing)}>
                  <summary className="summary-button">{t("jury.criteria.edit", { name: c.name })}</summary>
                  <CriterionForm
                    key={JSON.stringify(valuesOf(c))}
                    prefix={`criterion-${c.id}`}
                    intent="updateCriterion"
                    hidden={{ criterionId: c.id }}
                    values={editing?.values ?? valuesOf(c)}
                    errors={editing?.errors}
                    submitLabel={t("jury.criteria.save")}
                    disabled={frozen}
                  />
                </details>
              </li>
            );
          })}
        </ol>
      )}
      {frozen ? null : (
        <details open={Boolean(adding)}>
          <summary className="summary-button">{t("jury.criteria.add")}</summary>
          <CriterionForm
            key={`add-${n.criteria.length}`}
            prefix={`new-criterion-${n.id}`}
            intent="addCriterion"
            hidden={{ nominationId: n.id }}
            values={adding?.values ?? blankCriterion()}
            errors={adding?.errors}
            submitLabel={t("jury.criteria.add")}
          />
        </details>
      )}
      {canCopy && n.criteria.length > 0 ? (
        <Form method="post" className="stack">
          <input type="hidden" name="nominationId" value={n.id} />
          <p className="field__hint">{t("jury.criteria.copyAllHint")}</p>
          <p>
            <button type="submit" name="intent" value="copyAll" className="button">
              {t("jury.criteria.copyAll")}
            </button>
          </p>
        </Form>
      ) : null}
    </section>
  );
}
