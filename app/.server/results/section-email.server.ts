import { type Locale, LOCALES, localized } from "~/domain/locale";

import { roundEntryIds } from "../events/rounds.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { enqueueEmail } from "../platform/email/outbox.server";
import { entryFacts, familiesOf, sectionLabel } from "./section-facts.server";
import { findEventSection, type SectionInfo } from "./sections.server";

/*
 * An organiser's email to the families of one section (round × nomination × age group): whoever
 * submitted each entry taking part and the guardians of its members, each once, in their own
 * language, queued in the outbox in one transaction.
 */

/** The subject and text in each language the organiser wrote; a language left blank gets the first one written. */
export type SectionMessage = Partial<Record<Locale, { subject: string; body: string }>>;

async function sectionFamilies(db: DB, section: SectionInfo) {
  const ids = new Set(await roundEntryIds(db, section.round.id));
  const entries = await db
    .selectFrom("entries")
    .select(["id", "age_group_id"])
    .where("event_id", "=", section.eventId)
    .where("nomination_id", "=", section.nomination.id)
    .execute();
  const inSection = entries
    .filter((e) => ids.has(e.id) && e.age_group_id === (section.ageGroup?.id ?? null))
    .map((e) => e.id);
  const facts = await entryFacts(db, inSection);
  return { entries: inSection.length, families: await familiesOf(db, [...facts.values()]) };
}

/** Who the message would go to: the section, and how many entries and families (by language). */
export async function sectionAudience(db: DB, eventId: number, sectionId: number) {
  const section = await findEventSection(db, eventId, sectionId);
  if (!section) return null;
  const { entries, families } = await sectionFamilies(db, section);
  const byLocale = Object.fromEntries(
    LOCALES.map((l) => [l, families.filter((f) => f.user.locale === l).length]),
  ) as Record<Locale, number>;
  return { section, entries, families: families.length, byLocale };
}

export type SectionEmailResult = { status: "not_found" } | { status: "empty" } | { status: "queued"; emailed: number };

/** Queues the message to every family of the section, each in their language (or the one written). */
export async function emailSection(
  db: DB,
  actor: Actor,
  {
    eventId,
    sectionId,
    message,
    baseUrl,
  }: { eventId: number; sectionId: number; message: SectionMessage; baseUrl: string },
): Promise<SectionEmailResult> {
  const written = LOCALES.filter((l) => message[l]?.subject.trim() && message[l]?.body.trim());
  if (written.length === 0) return { status: "empty" };
  return db.transaction().execute(async (tx): Promise<SectionEmailResult> => {
    const section = await findEventSection(tx, eventId, sectionId);
    if (!section) return { status: "not_found" };
    const [{ families }, event] = await Promise.all([
      sectionFamilies(tx, section),
      tx
        .selectFrom("events")
        .select(["slug", "title_kk", "title_ru", "title_en"])
        .where("id", "=", eventId)
        .executeTakeFirstOrThrow(),
    ]);
    for (const { user } of families) {
      const text = message[written.includes(user.locale) ? user.locale : written[0]!]!;
      await enqueueEmail(tx, {
        to: user.email,
        locale: user.locale,
        userId: user.id,
        template: "section_message",
        params: {
          name: user.name,
          event: localized(event, "title", user.locale),
          section: sectionLabel(section.nomination, section.ageGroup, user.locale),
          subject: text.subject,
          body: text.body,
          url: `${baseUrl}/events/${event.slug}`,
        },
      });
    }
    await audit(tx, actor, {
      action: "results.section_email",
      entityType: "result_section",
      entityId: sectionId,
      eventId,
      after: { message, emailed: families.length },
    });
    return { status: "queued", emailed: families.length };
  });
}
