import { z } from "zod";

export const loginSchema = z.object({
  email: z.string({ error: "errors.required" }).trim().min(1, "errors.required").max(320, "errors.tooLong"),
  password: z.string({ error: "errors.required" }).min(1, "errors.required").max(1024, "errors.tooLong"),
  redirectTo: z.string().optional(),
});
