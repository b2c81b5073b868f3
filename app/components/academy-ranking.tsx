import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { errorAt, Field, FieldError } from "./field";
import { Options } from "./options";

export interface RankableClass {
  id: number;
  title: string;
  label: string;
}

interface Props {
  childId: number;
  /** How many choices the organiser allows. */
  maxRanks: number;
  classes: readonly RankableClass[];
  /** The child's wishes, best first (class ids, as posted back after an error or as stored). */
  ranks: readonly (number | string | undefined)[];
  errors?: object;
  busy?: boolean;
}

/** One child's ranked wishes: choice 1 … maxRanks, each any class not chosen above. */
export function AcademyRanking({ childId, maxRanks, classes, ranks, errors = {}, busy = false }: Props) {
  const { t } = useTranslation();
  const listError = errorAt(errors as never, "ranks");
  return (
    <Form method="post" className="stack academy-ranking">
      <input type="hidden" name="intent" value="rank" />
      <input type="hidden" name="childId" value={childId} />
      <p className="field__hint">{t("academy.rankUpTo", { count: maxRanks })}</p>
      <FieldError id={`c${childId}-ranks-error`} message={listError} />
      <ol className="academy-ranking__choices">
        {Array.from({ length: maxRanks }, (_, i) => {
          const name = `ranks.${i}`;
          return (
            <li key={i}>
              <Field
                name={`c${childId}-${name}`}
                label={t("academy.choice", { rank: i + 1 })}
                error={errorAt(errors as never, name)}
              >
                {(p) => (
                  <select {...p} name={name} defaultValue={ranks[i] === undefined ? "" : String(ranks[i])}>
                    <Options blank={t("academy.noChoice")} items={classes} value={(c) => c.id} label={(c) => c.label} />
                  </select>
                )}
              </Field>
            </li>
          );
        })}
      </ol>
      <div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {t("academy.saveWishes")}
        </button>
      </div>
    </Form>
  );
}
