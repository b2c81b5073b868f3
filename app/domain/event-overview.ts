import type { RegistrationState } from "./event-state";

/** What an organiser's event overview knows about the event's progress. */
export interface EventProgress {
  status: "draft" | "published" | "archived";
  registration: RegistrationState;
  nominations: number;
  ageGroups: number;
  rounds: number;
  /** Entries waiting for the organiser's decision. */
  submitted: number;
  /** Entries that hold a place (confirmed) or wait for one. */
  active: number;
  judges: number;
  /** Rounds that have a published running order. */
  scheduledRounds: number;
  resultSections: number;
  publishedSections: number;
}

export const NEXT_STEPS = [
  "addNominations",
  "addAgeGroups",
  "addRounds",
  "setRegistration",
  "publish",
  "reviewEntries",
  "assignJury",
  "buildSchedule",
  "publishResults",
] as const;
export type NextStep = (typeof NEXT_STEPS)[number];

/**
 * The organiser's next steps, in the order the event's life needs them: set it up, publish it,
 * decide the entries, seat the jury, publish the running order, then the results. An archived event
 * has none; each step drops out once done.
 */
export function nextSteps(p: EventProgress): NextStep[] {
  if (p.status === "archived") return [];
  const steps: NextStep[] = [];
  if (p.nominations === 0) steps.push("addNominations");
  if (p.ageGroups === 0) steps.push("addAgeGroups");
  if (p.rounds === 0) steps.push("addRounds");
  if (p.registration === "none" && p.status === "published") steps.push("setRegistration");
  if (p.status === "draft") steps.push("publish");
  if (p.submitted > 0) steps.push("reviewEntries");
  if (p.active > 0 && p.judges === 0) steps.push("assignJury");
  if (p.active > 0 && p.rounds > p.scheduledRounds) steps.push("buildSchedule");
  if (p.resultSections > p.publishedSections) steps.push("publishResults");
  return steps;
}
