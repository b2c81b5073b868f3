import { type RegistrationState, registrationState } from "~/domain/event-state";

/** An events row's registration window, under the database's column names. */
interface EventWindowRow {
  status: "draft" | "published" | "archived";
  registration_opens_at: Date | null;
  registration_closes_at: Date | null;
}

/** The registration state (app/domain/event-state) of an event as the database returns it. */
export function registrationStateOf(event: EventWindowRow, now: Date): RegistrationState {
  return registrationState(
    {
      status: event.status,
      registrationOpensAt: event.registration_opens_at,
      registrationClosesAt: event.registration_closes_at,
    },
    now,
  );
}

/** Whether families may still enter, withdraw and edit: the event's registration window, now. */
export const registrationOpen = (event: EventWindowRow, now: Date) => registrationStateOf(event, now) === "open";
