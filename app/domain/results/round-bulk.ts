/*
 * Locking or publishing every section of a round at once. A section is incomplete when some of its
 * entries have no judge who may score them (no panel, or every judge recused by a conflict of
 * interest) or lack a score; incomplete sections are skipped unless the organiser names them.
 */

export type BulkAction = "lock" | "publish";
export type SectionProblem = "no_judge" | "missing_scores" | "not_computed";

export interface BulkSectionState {
  sectionId: number | null;
  entries: number;
  fullyScored: number;
  withoutJudge: number;
  lockedAt: string | null;
  publishedAt: string | null;
}

/** What keeps a section from being complete: judges, scores, or a section never computed. */
export function sectionProblems(s: BulkSectionState): SectionProblem[] {
  const problems: SectionProblem[] = [];
  if (s.sectionId === null) problems.push("not_computed");
  if (s.withoutJudge > 0) problems.push("no_judge");
  if (s.fullyScored + s.withoutJudge < s.entries) problems.push("missing_scores");
  return problems;
}

/** Whether the action still has something to do for the section (a published section is locked). */
export function needsAction(s: BulkSectionState, action: BulkAction): boolean {
  return action === "lock" ? s.lockedAt === null && s.publishedAt === null : s.publishedAt === null;
}

/**
 * Splits a round's sections for an action: `ready` are complete and will be changed, `incomplete`
 * only when named in `include` (a section never computed cannot be, whatever the organiser says),
 * `done` need nothing.
 */
export function planRoundAction<S extends BulkSectionState>(
  sections: readonly S[],
  action: BulkAction,
  include: ReadonlySet<number> = new Set(),
): { ready: S[]; incomplete: (S & { problems: SectionProblem[] })[]; included: S[]; done: S[] } {
  const ready: S[] = [];
  const incomplete: (S & { problems: SectionProblem[] })[] = [];
  const included: S[] = [];
  const done: S[] = [];
  for (const s of sections) {
    if (!needsAction(s, action)) {
      done.push(s);
      continue;
    }
    const problems = sectionProblems(s);
    if (problems.length === 0) ready.push(s);
    else {
      incomplete.push({ ...s, problems });
      if (s.sectionId !== null && include.has(s.sectionId)) included.push(s);
    }
  }
  return { ready, incomplete, included, done };
}
