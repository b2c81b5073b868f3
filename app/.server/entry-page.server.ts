import crypto from "node:crypto";
import { ageGroupFor, ageOnDate } from "~/domain/age";
import { registrationState } from "~/domain/event-state";
import { localized, type Locale } from "~/domain/locale";
import type { DB } from "./db.server";
import { findEventBySlug, loadEventDetails } from "./events.server";

/**
 * What the family's entry form needs: the published event, its nominations, and the family's own
 * children with their age and age group on the event's reference date. Null when the event is not
 * public (the route answers 404).
 */
export async function entryFormContext(db: DB, slug: string, guardianId: number, locale: Locale, now = new Date()) {
  const event = await findEventBySlug(db, slug);
  if (!event || event.status !== "published") return null;
  const details = await loadEventDetails(db, event.id);
  const referenceDate = event.age_reference_date ?? event.starts_on;
  const groups = details.ageGroups.map((g) => ({ id: g.id, minAge: g.min_age, maxAge: g.max_age }));
  const children = await db
    .selectFrom("participants")
    .select(["id", "first_name", "last_name", "birth_date"])
    .select((eb) =>
      eb
        .exists(eb.selectFrom("consents").select("consents.id").whereRef("consents.participant_id", "=", "participants.id").where("kind", "=", "data").where("withdrawn_at", "is", null))
        .as("consent"),
    )
    .where("guardian_user_id", "=", guardianId)
    .where("anonymised_at", "is", null)
    .orderBy("birth_date", "desc")
    .execute();
  return {
    event: {
      id: event.id,
      slug: event.slug,
      title: localized(event, "title", locale),
      referenceDate,
      registration: registrationState(
        { status: event.status, registrationOpensAt: event.registration_opens_at, registrationClosesAt: event.registration_closes_at },
        now,
      ),
      timezone: event.timezone,
      closesAt: event.registration_closes_at?.toISOString() ?? null,
    },
    nominations: details.nominations.map((n) => ({
      id: n.id,
      name: localized(n, "name", locale),
      entryKind: n.entry_kind,
      maxDurationSeconds: n.max_duration_seconds,
      formats: n.formats.map((f) => ({ format: f.format, min: f.min_members, max: f.max_members })),
    })),
    children: children.map((c) => {
      const born = c.birth_date!;
      const age = born < referenceDate ? ageOnDate(born, referenceDate) : null;
      const group = age === null ? null : ageGroupFor(groups, age);
      return { id: c.id, name: `${c.last_name} ${c.first_name}`, age, group: group ? { min: group.minAge, max: group.maxAge } : null, consent: Boolean(c.consent) };
    }),
    idempotencyKey: crypto.randomBytes(18).toString("base64url"),
  };
}
