import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { MoveChoice } from "~/.server/events/round-moves.server";

/**
 * Moving an entry into another round of a step of parallel rounds (another regional heat, the
 * other gala), with the reason the family will read. Refused when it already has scores there.
 */
export function EntryMove({ entryId, choices }: { entryId: number; choices: MoveChoice[] }) {
  const { t } = useTranslation();
  if (choices.length === 0) return null;
  return (
    <section className="card stack" aria-labelledby="entry-move-title">
      <h2 id="entry-move-title">{t("seasonGraph.move.title")}</h2>
      {choices.map((c) =>
        c.current.map((from) => (
          <Form method="post" className="stack" key={`${c.step}-${from.id}`}>
            <p>{t("seasonGraph.move.now", { step: c.step, round: from.label })}</p>
            <input type="hidden" name="entryId" value={entryId} />
            <input type="hidden" name="fromRoundId" value={from.id} />
            <label className="field">
              <span>{t("seasonGraph.move.to")}</span>
              <select name="toRoundId" required defaultValue="">
                <option value="" disabled>
                  {t("form.choose")}
                </option>
                {c.others.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.label}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t("organiserEntries.reason")}</span>
              <textarea name="reason" required maxLength={1000} rows={2} />
            </label>
            <p>
              <button className="button" name="intent" value="move">
                {t("seasonGraph.move.button")}
              </button>
            </p>
          </Form>
        )),
      )}
    </section>
  );
}
