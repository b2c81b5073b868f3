import { z } from "zod";

import { FORMATS } from "~/domain/event-kinds";

import { idSchema, numericIdSchema } from "./id";

const whole = (max: number) =>
  z.preprocess(
    (v) => (v === "" || v == null ? undefined : v),
    z.coerce
      .number({ error: "errors.number" })
      .int("errors.wholeNumber")
      .min(0, "errors.tooSmall")
      .max(max, "errors.tooBig")
      .optional(),
  );

/**
 * One entry as the family's form posts it. Checkboxes arrive as `members.child<id>=on`: a key that
 * is not a bare number, so the form glue keeps an object instead of making an array of it.
 */
export const entryFormSchema = z
  .object({
    nominationId: idSchema,
    format: z.enum(FORMATS, { error: "errors.choose" }),
    members: z.preprocess(
      (v) =>
        v && typeof v === "object" && !Array.isArray(v)
          ? Object.entries(v)
              .filter(([key, on]) => /^child\d+$/.test(key) && (on === "on" || on === true))
              .map(([key]) => Number(key.slice("child".length)))
          : [],
      z.array(numericIdSchema).min(1, "errors.chooseChild").max(100, "errors.tooMany"),
    ),
    title: z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(300, "errors.tooLong")),
    durationMinutes: whole(600),
    durationSeconds: whole(59),
    videoUrl: z.preprocess(
      (v) => (typeof v === "string" && v.trim() ? v.trim() : undefined),
      z.string().max(2000, "errors.tooLong").optional(),
    ),
    idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "errors.invalid"),
  })
  .transform((v) => ({
    ...v,
    totalSeconds:
      v.durationMinutes === undefined && v.durationSeconds === undefined
        ? null
        : (v.durationMinutes ?? 0) * 60 + (v.durationSeconds ?? 0),
  }));

export type EntryFormData = z.output<typeof entryFormSchema>;
