export const EVENT_KINDS = ["festival", "contest", "festival_contest", "academy", "exhibition"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const DISCIPLINES = [
  "vocal",
  "choreography",
  "instrumental",
  "fine_art",
  "photography",
  "decorative_art",
  "theatre",
  "literature",
  "fashion",
  "film",
  "master_class",
  "other",
] as const;
export type Discipline = (typeof DISCIPLINES)[number];

export const ENTRY_KINDS = ["live", "video", "artwork", "workshop"] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const FORMATS = ["solo", "duet", "trio", "ensemble"] as const;
export type PerformanceFormat = (typeof FORMATS)[number];

/** Members a format can have at most and at least, before an organiser narrows it. */
export const FORMAT_BOUNDS: Record<PerformanceFormat, { min: number; max: number }> = {
  solo: { min: 1, max: 1 },
  duet: { min: 2, max: 2 },
  trio: { min: 3, max: 3 },
  ensemble: { min: 2, max: 100 },
};

export const ROUND_KINDS = ["remote", "heat", "final", "gala"] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

export const ADVANCE_RULES = ["none", "top_n", "min_score"] as const;
export type AdvanceRule = (typeof ADVANCE_RULES)[number];
