import { z } from "zod";

import { CITIES } from "~/domain/cities";
import { CITY_COUNTRY, COUNTRIES, type Country, type Region, regionOfCity, REGIONS } from "~/domain/regions";

const text = (max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim().replace(/\s+/g, " ") : v),
    z.string().max(max, "errors.tooLong").default(""),
  );

/**
 * A club's details as an organiser, an admin or its leader types them. A town in Toi's list gives
 * the region and country; a town that isn't ("other") is kept exactly as typed, with its region
 * chosen, and a club abroad names its country.
 */
export const clubSchema = z
  .object({
    name: text(200).refine((v) => v.length > 0, "errors.required"),
    nameKk: text(200),
    nameRu: text(200),
    nameEn: text(200),
    city: z.enum(CITIES, { error: "errors.choose" }),
    town: text(100),
    region: z.enum(REGIONS).or(z.literal("")).default(""),
    country: z.enum(COUNTRIES).or(z.literal("")).default(""),
  })
  .superRefine((v, ctx) => {
    if (v.city !== "other") return;
    if (!v.town) ctx.addIssue({ code: "custom", path: ["town"], message: "errors.required" });
    if (!v.region) ctx.addIssue({ code: "custom", path: ["region"], message: "errors.choose" });
    if (v.region === "abroad" && (!v.country || v.country === "KZ"))
      ctx.addIssue({ code: "custom", path: ["country"], message: "errors.choose" });
  })
  .transform((v) => {
    const known = regionOfCity(v.city);
    const region: Region = known ?? (v.region as Region);
    const country: Country = CITY_COUNTRY[v.city] ?? (region === "abroad" ? (v.country as Country) : "KZ");
    return {
      name: v.name,
      nameKk: v.nameKk,
      nameRu: v.nameRu,
      nameEn: v.nameEn,
      city: v.city,
      town: v.city === "other" ? v.town : null,
      region,
      country,
    };
  });

export type ClubData = z.output<typeof clubSchema>;
export type ClubValues = Partial<
  Record<"name" | "nameKk" | "nameRu" | "nameEn" | "city" | "town" | "region" | "country", string>
>;
