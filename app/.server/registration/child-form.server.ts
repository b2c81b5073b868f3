import type { FieldErrors, FieldValues } from "react-hook-form";
import type { z } from "zod";

import { todayIn } from "~/domain/time";
import { type FormResult, validateForm } from "~/forms/validate";

/**
 * A posted child form, a family's or a club's: its schema's checks, and a birth date that has not
 * come yet refused beside them. The schema cannot know which day it is where the federation is.
 */
export async function validateChildForm<Values extends FieldValues, Out extends { birthDate: string }>(
  schema: z.ZodType<Out>,
  formData: FormData,
): Promise<FormResult<Out, Values>> {
  const result = await validateForm<Values, Out>(schema, formData);
  if (!result.ok || result.data.birthDate < todayIn()) return result;
  const errors = { birthDate: { type: "custom", message: "errors.birthDateFuture" } };
  return { ok: false, values: result.data as unknown as Values, errors: errors as unknown as FieldErrors<Values> };
}
