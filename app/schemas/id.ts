import { z } from "zod";

import { MAX_ID } from "~/forms/ids";

/**
 * A row id posted in a form or a query: a positive whole number that fits a PostgreSQL `integer`
 * column (the bound `parseId` in app/forms/ids.ts keeps for URL parameters). Anything else is a
 * form error ("errors.choose"), never a database error.
 */
export const idSchema = z.coerce
  .number({ error: "errors.choose" })
  .int("errors.choose")
  .positive("errors.choose")
  .max(MAX_ID, "errors.choose");

/** The same, for a field that may be left blank: "" or nothing gives undefined. */
export const optionalIdSchema = z.preprocess((v) => (v === "" || v == null ? undefined : v), idSchema.optional());

/** An id already read as a number (e.g. from a field's name): the same bounds. */
export const numericIdSchema = z
  .number()
  .int("errors.invalid")
  .positive("errors.invalid")
  .max(MAX_ID, "errors.invalid");
