import type { Award, RoundKind } from "#db/types";
import type { AgeRange } from "~/domain/age";
import { type Locale, localized, localizedLang } from "~/domain/locale";
import { AWARDS } from "~/domain/results/rules";

import { findEventBySlug } from "../events/events.server";
import type { DB } from "../platform/db.server";
import { publicName } from "../schedule/public-names.server";
import { citiesOf, clubsOf, type EntryFacts, entryFacts } from "./section-facts.server";

/*
 * The public results page. Only published sections of a published event are ever read, for
 * everyone (organisers preview theirs on the overview), and a row carries only what DESIGN.md's
 * privacy rule allows: the display name as the guardian consented, club, city, nomination, age
 * group and award (with the place and the piece's title, as on the programme). No totals, judges'
 * scores, references, birth dates, guardians or contacts are selected into the view.
 */

export interface PublicResultRow {
  place: number | null;
  shared: boolean;
  award: Award | null;
  /** Names as consented; null for a child whose data was deleted ("Participant"). */
  performers: (string | null)[];
  /** An ensemble is shown by its club and title rather than a long list of children. */
  ensemble: boolean;
  title: string;
  clubs: string[];
  /** City codes (`city.<code>` in the catalogues). */
  cities: string[];
  specialPrizes: string[];
}

export interface PublicResultSection {
  id: number;
  nomination: string;
  nominationLang: Locale;
  ageGroup: AgeRange | null;
  rows: PublicResultRow[];
}

export interface PublicResultRound {
  id: number;
  kind: RoundKind;
  startsOn: string | null;
  endsOn: string | null;
  city: string | null;
  sections: PublicResultSection[];
}

export interface PublicResultsView {
  event: { slug: string; title: string; titleLang: Locale; city: string; startsOn: string; endsOn: string };
  /** The latest round first: a family looks for the final's awards before the heats'. */
  rounds: PublicResultRound[];
}

/** Published sections of a published event, newest round first; null when the event is not public. */
export async function publicResultsPage(db: DB, slug: string, locale: Locale): Promise<PublicResultsView | null> {
  const event = await findEventBySlug(db, slug);
  if (!event || event.status !== "published") return null;
  const sections = await db
    .selectFrom("result_sections as s")
    .innerJoin("rounds as r", "r.id", "s.round_id")
    .innerJoin("nominations as n", "n.id", "s.nomination_id")
    .leftJoin("age_groups as g", "g.id", "s.age_group_id")
    .select([
      "s.id",
      "s.round_id",
      "r.kind",
      "r.starts_on",
      "r.ends_on",
      "r.city",
      "r.position as round_position",
      "n.name_kk",
      "n.name_ru",
      "n.name_en",
      "n.position as nomination_position",
      "n.id as nomination_id",
      "g.min_age",
      "g.max_age",
    ])
    .where("r.event_id", "=", event.id)
    .where("s.published_at", "is not", null)
    .orderBy("r.position", "desc")
    .orderBy("r.id", "desc")
    .orderBy("n.position")
    .orderBy("n.id")
    .orderBy("g.min_age")
    .execute();
  const view: PublicResultsView = {
    event: {
      slug: event.slug,
      title: localized(event, "title", locale),
      titleLang: localizedLang(event, "title", locale),
      city: event.city,
      startsOn: event.starts_on,
      endsOn: event.ends_on,
    },
    rounds: [],
  };
  if (sections.length === 0) return view;

  const sectionIds = sections.map((s) => s.id);
  const roundIds = [...new Set(sections.map((s) => s.round_id))];
  const [results, prizes] = await Promise.all([
    db
      .selectFrom("results")
      .select(["section_id", "entry_id", "rank", "shared", "award"])
      .where("section_id", "in", sectionIds)
      .where((eb) => eb.or([eb("rank", "is not", null), eb("award", "is not", null)]))
      .execute(),
    db
      .selectFrom("special_prizes")
      .select(["round_id", "entry_id", "name_kk", "name_ru", "name_en"])
      .where("round_id", "in", roundIds)
      .orderBy("id")
      .execute(),
  ]);
  const facts = await entryFacts(
    db,
    results.map((r) => r.entry_id),
  );
  const sectionOf = new Map(sections.map((s) => [s.id, s]));
  const prizesOf = new Map<string, string[]>();
  for (const p of prizes) {
    const key = `${p.round_id}:${p.entry_id}`;
    prizesOf.set(key, [...(prizesOf.get(key) ?? []), localized(p, "name", locale)].filter(Boolean));
  }

  const rowsBySection = new Map<number, PublicResultRow[]>();
  for (const r of results) {
    const entry = facts.get(r.entry_id);
    const section = sectionOf.get(r.section_id);
    if (!entry || !section) continue;
    const key = `${section.round_id}:${r.entry_id}`;
    const rows = rowsBySection.get(r.section_id) ?? [];
    rows.push(publicRow(entry, { rank: r.rank, shared: r.shared, award: r.award }, prizesOf.get(key) ?? []));
    rowsBySection.set(r.section_id, rows);
  }

  for (const s of sections) {
    let round = view.rounds.find((r) => r.id === s.round_id);
    if (!round) {
      round = { id: s.round_id, kind: s.kind, startsOn: s.starts_on, endsOn: s.ends_on, city: s.city, sections: [] };
      view.rounds.push(round);
    }
    const rows = (rowsBySection.get(s.id) ?? []).sort(byPlace);
    round.sections.push({
      id: s.id,
      nomination: localized(s, "name", locale),
      nominationLang: localizedLang(s, "name", locale),
      ageGroup: s.min_age === null || s.max_age === null ? null : { min: s.min_age, max: s.max_age },
      rows,
    });
  }
  return view;
}

function byPlace(a: PublicResultRow, b: PublicResultRow): number {
  const award = (r: PublicResultRow) => (r.award ? AWARDS.indexOf(r.award) : AWARDS.length);
  return (
    (a.place ?? Infinity) - (b.place ?? Infinity) ||
    award(a) - award(b) ||
    (a.performers[0] ?? "").localeCompare(b.performers[0] ?? "")
  );
}

function publicRow(
  entry: EntryFacts,
  result: { rank: number | null; shared: boolean; award: Award | null },
  specialPrizes: string[],
): PublicResultRow {
  return {
    place: result.rank,
    shared: result.shared,
    award: result.award,
    performers: entry.members.map((m) =>
      publicName({
        first_name: m.firstName,
        last_name: m.lastName,
        public_name: m.publicName,
        anonymised_at: m.anonymisedAt,
      }),
    ),
    ensemble: entry.format === "ensemble",
    title: entry.title,
    clubs: clubsOf(entry),
    cities: citiesOf(entry),
    specialPrizes,
  };
}

/** Has the event any published results section? (The event page links to the results then.) */
export async function hasPublishedResults(db: DB, eventId: number): Promise<boolean> {
  const row = await db
    .selectFrom("result_sections as s")
    .innerJoin("rounds as r", "r.id", "s.round_id")
    .select("s.id")
    .where("r.event_id", "=", eventId)
    .where("s.published_at", "is not", null)
    .executeTakeFirst();
  return Boolean(row);
}
