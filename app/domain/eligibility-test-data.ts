/** Children, dates and age groups that the eligibility tests and its messages' tests share. */

export const ARUZHAN = 101;
export const DANA = 102;
export const TIMUR = 103;
export const NAMES: Record<number, string> = { [ARUZHAN]: "Aruzhan", [DANA]: "Dana", [TIMUR]: "Timur" };
export const nameOf = (id: number) => NAMES[id] ?? "?";

// Almaty is UTC+5: registration opens 1 June 2027 09:00 and closes at midnight starting 1 September.
export const OPENS_AT = new Date("2027-06-01T04:00:00Z");
export const CLOSES_AT = new Date("2027-08-31T19:00:00Z");

export const GROUPS = [
  { id: 1, minAge: 7, maxAge: 10 },
  { id: 2, minAge: 11, maxAge: 14 },
  { id: 3, minAge: 15, maxAge: 17 },
];
