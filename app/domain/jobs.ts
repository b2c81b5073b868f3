/*
 * What the organiser reads about a background job: how far it is and how long it has left.
 */

export const ACTIVE_JOB_STATES = ["queued", "running"] as const;

export interface JobProgress {
  done: number;
  total: number | null;
  /** When the current run began; null while queued. */
  startedAt: Date | null;
}

/**
 * Seconds left, from the pace so far (items done since the run began): null until there is a pace
 * to go by (nothing done yet, or no total), 0 when all is done.
 */
export function secondsLeft({ done, total, startedAt }: JobProgress, now: Date): number | null {
  if (total === null || startedAt === null) return null;
  if (done >= total) return 0;
  if (done <= 0) return null;
  const elapsed = Math.max(0, now.getTime() - startedAt.getTime()) / 1000;
  return Math.max(1, Math.ceil((elapsed / done) * (total - done)));
}

/** Whole percent done, 0–100; null without a total. */
export function percentDone({ done, total }: Pick<JobProgress, "done" | "total">): number | null {
  if (total === null || total <= 0) return null;
  return Math.min(100, Math.max(0, Math.floor((done / total) * 100)));
}
