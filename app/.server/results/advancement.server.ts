import type { AdvanceRule, Award, RoundKind } from "#db/types";
import type { AgeRange } from "~/domain/age";
import { type Locale, localized, localizedLang } from "~/domain/locale";
import { type NumberedPage, numberedPage } from "~/domain/paging";
import { intakeOf } from "~/domain/season-advance";
import { createI18n } from "~/i18n";

import { eventRounds, nextRoundsOf } from "../events/rounds.server";
import { numberBlindRoundsOfEvent } from "../judging/blind-numbers.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { emailAdvanced } from "./advance-emails.server";
import { type Standing, standings, stepRound, stepState, type Target } from "./advance-standings.server";
import { clubsOf, entryFacts, performersOf, roundLabel } from "./section-facts.server";

/*
 * Advancement from one round into a round of the next step (the target: one of the heats, or of
 * the galas, that run in parallel): for each locked section of the round, the target's intake rule
 * or the round's own rule proposes who moves on, among the entries routing sends to the target
 * (app/domain/season-advance.ts). The organiser applies the rule to every section not decided yet
 * (into every round of the next step at once) or to one section, and adjusts a section's entries a
 * page at a time; the entries join the target (round_entries), idempotently, and the families of the
 * newly advanced entries are emailed. An entry is in at most one round of a step unless the event
 * allows several (events.several_rounds_per_step): one already in another round of the step is left
 * there ("elsewhere"). An entry can be taken back out of a round until it has a score there.
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
  /** Already in the target round. */
  advanced: boolean;
  /** In another round of the target's step (its label), if any. */
  elsewhere: string | null;
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
  /** The rounds of the next step, in parallel; empty when this is the last step. */
  targets: { id: number; label: string }[];
  /** The round of the next step entries advance into here; null when this is the last step. */
  next: { id: number; label: string } | null;
  /** The rule the target takes entries by: its intake rule, or the round's own. */
  rule: { advanceRule: AdvanceRule; advanceValue: number | null };
  /** An entry may be in several rounds of a step. */
  several: boolean;
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

/** What the page and the actions ask for: a round (null: the first with a next step) and a target in the next step. */
interface Asked {
  roundId: number | null;
  /** A round of the next step; null: the first of them. */
  targetId?: number | null;
}

/** The round, its rounds of the next step with the one asked for, and its sections. */
async function roundOf(db: DB, eventId: number, asked: Asked, locale: Locale) {
  const rounds = await eventRounds(db, eventId);
  const last = rounds.at(-1)?.position;
  const round =
    asked.roundId === null
      ? (rounds.find((r) => r.position !== last) ?? rounds[0])
      : rounds.find((r) => r.id === asked.roundId);
  if (!round) return null;
  const step = await nextRoundsOf(db, round.id);
  const next = asked.targetId ? step.find((r) => r.id === asked.targetId) : step[0];
  if (asked.targetId && !next) return null;
  const event = await db
    .selectFrom("events")
    .select("several_rounds_per_step")
    .where("id", "=", eventId)
    .executeTakeFirstOrThrow();
  const target: Target | null = next ? { round: next, step, several: event.several_rounds_per_step } : null;
  const feeding = {
    advanceRule: round.advance_rule,
    advanceValue: round.advance_value === null ? null : Number(round.advance_value),
  };
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
    round: { id: round.id, number: rounds.indexOf(round) + 1, kind: round.kind, ...feeding },
    targets: step.map((r) => ({ id: r.id, label: roundLabel(r, locale) })),
    next: next ? { id: next.id, label: roundLabel(next, locale) } : null,
    rule: next ? intakeOf(stepRound(next), feeding) : feeding,
    several: event.several_rounds_per_step,
    target,
    feeding,
    sections: sections.map((s) => ({
      id: s.id,
      nomination: localized(s, "name", locale),
      nominationLang: localizedLang(s, "name", locale),
      ageGroup: s.min_age === null || s.max_age === null ? null : { min: s.min_age, max: s.max_age },
      locked: s.locked_at !== null,
    })),
  };
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
  asked: Asked,
  locale: Locale,
): Promise<AdvancePage | null> {
  const found = await roundOf(db, eventId, asked, locale);
  if (!found) return null;
  const { target, feeding, ...base } = found;
  const locked = base.sections.filter((s) => s.locked).map((s) => s.id);
  const lists = await standings(db, locked, feeding, target);
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
  asked: Asked,
  sectionId: number,
  pageNumber: number | null,
  locale: Locale,
): Promise<(AdvanceSectionPage & Omit<AdvancePage, "sections">) | null> {
  const found = await roundOf(db, eventId, asked, locale);
  if (!found) return null;
  const { sections, target, feeding, ...round } = found;
  const section = sections.find((s) => s.id === sectionId && s.locked);
  if (!section) return null;
  const list = (await standings(db, [section.id], feeding, target)).get(section.id)!;
  const page = numberedPage(list.length, pageNumber, ADVANCE_PAGE_SIZE);
  const shown = list.slice(page.offset, page.offset + ADVANCE_PAGE_SIZE);
  const entryIds = shown.map((s) => s.entryId);
  const [facts, inNext] = await Promise.all([
    entryFacts(db, entryIds),
    target ? stepState(db, target, entryIds) : { advanced: new Set<number>(), scored: new Set<number>() },
  ]);
  const labels = new Map(round.targets.map((r) => [r.id, r.label]));
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
        elsewhere: s.elsewhere === null ? null : (labels.get(s.elsewhere) ?? null),
        scoredInNext: inNext.scored.has(s.entryId),
      };
    }),
  };
}

export type AdvanceOutcome =
  | { status: "done"; added: number[]; removed: number[]; kept: number[]; elsewhere: number[]; emailed: number }
  | { status: "not_found" | "no_next" | "invalid" };

/** `targetId`: the round of the next step; without it, the only one (or, applying the rule, each of them). */
type Choice = { eventId: number; roundId: number; targetId?: number | null; baseUrl: string };

const NOTHING = { status: "done" as const, added: [], removed: [], kept: [], elsewhere: [], emailed: 0 };

/** Entries that joined the next round take their numbers there if it is blind (ADR 0023). */
async function withBlindNumbers(db: DB, eventId: number, outcome: AdvanceOutcome): Promise<AdvanceOutcome> {
  if (outcome.status === "done" && outcome.added.length)
    await numberBlindRoundsOfEvent(db, eventId, { entryIds: outcome.added });
  return outcome;
}

/**
 * Makes the target's entries from these sections exactly `entryIds` (the ticked boxes), or with
 * `shownEntryIds`, changes only those (the page of a section the organiser saw): adds the missing
 * ones (insert … on conflict do nothing, so a repeated or concurrent confirmation adds and emails
 * each entry once), and removes the unticked ones unless they already have a score in the target
 * (those are `kept`). An entry in another round of the step stays there (`elsewhere`) unless the
 * event allows several. A family is emailed once per entry and round (advance_notices). Every
 * section must be a locked section of the round and every entry one of their results, and the
 * target must be named when the next step has several rounds, else nothing changes ("invalid").
 */
export async function confirmAdvancement(
  db: DB,
  actor: Actor,
  input: Choice & { sectionIds: number[]; entryIds: number[]; shownEntryIds?: number[] },
): Promise<AdvanceOutcome> {
  const outcome = await db.transaction().execute(async (tx) => {
    const found = await lockedSections(tx, input, input.sectionIds);
    if (found.status !== "ok") return found;
    if (found.targets.length !== 1) return { status: "invalid" as const };
    const inSections = new Set(
      (await tx.selectFrom("results").select("entry_id").where("section_id", "in", found.sectionIds).execute()).map(
        (r) => r.entry_id,
      ),
    );
    const shown = input.shownEntryIds ? new Set(input.shownEntryIds) : inSections;
    const wanted = new Set(input.entryIds);
    if ([...shown].some((id) => !inSections.has(id)) || [...wanted].some((id) => !shown.has(id)))
      return { status: "invalid" as const };
    return advance(tx, actor, input, found, found.targets[0]!, { wanted, shown });
  });
  return withBlindNumbers(db, input.eventId, outcome);
}

/**
 * Applies the rule: to one locked section (its entries in the target become exactly the proposal,
 * hand-picked ones taken back out), or, without a section, to every locked section that nothing has
 * advanced from into the target yet (sections already decided keep the organiser's choice). Without
 * a target, into every round of the next step, each by its own rule and routing.
 */
export async function applyAdvanceRule(
  db: DB,
  actor: Actor,
  input: Choice & { sectionId: number | null },
): Promise<AdvanceOutcome> {
  const outcome = await db.transaction().execute(async (tx) => {
    const found = await lockedSections(tx, input, input.sectionId === null ? "all" : [input.sectionId]);
    if (found.status !== "ok") return found;
    let total: AdvanceOutcome = NOTHING;
    for (const target of found.targets) {
      const lists = [...(await standings(tx, found.sectionIds, found.feeding, target)).values()].filter(
        (list) => input.sectionId !== null || !list.some((s) => s.advanced),
      );
      const entries = lists.flat();
      if (!entries.length) continue;
      const outcome = await advance(tx, actor, input, found, target, {
        wanted: new Set(entries.filter((s) => s.proposed).map((s) => s.entryId)),
        shown: new Set(entries.map((s) => s.entryId)),
      });
      total = sum(total, outcome);
    }
    return total;
  });
  return withBlindNumbers(db, input.eventId, outcome);
}

function sum(a: AdvanceOutcome, b: AdvanceOutcome): AdvanceOutcome {
  if (a.status !== "done" || b.status !== "done") return b;
  return {
    status: "done",
    added: [...a.added, ...b.added],
    removed: [...a.removed, ...b.removed],
    kept: [...a.kept, ...b.kept],
    elsewhere: [...new Set([...a.elsewhere, ...b.elsewhere])],
    emailed: a.emailed + b.emailed,
  };
}

/**
 * The round's locked sections asked for (or all of them), read FOR SHARE so none is unlocked and
 * recomputed halfway through, with the round's rule and the target(s) in the next step.
 */
async function lockedSections(tx: DB, input: Choice, asked: readonly number[] | "all") {
  const round = await tx
    .selectFrom("rounds")
    .innerJoin("events", "events.id", "rounds.event_id")
    .select(["rounds.id", "rounds.advance_rule", "rounds.advance_value", "events.several_rounds_per_step"])
    .where("rounds.id", "=", input.roundId)
    .where("rounds.event_id", "=", input.eventId)
    .executeTakeFirst();
  if (!round) return { status: "not_found" as const };
  const step = await nextRoundsOf(tx, round.id);
  if (step.length === 0) return { status: "no_next" as const };
  const chosen = input.targetId ? step.filter((r) => r.id === input.targetId) : step;
  if (input.targetId && chosen.length === 0) return { status: "invalid" as const };
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
  const feeding = {
    advanceRule: round.advance_rule,
    advanceValue: round.advance_value === null ? null : Number(round.advance_value),
  };
  const targets = chosen.map((r): Target => ({ round: r, step, several: round.several_rounds_per_step }));
  return { status: "ok" as const, round, targets, feeding, sectionIds: sections.map((s) => s.id) };
}

/**
 * Makes the target's entries among `shown` exactly `wanted` (less those in another round of the
 * step, unless several are allowed), emails the newly advanced families, and records it.
 */
async function advance(
  tx: DB,
  actor: Actor,
  input: Choice,
  { round, sectionIds }: { round: { id: number }; sectionIds: number[] },
  target: Target,
  { wanted, shown }: { wanted: ReadonlySet<number>; shown: ReadonlySet<number> },
): Promise<AdvanceOutcome> {
  const next = target.round;
  // Entries in id order, as a move locks them, so an entry joins one round of a step at a time.
  if (wanted.size)
    await tx
      .selectFrom("entries")
      .select("id")
      .where("id", "in", [...wanted])
      .orderBy("id")
      .forUpdate()
      .execute();
  const state = await stepState(tx, target, [...shown]);
  const elsewhere = [...wanted]
    .filter((id) => !state.advanced.has(id) && !target.several && state.elsewhere.has(id))
    .sort((a, b) => a - b);
  const toAdd = [...wanted].filter((id) => !state.advanced.has(id) && !elsewhere.includes(id)).sort((a, b) => a - b);
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
      elsewhere,
      emailed,
    },
  });
  return { status: "done" as const, added, removed: toRemove, kept, elsewhere, emailed };
}
