import { describe, expect, test } from "vitest";

import { CITIES } from "./cities";
import { CITY_COUNTRY, isRegion, OBLYS, regionOfCity, REGIONS, REPUBLIC_CITIES } from "./regions";

describe("regions", () => {
  test("Kazakhstan's 17 regions, its 3 cities of republican significance and abroad, each once", () => {
    expect(OBLYS).toHaveLength(17);
    expect(REPUBLIC_CITIES).toEqual(["astana", "almaty", "shymkent"]);
    expect(new Set(REGIONS).size).toBe(REGIONS.length);
    expect(REGIONS).toHaveLength(21);
  });

  test("every town in Toi's list has a region, and only foreign towns are abroad (with a country)", () => {
    for (const city of CITIES) {
      const region = regionOfCity(city);
      if (city === "other") {
        expect(region).toBeNull();
        continue;
      }
      expect(isRegion(region), city).toBe(true);
      expect(region === "abroad", city).toBe(CITY_COUNTRY[city] !== undefined);
    }
  });

  test("the regional centres and the cities of republican significance are where they are", () => {
    expect(regionOfCity("semey")).toBe("abai");
    expect(regionOfCity("taldykorgan")).toBe("jetisu");
    expect(regionOfCity("zhezkazgan")).toBe("ulytau");
    expect(regionOfCity("konaev")).toBe("almaty_region");
    expect(regionOfCity("almaty")).toBe("almaty");
    expect(isRegion("almaty_city")).toBe(false);
  });
});
