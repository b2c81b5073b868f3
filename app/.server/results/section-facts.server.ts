import { sql } from "kysely";

import type { PerformanceFormat, RoundKind } from "#db/types";
import type { AgeRange } from "~/domain/age";
import { type Locale, localized } from "~/domain/locale";
import { createI18n } from "~/i18n";
import { formatDateRange } from "~/i18n/format";

import type { DB } from "../platform/db.server";
import { recipientsById } from "../platform/email/outbox.server";
import { membersByEntry } from "../registration/entry-members.server";
import { fullName } from "../schedule/public-names.server";

/*
 * Facts the results pages, the export, the public page and the families' emails share: entries
 * with their members, clubs and cities, who hears about an entry, and how sections, rounds and
 * the event are named.
 */

export interface EntryMember {
  firstName: string;
  lastName: string;
  publicName: "full" | "initial";
  anonymisedAt: Date | null;
  guardianUserId: number | null;
  city: string;
  club: string | null;
}

export interface EntryFacts {
  id: number;
  reference: string;
  title: string;
  format: PerformanceFormat;
  club: string | null;
  submittedByUserId: number | null;
  members: EntryMember[];
}

/** Entries with their active members (surname order) and clubs, in two queries. */
export async function entryFacts(db: DB, entryIds: readonly number[]): Promise<Map<number, EntryFacts>> {
  const out = new Map<number, EntryFacts>();
  if (entryIds.length === 0) return out;
  const ids = sql`${[...new Set(entryIds)]}::int[]`;
  const [entries, members] = await Promise.all([
    db
      .selectFrom("entries as e")
      .leftJoin("clubs as c", "c.id", "e.club_id")
      .select(["e.id", "e.reference", "e.title", "e.format", "e.submitted_by_user_id", "c.name as club"])
      .where(sql<boolean>`e.id = any(${ids})`)
      .execute(),
    membersByEntry(db, entryIds, { activeOnly: true }),
  ]);
  for (const e of entries) {
    out.set(e.id, {
      id: e.id,
      reference: e.reference,
      title: e.title,
      format: e.format,
      club: e.club,
      submittedByUserId: e.submitted_by_user_id,
      members: [],
    });
  }
  for (const m of [...members.values()].flat()) {
    out.get(m.entry_id)?.members.push({
      firstName: m.first_name,
      lastName: m.last_name,
      publicName: m.public_name,
      anonymisedAt: m.anonymised_at,
      guardianUserId: m.guardian_user_id,
      city: m.city,
      club: m.club,
    });
  }
  // The database's collation puts Ә, Қ, Ғ … after Я; order members as a Kazakh reader expects.
  for (const e of out.values())
    e.members.sort(
      (a, b) => NAME_ORDER.compare(a.lastName, b.lastName) || NAME_ORDER.compare(a.firstName, b.firstName),
    );
  return out;
}
const NAME_ORDER = new Intl.Collator("kk");

/** The clubs an entry performs for: its own, else its members'. */
export function clubsOf(entry: EntryFacts): string[] {
  return [...new Set([entry.club, ...entry.members.map((m) => m.club)].filter((c): c is string => Boolean(c)))];
}

/** The city codes of an entry's members. */
export function citiesOf(entry: EntryFacts): string[] {
  return [...new Set(entry.members.map((m) => m.city).filter(Boolean))];
}

/** An entry as the organisers and the export name it: the performers' whole names. */
export function performersOf(entry: EntryFacts, anonymous: string): string {
  return entry.members
    .map(
      (m) =>
        fullName({
          first_name: m.firstName,
          last_name: m.lastName,
          public_name: m.publicName,
          anonymised_at: m.anonymisedAt,
        }) ?? anonymous,
    )
    .join(", ");
}

/** An entry as a family's email names it: «title» and the children's first names. */
export function familyLabel(entry: EntryFacts): string {
  const names = entry.members
    .filter((m) => !m.anonymisedAt)
    .map((m) => m.firstName)
    .join(", ");
  return [names, entry.title ? `«${entry.title}»` : ""].filter(Boolean).join(" ") || entry.reference;
}

/** Who hears about an entry: whoever submitted it and the guardians of its members, without repeats. */
function familyOf(entry: EntryFacts): number[] {
  return [
    ...new Set(
      [entry.submittedByUserId, ...entry.members.map((m) => m.guardianUserId)].filter(
        (id): id is number => id !== null,
      ),
    ),
  ];
}

/** Recipients and the entries each one hears about. */
export async function familiesOf(db: DB, entries: readonly EntryFacts[]) {
  const byUser = new Map<number, EntryFacts[]>();
  for (const entry of entries)
    for (const userId of familyOf(entry)) byUser.set(userId, [...(byUser.get(userId) ?? []), entry]);
  if (byUser.size === 0) return [];
  const users = await recipientsById(db, byUser.keys());
  return users.map((user) => ({ user, entries: byUser.get(user.id)! }));
}

/** "Vocal, 7–10 years" in the reader's language. */
export function sectionLabel(
  nomination: { name_kk: string; name_ru: string; name_en: string },
  ageGroup: AgeRange | null,
  locale: Locale,
): string {
  const name = localized(nomination, "name", locale);
  return ageGroup
    ? `${name}, ${createI18n(locale).t("event.ageRange", { min: ageGroup.min, max: ageGroup.max })}`
    : name;
}

/** "Final, 10 October 2017, Almaty" in the reader's language. */
export function roundLabel(
  round: { kind: RoundKind; starts_on: string | null; ends_on: string | null; city: string | null },
  locale: Locale,
): string {
  const { t } = createI18n(locale);
  const dates = round.starts_on ? formatDateRange(round.starts_on, round.ends_on ?? round.starts_on, locale) : "";
  const city = round.city ? t(`city.${round.city}`, { defaultValue: round.city }) : "";
  return [t(`roundKind.${round.kind}`), dates, city].filter(Boolean).join(", ");
}

/** The event as the organisers' results pages head it. */
export async function resultsEvent(db: DB, eventId: number, locale: Locale) {
  const event = await db
    .selectFrom("events")
    .select(["id", "slug", "status", "title_kk", "title_ru", "title_en"])
    .where("id", "=", eventId)
    .executeTakeFirstOrThrow();
  return { id: event.id, slug: event.slug, status: event.status, title: localized(event, "title", locale) };
}

/** Is this round one of the event's? */
export async function isEventRound(db: DB, eventId: number, roundId: number): Promise<boolean> {
  return Boolean(
    await db
      .selectFrom("rounds")
      .select("id")
      .where("id", "=", roundId)
      .where("event_id", "=", eventId)
      .executeTakeFirst(),
  );
}
