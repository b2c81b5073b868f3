import { describe, expect, it } from "vitest";

import { getLocale, localeCookie, readerLocale } from "./locale.server";

describe("the reader's language", () => {
  it("follows ?lang= over the cookie and the browser, so each hreflang alternate is in its language", async () => {
    const cookie = await localeCookie.serialize("ru");
    const request = (url: string) => new Request(url, { headers: { Cookie: cookie, "Accept-Language": "en" } });
    expect(await getLocale(request("https://toi.kz/events/shabyt?lang=kk"))).toBe("kk");
    expect(await getLocale(request("https://toi.kz/events/shabyt"))).toBe("ru");
    expect(await getLocale(request("https://toi.kz/events/shabyt?lang=xx"))).toBe("ru");
  });
});

describe("the reader's language without a Request (the page cache's)", () => {
  it("reads the switcher's cookie as localeCookie writes it, and ignores a damaged one", async () => {
    const cookie = (await localeCookie.serialize("kk")).split(";")[0]!;
    expect(readerLocale(null, `a=1; ${cookie}`, "en")).toBe("kk");
    expect(readerLocale("ru", cookie, "en")).toBe("ru");
    expect(readerLocale(null, "toi_lng=%%%", "en")).toBe("en");
    expect(readerLocale(null, "toi_lng=InhyIg%3D%3D", "tr,kk;q=0.8")).toBe("kk");
    expect(readerLocale(null, null, null)).toBe("ru");
  });
});
