import { z } from "zod";

import { idSchema as id } from "./id";

/** Incomplete sections the organiser chose to lock or publish with the rest of a round (read with getAll). */
const includeIds = z.array(id).max(10_000).default([]);

/** What the results overview can do: compute a round, or change one section's state. */
export const resultsActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("compute"), roundId: id }),
  z.object({ intent: z.enum(["lock", "unlock", "publish", "unpublish"]), sectionId: id }),
  z.object({ intent: z.literal("lock_round"), roundId: id, include: includeIds }),
  z.object({ intent: z.literal("publish_round"), roundId: id, include: includeIds }),
]);

/** The summary shown before a whole round is locked or published: `?bulk=lock&round=…`. */
export const roundBulkQuerySchema = z.object({ bulk: z.enum(["lock", "publish"]), round: id });
export type ResultsAction = z.output<typeof resultsActionSchema>;

/**
 * The advancement form of one page of a section: the round, the (locked) section, the entries the
 * page showed and the ticked ones among them. An unticked entry of the page leaves the next round.
 * Read with FormData.getAll, as the checkboxes repeat one name.
 */
export const advanceSchema = z.object({
  roundId: id,
  sectionIds: z.array(id).min(1, "errors.choose").max(10_000),
  entryIds: z.array(id).max(100_000),
  /** Empty: every entry of the sections (the ticked ones advance, the others leave). */
  shownIds: z.array(id).max(100_000).default([]),
  /** The round of the next step; needed when the next step has several rounds. */
  targetId: id.optional(),
});
/** Applying the round's rule to one section, or without one to every section not decided yet. */
/** Without a target, into every round of the next step. */
export const advanceRuleSchema = z.object({ roundId: id, sectionId: id.optional(), targetId: id.optional() });
export type AdvanceInput = z.output<typeof advanceSchema>;

/** The results export: which format and which round. */
export const resultsExportSchema = z.object({ format: z.enum(["csv", "xlsx"]), round: id });
