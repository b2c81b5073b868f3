import type { Award } from "#db/types";
import {
  type GrandPrixCheck,
  reachesGrandPrixMinimum,
  resolveRules,
  type Rules,
  validateGrandPrix,
} from "~/domain/results";

import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { decideOn, type Frozen, refreshUnlocked } from "./decisions.server";
import { eventRules, type SectionInfo, sectionInfo } from "./sections.server";

/*
 * The Grand Prix: chosen by the jury among the Laureates I of a section (or of the whole
 * nomination, when the event chooses it across age groups), or decided not to be awarded.
 * Computing applies the choice while the entry holds Laureate I; a choice a later score change
 * left behind stays recorded, is flagged, and blocks publication until it is settled.
 */

export interface GrandPrixView {
  /** The age group the choice is for; null across the nomination's age groups (or without age groups). */
  ageGroupId: number | null;
  acrossAgeGroups: boolean;
  /** undefined: not decided; null: decided not to award it. */
  choice: number | null | undefined;
  /** The entry chosen, when it is in another section (across age groups). */
  choiceElsewhere: { entryId: number; reference: string; title: string } | null;
  /** Entries that may receive it (Laureate I of the scope), with their section. */
  candidates: { entryId: number; reference: string; title: string; sectionId: number }[];
  /**
   * The entry chosen, when it no longer holds Laureate I (a score changed since): the choice
   * stands recorded but is not applied, and the section cannot be published until it is settled.
   */
  stale: { entryId: number; reference: string; title: string } | null;
}

/** The Grand Prix's scope for a section: its age group, or the whole nomination when chosen across age groups. */
function grandPrixScope(
  section: SectionInfo,
  rules: Rules,
): { ageGroupId: number | null; acrossAgeGroups: boolean; minPercent: number | null } {
  const minPercent = rules.grandPrixMinPercent;
  return rules.grandPrixAcrossAgeGroups
    ? { ageGroupId: null, acrossAgeGroups: true, minPercent }
    : { ageGroupId: section.ageGroup?.id ?? null, acrossAgeGroups: false, minPercent };
}

/** The nomination's stored results in the round (every age group), with each entry's age group and section. */
async function nominationResults(db: DB, roundId: number, nominationId: number) {
  return db
    .selectFrom("results")
    .innerJoin("result_sections as rs", "rs.id", "results.section_id")
    .innerJoin("entries", "entries.id", "results.entry_id")
    .select([
      "results.entry_id",
      "results.award",
      "results.percent",
      "results.section_id",
      "rs.age_group_id",
      "entries.reference",
      "entries.title",
    ])
    .where("results.round_id", "=", roundId)
    .where("rs.nomination_id", "=", nominationId)
    .orderBy("entries.reference")
    .execute();
}

async function grandPrixRow(db: DB, roundId: number, nominationId: number, ageGroupId: number | null) {
  let q = db
    .selectFrom("grand_prix")
    .select(["id", "entry_id"])
    .where("round_id", "=", roundId)
    .where("nomination_id", "=", nominationId);
  q = ageGroupId === null ? q.where("age_group_id", "is", null) : q.where("age_group_id", "=", ageGroupId);
  return q.executeTakeFirst();
}

/** An entry's section result as the review shows it: stored, or computed now for an unlocked section. */
export interface SectionAward {
  entryId: number;
  reference: string;
  title: string;
  award: Award | null;
  percent: number | null;
}

/**
 * The Grand Prix part of a section's review. `current`: the section's results computed now (the
 * review of an unlocked section whose stored results are stale), in place of its stored ones.
 */
export async function grandPrixView(
  db: DB,
  section: SectionInfo,
  rules: Rules,
  current?: readonly SectionAward[],
): Promise<GrandPrixView> {
  const scope = grandPrixScope(section, rules);
  const [row, stored] = await Promise.all([
    grandPrixRow(db, section.round.id, section.nomination.id, scope.ageGroupId),
    nominationResults(db, section.round.id, section.nomination.id),
  ]);
  const results = current
    ? [
        ...stored.filter((r) => r.section_id !== section.id),
        ...current.map((r) => ({
          entry_id: r.entryId,
          award: r.award,
          percent: r.percent,
          section_id: section.id,
          age_group_id: section.ageGroup?.id ?? null,
          reference: r.reference,
          title: r.title,
        })),
      ].sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0))
    : stored;
  const inScope = results.filter((r) => scope.acrossAgeGroups || r.age_group_id === scope.ageGroupId);
  const chosen = row?.entry_id ?? null;
  const elsewhere =
    chosen !== null ? inScope.find((r) => r.entry_id === chosen && r.section_id !== section.id) : undefined;
  const chosenHere = current?.find((r) => r.entryId === chosen);
  return {
    ...scope,
    choice: row ? row.entry_id : undefined,
    choiceElsewhere: elsewhere
      ? { entryId: elsewhere.entry_id, reference: elsewhere.reference, title: elsewhere.title }
      : null,
    candidates: inScope
      .filter((r) => r.award === "laureate_1" || r.award === "grand_prix")
      .filter((r) => reachesGrandPrixMinimum(r.percent === null ? null : Number(r.percent), scope.minPercent))
      .map((r) => ({ entryId: r.entry_id, reference: r.reference, title: r.title, sectionId: r.section_id })),
    stale: chosenHere
      ? chosenHere.award === "grand_prix"
        ? null
        : { entryId: chosenHere.entryId, reference: chosenHere.reference, title: chosenHere.title }
      : await staleGrandPrix(db, section.id),
  };
}

/**
 * The Grand Prix choice reaching this section, when the chosen entry no longer holds it: computing
 * gives the Grand Prix only to a Laureate I, so a chosen entry whose stored award is not
 * "grand_prix" lost Laureate I after the choice (or left the round). Null when there is no choice,
 * "not awarded", or the choice holds.
 */
export async function staleGrandPrix(
  db: DB,
  sectionId: number,
): Promise<{ entryId: number; reference: string; title: string } | null> {
  const section = await db
    .selectFrom("result_sections as rs")
    .innerJoin("rounds", "rounds.id", "rs.round_id")
    .innerJoin("events", "events.id", "rounds.event_id")
    .select(["rs.round_id", "rs.nomination_id", "rs.age_group_id", "events.scoring"])
    .where("rs.id", "=", sectionId)
    .executeTakeFirst();
  if (!section) return null;
  const across = resolveRules(section.scoring).grandPrixAcrossAgeGroups;
  const row = await grandPrixRow(db, section.round_id, section.nomination_id, across ? null : section.age_group_id);
  if (!row || row.entry_id === null) return null;
  const entry = await db
    .selectFrom("entries")
    .leftJoin("results", (join) =>
      join.onRef("results.entry_id", "=", "entries.id").on("results.round_id", "=", section.round_id),
    )
    .select(["entries.id", "entries.reference", "entries.title", "results.award"])
    .where("entries.id", "=", row.entry_id)
    .executeTakeFirst();
  if (entry?.award === "grand_prix") return null;
  return { entryId: row.entry_id, reference: entry?.reference ?? "", title: entry?.title ?? "" };
}

export type GrandPrixChoice = number | "none" | "undecided";
export type SetGrandPrixResult =
  { ok: true } | { ok: false; reason: "missing" | Extract<GrandPrixCheck, { ok: false }>["reason"] } | Frozen;

/** The sections a Grand Prix decision reaches: this one, or every section of the nomination in the round when chosen across age groups. */
async function grandPrixSections(db: DB, section: SectionInfo, acrossAgeGroups: boolean): Promise<number[]> {
  if (!acrossAgeGroups) return [section.id];
  const rows = await db
    .selectFrom("result_sections")
    .select("id")
    .where("round_id", "=", section.round.id)
    .where("nomination_id", "=", section.nomination.id)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The Grand Prix of the section's nomination and age group (or of the whole nomination, when the
 * event chooses it across age groups): an entry holding Laureate I, "none" (the jury decided not
 * to award it) or "undecided" (clears the decision). Refused while any section it reaches is
 * published.
 */
export async function setGrandPrix(
  db: DB,
  actor: Actor,
  { sectionId, choice }: { sectionId: number; choice: GrandPrixChoice },
): Promise<SetGrandPrixResult> {
  const section = await sectionInfo(db, sectionId);
  if (!section) return { ok: false, reason: "missing" };
  const rules = await eventRules(db, section.eventId);
  const scope = grandPrixScope(section, rules);
  const reached = await grandPrixSections(db, section, scope.acrossAgeGroups);
  return decideOn<SetGrandPrixResult>(db, reached, async (tx, refuse) => {
    await refreshUnlocked(tx, sectionId);
    if (typeof choice === "number") {
      const results = await nominationResults(tx, section.round.id, section.nomination.id);
      const check = validateGrandPrix(
        choice,
        scope,
        results.map((r) => ({
          entryId: r.entry_id,
          ageGroupId: r.age_group_id,
          award: r.award,
          percent: r.percent === null ? null : Number(r.percent),
        })),
      );
      if (!check.ok) refuse(check);
    }
    const before = await grandPrixRow(tx, section.round.id, section.nomination.id, scope.ageGroupId);
    if (before) await tx.deleteFrom("grand_prix").where("id", "=", before.id).execute();
    if (choice !== "undecided") {
      await tx
        .insertInto("grand_prix")
        .values({
          round_id: section.round.id,
          nomination_id: section.nomination.id,
          age_group_id: scope.ageGroupId,
          entry_id: choice === "none" ? null : choice,
          decided_by_user_id: actor.id,
        })
        .execute();
    }
    await audit(tx, actor, {
      action: "results.grand_prix",
      entityType: "result_section",
      entityId: sectionId,
      eventId: section.eventId,
      before: before ? { entryId: before.entry_id } : null,
      after: { choice, ageGroupId: scope.ageGroupId },
    });
    return { ok: true };
  });
}
