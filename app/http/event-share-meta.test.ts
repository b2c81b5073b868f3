import { describe, expect, it } from "vitest";

import { meta } from "~/routes/events.$slug";

const matches = [{ id: "root", data: { locale: "kk" } }];
const data = {
  locale: "kk" as const,
  shareUrl: "https://toi.kz/events/shabyt-2026?lang=kk",
  event: { title: "Шабыт 2026", description: "Балалар шығармашылығының фестивалі", status: "published" },
};

describe("an event page's sharing tags", () => {
  it("carry Open Graph title, description, address and locale in the reader's language", () => {
    const tags = meta({ matches, data } as never) as Record<string, string>[];
    const og = Object.fromEntries(
      tags
        .filter((t) => t.property?.startsWith("og:") && t.property !== "og:locale:alternate")
        .map((t) => [t.property, t.content]),
    );
    expect(og).toEqual({
      "og:type": "website",
      "og:site_name": "Той",
      "og:title": "Шабыт 2026",
      "og:description": "Балалар шығармашылығының фестивалі",
      "og:url": "https://toi.kz/events/shabyt-2026?lang=kk",
      "og:locale": "kk_KZ",
    });
    expect(tags.filter((t) => t.property === "og:locale:alternate").map((t) => t.content)).toEqual(["ru_RU", "en_GB"]);
  });
});
