import { isIsoDate } from "./time";

/** An age group's years, as pages and labels show it ("7–10 years"). */
export interface AgeRange {
  min: number;
  max: number;
}

export interface AgeBounds {
  minAge: number;
  maxAge: number;
}

/**
 * Completed years of a child born on `birthDate`, counted on `onDate` (both 'YYYY-MM-DD').
 *
 * A child born on 29 February has its birthday on 1 March in non-leap years: on 28 February it is
 * still the younger age. This is the Kazakh civil convention the federation follows; comparing
 * month and day as numbers gives exactly that, since (2, 28) < (2, 29) < (3, 1).
 *
 * Throws on a string that is not a calendar date, and when the child is born after `onDate`:
 * callers decide what that means (eligibility reports it as `born_after_reference`).
 */
export function ageOnDate(birthDate: string, onDate: string): number {
  if (!isIsoDate(birthDate)) throw new RangeError(`Not a calendar date: ${JSON.stringify(birthDate)}`);
  if (!isIsoDate(onDate)) throw new RangeError(`Not a calendar date: ${JSON.stringify(onDate)}`);
  if (birthDate > onDate) throw new RangeError(`Born on ${birthDate}, after ${onDate}`);
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [oy, om, od] = onDate.split("-").map(Number) as [number, number, number];
  const birthdayReached = om > bm || (om === bm && od >= bd);
  return oy - by - (birthdayReached ? 0 : 1);
}

/** The age group whose inclusive bounds hold `age`, or null when none does. */
export function ageGroupFor<G extends AgeBounds>(groups: readonly G[], age: number): G | null {
  return groups.find((g) => g.minAge <= age && age <= g.maxAge) ?? null;
}

/** "7–10", the way the catalogues write an age range before the unit. */
export function ageRangeLabel(group: AgeBounds): string {
  return group.minAge === group.maxAge ? String(group.minAge) : `${group.minAge}–${group.maxAge}`;
}

/** "7–10, 11–14, 15–17": an event's age groups from youngest to oldest. */
export function ageRangesLabel(groups: readonly AgeBounds[]): string {
  return [...groups]
    .sort((a, b) => a.minAge - b.minAge)
    .map(ageRangeLabel)
    .join(", ");
}
