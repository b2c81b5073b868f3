import crypto from "node:crypto";

import { describe, expect, inject, it } from "vitest";

import { withBrowser } from "./browser";

const baseURL = inject("baseURL");
const EVENT = "/events/art-academy-2018";

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseURL}${path}`, {
    headers: { "Accept-Language": "ru", ...headers },
    redirect: "manual",
  });
  return { res, html: await res.text() };
}

/** The hash of every inline script, as a browser computes it for a CSP hash source. */
const inlineScriptHashes = (html: string) =>
  [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    .filter((m) => !/\ssrc=/.test(m[1]!))
    .map((m) => `'sha256-${crypto.createHash("sha256").update(m[2]!, "utf8").digest("base64")}'`);

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
  it("answers repeat anonymous visits with the same bytes, its CSP listing the hash of every inline script", async () => {
    await get(EVENT);
    const first = await get(EVENT);
    const second = await get(EVENT);
    expect(second.res.headers.get("x-toi-cache")).toBe("hit");
    expect(second.html).toBe(first.html);
    expect(second.html).toContain("III Академия искусств");
    const csp = second.res.headers.get("content-security-policy") ?? "";
    expect(csp).toBe(first.res.headers.get("content-security-policy"));
    expect(csp).not.toContain("nonce-");
    const hashes = inlineScriptHashes(second.html);
    expect(hashes.length).toBeGreaterThan(2);
    for (const hash of hashes) expect(csp).toContain(hash);
    // The other security headers stay.
    expect(csp).toContain("frame-ancestors 'none'");
    expect(second.res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(second.res.headers.get("x-frame-options")).toBe("DENY");
    expect(second.res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });

  it("lets browsers and proxies keep it: Cache-Control, a strong ETag, and 304 while it is unchanged", async () => {
    const { res } = await get(EVENT);
    const etag = res.headers.get("etag");
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
    expect(res.headers.get("cache-control")).toBe("public, no-cache");
    expect(res.headers.get("vary")).toMatch(/Accept-Language, Cookie/i);
    for (const ifNoneMatch of [etag!, `"older", W/${etag}`, "*"]) {
      const again = await get(EVENT, { "If-None-Match": ifNoneMatch });
      expect(again.res.status, ifNoneMatch).toBe(304);
      expect(again.html).toBe("");
      expect(again.res.headers.get("etag")).toBe(etag);
      expect(again.res.headers.get("cache-control")).toBe("public, no-cache");
    }
    expect((await get(EVENT, { "If-None-Match": '"older"' })).res.status).toBe(200);
    // Another language is another page, with its own ETag.
    const kk = await get(EVENT, { "Accept-Language": "kk", "If-None-Match": etag! });
    expect(kk.res.status).toBe(200);
    expect(kk.html).toContain('<html lang="kk"');
    expect(kk.res.headers.get("etag")).not.toBe(etag);
    const viaAddress = await get(`${EVENT}?lang=kk`);
    expect(viaAddress.html).toContain('<html lang="kk"');
  });

  it("keeps signed-in pages out of every cache", async () => {
    const cookie = await signInAsAdmin();
    const signedIn = await get(EVENT, { Cookie: cookie });
    expect(signedIn.res.status).toBe(200);
    expect(signedIn.res.headers.get("x-toi-cache")).toBeNull();
    expect(signedIn.res.headers.get("cache-control")).toBe("private, no-store");
    expect(signedIn.res.headers.get("content-security-policy")).toContain("'nonce-");
  });

  it("shows a change at once: an unpublished event leaves the kept pages on the next visit", async () => {
    await get("/");
    expect((await get("/")).html).toContain(`href="${EVENT}"`);
    const { res: before } = await get(EVENT);
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
      expect(after.html).not.toContain(`href="${EVENT}"`);
      const gone = await get(EVENT, { "If-None-Match": before.headers.get("etag")! });
      expect(gone.res.status).toBe(404);
      expect(gone.res.headers.get("cache-control")).toBe("no-store");
    } finally {
      expect((await change("publish")).status).toBe(302);
    }
    expect((await get("/")).html).toContain(`href="${EVENT}"`);
  });
});

describe("a kept page in the browser", () => {
  const browser = withBrowser();

  it("runs its scripts under the hashed CSP without a single violation, and navigates", async () => {
    await get(EVENT, { "Accept-Language": "en" });
    expect((await get(EVENT, { "Accept-Language": "en" })).res.headers.get("x-toi-cache")).toBe("hit");
    const context = await browser.newReader("en");
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(EVENT);
    expect(await response!.headerValue("x-toi-cache")).toBe("hit");
    await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined);
    expect(violations).toEqual([]);
    await page.getByRole("link", { name: "Sign in" }).first().click();
    await page.waitForURL(/\/login\?/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Sign in");
    expect(violations).toEqual([]);
    await context.close();
  });
});
