import { sql } from "kysely";

import type { AdvanceRule, Award, Round, RoundKind } from "#db/types";
import type { AgeRange } from "~/domain/age";
import { type Locale, localized, localizedLang } from "~/domain/locale";
import { type NumberedPage, numberedPage } from "~/domain/paging";
import { proposeAdvance } from "~/domain/results/advance";
import { createI18n } from "~/i18n";

import { eventRounds, nextRound } from "../events/rounds.server";
import { numberBlindRoundsOfEvent } from "../judging/blind-numbers.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { enqueueEmail } from "../platform/email/outbox.server";
import { clubsOf, type EntryFacts, entryFacts, familiesOf, performersOf, roundLabel } from "./section-facts.server";

/*
 * Advancement from one round to the next: for each locked section of the round, the round's rule
 * (app/domain/results/advance.ts) proposes who moves on. The organiser applies the rule to every
 * section not decided yet or to one section, and adjusts a section's entries a page at a time; the
 * entries join the next round (round_entries), idempotently, and the families of the newly advanced
 * entries are emailed. An entry can be taken back out of the next round until it has a score there.
 */

export interface AdvanceRow {
  entryId: number;
  place: number | null;
  shared: boolean;
  percent: number | null;
  award: Award | null;
  reference: string;
  title: string;
  performers: string;
  clubs: string[];
  /** What the rule proposes. */
  proposed: boolean;
  /** Already in the next round. */
  advanced: boolean;
  /** In the next round with a score there: can no longer be removed. */
  scoredInNext: boolean;
}

/** A section of the round (nomination × age group) with its counts; a section not locked has none. */
export interface AdvanceSection {
  id: number;
  nomination: string;
  nominationLang: Locale;
  ageGroup: AgeRange | null;
  locked: boolean;
  /** Entries placed in the section. */
  entries: number;
  /** How many of them the round's rule sends on. */
  proposed: number;
  /** How many are in the next round now. */
  chosen: number;
}

export interface AdvancePage {
  /** `number` is 1 for the event's first round. */
  rounds: { id: number; number: number; kind: RoundKind }[];
  round: { id: number; number: number; kind: RoundKind; advanceRule: AdvanceRule; advanceValue: number | null };
  /** The round entries advance into; null when this is the last round. */
  next: { id: number; label: string } | null;
  sections: AdvanceSection[];
}

/** Entries on one page of a section: a page of rows stays well under 300 KB. */
export const ADVANCE_PAGE_SIZE = 50;

export interface AdvanceSectionPage {
  section: AdvanceSection;
  /** The page's entries, best first. */
  rows: AdvanceRow[];
  page: NumberedPage;
}

/** The round (the first with a next round when none is asked for) of the event, its next round and its sections. */
async function roundOf(db: DB, eventId: number, roundId: number | null, locale: Locale) {
  const rounds = await eventRounds(db, eventId);
  const round =
    roundId === null
      ? (rounds.find((_, i) => i < rounds.length - 1) ?? rounds[0])
      : rounds.find((r) => r.id === roundId);
  if (!round) return null;
  const next = await nextRound(db, round.id);
  const advanceValue = round.advance_value === null ? null : Number(round.advance_value);
  const sections = await db
    .selectFrom("result_sections as s")
    .innerJoin("nominations as n", "n.id", "s.nomination_id")
    .leftJoin("age_groups as g", "g.id", "s.age_group_id")
    .select(["s.id", "s.locked_at", "n.name_kk", "n.name_ru", "n.name_en", "g.min_age", "g.max_age"])
    .where("s.round_id", "=", round.id)
    .orderBy("n.position")
    .orderBy("n.id")
    .orderBy("g.min_age")
    .execute();
  return {
    rounds: rounds.map((r, i) => ({ id: r.id, number: i + 1, kind: r.kind })),
    round: {
      id: round.id,
      number: rounds.indexOf(round) + 1,
      kind: round.kind,
      advanceRule: round.advance_rule,
      advanceValue,
    },
    next: next ? { id: next.id, label: roundLabel(next, locale) } : null,
    sections: sections.map((s) => ({
      id: s.id,
      nomination: localized(s, "name", locale),
      nominationLang: localizedLang(s, "name", locale),
      ageGroup: s.min_age === null || s.max_age === null ? null : { min: s.min_age, max: s.max_age },
      locked: s.locked_at !== null,
    })),
  };
}

/**
 * The places in these sections, best first, each with whether the rule proposes it and whether it
 * is in the next round now (no names: counting and choosing need none).
 */
async function standings(
  db: DB,
  sectionIds: readonly number[],
  rule: { advanceRule: AdvanceRule; advanceValue: number | null },
  nextRoundId: number | null,
) {
  if (!sectionIds.length) return new Map<number, Standing[]>();
  const rows = await db
    .selectFrom("results")
    .$if(nextRoundId !== null, (q) =>
      q.leftJoin("round_entries as next", (j) =>
        j.onRef("next.entry_id", "=", "results.entry_id").on("next.round_id", "=", nextRoundId!),
      ),
    )
    .select([
      "results.section_id",
      "results.entry_id",
      "results.rank",
      "results.shared",
      "results.percent",
      "results.award",
    ])
    .$if(nextRoundId !== null, (q) => q.select(sql<number | null>`next.entry_id`.as("advanced")))
    .where("results.section_id", "in", [...sectionIds])
    .execute();
  const bySection = new Map<number, Standing[]>(sectionIds.map((id) => [id, []]));
  for (const r of rows) {
    bySection.get(r.section_id)!.push({
      entryId: r.entry_id,
      rank: r.rank,
      shared: r.shared,
      percent: r.percent === null ? null : Number(r.percent),
      award: r.award,
      proposed: false,
      advanced: "advanced" in r && r.advanced !== null,
    });
  }
  for (const list of bySection.values()) {
    const proposed = new Set(proposeAdvance(list, rule.advanceRule, rule.advanceValue));
    for (const s of list) s.proposed = proposed.has(s.entryId);
    list.sort(
      (a, b) =>
        (a.rank ?? Infinity) - (b.rank ?? Infinity) || (b.percent ?? -1) - (a.percent ?? -1) || a.entryId - b.entryId,
    );
  }
  return bySection;
}
interface Standing {
  entryId: number;
  rank: number | null;
  shared: boolean;
  percent: number | null;
  award: Award | null;
  proposed: boolean;
  advanced: boolean;
}

function withCounts(section: Omit<AdvanceSection, "entries" | "proposed" | "chosen">, list: readonly Standing[] = []) {
  return {
    ...section,
    entries: list.length,
    proposed: list.filter((s) => s.proposed).length,
    chosen: list.filter((s) => s.advanced).length,
  };
}

/** The advancement page of a round: its sections with their counts; null for a round of another event. */
export async function advancementPage(
  db: DB,
  eventId: number,
  roundId: number | null,
  locale: Locale,
): Promise<AdvancePage | null> {
  const base = await roundOf(db, eventId, roundId, locale);
  if (!base) return null;
  const locked = base.sections.filter((s) => s.locked).map((s) => s.id);
  const lists = await standings(db, locked, base.round, base.next?.id ?? null);
  return { ...base, sections: base.sections.map((s) => withCounts(s, lists.get(s.id))) };
}

/**
 * One page (ADVANCE_PAGE_SIZE entries, best first) of a locked section of the round, with the
 * entries' performers, clubs and state in the next round; null for a section that is not a locked
 * section of this event's round.
 */
export async function advanceSectionPage(
  db: DB,
  eventId: number,
  roundId: number | null,
  sectionId: number,
  asked: number | null,
  locale: Locale,
): Promise<(AdvanceSectionPage & Omit<AdvancePage, "sections">) | null> {
  const base = await roundOf(db, eventId, roundId, locale);
  if (!base) return null;
  const { sections, ...round } = base;
  const section = sections.find((s) => s.id === sectionId && s.locked);
  if (!section) return null;
  const list = (await standings(db, [section.id], round.round, round.next?.id ?? null)).get(section.id)!;
  const page = numberedPage(list.length, asked, ADVANCE_PAGE_SIZE);
  const shown = list.slice(page.offset, page.offset + ADVANCE_PAGE_SIZE);
  const entryIds = shown.map((s) => s.entryId);
  const [facts, inNext] = await Promise.all([
    entryFacts(db, entryIds),
    round.next
      ? nextRoundState(db, round.next.id, entryIds)
      : { advanced: new Set<number>(), scored: new Set<number>() },
  ]);
  const anonymous = createI18n(locale).t("children.anonymous");
  return {
    ...round,
    section: withCounts(section, list),
    page,
    rows: shown.map((s): AdvanceRow => {
      const entry = facts.get(s.entryId);
      return {
        entryId: s.entryId,
        place: s.rank,
        shared: s.shared,
        percent: s.percent === null ? null : Math.round(s.percent * 100) / 100,
        award: s.award,
        reference: entry?.reference ?? "",
        title: entry?.title ?? "",
        performers: entry ? performersOf(entry, anonymous) : "",
        clubs: entry ? clubsOf(entry) : [],
        proposed: s.proposed,
        advanced: inNext.advanced.has(s.entryId),
        scoredInNext: inNext.scored.has(s.entryId),
      };
    }),
  };
}

async function nextRoundState(db: DB, nextRoundId: number, entryIds: number[]) {
  if (entryIds.length === 0) return { advanced: new Set<number>(), scored: new Set<number>() };
  const ids = sql`${entryIds}::int[]`;
  const [advanced, scored] = await Promise.all([
    db
      .selectFrom("round_entries")
      .select("entry_id")
      .where("round_id", "=", nextRoundId)
      .where(sql<boolean>`entry_id = any(${ids})`)
      .execute(),
    db
      .selectFrom("scores")
      .select("entry_id")
      .distinct()
      .where("round_id", "=", nextRoundId)
      .where(sql<boolean>`entry_id = any(${ids})`)
      .execute(),
  ]);
  return { advanced: new Set(advanced.map((r) => r.entry_id)), scored: new Set(scored.map((r) => r.entry_id)) };
}

export type AdvanceOutcome =
  | { status: "done"; added: number[]; removed: number[]; kept: number[]; emailed: number }
  | { status: "not_found" | "no_next" | "invalid" };

type Choice = { eventId: number; roundId: number; baseUrl: string };

/** Entries that joined the next round take their numbers there if it is blind (ADR 0023). */
async function withBlindNumbers(db: DB, eventId: number, outcome: AdvanceOutcome): Promise<AdvanceOutcome> {
  if (outcome.status === "done" && outcome.added.length)
    await numberBlindRoundsOfEvent(db, eventId, { entryIds: outcome.added });
  return outcome;
}

/**
 * Makes the next round's entries from these sections exactly `entryIds` (the ticked boxes), or with
 * `shownEntryIds`, changes only those (the page of a section the organiser saw): adds the missing
 * ones (insert … on conflict do nothing, so a repeated or concurrent confirmation adds and emails
 * each entry once), and removes the unticked ones unless they already have a score in the next
 * round (those are `kept`). A family is emailed once per entry and round (advance_notices): an entry
 * removed and added again joins the round without a second email. Every section must be a locked
 * section of the round and every entry one of their results, else nothing changes ("invalid").
 */
export async function confirmAdvancement(
  db: DB,
  actor: Actor,
  input: Choice & { sectionIds: number[]; entryIds: number[]; shownEntryIds?: number[] },
): Promise<AdvanceOutcome> {
  const outcome = await db.transaction().execute(async (tx) => {
    const target = await lockedSections(tx, input, input.sectionIds);
    if (target.status !== "ok") return target;
    const inSections = new Set(
      (await tx.selectFrom("results").select("entry_id").where("section_id", "in", target.sectionIds).execute()).map(
        (r) => r.entry_id,
      ),
    );
    const shown = input.shownEntryIds ? new Set(input.shownEntryIds) : inSections;
    const wanted = new Set(input.entryIds);
    if ([...shown].some((id) => !inSections.has(id)) || [...wanted].some((id) => !shown.has(id)))
      return { status: "invalid" as const };
    return advance(tx, actor, input, target, { wanted, shown });
  });
  return withBlindNumbers(db, input.eventId, outcome);
}

/**
 * Applies the round's rule: to one locked section (its next-round entries become exactly the
 * rule's proposal, hand-picked ones taken back out), or, without a section, to every locked section
 * that nothing has advanced from yet (sections already decided keep the organiser's choice).
 */
export async function applyAdvanceRule(
  db: DB,
  actor: Actor,
  input: Choice & { sectionId: number | null },
): Promise<AdvanceOutcome> {
  const outcome = await db.transaction().execute(async (tx) => {
    const target = await lockedSections(tx, input, input.sectionId === null ? "all" : [input.sectionId]);
    if (target.status !== "ok") return target;
    const lists = [...(await standings(tx, target.sectionIds, target.rule, target.next.id)).values()].filter(
      (list) => input.sectionId !== null || !list.some((s) => s.advanced),
    );
    const entries = lists.flat();
    if (!entries.length) return { status: "done" as const, added: [], removed: [], kept: [], emailed: 0 };
    return advance(tx, actor, input, target, {
      wanted: new Set(entries.filter((s) => s.proposed).map((s) => s.entryId)),
      shown: new Set(entries.map((s) => s.entryId)),
    });
  });
  return withBlindNumbers(db, input.eventId, outcome);
}

/**
 * The round's locked sections asked for (or all of them), read FOR SHARE so none is unlocked and
 * recomputed halfway through, with the round's rule and its next round.
 */
async function lockedSections(tx: DB, input: Choice, asked: readonly number[] | "all") {
  const round = await tx
    .selectFrom("rounds")
    .select(["id", "advance_rule", "advance_value"])
    .where("id", "=", input.roundId)
    .where("event_id", "=", input.eventId)
    .executeTakeFirst();
  if (!round) return { status: "not_found" as const };
  const next = await nextRound(tx, round.id);
  if (!next) return { status: "no_next" as const };
  const sectionIds = asked === "all" ? [] : [...new Set(asked)];
  if (asked !== "all" && sectionIds.length === 0) return { status: "invalid" as const };
  const sections = await tx
    .selectFrom("result_sections")
    .select(["id", "locked_at"])
    .where("round_id", "=", round.id)
    .$if(asked === "all", (q) => q.where("locked_at", "is not", null))
    .$if(asked !== "all", (q) => q.where("id", "in", sectionIds))
    .orderBy("id")
    .forShare()
    .execute();
  if (asked !== "all" && (sections.length !== sectionIds.length || sections.some((s) => s.locked_at === null)))
    return { status: "invalid" as const };
  const rule = {
    advanceRule: round.advance_rule,
    advanceValue: round.advance_value === null ? null : Number(round.advance_value),
  };
  return { status: "ok" as const, round, next, rule, sectionIds: sections.map((s) => s.id) };
}

/** Makes the next round's entries among `shown` exactly `wanted`, emails the newly advanced families, and records it. */
async function advance(
  tx: DB,
  actor: Actor,
  input: Choice,
  { round, next, sectionIds }: { round: { id: number }; next: Round; sectionIds: number[] },
  { wanted, shown }: { wanted: ReadonlySet<number>; shown: ReadonlySet<number> },
): Promise<AdvanceOutcome> {
  const state = await nextRoundState(tx, next.id, [...shown]);
  const toAdd = [...wanted].filter((id) => !state.advanced.has(id)).sort((a, b) => a - b);
  const unticked = [...state.advanced].filter((id) => !wanted.has(id)).sort((a, b) => a - b);
  const kept = unticked.filter((id) => state.scored.has(id));
  const toRemove = unticked.filter((id) => !state.scored.has(id));

  const added = toAdd.length
    ? (
        await tx
          .insertInto("round_entries")
          .values(toAdd.map((entry_id) => ({ round_id: next.id, entry_id, advanced_by_user_id: actor.id })))
          .onConflict((oc) => oc.columns(["round_id", "entry_id"]).doNothing())
          .returning("entry_id")
          .execute()
      ).map((r) => r.entry_id)
    : [];
  if (toRemove.length) {
    await tx.deleteFrom("round_entries").where("round_id", "=", next.id).where("entry_id", "in", toRemove).execute();
    // Computed rows of the next round without a single score behind them: derived data, gone with the entry.
    await tx.deleteFrom("results").where("round_id", "=", next.id).where("entry_id", "in", toRemove).execute();
  }
  // Each entry's family hears once per round, even if the entry was taken out and put back.
  const announce = added.length
    ? (
        await tx
          .insertInto("advance_notices")
          .values(added.map((entry_id) => ({ round_id: next.id, entry_id })))
          .onConflict((oc) => oc.columns(["round_id", "entry_id"]).doNothing())
          .returning("entry_id")
          .execute()
      ).map((r) => r.entry_id)
    : [];
  const emailed = await emailAdvanced(tx, input, next, announce);
  await audit(tx, actor, {
    action: "results.advance",
    entityType: "round",
    entityId: next.id,
    eventId: input.eventId,
    after: {
      from_round_id: round.id,
      to_round_id: next.id,
      sections: sectionIds,
      added,
      removed: toRemove,
      kept,
      emailed,
    },
  });
  return { status: "done" as const, added, removed: toRemove, kept, emailed };
}

/** What a family's email calls an entry: the children's first names, or an ensemble's title and club. */
function advancedLabel(entry: EntryFacts): string {
  if (entry.format === "ensemble" && entry.title) return [`«${entry.title}»`, ...clubsOf(entry)].join(", ");
  return (
    entry.members
      .filter((m) => !m.anonymisedAt)
      .map((m) => m.firstName)
      .join(", ") || entry.reference
  );
}

async function emailAdvanced(
  tx: DB,
  input: { eventId: number; baseUrl: string },
  next: { kind: RoundKind; starts_on: string | null; ends_on: string | null; city: string | null },
  entryIds: number[],
): Promise<number> {
  if (entryIds.length === 0) return 0;
  const facts = await entryFacts(tx, entryIds);
  const families = await familiesOf(tx, [...facts.values()]);
  const event = await tx
    .selectFrom("events")
    .select(["title_kk", "title_ru", "title_en"])
    .where("id", "=", input.eventId)
    .executeTakeFirstOrThrow();
  let sent = 0;
  for (const { user, entries } of families) {
    for (const entry of entries) {
      await enqueueEmail(tx, {
        to: user.email,
        locale: user.locale,
        userId: user.id,
        template: "entry_advanced",
        params: {
          name: user.name,
          childNames: advancedLabel(entry),
          event: localized(event, "title", user.locale),
          round: roundLabel(next, user.locale),
          reference: entry.reference,
          url: `${input.baseUrl}/entries/${entry.reference}`,
        },
      });
      sent++;
    }
  }
  return sent;
}
