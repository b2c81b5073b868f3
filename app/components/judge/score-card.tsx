import type { FormEvent, KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import type { SheetCriterion, SheetEntry } from "~/.server/judging/judge-sheet.server";
import type { Locale } from "~/domain/locale";
import { judgeTotal, maximumTotal, round4 } from "~/domain/results/aggregate";
import { parseScoreText } from "~/domain/score-value";
import { formatNumber } from "~/i18n/format";
import type { RefusalReason } from "~/judge-offline/score-queue";
import { SCORE_TEXT_MAX, scoreFieldName } from "~/schemas/judge";

/**
 * The state of one score field: "editing" is a valid value typed but not sent yet (it goes on
 * Enter, on leaving the field or after a short pause); `kept` is a newer score from another device
 * of the judge, which the server kept over the one sent from here.
 */
export type FieldStatus =
  "empty" | "editing" | "saved" | "queued" | "invalid" | { refused: RefusalReason } | { kept: number };

export type CardStatus =
  { kind: "saved" | "waiting" | "invalid" | "partly" | "empty" } | { kind: "refused"; reason: RefusalReason };

const isSaved = (s: FieldStatus) => s === "saved" || (typeof s === "object" && "kept" in s);

export function cardStatus(statuses: readonly FieldStatus[]): CardStatus {
  const refused = statuses.find((s): s is { refused: RefusalReason } => typeof s === "object" && "refused" in s);
  if (refused) return { kind: "refused", reason: refused.refused };
  // Never "not saved" for the card when some of its scores are: say which one to check.
  if (statuses.includes("invalid")) return { kind: statuses.some(isSaved) ? "partly" : "invalid" };
  if (statuses.includes("queued") || statuses.includes("editing")) return { kind: "waiting" };
  if (statuses.some(isSaved)) return { kind: "saved" };
  return { kind: "empty" };
}

interface Props {
  entry: SheetEntry;
  criteria: readonly SheetCriterion[];
  locale: Locale;
  /** The panel covers several age groups: say which one the entry is in. */
  showAgeGroup: boolean;
  texts: Readonly<Record<number, string>>;
  statuses: Readonly<Record<number, FieldStatus>>;
  /** JavaScript runs: changes save themselves, −/+ buttons work. */
  enhanced: boolean;
  /** The panel page, where the form posts without JavaScript. */
  formAction: string;
  onText: (criterionId: number, text: string) => void;
  onStep: (criterionId: number, direction: 1 | -1) => void;
  onBlur: (criterionId: number) => void;
  /** Enter in a field: send its value now. */
  onCommit: (criterionId: number) => void;
  onSubmit: () => void;
}

export function ScoreCard({
  entry,
  criteria,
  locale,
  showAgeGroup,
  texts,
  statuses,
  enhanced,
  formAction,
  onText,
  onStep,
  onBlur,
  onCommit,
  onSubmit,
}: Props) {
  const { t } = useTranslation();
  const values = new Map<number, number>();
  for (const c of criteria) {
    const v = parseScoreText(texts[c.id] ?? "", c.maxScore);
    if (typeof v === "number") values.set(c.id, v);
  }
  const asCriteria = criteria.map((c) => ({ id: c.id, max: c.maxScore, weight: c.weight }));
  const total = judgeTotal(asCriteria, values);
  const status = cardStatus(criteria.map((c) => statuses[c.id] ?? "empty"));
  const headingId = `entry-${entry.entryId}-title`;
  const submit = (e: FormEvent) => {
    if (!enhanced) return;
    e.preventDefault();
    onSubmit();
  };
  const keys = (criterionId: number) => (e: KeyboardEvent<HTMLInputElement>) => {
    // Without JavaScript Enter posts the card's form, as a form does.
    if (e.key === "Enter" && enhanced) {
      e.preventDefault();
      onCommit(criterionId);
      return;
    }
    if (e.key !== "ArrowUp" && e.key !== "ArrowDown") return;
    e.preventDefault();
    onStep(criterionId, e.key === "ArrowUp" ? 1 : -1);
  };

  return (
    <article className="card score-card" id={`entry-${entry.entryId}`} aria-labelledby={headingId}>
      <header className="score-card__head">
        <h2 id={headingId} className="score-card__number">
          {t("judge.number", { number: entry.number })}
        </h2>
        {entry.time ? <span className="score-card__time">{entry.time}</span> : null}
        {showAgeGroup && entry.ageGroup ? <span className="chip">{t("event.ageRange", entry.ageGroup)}</span> : null}
      </header>
      {entry.performers.length ? (
        <p className="score-card__performers">
          {entry.performers.join(", ")}
          {entry.club ? <span className="muted"> · {entry.club}</span> : null}
        </p>
      ) : null}
      <p className="score-card__piece">
        {entry.title ? <span>«{entry.title}»</span> : <span className="muted">{t("judge.untitled")}</span>}
        <span className="muted">
          {" "}
          · {t(`format.${entry.format}`)}
          {entry.duration ? ` · ${entry.duration}` : ""}
        </span>
        {entry.reference ? <span className="muted small"> · {entry.reference}</span> : null}
      </p>
      {entry.videoUrl ? (
        <p>
          <a className="button score-card__video" href={entry.videoUrl} target="_blank" rel="noopener noreferrer">
            {t("judge.video")} <span className="visually-hidden">{t("judge.opensInNewTab")}</span>
            <span aria-hidden="true">↗</span>
          </a>
        </p>
      ) : null}
      {entry.locked ? <p className="alert alert--warning">{t("judge.locked")}</p> : null}
      {/* The work beside the score fields on a wide screen, above them on a phone. */}
      <div className="score-card__main">
        {entry.artworkUrl ? (
          <a className="score-card__artwork" href={entry.artworkUrl} target="_blank" rel="noopener noreferrer">
            <img
              src={`${entry.artworkUrl}?w=640`}
              alt={
                entry.title
                  ? t("judge.artworkAlt", { title: entry.title })
                  : t("judge.artworkAltNumber", { number: entry.number })
              }
              loading="lazy"
            />
            <span className="visually-hidden">{t("judge.opensInNewTab")}</span>
          </a>
        ) : null}
        {/* The card's anchor in the action: after a post without JavaScript the page opens at this card. */}
        <form
          method="post"
          action={`${formAction}#entry-${entry.entryId}`}
          className="score-card__form"
          onSubmit={submit}
          noValidate
        >
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="entryId" value={entry.entryId} />
          {criteria.map((c) => {
            const inputId = `score-${entry.entryId}-${c.id}`;
            const field = statuses[c.id] ?? "empty";
            const problem =
              field === "invalid"
                ? t("judge.invalid", { max: formatNumber(c.maxScore, locale) })
                : typeof field === "object" && "refused" in field
                  ? t(`judge.reason.${field.refused}`)
                  : null;
            const kept =
              typeof field === "object" && "kept" in field
                ? t("judge.newer", { value: formatNumber(field.kept, locale) })
                : null;
            return (
              <div key={c.id} className="score-field">
                <label htmlFor={inputId} className="score-field__label">
                  <span>{c.name}</span>
                  <span className="muted small">
                    {t("judge.outOf", { max: formatNumber(c.maxScore, locale) })}
                    {c.weight !== 1 ? ` · ${t("judge.weight", { weight: formatNumber(c.weight, locale) })}` : ""}
                  </span>
                </label>
                <div className="score-field__control">
                  {enhanced ? (
                    <button
                      type="button"
                      className="score-field__step"
                      onClick={() => onStep(c.id, -1)}
                      disabled={entry.locked}
                      aria-label={t("judge.lower", { criterion: c.name })}
                    >
                      −
                    </button>
                  ) : null}
                  <input
                    id={inputId}
                    name={scoreFieldName(c.id)}
                    className="score-field__input"
                    type="text"
                    inputMode="decimal"
                    autoComplete="off"
                    maxLength={SCORE_TEXT_MAX}
                    value={texts[c.id] ?? ""}
                    disabled={entry.locked}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={problem ? `${inputId}-problem` : kept ? `${inputId}-kept` : undefined}
                    onChange={(e) => onText(c.id, e.currentTarget.value)}
                    onBlur={() => onBlur(c.id)}
                    onKeyDown={keys(c.id)}
                  />
                  {enhanced ? (
                    <button
                      type="button"
                      className="score-field__step"
                      onClick={() => onStep(c.id, 1)}
                      disabled={entry.locked}
                      aria-label={t("judge.raise", { criterion: c.name })}
                    >
                      +
                    </button>
                  ) : null}
                </div>
                {problem ? (
                  <p id={`${inputId}-problem`} className="field__error">
                    {problem}
                  </p>
                ) : null}
                {kept ? (
                  <p id={`${inputId}-kept`} className="score-field__kept">
                    {kept}
                  </p>
                ) : null}
              </div>
            );
          })}
          <footer className="score-card__foot">
            <p className="score-card__total">
              {total === null
                ? t("judge.totalIncomplete", { done: values.size, count: criteria.length })
                : t("judge.total", {
                    total: formatNumber(round4(total), locale),
                    max: formatNumber(round4(maximumTotal(asCriteria)), locale),
                  })}
            </p>
            <p className={`score-card__status score-card__status--${status.kind}`} role="status">
              {status.kind === "refused"
                ? t("judge.status.refused", { reason: t(`judge.reason.${status.reason}`) })
                : t(`judge.status.${status.kind}`)}
            </p>
            {!enhanced && !entry.locked ? (
              <button type="submit" className="button button--primary">
                {t("judge.save")}
              </button>
            ) : null}
          </footer>
        </form>
      </div>
    </article>
  );
}
