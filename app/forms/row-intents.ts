import { blankAgeGroup, blankNomination, blankRound, type EventFormValues } from "~/schemas/event";

const ROW_INTENT = /^(add|remove)-(nomination|ageGroup|round)(?:-(\d+))?$/;

const lists = {
  nomination: { key: "nominations", blank: blankNomination },
  ageGroup: { key: "ageGroups", blank: blankAgeGroup },
  round: { key: "rounds", blank: blankRound },
} as const;

/**
 * Without JavaScript the form's "add" and "remove" buttons post the whole form with an intent; the
 * server answers with the rows changed and nothing saved. Returns null for any other intent.
 */
export function applyRowIntent(values: EventFormValues, intent: string): EventFormValues | null {
  const m = ROW_INTENT.exec(intent);
  if (!m) return null;
  const [, op, kind, index] = m as unknown as [string, "add" | "remove", keyof typeof lists, string | undefined];
  const { key, blank } = lists[kind];
  const rows = [...((values[key] as unknown[] | undefined) ?? [])];
  if (op === "add") rows.push(blank());
  else if (index !== undefined) rows.splice(Number(index), 1);
  return { ...values, [key]: rows };
}
