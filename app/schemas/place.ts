import { z } from "zod";

import { CITIES, type City } from "~/domain/cities";
import { CITY_COUNTRY, COUNTRIES, type Country, isRegion, type Region, regionOfCity, REGIONS } from "~/domain/regions";

export const placeText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim().replace(/\s+/g, " ") : v),
    z.string().max(max, "errors.tooLong").default(""),
  );

/**
 * Where a club or a child is, as typed: a town from Toi's list, or "other" with the town as typed
 * and its region chosen (abroad: with its country). Shared by the club and child forms.
 */
export const placeFields = {
  city: z.enum(CITIES, { error: "errors.choose" }),
  town: placeText(100),
  region: z.enum(REGIONS).or(z.literal("")).default(""),
  country: z.enum(COUNTRIES).or(z.literal("")).default(""),
};

interface PlaceInput {
  city: City;
  town: string;
  region: Region | "";
  country: Country | "";
}

/** A town outside the list needs its name and region; a region abroad needs a country other than Kazakhstan. */
export function checkPlace(v: PlaceInput, ctx: z.RefinementCtx): void {
  if (v.city !== "other") return;
  if (!v.town) ctx.addIssue({ code: "custom", path: ["town"], message: "errors.required" });
  if (!v.region) ctx.addIssue({ code: "custom", path: ["region"], message: "errors.choose" });
  if (v.region === "abroad" && (!v.country || v.country === "KZ"))
    ctx.addIssue({ code: "custom", path: ["country"], message: "errors.choose" });
}

export interface Place {
  city: City;
  /** The town exactly as typed when it is not in Toi's list; null otherwise. */
  town: string | null;
  region: Region;
  country: Country;
}

/** A town in the list gives the region and country, whatever was posted for them; another keeps what was typed. */
export function placeOf(v: PlaceInput): Place {
  const region: Region = regionOfCity(v.city) ?? (v.region as Region);
  const country: Country = CITY_COUNTRY[v.city] ?? (region === "abroad" ? (v.country as Country) : "KZ");
  return { city: v.city, town: v.city === "other" ? v.town : null, region, country };
}

export type PlaceValues = Partial<Record<"city" | "town" | "region" | "country", string>>;

/** A club's region and country as a new child's defaults: a region still in old free text is no choice. */
export function placeDefaults(club: { region: string | null; country: string }): PlaceValues {
  return { region: isRegion(club.region) ? club.region : "", country: club.country };
}
