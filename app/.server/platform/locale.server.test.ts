import { describe, expect, it } from "vitest";

import { getLocale, localeCookie } from "./locale.server";

describe("the reader's language", () => {
  it("follows ?lang= over the cookie and the browser, so each hreflang alternate is in its language", async () => {
    const cookie = await localeCookie.serialize("ru");
    const request = (url: string) => new Request(url, { headers: { Cookie: cookie, "Accept-Language": "en" } });
    expect(await getLocale(request("https://toi.kz/events/shabyt?lang=kk"))).toBe("kk");
    expect(await getLocale(request("https://toi.kz/events/shabyt"))).toBe("ru");
    expect(await getLocale(request("https://toi.kz/events/shabyt?lang=xx"))).toBe("ru");
  });
});
