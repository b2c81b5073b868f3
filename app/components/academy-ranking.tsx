import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { MAX_RANKS } from "~/schemas/academy";

import { errorAt, Field } from "./field";
import { Options } from "./options";

export interface RankableClass {
  id: number;
  title: string;
  label: string;
}

interface Props {
  childId: number;
  classes: readonly RankableClass[];
  /** The child's wishes, best first (class ids, as posted back after an error or as stored). */
  ranks: readonly (number | string | undefined)[];
  errors?: object;
  busy?: boolean;
}

/** One child's ranked wishes: choice 1 … MAX_RANKS, each any class not chosen above. */
export function AcademyRanking({ childId, classes, ranks, errors = {}, busy = false }: Props) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="stack academy-ranking">
      <input type="hidden" name="intent" value="rank" />
      <input type="hidden" name="childId" value={childId} />
      <ol className="academy-ranking__choices">
        {Array.from({ length: MAX_RANKS }, (_, i) => {
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
