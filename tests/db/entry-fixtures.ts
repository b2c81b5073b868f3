import crypto from "node:crypto";

import { ensureConsentTexts } from "#db/seed/consent-texts";
import type { Locale } from "#db/types";
import { setEventStatus } from "~/.server/events/events.server";
import type { DB } from "~/.server/platform/db.server";
import type { ArtworkEntryResult } from "~/.server/registration/artwork-entry.server";
import { addChild, withdrawConsent } from "~/.server/registration/children.server";
import {
  submitEntry,
  type SubmitEntryInput,
  type SubmitResult,
  type Submitter,
} from "~/.server/registration/submit-entry.server";
import type { EventFormValues, NominationFormValues } from "~/schemas/event";

import { ageGroupForm, asActor, createEventWithParts, insertUser, nominationForm } from "./factories";

/*
 * What the registration tests share: an event taking entries, families with children, and the
 * entries they submit.
 */

// Registration runs 1 Nov 09:00 – 1 Dec 18:00 Almaty time (UTC+5).
export const NOW = new Date("2026-11-20T06:00:00Z");
export const AFTER_CLOSE = new Date("2026-12-01T13:00:00Z");
export const BASE_URL = "https://toi.example.kz";

export interface TestEvent {
  eventId: number;
  nominationId: number;
  nominationIds: number[];
  organiser: { id: number; email: string };
}

let events = 0;
/** How many events openEvent has made in this test file: the last one is titled "Shabyt <that number>". */
export const eventsOpened = () => events;

/**
 * A published event taking entries at NOW, with age groups 7–10 and 11–14: one solo/duet vocal
 * nomination (as `nomination` changes it) unless `nominations` are given; `form` changes the rest.
 */
export async function openEvent(
  db: DB,
  options: {
    capacity?: number;
    eventCapacity?: number;
    nominations?: NominationFormValues[];
    nomination?: Parameters<typeof nominationForm>[0];
    form?: Partial<EventFormValues>;
  } = {},
): Promise<TestEvent> {
  const organiser = await insertUser(db);
  const nomination = nominationForm({
    nameEn: "Vocal",
    nameKk: "Вокал",
    capacity: options.capacity ? String(options.capacity) : "",
    maxDurationMinutes: "4",
    formats: { solo: [1, 1], duet: [2, 2] },
    ...options.nomination,
  });
  const { id, nominations } = await createEventWithParts(db, organiser.id, {
    titleEn: `Shabyt ${++events}`,
    titleRu: `Шабыт ${events}`,
    registrationOpensAt: "2026-11-01T09:00",
    registrationClosesAt: "2026-12-01T18:00",
    capacity: options.eventCapacity ? String(options.eventCapacity) : "",
    nominations: options.nominations ?? [nomination],
    ageGroups: [ageGroupForm(7, 10), ageGroupForm(11, 14)],
    ...options.form,
  });
  await setEventStatus(db, id, "published", asActor(organiser.id));
  const nominationIds = nominations.map((n) => n.id);
  return { eventId: id, nominationId: nominationIds[0]!, nominationIds, organiser: asActor(organiser.id) };
}

export interface Family {
  submitter: Extract<Submitter, { role: "guardian" }>;
  childIds: number[];
}

let families = 0;

export async function family(
  db: DB,
  options: { children?: number; birthDate?: string; consent?: boolean; locale?: Locale; clubId?: number } = {},
): Promise<Family> {
  await ensureConsentTexts(db);
  const user = await insertUser(db, { name: `Parent ${++families}` });
  if (options.locale) await db.updateTable("users").set({ locale: options.locale }).where("id", "=", user.id).execute();
  const owner = { guardianId: user.id };
  const childIds: number[] = [];
  for (let i = 0; i < (options.children ?? 1); i++) {
    const child = {
      lastName: "Ахметова",
      firstName: `Аружан${families}-${i}`,
      patronymic: "",
      birthDate: options.birthDate ?? "2015-04-12",
      city: "almaty" as const,
      clubId: options.clubId,
      publicName: "full" as const,
    };
    const { id } = await addChild(db, owner, child, { photoVideo: false });
    if (options.consent === false) await withdrawConsent(db, owner, id, "data");
    childIds.push(id);
  }
  return { submitter: { userId: user.id, email: user.email, role: "guardian" }, childIds };
}

export function entryOf(ev: TestEvent, memberIds: number[], fields: Partial<SubmitEntryInput> = {}): SubmitEntryInput {
  return {
    eventId: ev.eventId,
    nominationId: ev.nominationId,
    format: memberIds.length === 2 ? "duet" : "solo",
    memberIds,
    title: "Көктем",
    durationSeconds: 180,
    videoUrl: null,
    artworkFile: null,
    idempotencyKey: crypto.randomUUID(),
    ...fields,
  };
}

export async function enterFamily(db: DB, ev: TestEvent, fam?: Family): Promise<Family & { result: SubmitResult }> {
  const f = fam ?? (await family(db));
  return { ...f, result: await submitEntry(db, f.submitter, entryOf(ev, f.childIds), BASE_URL, NOW) };
}

export function accepted(result: ArtworkEntryResult) {
  if (!result.ok) throw new Error(`Expected an entry, got ${JSON.stringify(result)}`);
  return result;
}

export function codes(result: ArtworkEntryResult) {
  if (result.ok || !("problems" in result)) throw new Error(`Expected problems, got ${JSON.stringify(result)}`);
  return result.problems.map((p) => p.code);
}

export const emailsTo = (db: DB, userId: number) =>
  db
    .selectFrom("outbox")
    .select(["template", "params", "locale", "to_email"])
    .where("user_id", "=", userId)
    .orderBy("id")
    .execute();

export const statusOf = async (db: DB, entryId: number) =>
  (await db.selectFrom("entries").select("status").where("id", "=", entryId).executeTakeFirstOrThrow()).status;
