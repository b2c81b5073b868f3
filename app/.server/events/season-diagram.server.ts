import { sql } from "kysely";

import type { Locale } from "~/domain/locale";
import { steps } from "~/domain/season";
import { createI18n } from "~/i18n";

import type { DB } from "../platform/db.server";
import { roundLabel } from "../results/section-facts.server";
import { eventRounds, firstStepRouting, seasonRound } from "./rounds.server";

export interface DiagramRound {
  id: number;
  step: number;
  label: string;
  /** What its box says: the city for one of several parallel rounds, else the kind of round. */
  short: string;
  /** Entries in the round now (roundEntryIds' count). */
  entries: number;
}

/**
 * The season as the organiser's overview draws it: the steps in order, each with its rounds, their
 * names (kind, dates, city) and counts of entries; and how many confirmed entries no round of the
 * first step takes (they need a catchment or a move). Counts only.
 */
export async function seasonDiagram(db: DB, eventId: number, locale: Locale) {
  const rounds = await eventRounds(db, eventId);
  if (rounds.length === 0) return { steps: [] as DiagramRound[][], unrouted: 0 };
  const [first, later] = await Promise.all([
    firstStepRouting(db, eventId),
    db
      .selectFrom("round_entries as re")
      .innerJoin("entries as e", "e.id", "re.entry_id")
      .select(["re.round_id", sql<string>`count(*)`.as("n")])
      .where("e.event_id", "=", eventId)
      .where("e.status", "=", "confirmed")
      .groupBy("re.round_id")
      .execute(),
  ]);
  const counts = new Map(later.map((r) => [r.round_id, Number(r.n)]));
  for (const [id, ids] of first.byRound) counts.set(id, ids.length);
  const byId = new Map(rounds.map((r) => [r.id, r]));
  const { t } = createI18n(locale);
  const short = (id: number, parallel: boolean) => {
    const round = byId.get(id)!;
    const kind = t(`roundKind.${round.kind}`);
    return parallel && round.city ? t(`city.${round.city}`, { defaultValue: round.city }) : kind;
  };
  return {
    steps: steps(rounds.map(seasonRound)).map((step, i) =>
      step.map((r) => ({
        id: r.id,
        step: i + 1,
        label: roundLabel(byId.get(r.id)!, locale),
        short: short(r.id, step.length > 1),
        entries: counts.get(r.id) ?? 0,
      })),
    ),
    unrouted: first.unrouted.length,
  };
}
