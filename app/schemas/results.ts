import { z } from "zod";

import { parseScoreText } from "~/domain/score-value";
import { MAX_ID } from "~/forms/ids";

import { idSchema as id } from "./id";

const text = (max: number) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(max, "errors.tooLong"));

/**
 * The chair's order for entries tied after every tie-break: each entry's place within the tie
 * (order.N.entryId, order.N.position). Nothing is preselected: every entry needs a place of its
 * own, 1 … the number of tied entries. Output: the entry ids, best first.
 */
export const tieOrderSchema = z.object({
  order: z
    .array(
      z.object({
        entryId: id,
        position: z.preprocess(
          (v) => (v === "" || v == null ? null : v),
          z.coerce.number({ error: "errors.choose" }).int("errors.choose").min(1, "errors.choose").nullable(),
        ),
      }),
    )
    .min(2, "errors.choose")
    .max(1000, "errors.tooMany")
    .superRefine((list, ctx) => {
      const positions = list.map((o) => o.position);
      if (positions.some((p) => p === null))
        ctx.addIssue({ code: "custom", message: "results.review.errors.positionMissing" });
      else if (new Set(positions).size !== list.length)
        ctx.addIssue({ code: "custom", message: "results.review.errors.positionsTwice" });
      else if (positions.some((p) => p! > list.length)) ctx.addIssue({ code: "custom", message: "errors.choose" });
      if (new Set(list.map((o) => o.entryId)).size !== list.length)
        ctx.addIssue({ code: "custom", message: "errors.invalid" });
    })
    .transform((list) => [...list].sort((a, b) => a.position! - b.position!).map((o) => o.entryId)),
});
export type TieOrderFormValues = z.input<typeof tieOrderSchema>;

/** Clears the chair's recorded order for these entries (order.N.entryId, as the decision lists them). */
export const clearTieSchema = z.object({
  entryIds: z.array(id).min(1, "errors.choose").max(1000, "errors.tooMany"),
});

/** The Grand Prix: an entry id, "none" (decided not to award it) or "undecided" (clears the decision). */
export const grandPrixSchema = z.object({
  choice: z.union(
    [
      z.enum(["none", "undecided"]),
      z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().positive().max(MAX_ID)),
    ],
    { error: "errors.choose" },
  ),
});
export type GrandPrixFormValues = z.input<typeof grandPrixSchema>;

/** A special prize of the jury: the entry and its name in at least one language. */
export const specialPrizeSchema = z
  .object({ entryId: id, nameKk: text(200), nameRu: text(200), nameEn: text(200) })
  .refine((p) => p.nameKk || p.nameRu || p.nameEn, { message: "errors.nameOneLanguage", path: ["nameRu"] });
export type SpecialPrizeFormValues = z.input<typeof specialPrizeSchema>;

export const removePrizeSchema = z.object({ prizeId: id });

/** The largest criterion maximum a scoring form offers; the criterion's own maximum is checked on the server. */
const OVERRIDE_MAX = 1000;

/**
 * An organiser's change of a judge's score: whose, which criterion, the value read exactly as the
 * judge's screen reads it (parseScoreText: digits with a decimal point or comma, hundredths at
 * most; the criterion's maximum is checked on the server) and, always, the reason.
 */
export const overrideScoreSchema = z.object({
  entryId: id,
  judgeUserId: id,
  criterionId: id,
  value: z.preprocess(
    (v) => {
      if (typeof v !== "string") return v;
      // A minus sign is read (and refused as too small) rather than called "not a number".
      const typed = v.trim();
      const negative = typed.startsWith("-");
      const parsed = parseScoreText(negative ? typed.slice(1) : typed, Number.POSITIVE_INFINITY);
      if (parsed === null) return undefined;
      if (parsed === "invalid") return Number.NaN;
      return negative ? -parsed : parsed;
    },
    z.number({ error: "errors.number" }).min(0, "errors.tooSmall").max(OVERRIDE_MAX, "errors.tooBig"),
  ),
  reason: text(500).pipe(z.string().min(1, "results.review.errors.reasonRequired")),
});
export type OverrideScoreFormValues = z.input<typeof overrideScoreSchema>;
