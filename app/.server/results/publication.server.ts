import { sql } from "kysely";

import type { AdvanceRule, PerformanceFormat, RoundKind } from "#db/types";
import { type Locale, localized, localizedLang } from "~/domain/locale";
import { createI18n } from "~/i18n";
import { formatDateRange } from "~/i18n/format";

import { eventRounds, roundEntryIds } from "../events/rounds.server";
import { eligibleJudges } from "../judging/judging.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { enqueueEmail } from "../platform/email/outbox.server";
import { fullName } from "../schedule/public-names.server";
import { staleGrandPrix } from "./results.server";

/*
 * Review and publication of results, section by section (round × nomination × age group): the
 * organisers' overview, locking (scores then change only through an organiser's override) and
 * publishing (the section appears on the public results page and the families are emailed).
 * A published section is always locked (a check constraint says so too), so it can be unlocked
 * only after it is unpublished.
 */

// ---------------------------------------------------------------------------------------------
// Shared facts about entries (names, clubs, families)

export interface AgeRange {
  min: number;
  max: number;
}

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
    db
      .selectFrom("entry_members as m")
      .innerJoin("participants as p", "p.id", "m.participant_id")
      .leftJoin("clubs as c", "c.id", "p.club_id")
      .select([
        "m.entry_id",
        "p.first_name",
        "p.last_name",
        "p.public_name",
        "p.anonymised_at",
        "p.guardian_user_id",
        "p.city",
        "c.name as club",
      ])
      .where(sql<boolean>`m.entry_id = any(${ids})`)
      .where("m.active", "=", true)
      .orderBy("p.last_name")
      .orderBy("p.first_name")
      .orderBy("p.id")
      .execute(),
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
  for (const m of members) {
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
  const users = await db
    .selectFrom("users")
    .select(["id", "email", "name", "locale"])
    .where("id", "in", [...byUser.keys()])
    .orderBy("id")
    .execute();
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

// ---------------------------------------------------------------------------------------------
// The organisers' overview

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

export interface OverviewSection {
  /** Null until the section is first computed (or a judge scores in it). */
  sectionId: number | null;
  nominationId: number;
  ageGroupId: number | null;
  nomination: string;
  nominationLang: Locale;
  ageGroup: AgeRange | null;
  /** Entries taking part in the round in this nomination and age group. */
  entries: number;
  /** Entries every eligible judge has scored on every criterion. */
  fullyScored: number;
  /** Entries with a computed place or award. */
  placed: number;
  computedAt: string | null;
  lockedAt: string | null;
  publishedAt: string | null;
  /** When the section was first published: its families were emailed then (and are not again). */
  firstPublishedAt: string | null;
}

export interface OverviewRound {
  id: number;
  /** 1 for the event's first round (positions are only an order). */
  number: number;
  kind: RoundKind;
  startsOn: string | null;
  endsOn: string | null;
  city: string | null;
  blind: boolean;
  advanceRule: AdvanceRule;
  advanceValue: number | null;
  hasNextRound: boolean;
  sections: OverviewSection[];
}

/** Every round of the event with its sections: from the entries taking part, and any section already stored. */
export async function resultsOverview(db: DB, eventId: number, locale: Locale): Promise<OverviewRound[]> {
  const [rounds, nominations, ageGroups] = await Promise.all([
    eventRounds(db, eventId),
    db
      .selectFrom("nominations")
      .select(["id", "position", "name_kk", "name_ru", "name_en"])
      .where("event_id", "=", eventId)
      .execute(),
    db.selectFrom("age_groups").select(["id", "min_age", "max_age"]).where("event_id", "=", eventId).execute(),
  ]);
  const nominationById = new Map(nominations.map((n) => [n.id, n]));
  const ageGroupById = new Map(ageGroups.map((g) => [g.id, g]));
  const out: OverviewRound[] = [];
  for (const [index, round] of rounds.entries()) {
    const ids = await roundEntryIds(db, round.id);
    const [entries, stored, placed, fully] = await Promise.all([
      ids.length
        ? db
            .selectFrom("entries")
            .select(["id", "nomination_id", "age_group_id"])
            .where(sql<boolean>`id = any(${sql`${ids}::int[]`})`)
            .execute()
        : [],
      db.selectFrom("result_sections").selectAll().where("round_id", "=", round.id).execute(),
      db
        .selectFrom("results")
        .select(["section_id", sql<number>`count(*)::int`.as("n")])
        .where("round_id", "=", round.id)
        .where((eb) => eb.or([eb("rank", "is not", null), eb("award", "is not", null)]))
        .groupBy("section_id")
        .execute(),
      fullyScoredEntries(db, round.id),
    ]);
    const sections = new Map<string, OverviewSection>();
    const key = (nominationId: number, ageGroupId: number | null) => `${nominationId}:${ageGroupId ?? 0}`;
    const sectionFor = (nominationId: number, ageGroupId: number | null) => {
      const k = key(nominationId, ageGroupId);
      let s = sections.get(k);
      if (!s) {
        const n = nominationById.get(nominationId);
        const g = ageGroupId === null ? undefined : ageGroupById.get(ageGroupId);
        const names = n ?? { name_kk: "", name_ru: "", name_en: "" };
        s = {
          sectionId: null,
          nominationId,
          ageGroupId,
          nomination: localized(names, "name", locale),
          nominationLang: localizedLang(names, "name", locale),
          ageGroup: g ? { min: g.min_age, max: g.max_age } : null,
          entries: 0,
          fullyScored: 0,
          placed: 0,
          computedAt: null,
          lockedAt: null,
          publishedAt: null,
          firstPublishedAt: null,
        };
        sections.set(k, s);
      }
      return s;
    };
    for (const e of entries) {
      const s = sectionFor(e.nomination_id, e.age_group_id);
      s.entries++;
      if (fully.has(e.id)) s.fullyScored++;
    }
    const placedBySection = new Map(placed.map((p) => [p.section_id, p.n]));
    for (const row of stored) {
      const s = sectionFor(row.nomination_id, row.age_group_id);
      s.sectionId = row.id;
      s.placed = placedBySection.get(row.id) ?? 0;
      s.computedAt = row.computed_at?.toISOString() ?? null;
      s.lockedAt = row.locked_at?.toISOString() ?? null;
      s.publishedAt = row.published_at?.toISOString() ?? null;
      s.firstPublishedAt = (row.first_published_at ?? row.published_at)?.toISOString() ?? null;
    }
    const position = (s: OverviewSection) => nominationById.get(s.nominationId)?.position ?? 0;
    out.push({
      id: round.id,
      number: index + 1,
      kind: round.kind,
      startsOn: round.starts_on,
      endsOn: round.ends_on,
      city: round.city,
      blind: round.blind,
      advanceRule: round.advance_rule,
      advanceValue: round.advance_value === null ? null : Number(round.advance_value),
      hasNextRound: index < rounds.length - 1,
      sections: [...sections.values()].sort(
        (a, b) =>
          position(a) - position(b) ||
          a.nominationId - b.nominationId ||
          (a.ageGroup?.min ?? -1) - (b.ageGroup?.min ?? -1),
      ),
    });
  }
  return out;
}

/** Entries of the round that every eligible judge has scored on every criterion of the nomination. */
async function fullyScoredEntries(db: DB, roundId: number): Promise<Set<number>> {
  const judges = await eligibleJudges(db, roundId);
  if (judges.size === 0) return new Set();
  const [criteria, sheets] = await Promise.all([
    db
      .selectFrom("criteria as c")
      .innerJoin("entries as e", "e.nomination_id", "c.nomination_id")
      .select(["e.id as entry_id", sql<number>`count(*)::int`.as("n")])
      .where(sql<boolean>`e.id = any(${sql`${[...judges.keys()]}::int[]`})`)
      .groupBy("e.id")
      .execute(),
    db
      .selectFrom("scores")
      .select(["entry_id", "judge_user_id", sql<number>`count(*)::int`.as("n")])
      .where("round_id", "=", roundId)
      .groupBy(["entry_id", "judge_user_id"])
      .execute(),
  ]);
  const criteriaOf = new Map(criteria.map((c) => [c.entry_id, c.n]));
  const complete = new Map<number, Set<number>>();
  for (const s of sheets) {
    if (s.n < (criteriaOf.get(s.entry_id) ?? Infinity)) continue;
    complete.set(s.entry_id, (complete.get(s.entry_id) ?? new Set()).add(s.judge_user_id));
  }
  const out = new Set<number>();
  for (const [entryId, eligible] of judges) {
    if (eligible.size === 0 || !criteriaOf.get(entryId)) continue;
    const done = complete.get(entryId);
    if ([...eligible].every((j) => done?.has(j))) out.add(entryId);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lock, unlock, publish, unpublish

export interface SectionScope {
  eventId: number;
  sectionId: number;
}

export type SectionOutcome =
  | { status: "locked" | "unlocked" | "unpublished" | "not_found" | "already" }
  | { status: "published"; emailed: number }
  /** Published again after a correction: the families were emailed the first time, at `firstPublishedAt`. */
  | { status: "republished"; firstPublishedAt: Date }
  | { status: "refused"; reason: "published" | "not_locked" | "not_computed" | "grand_prix_stale" };

/** The section, if it belongs to this event, read FOR UPDATE so lock and publish changes queue up. */
async function sectionForUpdate(tx: DB, scope: SectionScope) {
  return tx
    .selectFrom("result_sections as s")
    .innerJoin("rounds as r", "r.id", "s.round_id")
    .selectAll("s")
    .where("s.id", "=", scope.sectionId)
    .where("r.event_id", "=", scope.eventId)
    .forUpdate("s")
    .executeTakeFirst();
}

const sectionState = (s: {
  computed_at: Date | null;
  locked_at: Date | null;
  published_at: Date | null;
  first_published_at: Date | null;
}) => ({
  computed_at: s.computed_at,
  locked_at: s.locked_at,
  published_at: s.published_at,
  first_published_at: s.first_published_at,
});

/** Locks a section: judges can no longer change its scores (only an organiser's override can). */
export async function lockSection(db: DB, actor: Actor, scope: SectionScope): Promise<SectionOutcome> {
  return db.transaction().execute(async (tx) => {
    const section = await sectionForUpdate(tx, scope);
    if (!section) return { status: "not_found" as const };
    if (section.locked_at) return { status: "already" as const };
    const now = new Date();
    await tx
      .updateTable("result_sections")
      .set({ locked_at: now, locked_by_user_id: actor.id })
      .where("id", "=", section.id)
      .execute();
    await audit(tx, actor, {
      action: "results.lock",
      entityType: "result_section",
      entityId: section.id,
      eventId: scope.eventId,
      before: sectionState(section),
      after: { ...sectionState(section), locked_at: now },
    });
    return { status: "locked" as const };
  });
}

/** Unlocks a section, which must not be published: families may already be reading it. */
export async function unlockSection(db: DB, actor: Actor, scope: SectionScope): Promise<SectionOutcome> {
  return db.transaction().execute(async (tx) => {
    const section = await sectionForUpdate(tx, scope);
    if (!section) return { status: "not_found" as const };
    if (section.published_at) return { status: "refused" as const, reason: "published" as const };
    if (!section.locked_at) return { status: "already" as const };
    await tx
      .updateTable("result_sections")
      .set({ locked_at: null, locked_by_user_id: null })
      .where("id", "=", section.id)
      .execute();
    await audit(tx, actor, {
      action: "results.unlock",
      entityType: "result_section",
      entityId: section.id,
      eventId: scope.eventId,
      before: sectionState(section),
      after: { ...sectionState(section), locked_at: null },
    });
    return { status: "unlocked" as const };
  });
}

/**
 * Publishes a locked, computed section: it appears on the public results page. The first time,
 * each family of its entries (whoever submitted an entry and the guardians of its members) gets one
 * email in their own language, queued in the same transaction, naming each entry's award and, for
 * an awarded entry, the entry page where its diploma is. Published again after a correction, it
 * emails no one ("republished"): the families already know where the results are. Refused while
 * the Grand Prix chosen for it no longer holds Laureate I.
 */
export async function publishSection(
  db: DB,
  actor: Actor,
  scope: SectionScope & { baseUrl: string },
): Promise<SectionOutcome> {
  return db.transaction().execute(async (tx): Promise<SectionOutcome> => {
    const section = await sectionForUpdate(tx, scope);
    if (!section) return { status: "not_found" };
    if (section.published_at) return { status: "already" };
    if (!section.locked_at) return { status: "refused", reason: "not_locked" };
    if (!section.computed_at) return { status: "refused", reason: "not_computed" };
    if (await staleGrandPrix(tx, section.id)) return { status: "refused", reason: "grand_prix_stale" };
    const now = new Date();
    const first = section.first_published_at ?? now;
    await tx
      .updateTable("result_sections")
      .set({ published_at: now, published_by_user_id: actor.id, first_published_at: first })
      .where("id", "=", section.id)
      .execute();
    const emailed = section.first_published_at ? null : await emailResults(tx, scope, section);
    await audit(tx, actor, {
      action: "results.publish",
      entityType: "result_section",
      entityId: section.id,
      eventId: scope.eventId,
      before: sectionState(section),
      after: { ...sectionState(section), published_at: now, first_published_at: first, emailed: emailed ?? 0 },
    });
    return emailed === null ? { status: "republished", firstPublishedAt: first } : { status: "published", emailed };
  });
}

/** Takes a section off the public page; it stays locked. */
export async function unpublishSection(db: DB, actor: Actor, scope: SectionScope): Promise<SectionOutcome> {
  return db.transaction().execute(async (tx) => {
    const section = await sectionForUpdate(tx, scope);
    if (!section) return { status: "not_found" as const };
    if (!section.published_at) return { status: "already" as const };
    // first_published_at stays (set here too for a section published before it was recorded): the
    // families were emailed then, and publishing again will not email them twice.
    await tx
      .updateTable("result_sections")
      .set({
        published_at: null,
        published_by_user_id: null,
        first_published_at: section.first_published_at ?? section.published_at,
      })
      .where("id", "=", section.id)
      .execute();
    await audit(tx, actor, {
      action: "results.unpublish",
      entityType: "result_section",
      entityId: section.id,
      eventId: scope.eventId,
      before: sectionState(section),
      after: { ...sectionState(section), published_at: null },
    });
    return { status: "unpublished" as const };
  });
}

async function emailResults(
  tx: DB,
  scope: SectionScope & { baseUrl: string },
  section: { id: number; round_id: number; nomination_id: number; age_group_id: number | null },
): Promise<number> {
  const rows = await tx
    .selectFrom("results")
    .select(["entry_id", "rank", "award"])
    .where("section_id", "=", section.id)
    .execute();
  const facts = await entryFacts(
    tx,
    rows.map((r) => r.entry_id),
  );
  const outcome = new Map(rows.map((r) => [r.entry_id, { rank: r.rank, award: r.award }]));
  const families = await familiesOf(tx, [...facts.values()]);
  if (families.length === 0) return 0;
  const [event, nomination, ageGroup] = await Promise.all([
    tx
      .selectFrom("events")
      .select(["slug", "title_kk", "title_ru", "title_en"])
      .where("id", "=", scope.eventId)
      .executeTakeFirstOrThrow(),
    tx
      .selectFrom("nominations")
      .select(["name_kk", "name_ru", "name_en"])
      .where("id", "=", section.nomination_id)
      .executeTakeFirstOrThrow(),
    section.age_group_id === null
      ? undefined
      : tx
          .selectFrom("age_groups")
          .select(["min_age", "max_age"])
          .where("id", "=", section.age_group_id)
          .executeTakeFirst(),
  ]);
  const ages = ageGroup ? { min: ageGroup.min_age, max: ageGroup.max_age } : null;
  for (const { user, entries } of families) {
    const { t } = createI18n(user.locale);
    const lines = entries.map((entry) => {
      const o = outcome.get(entry.id);
      const what = familyLabel(entry);
      if (o?.award)
        return t("results.email.awarded", {
          what,
          award: t(`results.award.${o.award}`),
          url: `${scope.baseUrl}/entries/${entry.reference}`,
        });
      if (o?.rank) return t("results.email.placed", { what, place: o.rank });
      return t("results.email.listed", { what });
    });
    await enqueueEmail(tx, {
      to: user.email,
      locale: user.locale,
      userId: user.id,
      template: "results_published",
      params: {
        name: user.name,
        event: localized(event, "title", user.locale),
        section: sectionLabel(nomination, ages, user.locale),
        // The catalogue ends an award's sentence with the link, so no full stop sticks to the URL.
        outcomes: lines.join(" "),
        url: `${scope.baseUrl}/events/${event.slug}/results`,
      },
    });
  }
  return families.length;
}
