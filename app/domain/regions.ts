import type { City } from "./cities";

/**
 * Where a club or a family is, for routing entries to their regional heat: Kazakhstan's 17 regions
 * (oblys, as of the 2022 reform that created Abai, Jetisu and Ulytau) and its three cities of
 * republican significance, which belong to no region. Clubs abroad are "abroad" with a country.
 * Stored as codes; names live in the catalogues under `region.<code>` and `country.<code>`.
 */
export const OBLYS = [
  "abai",
  "akmola",
  "aktobe",
  "almaty_region",
  "atyrau",
  "east_kazakhstan",
  "jambyl",
  "jetisu",
  "karaganda",
  "kostanay",
  "kyzylorda",
  "mangystau",
  "north_kazakhstan",
  "pavlodar",
  "turkistan",
  "ulytau",
  "west_kazakhstan",
] as const;

/** Cities of republican significance: each is a region of its own for heats. */
export const REPUBLIC_CITIES = ["astana", "almaty", "shymkent"] as const;

export const REGIONS = [...REPUBLIC_CITIES, ...OBLYS, "abroad"] as const;
export type Region = (typeof REGIONS)[number];

export function isRegion(value: unknown): value is Region {
  return typeof value === "string" && (REGIONS as readonly string[]).includes(value);
}

/** Countries of clubs (ISO 3166-1 alpha-2, as stored in clubs.country); names under `country.<code>`. */
export const COUNTRIES = ["KZ", "KG", "UZ", "TJ", "TM", "RU", "CN", "MN", "TR", "AZ", "GE", "AM", "BY"] as const;
export type Country = (typeof COUNTRIES)[number];

export function isCountry(value: unknown): value is Country {
  return typeof value === "string" && (COUNTRIES as readonly string[]).includes(value);
}

/** The region of each town in Toi's list; "other" has none (the region is chosen with the typed name). */
export const CITY_REGION: Record<Exclude<City, "other">, Region> = {
  almaty: "almaty",
  astana: "astana",
  shymkent: "shymkent",
  aktau: "mangystau",
  aktobe: "aktobe",
  atyrau: "atyrau",
  karaganda: "karaganda",
  kokshetau: "akmola",
  konaev: "almaty_region",
  kostanay: "kostanay",
  kyzylorda: "kyzylorda",
  oral: "west_kazakhstan",
  oskemen: "east_kazakhstan",
  pavlodar: "pavlodar",
  petropavlovsk: "north_kazakhstan",
  semey: "abai",
  shakhtinsk: "karaganda",
  taldykorgan: "jetisu",
  taraz: "jambyl",
  turkistan: "turkistan",
  zhezkazgan: "ulytau",
  ekibastuz: "pavlodar",
  temirtau: "karaganda",
  bishkek: "abroad",
  tashkent: "abroad",
  dushanbe: "abroad",
  moscow: "abroad",
};

/** The country of each foreign town in Toi's list. */
export const CITY_COUNTRY: Partial<Record<City, Country>> = {
  bishkek: "KG",
  tashkent: "UZ",
  dushanbe: "TJ",
  moscow: "RU",
};

/** A town's region when Toi knows it; null for "other" (the person chooses it). */
export function regionOfCity(city: City): Region | null {
  return city === "other" ? null : CITY_REGION[city];
}
