import type { FieldErrors, FieldValues } from "react-hook-form";
import type { z } from "zod";

import { todayIn } from "~/domain/time";
import { type FormResult, validateForm } from "~/forms/validate";

import type { DB } from "../platform/db.server";

/**
 * A posted child form, a family's or a club's: its schema's checks, and a birth date that has not
 * come yet refused beside them. The schema cannot know which day it is where the federation is,
 * nor which clubs exist: a club id that names none (or an archived one) is "choose a club".
 */
export async function validateChildForm<
  Values extends FieldValues,
  Out extends { birthDate: string; clubId?: number | null },
>(
  db: DB,
  schema: z.ZodType<Out>,
  formData: FormData,
  /** The child's current club, which stays a valid choice even once archived. */
  keepClubId: number | null = null,
): Promise<FormResult<Out, Values>> {
  const result = await validateForm<Values, Out>(schema, formData);
  if (!result.ok) return result;
  const refuse = (field: string, message: string) => ({
    ok: false as const,
    values: Object.fromEntries(formData) as unknown as Values,
    errors: { [field]: { type: "custom", message } } as unknown as FieldErrors<Values>,
  });
  if (result.data.birthDate >= todayIn()) return refuse("birthDate", "errors.birthDateFuture");
  const clubId = result.data.clubId;
  if (clubId != null && clubId !== keepClubId && !(await clubOffered(db, clubId)))
    return refuse("clubId", "errors.chooseClub");
  return result;
}

async function clubOffered(db: DB, clubId: number): Promise<boolean> {
  const club = await db
    .selectFrom("clubs")
    .select("id")
    .where("id", "=", clubId)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  return club !== undefined;
}
