import type { AdvanceRule, Award, RoundKind } from "#db/types";
import type { AgeRange } from "~/domain/age";
import { type Locale, localized, localizedLang } from "~/domain/locale";
import { proposeAdvance } from "~/domain/results/advance";
import { createI18n } from "~/i18n";

import { eventRounds, nextRound } from "../events/rounds.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { enqueueEmail } from "../platform/email/outbox.server";
import { clubsOf, type EntryFacts, entryFacts, familiesOf, performersOf, roundLabel } from "./section-facts.server";

/*
 * Advancement from one round to the next: for each locked section of the round, the round's rule
 * (app/domain/results/advance.ts) proposes who moves on; the organiser ticks and unticks, and on
 * confirmation the entries join the next round (round_entries), idempotently, and the families of
 * the newly advanced entries are emailed. An entry can be taken back out of the next round until
 * it has a score there.
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

export interface AdvanceSection {
  id: number;
  nomination: string;
  nominationLang: Locale;
  ageGroup: AgeRange | null;
  locked: boolean;
  rows: AdvanceRow[];
}

export interface AdvancePage {
  /** `number` is 1 for the event's first round. */
  rounds: { id: number; number: number; kind: RoundKind }[];
  round: { id: number; number: number; kind: RoundKind; advanceRule: AdvanceRule; advanceValue: number | null };
  /** The round entries advance into; null when this is the last round. */
  next: { id: number; label: string } | null;
  sections: AdvanceSection[];
}

/** The proposal page of a round (the first with a next round when none is asked for); null for a round of another event. */
export async function advancementPage(
  db: DB,
  eventId: number,
  roundId: number | null,
  locale: Locale,
): Promise<AdvancePage | null> {
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
  const lockedIds = sections.filter((s) => s.locked_at !== null).map((s) => s.id);
  const results = lockedIds.length
    ? await db
        .selectFrom("results")
        .select(["section_id", "entry_id", "rank", "shared", "percent", "award"])
        .where("section_id", "in", lockedIds)
        .execute()
    : [];
  const entryIds = results.map((r) => r.entry_id);
  const [facts, inNext] = await Promise.all([
    entryFacts(db, entryIds),
    next ? nextRoundState(db, next.id, entryIds) : { advanced: new Set<number>(), scored: new Set<number>() },
  ]);

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
    sections: sections.map((s) => {
      const mine = results.filter((r) => r.section_id === s.id);
      const proposed = new Set(
        proposeAdvance(
          mine.map((r) => ({
            entryId: r.entry_id,
            rank: r.rank,
            percent: r.percent === null ? null : Number(r.percent),
          })),
          round.advance_rule,
          advanceValue,
        ),
      );
      const anonymous = createI18n(locale).t("children.anonymous");
      const rows = mine
        .map((r): AdvanceRow => {
          const entry = facts.get(r.entry_id);
          return {
            entryId: r.entry_id,
            place: r.rank,
            shared: r.shared,
            percent: r.percent === null ? null : Math.round(Number(r.percent) * 100) / 100,
            award: r.award,
            reference: entry?.reference ?? "",
            title: entry?.title ?? "",
            performers: entry ? performersOf(entry, anonymous) : "",
            clubs: entry ? clubsOf(entry) : [],
            proposed: proposed.has(r.entry_id),
            advanced: inNext.advanced.has(r.entry_id),
            scoredInNext: inNext.scored.has(r.entry_id),
          };
        })
        .sort(
          (a, b) =>
            (a.place ?? Infinity) - (b.place ?? Infinity) ||
            (b.percent ?? -1) - (a.percent ?? -1) ||
            a.entryId - b.entryId,
        );
      return {
        id: s.id,
        nomination: localized(s, "name", locale),
        nominationLang: localizedLang(s, "name", locale),
        ageGroup: s.min_age === null || s.max_age === null ? null : { min: s.min_age, max: s.max_age },
        locked: s.locked_at !== null,
        rows,
      };
    }),
  };
}

async function nextRoundState(db: DB, nextRoundId: number, entryIds: number[]) {
  if (entryIds.length === 0) return { advanced: new Set<number>(), scored: new Set<number>() };
  const [advanced, scored] = await Promise.all([
    db
      .selectFrom("round_entries")
      .select("entry_id")
      .where("round_id", "=", nextRoundId)
      .where("entry_id", "in", entryIds)
      .execute(),
    db
      .selectFrom("scores")
      .select("entry_id")
      .distinct()
      .where("round_id", "=", nextRoundId)
      .where("entry_id", "in", entryIds)
      .execute(),
  ]);
  return { advanced: new Set(advanced.map((r) => r.entry_id)), scored: new Set(scored.map((r) => r.entry_id)) };
}

export type AdvanceOutcome =
  | { status: "done"; added: number[]; removed: number[]; kept: number[]; emailed: number }
  | { status: "not_found" | "no_next" | "invalid" };

/**
 * Makes the next round's entries from these sections exactly `entryIds` (the ticked boxes): adds
 * the missing ones (insert … on conflict do nothing, so a repeated or concurrent confirmation adds
 * and emails each entry once), and removes the unticked ones unless they already have a score in
 * the next round (those are `kept`). A family is emailed once per entry and round
 * (advance_notices): an entry removed and added again joins the round without a second email. Every section must be a locked section of the round and every
 * entry one of their results, else nothing changes ("invalid").
 */
export async function confirmAdvancement(
  db: DB,
  actor: Actor,
  input: { eventId: number; roundId: number; sectionIds: number[]; entryIds: number[]; baseUrl: string },
): Promise<AdvanceOutcome> {
  return db.transaction().execute(async (tx) => {
    const round = await tx
      .selectFrom("rounds")
      .select(["id"])
      .where("id", "=", input.roundId)
      .where("event_id", "=", input.eventId)
      .executeTakeFirst();
    if (!round) return { status: "not_found" as const };
    const next = await nextRound(tx, round.id);
    if (!next) return { status: "no_next" as const };
    const sectionIds = [...new Set(input.sectionIds)];
    if (sectionIds.length === 0) return { status: "invalid" as const };
    // FOR SHARE: a section cannot be unlocked (and its results recomputed) halfway through.
    const sections = await tx
      .selectFrom("result_sections")
      .select(["id", "locked_at"])
      .where("id", "in", sectionIds)
      .where("round_id", "=", round.id)
      .forShare()
      .execute();
    if (sections.length !== sectionIds.length || sections.some((s) => s.locked_at === null))
      return { status: "invalid" as const };
    const inSections = new Set(
      (await tx.selectFrom("results").select("entry_id").where("section_id", "in", sectionIds).execute()).map(
        (r) => r.entry_id,
      ),
    );
    const wanted = new Set(input.entryIds);
    if ([...wanted].some((id) => !inSections.has(id))) return { status: "invalid" as const };

    const state = await nextRoundState(tx, next.id, [...inSections]);
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
  });
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
