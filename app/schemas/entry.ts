import { z } from "zod";

import { FORMATS } from "~/domain/event-kinds";

import { phoneSchema } from "./account";
import { idempotencyKeySchema, pieceFields, totalSeconds } from "./entry-piece";
import { idSchema, numericIdSchema } from "./id";

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
    ...pieceFields,
    /** Offered only while the account has no phone: the guardian's phone for the day, as on the account page. */
    phone: phoneSchema.shape.phone.optional(),
    idempotencyKey: idempotencyKeySchema,
  })
  .transform((v) => ({ ...v, totalSeconds: totalSeconds(v) }));

export type EntryFormData = z.output<typeof entryFormSchema>;
