import type { EntryStatus, RoundKind } from "#db/types";

/*
 * What a family does next with an entry, from where it is in the season: wait for the selection's
 * results, wait for the running order, come to the venue at the stage time, wait for results, or
 * read them. Only a confirmed entry has a next step; the status badge speaks for the others.
 */

export interface CurrentRound {
  kind: RoundKind;
  /** 'YYYY-MM-DD', or null when the organiser has not set the dates yet. */
  startsOn: string | null;
  endsOn: string | null;
  /** No step follows this round (a final or the galas). */
  isLast: boolean;
}

export type NextStep =
  /** A remote (selection) round: its results come after it ends. */
  | { kind: "awaitSelection"; date: string | null }
  /** A round on stage with no published running order yet: the time appears once it is. */
  | { kind: "awaitProgramme"; date: string | null }
  /** A round on stage with the entry's time published. */
  | { kind: "come"; startsAt: string }
  /** The round is over and its results are not published yet. */
  | { kind: "awaitResults" }
  /** The round's results naming the entry are published; a next round, if any, is decided after. */
  | { kind: "resultsOut"; isLast: boolean };

export function nextStep(input: {
  status: EntryStatus;
  round: CurrentRound | null;
  /** The entry's stage time in the round's published running order, if any (ISO instant). */
  slotStartsAt: string | null;
  resultsPublished: boolean;
  /** 'YYYY-MM-DD' in the event's timezone. */
  today: string;
}): NextStep | null {
  const { status, round, slotStartsAt, resultsPublished, today } = input;
  if (status !== "confirmed" || !round) return null;
  if (resultsPublished) return { kind: "resultsOut", isLast: round.isLast };
  const over = round.endsOn !== null && round.endsOn < today;
  if (round.kind === "remote") return over ? { kind: "awaitResults" } : { kind: "awaitSelection", date: round.endsOn };
  if (over) return { kind: "awaitResults" };
  if (slotStartsAt) return { kind: "come", startsAt: slotStartsAt };
  return { kind: "awaitProgramme", date: round.startsOn };
}
