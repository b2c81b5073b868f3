import { z } from "zod";

import { isIsoDate } from "~/domain/time";
import { MAX_ID } from "~/forms/ids";

import { idSchema as id } from "./id";

const text = (max: number) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(max, "errors.tooLong"));
const date = z.string({ error: "errors.date" }).refine(isIsoDate, "errors.date");
// A wall-clock time to the minute, as the running order is built (09:07 is as good as 09:05).
const time = z.string({ error: "schedule.errors.time" }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "schedule.errors.time");

/** A stage of a round: its name in at least one language, and where it is. */
export const stageSchema = z
  .object({ nameKk: text(200), nameRu: text(200), nameEn: text(200), venue: text(300) })
  .refine((s) => s.nameKk || s.nameRu || s.nameEn, { message: "errors.nameOneLanguage", path: ["nameRu"] });
export type StageFormValues = z.input<typeof stageSchema>;

/** When a stage is open, or a break, on one day of the round. */
export const stageWindowSchema = z
  .object({ stageId: id, kind: z.enum(["open", "break"], { error: "errors.choose" }), date, from: time, to: time })
  .refine((w) => w.to > w.from, { message: "schedule.errors.timeOrder", path: ["to"] });
export type StageWindowFormValues = z.input<typeof stageWindowSchema>;

/** Moves one slot of the draft to a new start, on the same or another stage. */
export const moveSlotSchema = z.object({ entryId: id, stageId: id, date, time });
export type MoveSlotFormValues = z.input<typeof moveSlotSchema>;

// Whole minutes, 0 or more, as the running order is built: anything else is refused with a message,
// never rounded.
const wholeMinutes = (max: number, fallback: number) =>
  z.coerce
    .number({ error: "errors.number" })
    .int("schedule.errors.wholeMinutes")
    .min(0, "schedule.errors.wholeMinutes")
    .max(max, "errors.tooBig")
    .default(fallback);

/** The organiser's choices for generating a running order (defaults: 5 and 15 minutes, younger first). */
export const generateSchema = z.object({
  changeoverMinutes: wholeMinutes(60, 5),
  minGapMinutes: wholeMinutes(240, 15),
  ageOrder: z.enum(["younger", "older"], { error: "errors.choose" }).default("younger"),
});
export type GenerateChoices = z.output<typeof generateSchema>;

// A page number or a running-order number in a query: anything else is as if not given.
const optionalCount = z.coerce.number().int().positive().max(MAX_ID).optional().catch(undefined);

/** What the running-order page is asked to show (its query): a stage's day and page, a number, or a search. */
export const editorViewSchema = z.object({
  day: z.string().refine(isIsoDate).optional().catch(undefined),
  stage: optionalCount,
  page: optionalCount,
  at: optionalCount,
  find: z.string().trim().max(200).optional().catch(undefined),
  unplaced: optionalCount,
});
