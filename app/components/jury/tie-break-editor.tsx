import { type MouseEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { applyTieBreakIntent, unusedTieBreaks } from "~/forms/rules-intents";

import { FieldError } from "../field";

/**
 * The tie-break chain: an ordered list that can be reordered, shortened and extended. Its buttons
 * are real submit buttons (name="intent"), so without JavaScript the server applies them; with
 * JavaScript `onChange` applies them in place and keyboard focus follows the moved item.
 */
export function TieBreakEditor({
  value,
  onChange,
  error,
}: {
  value: string[];
  onChange?: (next: string[]) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const [addChoice, setAddChoice] = useState("");
  const [focus, setFocus] = useState<string | null>(null);
  const buttons = useRef(new Map<string, HTMLElement | null>());
  useEffect(() => {
    if (focus) buttons.current.get(focus)?.focus();
  }, [focus, value]);

  const unused = unusedTieBreaks(value);
  const act = (intent: string, focusAfter: string | null) => (e: MouseEvent<HTMLButtonElement>) => {
    if (!onChange) return;
    e.preventDefault();
    const next = applyTieBreakIntent(value, intent, addChoice || unused[0]);
    if (!next) return;
    onChange(next);
    setAddChoice("");
    setFocus(focusAfter);
  };
  const ref = (key: string) => (el: HTMLElement | null) => {
    buttons.current.set(key, el);
  };
  const name = (tieBreak: string) => t(`jury.rules.tieBreak.${tieBreak}`);

  return (
    <fieldset className="choice" aria-describedby="tie-breaks-hint">
      <legend>{t("jury.rules.tieBreaks")}</legend>
      <p id="tie-breaks-hint" className="field__hint">
        {t("jury.rules.tieBreaksHint")}
      </p>
      {value.length === 0 ? <p className="muted">{t("jury.rules.noTieBreaks")}</p> : null}
      <ol className="jury-list">
        {value.map((tb, i) => (
          <li key={tb} className="jury-item">
            <input type="hidden" name={`tieBreaks.${i}`} value={tb} />
            <div className="jury-item__head">
              <p className="jury-item__title">
                <strong>
                  {i + 1}. {name(tb)}
                </strong>
                <br />
                <span className="muted small">{t(`jury.rules.tieBreakHint.${tb}`)}</span>
              </p>
              <span className="jury-actions">
                <button
                  type="submit"
                  name="intent"
                  value={`tie-up-${i}`}
                  className="button button--quiet jury-arrow"
                  disabled={i === 0}
                  ref={ref(`${tb}:up`)}
                  aria-label={t("jury.rules.moveUp", { name: name(tb) })}
                  title={t("jury.rules.moveUp", { name: name(tb) })}
                  onClick={act(`tie-up-${i}`, i - 1 === 0 ? `${tb}:down` : `${tb}:up`)}
                >
                  ↑
                </button>
                <button
                  type="submit"
                  name="intent"
                  value={`tie-down-${i}`}
                  className="button button--quiet jury-arrow"
                  disabled={i === value.length - 1}
                  ref={ref(`${tb}:down`)}
                  aria-label={t("jury.rules.moveDown", { name: name(tb) })}
                  title={t("jury.rules.moveDown", { name: name(tb) })}
                  onClick={act(`tie-down-${i}`, i + 1 === value.length - 1 ? `${tb}:up` : `${tb}:down`)}
                >
                  ↓
                </button>
                <button
                  type="submit"
                  name="intent"
                  value={`tie-remove-${i}`}
                  className="button"
                  aria-label={t("jury.rules.remove", { name: name(tb) })}
                  onClick={act(`tie-remove-${i}`, "add")}
                >
                  {t("jury.criteria.remove")}
                </button>
              </span>
            </div>
          </li>
        ))}
      </ol>
      <FieldError id="tie-breaks-error" message={error} />
      {unused.length > 0 ? (
        <div className="jury-add">
          <div className="field">
            <label htmlFor="add-tie-break">{t("jury.rules.addTieBreak")}</label>
            <select
              id="add-tie-break"
              name="addTieBreak"
              value={addChoice || unused[0]}
              onChange={(e) => setAddChoice(e.target.value)}
              ref={ref("add")}
            >
              {unused.map((tb) => (
                <option key={tb} value={tb}>
                  {name(tb)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" name="intent" value="tie-add" className="button" onClick={act("tie-add", "add")}>
            {t("jury.rules.add")}
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}
