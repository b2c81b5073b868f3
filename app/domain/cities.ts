/**
 * Cities where the federation's clubs and events are. Stored as codes so that filters work in every
 * language; names live in the i18n catalogues under `city.<code>`.
 */
export const CITIES = [
  "almaty",
  "astana",
  "shymkent",
  "aktau",
  "aktobe",
  "atyrau",
  "karaganda",
  "kokshetau",
  "konaev",
  "kostanay",
  "kyzylorda",
  "oral",
  "oskemen",
  "pavlodar",
  "petropavlovsk",
  "semey",
  "shakhtinsk",
  "taldykorgan",
  "taraz",
  "turkistan",
  "zhezkazgan",
  "ekibastuz",
  "temirtau",
  "bishkek",
  "tashkent",
  "dushanbe",
  "moscow",
  "other",
] as const;
export type City = (typeof CITIES)[number];

export function isCity(value: unknown): value is City {
  return typeof value === "string" && (CITIES as readonly string[]).includes(value);
}
