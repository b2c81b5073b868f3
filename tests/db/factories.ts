import crypto from "node:crypto";

import type { Role } from "#db/types";
import { createEvent } from "~/.server/events/events.server";
import type { DB } from "~/.server/platform/db.server";
import type { PerformanceFormat } from "~/domain/event-kinds";
import type { ChildData } from "~/schemas/child";
import {
  type AgeGroupFormValues,
  blankEvent,
  blankNomination,
  type EventFormValues,
  eventSchema,
  type NominationFormValues,
  type RoundFormValues,
} from "~/schemas/event";

/** A hash shape that is never verified: for tests where the password does not matter. */
export const fakeHashPassword = async (password: string) => `fake$${password}`;

export async function insertUser(
  db: DB,
  fields: { email?: string; name?: string; passwordHash?: string | null } = {},
): Promise<{ id: number; email: string }> {
  const email = fields.email ?? `user-${crypto.randomBytes(4).toString("hex")}@example.kz`;
  return db
    .insertInto("users")
    .values({ email, name: fields.name ?? "Test User", password_hash: fields.passwordHash ?? null })
    .returning(["id", "email"])
    .executeTakeFirstOrThrow();
}

export async function grantRole(db: DB, userId: number, role: Role, eventId: number | null = null): Promise<void> {
  await db.insertInto("memberships").values({ user_id: userId, role, event_id: eventId }).execute();
}

/** A nomination as the form holds it; `formats` lists the enabled ones with their member bounds. */
export function nominationForm(
  fields: Partial<Omit<NominationFormValues, "formats">> & {
    formats?: Partial<Record<PerformanceFormat, [number, number]>>;
  } = {},
): NominationFormValues {
  const { formats, ...rest } = fields;
  const blank = blankNomination();
  return {
    ...blank,
    nameRu: "Вокал",
    discipline: "vocal",
    entryKind: "live",
    ...rest,
    formats: formats
      ? blank.formats.map((f) => {
          const bounds = formats[f.format];
          return bounds
            ? { ...f, enabled: true, minMembers: String(bounds[0]), maxMembers: String(bounds[1]) }
            : { ...f, enabled: false };
        })
      : blank.formats,
  };
}

export function ageGroupForm(minAge: number, maxAge: number, id?: string): AgeGroupFormValues {
  return { ...(id ? { id } : {}), minAge: String(minAge), maxAge: String(maxAge) };
}

export function roundForm(fields: Partial<RoundFormValues> = {}): RoundFormValues {
  return {
    kind: "final",
    city: "",
    venueKk: "",
    venueRu: "",
    venueEn: "",
    startsOn: "",
    endsOn: "",
    advanceRule: "none",
    advanceValue: "",
    step: "",
    regions: {},
    towns: "",
    intakeRule: "none",
    intakeValue: "",
    ...fields,
  };
}

/** A complete, valid event form; override what the test is about. */
export function eventForm(fields: Partial<EventFormValues> = {}): EventFormValues {
  return {
    ...blankEvent(),
    kind: "festival_contest",
    city: "almaty",
    titleRu: "Тестовый фестиваль",
    startsOn: "2026-12-10",
    endsOn: "2026-12-11",
    nominations: [nominationForm()],
    ...fields,
  };
}

/** An audit-log actor for a user id made by insertUser. */
export const asActor = (id: number) => ({ id, email: `user-${id}@example.kz` });

/** Parses the form like the action does and creates the event. */
export async function createEventFromForm(db: DB, creatorId: number, fields: Partial<EventFormValues> = {}) {
  return createEvent(db, eventSchema.parse(eventForm(fields)), asActor(creatorId));
}

/** createEventFromForm, with the new event's parts (see eventParts). */
export async function createEventWithParts(db: DB, creatorId: number, fields: Partial<EventFormValues> = {}) {
  const event = await createEventFromForm(db, creatorId, fields);
  return { ...event, ...(await eventParts(db, event.id)) };
}

/** An event's nominations and rounds in the organiser's order and its age groups youngest first, as `{ id }` rows. */
export async function eventParts(db: DB, eventId: number) {
  const [nominations, ageGroups, rounds] = await Promise.all([
    db.selectFrom("nominations").select("id").where("event_id", "=", eventId).orderBy("position").execute(),
    db.selectFrom("age_groups").select("id").where("event_id", "=", eventId).orderBy("min_age").execute(),
    db.selectFrom("rounds").select("id").where("event_id", "=", eventId).orderBy("position").orderBy("id").execute(),
  ]);
  return { nominations, ageGroups, rounds };
}

/** A child as the form gives it: Аружан Ахметова, born 12 April 2015, in Almaty, no club. */
export function childData(fields: Partial<ChildData> = {}): ChildData {
  return {
    lastName: "Ахметова",
    firstName: "Аружан",
    patronymic: "",
    birthDate: "2015-04-12",
    city: "almaty",
    clubId: undefined,
    publicName: "full",
    ...fields,
  };
}
