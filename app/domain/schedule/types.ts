// Shapes shared by the running-order generator, the conflict checker and the slot-editing helpers.
//
// Time is an integer number of minutes since an epoch the caller chooses (for instance minutes since
// 00:00 Asia/Almaty on the event's first day). The domain never sees a Date or a time zone, so the
// same input gives the same programme on any machine; converting to and from instants is the
// caller's job, on the edge where the data is loaded and saved.

/** A half-open span of minutes, [start, end). */
export interface TimeRange {
  start: number;
  end: number;
}

/**
 * A stage and when it can be used. Breaks can be given either way, or both: as gaps between
 * `windows` (10:00–13:00 and 14:00–19:00), or as explicit `breaks` cut out of the windows
 * (10:00–19:00 with a 13:00–14:00 break), which is how `stage_windows` rows of kind 'break' arrive.
 * The stage is available in the union of its windows minus the union of its breaks.
 */
export interface StageInput {
  id: number;
  name: string;
  windows: readonly TimeRange[];
  breaks?: readonly TimeRange[];
}

/** One confirmed entry of the round, as the generator needs to see it. */
export interface PerformanceInput {
  entryId: number;
  nominationId: number;
  ageGroupId: number | null;
  /** The youngest age of the entry's age group: blocks of younger groups go first. */
  ageMin: number;
  durationMinutes: number;
  /** The children on stage; a child is never in two places at once. */
  memberIds: readonly number[];
  /** The jury panel that judges the entry (see `panelKeyOf`); a panel's entries form one block on one stage. */
  panelKey: string;
  /**
   * Minutes the stage needs after this performance before the next one starts, when it differs from
   * the round's `changeoverMinutes` (an ensemble's props take longer to clear than a soloist's stand).
   */
  changeoverAfterMinutes?: number;
}

export interface ScheduleOptions {
  /** Minutes between the end of one performance and the start of the next on a stage. Default 5. */
  changeoverMinutes?: number;
  /**
   * Minutes a child needs between the end of one performance and the start of their next, on any
   * stage (costumes, warm-up). Default 15.
   */
  minGapMinutes?: number;
  /** The organiser's order of panel blocks; blocks not listed follow, in the default order. */
  blockOrder?: readonly string[];
  /** A panel's stage, when the organiser has chosen one: the panel is placed there and only there. */
  preferredStage?: Readonly<Record<string, number>>;
}

export interface ScheduleInput {
  stages: readonly StageInput[];
  performances: readonly PerformanceInput[];
  options?: ScheduleOptions;
}

/** A performance on a stage: [start, end), in whole minutes. */
export interface Slot {
  entryId: number;
  stageId: number;
  start: number;
  end: number;
}

export interface ResolvedOptions {
  changeoverMinutes: number;
  minGapMinutes: number;
  blockOrder: readonly string[];
  preferredStage: Readonly<Record<string, number>>;
}

export const DEFAULT_CHANGEOVER_MINUTES = 5;
export const DEFAULT_MIN_GAP_MINUTES = 15;

/** The usual panel key: one jury per nomination and age group ('all' when the event has no age groups). */
export function panelKeyOf(nominationId: number, ageGroupId: number | null): string {
  return `${nominationId}:${ageGroupId ?? "all"}`;
}

/** The changeover the stage needs after `performance`: its own, or the round's. */
export function changeoverAfter(
  performance: Pick<PerformanceInput, "changeoverAfterMinutes"> | undefined,
  options: Pick<ResolvedOptions, "changeoverMinutes">,
): number {
  return performance?.changeoverAfterMinutes ?? options.changeoverMinutes;
}

/** Options with their defaults; a negative or non-finite number is a programming error and throws. */
export function resolveOptions(options: ScheduleOptions = {}): ResolvedOptions {
  const changeoverMinutes = options.changeoverMinutes ?? DEFAULT_CHANGEOVER_MINUTES;
  const minGapMinutes = options.minGapMinutes ?? DEFAULT_MIN_GAP_MINUTES;
  for (const [name, value] of [
    ["changeoverMinutes", changeoverMinutes],
    ["minGapMinutes", minGapMinutes],
  ] as const) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number ≥ 0, got ${value}`);
  }
  return {
    changeoverMinutes,
    minGapMinutes,
    blockOrder: options.blockOrder ?? [],
    preferredStage: options.preferredStage ?? {},
  };
}
