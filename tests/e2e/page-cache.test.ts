import { describe, expect, inject, it } from "vitest";

const baseURL = inject("baseURL");

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseURL}${path}`, {
    headers: { "Accept-Language": "ru", ...headers },
    redirect: "manual",
  });
  return { res, html: await res.text() };
}

const cspNonce = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
const scriptNonces = (html: string) => [...html.matchAll(/<script[^>]*\snonce="([^"]+)"/g)].map((m) => m[1]);

let adminCookie: string | undefined;
async function signInAsAdmin(): Promise<string> {
  if (adminCookie) return adminCookie;
  const res = await fetch(`${baseURL}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseURL },
    body: new URLSearchParams({ email: "admin@toi.demo", password: "toi-admin-demo", redirectTo: "/organiser" }),
  });
  adminCookie = res.headers.get("set-cookie")!.split(";")[0]!;
  return adminCookie;
}

describe("the public page cache", () => {
  it("serves repeat anonymous visits from the cache, each with its own CSP nonce", async () => {
    await get("/events/art-academy-2018");
    const first = await get("/events/art-academy-2018");
    const second = await get("/events/art-academy-2018");
    expect(second.res.headers.get("x-toi-cache")).toBe("hit");
    for (const { res, html } of [first, second]) {
      const nonce = cspNonce(res);
      expect(nonce).toBeTruthy();
      expect(scriptNonces(html).length).toBeGreaterThan(0);
      expect(new Set(scriptNonces(html))).toEqual(new Set([nonce]));
    }
    expect(cspNonce(first.res)).not.toBe(cspNonce(second.res));
    expect(second.html).toContain("III Академия искусств");
  });

  it("keeps languages apart and never caches signed-in pages", async () => {
    const kk = await get("/events/art-academy-2018", { "Accept-Language": "kk" });
    expect(kk.html).toContain('<html lang="kk"');
    const cookie = await signInAsAdmin();
    const signedIn = await get("/events/art-academy-2018", { Cookie: cookie });
    expect(signedIn.res.headers.get("x-toi-cache")).toBeNull();
  });

  it("shows a change at once: an unpublished event leaves the cached home page on the next visit", async () => {
    await get("/");
    expect((await get("/")).html).toContain('href="/events/art-academy-2018"');
    const cookie = await signInAsAdmin();
    const organiser = await (await fetch(`${baseURL}/organiser`, { headers: { Cookie: cookie } })).text();
    const id = /href="\/organiser\/events\/(\d+)"[^>]*>III Академия/.exec(organiser)?.[1];
    expect(id).toBeTruthy();
    const change = (intent: string) =>
      fetch(`${baseURL}/organiser/events/${id}`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseURL, Cookie: cookie },
        body: new URLSearchParams({ intent }),
      });
    expect((await change("unpublish")).status).toBe(302);
    try {
      const after = await get("/");
      expect(after.res.headers.get("x-toi-cache")).toBe("miss");
      expect(after.html).not.toContain('href="/events/art-academy-2018"');
      expect((await get("/events/art-academy-2018")).res.status).toBe(404);
    } finally {
      expect((await change("publish")).status).toBe(302);
    }
    expect((await get("/")).html).toContain('href="/events/art-academy-2018"');
  });
});
