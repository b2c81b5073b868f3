import type { Locale } from "~/domain/locale";
import { type BulkAction, planRoundAction } from "~/domain/results/round-bulk";

import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { type OverviewRound, type OverviewSection, resultsOverview } from "./overview.server";
import { lockSectionIn, publishSectionIn, type SectionOutcome } from "./publication.server";

/*
 * Locking or publishing every section of a round in one go: a summary first (which sections are
 * ready, which are incomplete and why), then one transaction that runs the per-section lock and
 * publish (publication.server.ts) on each chosen section, so each is audited and its families are
 * emailed through the outbox exactly as when it is published alone. Publishing locks first.
 */

export type RoundSummary = ReturnType<typeof planRoundAction<OverviewSection>> & {
  round: OverviewRound;
  action: BulkAction;
};

/** What the action would do to the round's sections; null when the round is not the event's. */
export async function roundActionSummary(
  db: DB,
  { eventId, roundId, action, locale }: { eventId: number; roundId: number; action: BulkAction; locale: Locale },
  include: ReadonlySet<number> = new Set(),
): Promise<RoundSummary | null> {
  const [round] = await resultsOverview(db, eventId, locale, { roundId });
  if (!round) return null;
  return { round, action, ...planRoundAction(round.sections, action, include) };
}

export type RoundActionResult =
  | { status: "not_found" }
  | {
      status: "done";
      /** Sections locked (lock) or published (publish). */
      changed: number;
      /** Incomplete sections left as they were. */
      skipped: number;
      /** Sections a per-section rule refused (e.g. a Grand Prix to choose again). */
      refused: number;
      /** Families emailed. */
      emailed: number;
    };

/**
 * Locks or publishes the round's complete sections and the incomplete ones named in `include`; the
 * others are skipped. The summary is read again here, so a section that became incomplete since the
 * organiser saw it is skipped too.
 */
export async function applyToRound(
  db: DB,
  actor: Actor,
  input: { eventId: number; roundId: number; action: BulkAction; include: number[]; baseUrl: string; locale: Locale },
): Promise<RoundActionResult> {
  const summary = await roundActionSummary(db, input, new Set(input.include));
  if (!summary) return { status: "not_found" };
  const targets = [...summary.ready, ...summary.included].map((s) => s.sectionId!);
  const skipped = summary.incomplete.length - summary.included.length;
  return db.transaction().execute(async (tx) => {
    let changed = 0;
    let refused = 0;
    let emailed = 0;
    for (const sectionId of targets) {
      const scope = { eventId: input.eventId, sectionId };
      let outcome: SectionOutcome = await lockSectionIn(tx, actor, scope);
      if (input.action === "publish" && outcome.status !== "not_found")
        outcome = await publishSectionIn(tx, actor, { ...scope, baseUrl: input.baseUrl });
      if (outcome.status === "refused") refused++;
      else if (outcome.status !== "already" && outcome.status !== "not_found") changed++;
      if (outcome.status === "published") emailed += outcome.emailed;
    }
    await audit(tx, actor, {
      action: input.action === "lock" ? "results.round_lock" : "results.round_publish",
      entityType: "round",
      entityId: input.roundId,
      eventId: input.eventId,
      after: {
        sections: targets,
        included: summary.included.map((s) => s.sectionId),
        skipped: summary.incomplete.map((s) => s.sectionId),
        changed,
        refused,
        emailed,
      },
    });
    return { status: "done" as const, changed, skipped, refused, emailed };
  });
}
