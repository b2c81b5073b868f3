import { z } from "zod";

import { LOCALES } from "~/domain/locale";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/domain/password-policy";
import { normalisePhone } from "~/domain/phone";

// Message keys under errors.*; the common-password check runs on the server only (the list stays there).
export const email = z
  .string({ error: "errors.required" })
  .trim()
  .min(1, "errors.required")
  .max(254, "errors.tooLong")
  .pipe(z.email({ error: "errors.email" }));
/** A person's name as they want to be addressed. */
export const personName = z
  .string({ error: "errors.required" })
  .trim()
  .min(1, "errors.required")
  .max(200, "errors.tooLong");
export const newPassword = z
  .string({ error: "errors.required" })
  .min(1, "errors.required")
  .refine((p) => [...p].length >= PASSWORD_MIN, "errors.passwordTooShort")
  .refine((p) => [...p].length <= PASSWORD_MAX, "errors.passwordTooLong");

export const signupSchema = z.object({
  name: personName,
  email,
  password: newPassword,
  locale: z.enum(LOCALES, { error: "errors.choose" }),
});
export type SignupValues = { name: string; email: string; password: string; locale: string };

/** An optional phone number: empty clears it; otherwise a +7 number, stored as "+77012345678". */
export const phoneSchema = z.object({
  phone: z
    .string()
    .max(40, "errors.tooLong")
    .transform((text, ctx) => {
      if (!text.trim()) return null;
      const phone = normalisePhone(text);
      if (!phone) ctx.addIssue({ code: "custom", message: "errors.phone" });
      return phone ?? z.NEVER;
    }),
});

export const emailOnlySchema = z.object({ email });
export const newPasswordSchema = z.object({ token: z.string().min(1).max(200), password: newPassword });
export const changePasswordSchema = z.object({
  currentPassword: z.string({ error: "errors.required" }).min(1, "errors.required").max(1024, "errors.tooLong"),
  password: newPassword,
});
