import { z } from "zod";

import { CITIES } from "~/domain/cities";
import { isIsoDate } from "~/domain/time";

import { optionalIdSchema } from "./id";

// Letters of any script (Kazakh, Russian, Latin), spaces, hyphens and apostrophes.
const NAME = /^[\p{L}][\p{L}\p{M}' \-ʼ’]*$/u;
const name = (required: boolean) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim().replace(/\s+/g, " ") : v),
    required
      ? z
          .string({ error: "errors.required" })
          .min(1, "errors.required")
          .max(100, "errors.tooLong")
          .regex(NAME, "errors.personName")
      : z.string().max(100, "errors.tooLong").regex(NAME, "errors.personName").or(z.literal("")).default(""),
  );
const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());
const optionalId = optionalIdSchema;

export const childFields = z.object({
  lastName: name(true),
  firstName: name(true),
  patronymic: name(false),
  birthDate: z.string({ error: "errors.required" }).trim().min(1, "errors.required").refine(isIsoDate, "errors.date"),
  city: z.enum(CITIES, { error: "errors.choose" }),
  clubId: optionalId,
  publicName: z.enum(["full", "initial"], { error: "errors.choose" }),
});

/** Adding a child: consent to data processing is required; photo and video publication is separate and optional. */
export const newChildSchema = childFields.extend({
  dataConsent: checkbox.refine((v) => v, "errors.dataConsentRequired"),
  photoConsent: checkbox,
});

export type ChildValues = {
  lastName: string;
  firstName: string;
  patronymic: string;
  birthDate: string;
  city: string;
  clubId: string;
  publicName: string;
  dataConsent?: boolean | string;
  photoConsent?: boolean | string;
};
export type ChildData = z.output<typeof childFields>;
