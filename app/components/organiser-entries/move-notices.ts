/** What moving entries between rounds can answer, as `?notice=` values (round-moves.server.ts decides). */
export const MOVE_NOTICES = [
  "moved",
  "scored",
  "same",
  "not_in_step",
  "ambiguous",
  "not_found",
  "no_round",
  "no_reason",
  "none_chosen",
  "too_many",
] as const;
