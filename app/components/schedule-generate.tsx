import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { DraftOptionsView } from "~/.server/schedule/schedule-editor-views.server";

import { Field } from "./field";
import type { StageFormResult } from "./schedule-stages";

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
