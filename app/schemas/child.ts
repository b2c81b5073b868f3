import { z } from "zod";

import { isIsoDate } from "~/domain/time";

import { optionalIdSchema } from "./id";
import { checkPlace, type Place, placeFields, placeOf } from "./place";

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
  ...placeFields,
  clubId: optionalId,
  publicName: z.enum(["full", "initial"], { error: "errors.choose" }),
});

/**
 * A child form's fields checked together: a town outside Toi's list is kept exactly as typed, with
 * its region chosen (abroad: its country); a town in the list gives both.
 */
export function withPlace<S extends typeof childFields>(schema: S) {
  return schema
    .superRefine(checkPlace)
    .transform((v) => ({ ...v, ...placeOf(v) }) as Omit<z.output<S>, keyof Place> & Place);
}

export const childSchema = withPlace(childFields);

/** Adding a child: consent to data processing is required; photo and video publication is separate and optional. */
export const newChildSchema = withPlace(
  childFields.extend({
    dataConsent: checkbox.refine((v) => v, "errors.dataConsentRequired"),
    photoConsent: checkbox,
  }),
);

export type ChildValues = {
  lastName: string;
  firstName: string;
  patronymic: string;
  birthDate: string;
  city: string;
  town: string;
  region: string;
  country: string;
  clubId: string;
  publicName: string;
  dataConsent?: boolean | string;
  photoConsent?: boolean | string;
};
/**
 * A child as the use-cases take it: a form's output, or code's own data, where a place left out is
 * the listed town's (the region and country a town in Toi's list gives).
 */
export type ChildData = Omit<z.output<typeof childSchema>, keyof Place> &
  Pick<Place, "city"> &
  Partial<Omit<Place, "city">>;
