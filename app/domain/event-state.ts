import { todayIn } from "./time";

export type RegistrationState = "none" | "not_open_yet" | "open" | "closed";
export type EventPhase = "upcoming" | "ongoing" | "past";

interface RegistrationWindow {
  status: "draft" | "published" | "archived";
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
}

/**
 * Registration follows the window the organiser set; it is derived at read time rather than stored,
 * so it can never drift from the clock. A draft or archived event never takes registrations.
 */
export function registrationState(event: RegistrationWindow, now: Date): RegistrationState {
  const hasWindow = Boolean(event.registrationOpensAt || event.registrationClosesAt);
  if (!hasWindow || event.status === "draft") return "none";
  if (event.status === "archived") return "closed";
  if (event.registrationOpensAt && now < event.registrationOpensAt) return "not_open_yet";
  if (event.registrationClosesAt && now >= event.registrationClosesAt) return "closed";
  return "open";
}

/** Where an event stands on its own calendar (dates are in the event's timezone). */
export function eventPhase(event: { startsOn: string; endsOn: string; timezone: string }, now: Date): EventPhase {
  const today = todayIn(event.timezone, now);
  if (today < event.startsOn) return "upcoming";
  if (today > event.endsOn) return "past";
  return "ongoing";
}
