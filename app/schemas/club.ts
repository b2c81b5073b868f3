import { z } from "zod";

import { checkPlace, placeFields, placeOf, placeText } from "./place";

/**
 * A club's details as an organiser, an admin or its leader types them. A town in Toi's list gives
 * the region and country; a town that isn't ("other") is kept exactly as typed, with its region
 * chosen, and a club abroad names its country.
 */
export const clubSchema = z
  .object({
    name: placeText(200).refine((v) => v.length > 0, "errors.required"),
    nameKk: placeText(200),
    nameRu: placeText(200),
    nameEn: placeText(200),
    ...placeFields,
  })
  .superRefine(checkPlace)
  .transform((v) => ({
    name: v.name,
    nameKk: v.nameKk,
    nameRu: v.nameRu,
    nameEn: v.nameEn,
    ...placeOf(v),
  }));

export type ClubData = z.output<typeof clubSchema>;
export type ClubValues = Partial<
  Record<"name" | "nameKk" | "nameRu" | "nameEn" | "city" | "town" | "region" | "country", string>
>;
