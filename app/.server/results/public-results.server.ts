import { sql } from "kysely";

import type { Award, RoundKind } from "#db/types";
import type { AgeRange } from "~/domain/age";
import { type Locale, localized, localizedLang } from "~/domain/locale";
import { type NumberedPage, numberedPage } from "~/domain/paging";
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
 *
 * A season's results are too many for one page (17 heats × 25 sections × hundreds of places): the
 * results page lists every published section and shows their places inline only while the whole
 * event has at most INLINE_ROWS of them; otherwise each section links to a page of its own (heat ×
 * nomination × age group), which is itself paged by SECTION_PAGE_SIZE.
 */

/** Places the results page shows inline; beyond, each section is a page of its own. */
export const INLINE_ROWS = 200;
/** Places on one page of a section. */
export const SECTION_PAGE_SIZE = 100;

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
  /** Places in the section (entries with a place or an award). */
  count: number;
  /** The places, best first; empty when the section is shown on a page of its own. */
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
  /** Whether the sections carry their places; else each links to its own page. */
  inline: boolean;
}

export interface PublicResultSectionView {
  event: PublicResultsView["event"];
  round: Omit<PublicResultRound, "sections">;
  section: PublicResultSection;
  page: NumberedPage;
}

/**
 * Published sections of a published event, newest round first, with their places while the event
 * has at most `inlineRows` of them; null when the event is not public.
 */
export async function publicResultsPage(
  db: DB,
  slug: string,
  locale: Locale,
  inlineRows = INLINE_ROWS,
  only: { roundId?: number } = {},
): Promise<PublicResultsView | null> {
  const event = await findEventBySlug(db, slug);
  if (!event || event.status !== "published") return null;
  const sections = await publishedSections(db, event.id, null, only.roundId ?? null);
  const view: PublicResultsView = { event: eventHead(event, locale), rounds: [], inline: true };
  if (sections.length === 0) return view;

  const counts = new Map(
    (
      await placed(db)
        .select(["section_id", (eb) => eb.fn.countAll<string>().as("count")])
        .where(
          "section_id",
          "in",
          sections.map((s) => s.id),
        )
        .groupBy("section_id")
        .execute()
    ).map((c) => [c.section_id, Number(c.count)]),
  );
  view.inline = [...counts.values()].reduce((a, b) => a + b, 0) <= inlineRows;
  const rowsBySection = view.inline
    ? await rowsOf(
        db,
        locale,
        await placed(db)
          .select(["section_id", "entry_id", "rank", "shared", "award", "round_id"])
          .where(
            "section_id",
            "in",
            sections.map((s) => s.id),
          )
          .execute(),
      )
    : new Map<number, PublicResultRow[]>();

  for (const s of sections) {
    let round = view.rounds.find((r) => r.id === s.round_id);
    if (!round) {
      round = { ...roundHead(s), sections: [] };
      view.rounds.push(round);
    }
    round.sections.push(sectionHead(s, locale, counts.get(s.id) ?? 0, (rowsBySection.get(s.id) ?? []).sort(byPlace)));
  }
  return view;
}

/**
 * One published section of a published event on its own page, its places a page at a time (best
 * first); null when the event is not public or the section is not one of its published ones.
 */
export async function publicResultSection(
  db: DB,
  slug: string,
  sectionId: number,
  locale: Locale,
  askedPage: number | null,
  pageSize = SECTION_PAGE_SIZE,
): Promise<PublicResultSectionView | null> {
  const event = await findEventBySlug(db, slug);
  if (!event || event.status !== "published") return null;
  const [s] = await publishedSections(db, event.id, sectionId);
  if (!s) return null;
  const { count } = await placed(db)
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("section_id", "=", sectionId)
    .executeTakeFirstOrThrow();
  const page = numberedPage(Number(count), askedPage, pageSize);
  // Best first across pages: place, then award, then entry; names order a shared place on a page.
  const results = await placed(db)
    .select(["section_id", "entry_id", "rank", "shared", "award", "round_id"])
    .where("section_id", "=", sectionId)
    .orderBy(sql`rank nulls last`)
    .orderBy(sql`array_position(${sql.val([...AWARDS])}::text[], award::text) nulls last`)
    .orderBy("entry_id")
    .limit(pageSize)
    .offset(page.offset)
    .execute();
  const rows = (await rowsOf(db, locale, results)).get(sectionId) ?? [];
  return {
    event: eventHead(event, locale),
    round: roundHead(s),
    section: sectionHead(s, locale, Number(count), rows.sort(byPlace)),
    page,
  };
}

/** Result rows that the public sees: those with a place or an award. */
function placed(db: DB) {
  return db.selectFrom("results").where((eb) => eb.or([eb("rank", "is not", null), eb("award", "is not", null)]));
}

/** The event's published sections (or the one asked for, or one round's), newest round first. */
function publishedSections(db: DB, eventId: number, only: number | null, roundId: number | null = null) {
  return db
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
      "n.name_kk",
      "n.name_ru",
      "n.name_en",
      "g.min_age",
      "g.max_age",
    ])
    .where("r.event_id", "=", eventId)
    .where("s.published_at", "is not", null)
    .$if(only !== null, (q) => q.where("s.id", "=", only!))
    .$if(roundId !== null, (q) => q.where("s.round_id", "=", roundId!))
    .orderBy("r.position", "desc")
    .orderBy("r.id", "desc")
    .orderBy("n.position")
    .orderBy("n.id")
    .orderBy("g.min_age")
    .execute();
}

type SectionRow = Awaited<ReturnType<typeof publishedSections>>[number];

function eventHead(
  event: NonNullable<Awaited<ReturnType<typeof findEventBySlug>>>,
  locale: Locale,
): PublicResultsView["event"] {
  return {
    slug: event.slug,
    title: localized(event, "title", locale),
    titleLang: localizedLang(event, "title", locale),
    city: event.city,
    startsOn: event.starts_on,
    endsOn: event.ends_on,
  };
}

function roundHead(s: SectionRow): Omit<PublicResultRound, "sections"> {
  return { id: s.round_id, kind: s.kind, startsOn: s.starts_on, endsOn: s.ends_on, city: s.city };
}

function sectionHead(s: SectionRow, locale: Locale, count: number, rows: PublicResultRow[]): PublicResultSection {
  return {
    id: s.id,
    nomination: localized(s, "name", locale),
    nominationLang: localizedLang(s, "name", locale),
    ageGroup: s.min_age === null || s.max_age === null ? null : { min: s.min_age, max: s.max_age },
    count,
    rows,
  };
}

/** The public rows of these results, by section, with their special prizes. */
async function rowsOf(
  db: DB,
  locale: Locale,
  results: {
    section_id: number;
    entry_id: number;
    round_id: number;
    rank: number | null;
    shared: boolean;
    award: Award | null;
  }[],
): Promise<Map<number, PublicResultRow[]>> {
  const rowsBySection = new Map<number, PublicResultRow[]>();
  if (results.length === 0) return rowsBySection;
  const entryIds = results.map((r) => r.entry_id);
  const [facts, prizes] = await Promise.all([
    entryFacts(db, entryIds),
    db
      .selectFrom("special_prizes")
      .select(["round_id", "entry_id", "name_kk", "name_ru", "name_en"])
      .where("round_id", "in", [...new Set(results.map((r) => r.round_id))])
      .where("entry_id", "in", entryIds)
      .orderBy("id")
      .execute(),
  ]);
  const prizesOf = new Map<string, string[]>();
  for (const p of prizes) {
    const key = `${p.round_id}:${p.entry_id}`;
    prizesOf.set(key, [...(prizesOf.get(key) ?? []), localized(p, "name", locale)].filter(Boolean));
  }
  for (const r of results) {
    const entry = facts.get(r.entry_id);
    if (!entry) continue;
    const rows = rowsBySection.get(r.section_id) ?? [];
    rows.push(
      publicRow(
        entry,
        { rank: r.rank, shared: r.shared, award: r.award },
        prizesOf.get(`${r.round_id}:${r.entry_id}`) ?? [],
      ),
    );
    rowsBySection.set(r.section_id, rows);
  }
  return rowsBySection;
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

/**
 * A round's published results, as on the results page (inline while small, else a page per
 * section); null when the event is not public.
 */
export function publicRoundResults(db: DB, slug: string, roundId: number, locale: Locale, inlineRows = INLINE_ROWS) {
  return publicResultsPage(db, slug, locale, inlineRows, { roundId });
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
