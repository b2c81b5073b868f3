import { z } from "zod";

import { idSchema as id } from "./id";

/** What the results overview can do: compute a round, or change one section's state. */
export const resultsActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("compute"), roundId: id }),
  z.object({ intent: z.enum(["lock", "unlock", "publish", "unpublish"]), sectionId: id }),
]);
export type ResultsAction = z.output<typeof resultsActionSchema>;

/**
 * The advancement form: the round, the (locked) sections it shows, and the ticked entries. An
 * unticked entry of a shown section leaves the next round. Read with FormData.getAll, as the
 * checkboxes repeat one name.
 */
export const advanceSchema = z.object({
  roundId: id,
  sectionIds: z.array(id).min(1, "errors.choose").max(10_000),
  entryIds: z.array(id).max(100_000),
});
export type AdvanceInput = z.output<typeof advanceSchema>;

/** The results export: which format and which round. */
export const resultsExportSchema = z.object({ format: z.enum(["csv", "xlsx"]), round: id });
