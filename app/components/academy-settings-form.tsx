import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { MAX_CLASSES_LIMIT, MAX_RANKS_LIMIT } from "~/schemas/academy";

import { errorAt, Field } from "./field";

export interface AcademySettingsView {
  roundId: number | null;
  maxRanks: number;
  maxClasses: number | null;
  rounds: readonly { id: number; step: number; label: string }[];
}

/** The organiser's academy settings: the academy round and the two limits (posted as intent "settings"). */
export function AcademySettingsForm({
  settings,
  values,
  errors = {},
  busy = false,
}: {
  settings: AcademySettingsView;
  /** The refused post's values, to show them again. */
  values?: Record<string, unknown>;
  errors?: object;
  busy?: boolean;
}) {
  const { t } = useTranslation();
  const value = (name: string, stored: number | null) =>
    values && typeof values[name] === "string" ? (values[name] as string) : stored === null ? "" : String(stored);
  const error = (name: string) => errorAt(errors as never, name);
  return (
    <Form method="post" className="card stack academy-settings" aria-labelledby="academy-settings-title">
      <h2 id="academy-settings-title">{t("academy.settings.title")}</h2>
      <input type="hidden" name="intent" value="settings" />
      <Field
        name="roundId"
        label={t("academy.settings.round")}
        hint={t("academy.settings.roundHint")}
        error={error("roundId")}
      >
        {(p) => (
          <select {...p} name="roundId" defaultValue={value("roundId", settings.roundId)}>
            <option value="">{t("academy.settings.roundDefault")}</option>
            {settings.rounds.map((r) => (
              <option key={r.id} value={r.id}>
                {t("academy.settings.roundOption", { step: r.step, label: r.label })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="academy-settings__limits">
        <Field
          name="maxRanks"
          label={t("academy.settings.maxRanks")}
          hint={t("academy.settings.maxRanksHint")}
          error={error("maxRanks")}
        >
          {(p) => (
            <input
              {...p}
              name="maxRanks"
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_RANKS_LIMIT}
              required
              defaultValue={value("maxRanks", settings.maxRanks)}
            />
          )}
        </Field>
        <Field
          name="maxClasses"
          label={t("academy.settings.maxClasses")}
          hint={t("academy.settings.maxClassesHint")}
          error={error("maxClasses")}
        >
          {(p) => (
            <input
              {...p}
              name="maxClasses"
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_CLASSES_LIMIT}
              defaultValue={value("maxClasses", settings.maxClasses)}
            />
          )}
        </Field>
      </div>
      <div>
        <button type="submit" className="button" disabled={busy}>
          {t("academy.settings.save")}
        </button>
      </div>
    </Form>
  );
}
