import { z } from "zod";

/** A row id (a 32-bit integer column). */
const id = z
  .int()
  .positive()
  .max(2 ** 31 - 1);

/** One score change from the judge's device (app/judge-offline/score-queue.ts). */
export const scoreItemSchema = z.object({
  roundId: id,
  entryId: id,
  criterionId: id,
  value: z.number(),
  /** Date.now() × 1000 + a per-device counter: a safe integer. */
  version: z.int().positive(),
});

/** The body the judge's device posts to /judge/scores. */
export const scoreBatchSchema = z.object({ items: z.array(scoreItemSchema).min(1).max(200) });

/** A score field's name in the sheet form: `score.c<criterionId>` (a bare number would read as an array index). */
export const scoreFieldName = (criterionId: number) => `score.c${criterionId}`;

/** The longest text a score field takes ("1000.00" is 7): anything longer is not a score. */
export const SCORE_TEXT_MAX = 20;

/**
 * One entry's score sheet posted as a form (the screen without JavaScript): `entryId` and the
 * scores as typed, by criterion id; the action reads each value against the criterion's maximum.
 */
export const sheetFormSchema = z.object({
  intent: z.literal("save"),
  entryId: z.coerce.number().pipe(id),
  score: z
    // A value longer than a score can be is kept cut to one character more than SCORE_TEXT_MAX:
    // the field says it is not a score, and the rest of the sheet still saves.
    .record(
      z.string().regex(/^c\d{1,10}$/),
      z.string().transform((v) => v.slice(0, SCORE_TEXT_MAX + 1)),
    )
    .default({})
    .transform(
      (fields) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.slice(1), v])) as Record<string, string>,
    ),
});
