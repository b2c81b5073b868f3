import { zodResolver } from "@hookform/resolvers/zod";
import type { FieldErrors, FieldValues, Resolver } from "react-hook-form";
import type { z } from "zod";

import { formDataToObject } from "./form-data";

export type FormResult<Out, Values extends FieldValues> =
  { ok: true; data: Out } | { ok: false; values: Values; errors: FieldErrors<Values> };

/** The one resolver for a schema: the form runs it in the browser and the action on the server. */
export function schemaResolver<Values extends FieldValues, Out>(
  schema: z.ZodType<Out>,
): Resolver<Values, unknown, Out> {
  return zodResolver(schema as never) as unknown as Resolver<Values, unknown, Out>;
}

/**
 * Validates a posted form with the same resolver the browser runs, so errors come back in
 * react-hook-form's shape and show by the field with or without JavaScript.
 */
export async function validateForm<Values extends FieldValues, Out>(
  schema: z.ZodType<Out>,
  formData: FormData,
): Promise<FormResult<Out, Values>> {
  const values = formDataToObject(formData) as Values;
  const result = await schemaResolver<Values, Out>(schema)(values, undefined, {
    fields: {},
    shouldUseNativeValidation: false,
  });
  if (Object.keys(result.errors).length > 0)
    return { ok: false, values, errors: stripRefs(result.errors) as FieldErrors<Values> };
  return { ok: true, data: result.values as Out };
}

/** Errors travel to the client as JSON: keep only type and message (refs point at DOM nodes). */
function stripRefs(errors: unknown): unknown {
  if (Array.isArray(errors)) return errors.map(stripRefs);
  if (errors && typeof errors === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(errors)) if (k !== "ref") out[k] = stripRefs(v);
    return out;
  }
  return errors;
}
