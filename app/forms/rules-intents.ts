import { BAND_AWARDS, type Rules, TIE_BREAKS } from "~/domain/results";

/** The scoring-rules form as react-hook-form holds it (and as a post reads back). */
export interface RulesFormValues {
  aggregation: string;
  tieBreaks: string[];
  sharedPlaces: boolean;
  awardMode: string;
  bands: { award: string; minPercent: string }[];
  grandPrixAcrossAgeGroups: boolean;
  grandPrixMinPercent: string;
}

export function rulesFormValues(rules: Rules): RulesFormValues {
  return {
    ...rules,
    tieBreaks: [...rules.tieBreaks],
    bands: rules.bands.map((b) => ({ award: b.award, minPercent: String(b.minPercent) })),
    grandPrixMinPercent: rules.grandPrixMinPercent === null ? "" : String(rules.grandPrixMinPercent),
  };
}

const text = (v: unknown) => (typeof v === "string" ? v : "");
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A posted form (formDataToObject) read back into form values, to show again as it was sent. */
export function postedRulesValues(raw: Record<string, unknown>): RulesFormValues {
  const on = (v: unknown) => v === true || v === "on" || v === "true";
  return {
    aggregation: text(raw.aggregation),
    tieBreaks: list(raw.tieBreaks).map(text).filter(Boolean),
    sharedPlaces: on(raw.sharedPlaces),
    awardMode: text(raw.awardMode),
    bands: list(raw.bands).map((b) => {
      const row = (b && typeof b === "object" ? b : {}) as Record<string, unknown>;
      return { award: text(row.award), minPercent: text(row.minPercent) };
    }),
    grandPrixAcrossAgeGroups: on(raw.grandPrixAcrossAgeGroups),
    grandPrixMinPercent: text(raw.grandPrixMinPercent),
  };
}

export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const out = [...items];
  if (from < 0 || from >= out.length || to < 0 || to >= out.length) return out;
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item!);
  return out;
}

/** The tie-breaks not yet in the chain, in their usual order. */
export const unusedTieBreaks = (chain: readonly string[]) => TIE_BREAKS.filter((t) => !chain.includes(t));

/** The first award no band gives yet (for a new row). */
export const nextBandAward = (bands: readonly { award: string }[]) =>
  BAND_AWARDS.find((a) => !bands.some((b) => b.award === a)) ?? "";

const TIE = /^tie-(up|down|remove)-(\d{1,2})$/;
const BAND_REMOVE = /^band-remove-(\d{1,2})$/;

// The form's small buttons (move or remove a tie-break, add one, add or remove a band): the browser
// applies them in place; without JavaScript they post, and the server answers with the form changed
// and nothing saved. Each function returns null for any other intent.

/** A tie-break button's intent applied to the chain, or null when the intent is not one. */
export function applyTieBreakIntent(chain: readonly string[], intent: string, addTieBreak?: string): string[] | null {
  const tie = TIE.exec(intent);
  if (tie) {
    const i = Number(tie[2]);
    const op = tie[1];
    return op === "remove" ? chain.filter((_, k) => k !== i) : moveItem(chain, i, op === "up" ? i - 1 : i + 1);
  }
  if (intent === "tie-add") {
    const unused = unusedTieBreaks(chain);
    const choice = unused.find((t) => t === addTieBreak) ?? unused[0];
    return choice ? [...chain, choice] : [...chain];
  }
  return null;
}

export function applyRulesIntent(
  values: RulesFormValues,
  intent: string,
  addTieBreak?: string,
): RulesFormValues | null {
  const tieBreaks = applyTieBreakIntent(values.tieBreaks, intent, addTieBreak);
  if (tieBreaks) return { ...values, tieBreaks };
  if (intent === "band-add")
    return values.bands.length >= BAND_AWARDS.length
      ? values
      : { ...values, bands: [...values.bands, { award: nextBandAward(values.bands), minPercent: "" }] };
  const band = BAND_REMOVE.exec(intent);
  if (band) return { ...values, bands: values.bands.filter((_, k) => k !== Number(band[1])) };
  return null;
}
