import { z } from "zod";

const text = (max: number) => z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(max, "errors.tooLong"));
const id = z.coerce.number({ error: "errors.choose" }).int("errors.choose").positive("errors.choose");

/**
 * The chair's order for entries tied after every tie-break: each entry's place within the tie
 * (order.N.entryId, order.N.position). Output: the entry ids, best first.
 */
export const tieOrderSchema = z.object({
  order: z
    .array(z.object({ entryId: id, position: z.coerce.number({ error: "errors.choose" }).int("errors.choose").min(1, "errors.choose") }))
    .min(2, "errors.choose")
    .max(1000, "errors.tooMany")
    .refine((list) => new Set(list.map((o) => o.position)).size === list.length, "results.review.errors.positionsTwice")
    .refine((list) => new Set(list.map((o) => o.entryId)).size === list.length, "errors.invalid")
    .transform((list) => [...list].sort((a, b) => a.position - b.position).map((o) => o.entryId)),
});
export type TieOrderFormValues = z.input<typeof tieOrderSchema>;

/** The Grand Prix: an entry id, "none" (decided not to award it) or "undecided" (clears the decision). */
export const grandPrixSchema = z.object({
  choice: z.union([z.enum(["none", "undecided"]), z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().positive())], { error: "errors.choose" }),
});
export type GrandPrixFormValues = z.input<typeof grandPrixSchema>;

/** A special prize of the jury: the entry and its name in at least one language. */
export const specialPrizeSchema = z
  .object({ entryId: id, nameKk: text(200), nameRu: text(200), nameEn: text(200) })
  .refine((p) => p.nameKk || p.nameRu || p.nameEn, { message: "errors.nameOneLanguage", path: ["nameRu"] });
export type SpecialPrizeFormValues = z.input<typeof specialPrizeSchema>;

export const removePrizeSchema = z.object({ prizeId: id });

/**
 * An organiser's change of a judge's score: whose, which criterion, the value (a decimal comma is
 * fine; the criterion's maximum is checked on the server) and, always, the reason.
 */
export const overrideScoreSchema = z.object({
  entryId: id,
  judgeUserId: id,
  criterionId: id,
  value: z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim().replace(",", "."))) : v),
    z.number({ error: "errors.number" }).min(0, "errors.tooSmall").max(1000, "errors.tooBig"),
  ),
  reason: text(500).pipe(z.string().min(1, "results.review.errors.reasonRequired")),
});
export type OverrideScoreFormValues = z.input<typeof overrideScoreSchema>;
