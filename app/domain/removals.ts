/*
 * What keeps a round, nomination, age group or stage from being removed (ADR 0011): anything made
 * for it on another page or recorded against it. A removal is refused while any of these is held,
 * and the refusal names each with its count, in this order.
 */

export const HOLDING_KINDS = [
  "entries",
  "advanced",
  "moved",
  "scores",
  "publishedSections",
  "lockedSections",
  "prizes",
  "judges",
  "criteria",
  "stages",
  "draftSlots",
  "publishedSlots",
  "earlierSlots",
] as const;

export type HoldingKind = (typeof HOLDING_KINDS)[number];

/** Counts of what a row holds; a kind it holds none of may be left out. */
export type Holdings = Partial<Record<HoldingKind, number>>;

/** The kinds held at least once, with their counts, in the order a message names them. */
export function heldBy(holdings: Holdings): [HoldingKind, number][] {
  return HOLDING_KINDS.flatMap((kind) => {
    const count = holdings[kind] ?? 0;
    return count > 0 ? [[kind, count] as [HoldingKind, number]] : [];
  });
}
