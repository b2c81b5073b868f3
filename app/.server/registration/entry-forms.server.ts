import crypto from "node:crypto";

import { type AgeBounds, ageGroupFor, ageOnDate } from "~/domain/age";
import { type Locale, localized } from "~/domain/locale";

import { canManageEvent, rolesOf } from "../accounts/auth.server";
import { accountPhone } from "../accounts/users.server";
import { findEventBySlug, loadEventDetails } from "../events/events.server";
import type { DB } from "../platform/db.server";
import { hasStandingConsent } from "./children.server";
import { registrationOpen, registrationStateOf } from "./registration-window.server";
import { eventColumns } from "./waitlist.server";

/**
 * Children who could be entered, with whether a data consent stands: a family's own children, or a
 * club's own roster (children a club entered, not families' children who attend it).
 */
async function childrenWithConsent(db: DB, owner: { guardianId: number } | { clubId: number }) {
  let q = db
    .selectFrom("participants")
    .select(["id", "first_name", "last_name", "birth_date"])
    .select((eb) => hasStandingConsent(eb, "data").as("consent"))
    .where("anonymised_at", "is", null);
  q =
    "guardianId" in owner
      ? q.where("guardian_user_id", "=", owner.guardianId)
      : q.where("club_id", "=", owner.clubId).where("guardian_user_id", "is", null);
  return q.orderBy("birth_date", "desc").orderBy("id").execute();
}

/** A child as an entry form lists it: age and age group on the event's reference date, and consent. */
function childOnReferenceDate(
  c: { id: number; first_name: string; last_name: string; birth_date: string | null; consent: unknown },
  referenceDate: string,
  groups: AgeBounds[],
) {
  const born = c.birth_date;
  const age = born !== null && born < referenceDate ? ageOnDate(born, referenceDate) : null;
  const group = age === null ? null : ageGroupFor(groups, age);
  return {
    id: c.id,
    name: `${c.last_name} ${c.first_name}`,
    age,
    group: group ? { min: group.minAge, max: group.maxAge } : null,
    consent: Boolean(c.consent),
  };
}

/**
 * A published event as an entry form shows it: its registration state, nominations with formats,
 * and the age groups counted on its reference date. Null when the event is not public.
 */
async function eventForEntry(db: DB, slug: string, locale: Locale, now: Date) {
  const event = await findEventBySlug(db, slug);
  if (!event || event.status !== "published") return null;
  const details = await loadEventDetails(db, event.id);
  const referenceDate = event.age_reference_date ?? event.starts_on;
  return {
    referenceDate,
    groups: details.ageGroups.map((g) => ({ id: g.id, minAge: g.min_age, maxAge: g.max_age })),
    event: {
      id: event.id,
      slug: event.slug,
      title: localized(event, "title", locale),
      referenceDate,
      registration: registrationStateOf(event, now),
      timezone: event.timezone,
      closesAt: event.registration_closes_at?.toISOString() ?? null,
      oneEntryPerNomination: event.one_entry_per_nomination,
    },
    nominations: details.nominations.map((n) => ({
      id: n.id,
      name: localized(n, "name", locale),
      entryKind: n.entry_kind,
      maxDurationSeconds: n.max_duration_seconds,
      formats: n.formats.map((f) => ({ format: f.format, min: f.min_members, max: f.max_members })),
    })),
  };
}

/**
 * What the family's entry form needs: the published event, its nominations, and the family's own
 * children with their age and age group on the event's reference date. Null when the event is not
 * public (the route answers 404).
 */
export async function entryFormContext(db: DB, slug: string, guardianId: number, locale: Locale, now = new Date()) {
  const open = await eventForEntry(db, slug, locale, now);
  if (!open) return null;
  const { referenceDate, groups } = open;
  const [children, phone] = await Promise.all([childrenWithConsent(db, { guardianId }), accountPhone(db, guardianId)]);
  return {
    event: open.event,
    /** The account has a phone for the organisers; without one, the form offers the field. */
    hasPhone: phone !== null,
    nominations: open.nominations,
    children: children.map((c) => childOnReferenceDate(c, referenceDate, groups)),
    idempotencyKey: crypto.randomBytes(18).toString("base64url"),
  };
}

export type EntryFormContext = NonNullable<Awaited<ReturnType<typeof entryFormContext>>>;

const collator = new Intl.Collator("kk");

/**
 * What a club's batch form needs: the events taking entries now and, for the chosen one, its
 * nominations and the club's own roster (children without a family account) with each child's age
 * and age group on the event's reference date, data consent, and the nominations the child is
 * already in. `event` is null until one is chosen; the whole is null when the chosen event is not
 * public (the route answers 404).
 */
export async function clubEntryFormContext(
  db: DB,
  clubId: number,
  slug: string | null,
  locale: Locale,
  now = new Date(),
) {
  const published = await db
    .selectFrom("events")
    .select(eventColumns)
    .where("status", "=", "published")
    .orderBy("starts_on")
    .orderBy("id")
    .execute();
  const events = published
    .filter((e) => registrationOpen(e, now))
    .map((e) => ({ slug: e.slug, title: localized(e, "title", locale) }));
  const base = { events, idempotencyKey: crypto.randomBytes(18).toString("base64url") };
  if (!slug) return { ...base, event: null, nominations: [], children: [] };

  const open = await eventForEntry(db, slug, locale, now);
  if (!open) return null;
  const { referenceDate, groups } = open;
  const roster = await childrenWithConsent(db, { clubId });
  const entered = await db
    .selectFrom("entry_members")
    .innerJoin("entries", "entries.id", "entry_members.entry_id")
    .innerJoin("participants", "participants.id", "entry_members.participant_id")
    .select(["entry_members.participant_id", "entry_members.nomination_id", "entry_members.format"])
    .where("entries.event_id", "=", open.event.id)
    .where("entry_members.active", "=", true)
    .where("participants.club_id", "=", clubId)
    .execute();
  roster.sort(
    (a, b) => collator.compare(a.last_name, b.last_name) || collator.compare(a.first_name, b.first_name) || a.id - b.id,
  );
  return {
    ...base,
    event: {
      ...open.event,
      hasAgeGroups: groups.length > 0,
    },
    nominations: open.nominations,
    children: roster.map((c) => ({
      ...childOnReferenceDate(c, referenceDate, groups),
      enteredIn: entered
        .filter((e) => e.participant_id === c.id)
        .map((e) => ({ nominationId: e.nomination_id, format: e.format })),
    })),
  };
}

/**
 * An entry's stored artwork file, when this user may see it: the family of a child in the entry,
 * or the event's organisers. Undefined otherwise, and for an entry without artwork.
 */
export async function artworkFileForViewer(db: DB, userId: number, reference: string): Promise<string | undefined> {
  const entry = await db
    .selectFrom("entries")
    .select(["id", "event_id", "artwork_file"])
    .where("reference", "=", reference)
    .executeTakeFirst();
  if (!entry?.artwork_file) return undefined;
  const family = await db
    .selectFrom("entry_members")
    .innerJoin("participants", "participants.id", "entry_members.participant_id")
    .select("participants.id")
    .where("entry_members.entry_id", "=", entry.id)
    .where("participants.guardian_user_id", "=", userId)
    .executeTakeFirst();
  if (!family && !canManageEvent(await rolesOf(db, userId), entry.event_id)) return undefined;
  return entry.artwork_file;
}
