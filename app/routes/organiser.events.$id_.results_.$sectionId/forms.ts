import type { SectionReviewPage } from "~/.server/results/review-page.server";

/** The section review's forms: each posts one of these intents. */
export const INTENTS = [
  "recompute",
  "tieOrder",
  "clearTie",
  "grandPrix",
  "addPrize",
  "removePrize",
  "override",
] as const;
export type Intent = (typeof INTENTS)[number];

/** What the action answers for a form it refused: the values and field errors, or frozen (published). */
export type Failed = {
  intent: Intent;
  values: Record<string, unknown>;
  errors: Record<string, unknown>;
  frozen: boolean;
} | null;

/** The value at a dotted path ("order.0.position") of a nested object. */
const at = (root: unknown, path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), root);

/** The error message of a field of the failed form, when `intent`'s form is the one that failed. */
export function errorOf(failed: Failed, intent: Intent, name: string): string | undefined {
  if (failed?.intent !== intent) return undefined;
  const e = at(failed.errors, name) as { message?: string; root?: { message?: string } } | undefined;
  return e?.message ?? e?.root?.message;
}

/** What was typed in a field of the failed form, kept so a mistake is fixed, not redone. */
export function valueOf(failed: Failed, intent: Intent, name: string): string | undefined {
  const v = failed?.intent === intent ? at(failed.values, name) : undefined;
  return typeof v === "string" ? v : undefined;
}

/** What each card of the review page is given. */
export interface CardProps {
  page: SectionReviewPage;
  failed: Failed;
  /** Changes with the address (after a saved form, or a "change" link), so the forms get fresh fields. */
  formKey: string;
}

/** "reference — title" (or the performers, for an untitled entry), as the page's lists name an entry. */
export function entryLabelOf(view: SectionReviewPage["view"]) {
  return (entryId: number) => {
    const e = view.entries.find((x) => x.entryId === entryId);
    return e ? `${e.reference} — ${e.title || e.performers.join(", ")}` : String(entryId);
  };
}
