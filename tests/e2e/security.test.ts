import http from "node:http";

import { describe, expect, inject, it } from "vitest";

import { linkFromMail, mailCount, withBrowser } from "./browser";

const baseURL = inject("baseURL");

function postLogin(headers: Record<string, string>, email = "admin@toi.demo", password = "wrong") {
  return fetch(`${baseURL}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ email, password }),
  });
}

describe("cross-site requests", () => {
  it("refuses a post to /login from another origin with 403 before the action signs anyone in", async () => {
    const res = await postLogin({ Origin: "https://evil.example" }, "guardian@toi.demo", "toi-guardian-demo");
    expect(res.status).toBe(403);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a post the browser marks Sec-Fetch-Site: cross-site with 403", async () => {
    const res = await postLogin({ "Sec-Fetch-Site": "cross-site" });
    expect(res.status).toBe(403);
  });

  it("still signs in from the site's own origin", async () => {
    const res = await postLogin(
      { Origin: baseURL, "Sec-Fetch-Site": "same-origin" },
      "guardian@toi.demo",
      "toi-guardian-demo",
    );
    expect(res.status).toBe(302);
  });
});

describe("security headers", () => {
  it("gives an HTML page a CSP whose nonce is on every script tag", async () => {
    // Not a kept public page (those list their scripts' hashes instead: page-cache.test.ts).
    const res = await fetch(`${baseURL}/login`, { headers: { "Accept-Language": "ru" } });
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");

    const scripts = [...(await res.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(/\snonce="([^"]*)"/.exec(tag)?.[1], tag).toBe(nonce);
  });

  it("uses a new nonce for every response", async () => {
    const nonceOf = async () =>
      /'nonce-([^']+)'/.exec((await fetch(`${baseURL}/login`)).headers.get("content-security-policy") ?? "")?.[1];
    expect(await nonceOf()).not.toBe(await nonceOf());
  });

  it("sends the headers with static files and plain responses too", async () => {
    for (const path of ["/favicon.svg", "/healthz"]) {
      const res = await fetch(`${baseURL}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
    }
  });

  it("sends no HSTS over plain HTTP", async () => {
    expect((await fetch(`${baseURL}/`)).headers.get("strict-transport-security")).toBeNull();
  });
});

describe("sign-in rate limit", () => {
  it("answers the 11th failed sign-in for one account from one address with a translated 429", async () => {
    const attempt = () =>
      postLogin({ Origin: baseURL, "Accept-Language": "ru" }, "ratelimit-test@example.kz", "not-the-password");
    for (let i = 1; i <= 10; i++) expect((await attempt()).status, `attempt ${i}`).toBe(400);
    const refused = await attempt();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("content-type")).toContain("text/html");
    const html = await refused.text();
    expect(html).toContain("Слишком много попыток");
    expect(html).toContain("Подождите несколько минут и попробуйте снова.");
    expect(html).not.toContain("ratelimit-test@example.kz");
  });
});

describe("in the browser", () => {
  const browser = withBrowser();

  it("runs the app under the CSP without a single violation", async () => {
    const context = await browser.newReader("en");
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto("/");
    const hydrated = await page
      .waitForFunction(
        () => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined,
        undefined,
        { timeout: 10_000 },
      )
      .then(
        () => true,
        () => false,
      );
    expect(violations).toEqual([]);
    expect(hydrated).toBe(true);
    await page.getByRole("link", { name: "Sign in" }).first().click();
    await page.waitForURL(/\/login\?/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Sign in");
    expect(violations).toEqual([]);
    await context.close();
  });
});

describe("hostile redirect targets and Host headers, in the browser", () => {
  const browser = withBrowser();
  const origin = new URL(baseURL).origin;

  for (const javaScriptEnabled of [false, true]) {
    it(`signs in through /login?redirectTo=%2F%09%2Fevil.example and stays on Toi (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const context = await browser.newReader("en", { javaScriptEnabled });
      const page = await context.newPage();
      await page.goto("/login?redirectTo=%2F%09%2Fevil.example");
      await page.locator("#email").fill("guardian@toi.demo");
      await page.locator("#password").fill("toi-guardian-demo");
      await page.locator("main form button[type=submit]").click();
      await page.waitForURL((url) => url.pathname !== "/login");
      expect(new URL(page.url()).origin).toBe(origin);
      expect(new URL(page.url()).pathname).toBe("/");
      await context.close();
    });
  }

  it("answers a language switch with a hostile redirectTo by staying on Toi", async () => {
    const context = await browser.newReader("en", { javaScriptEnabled: false });
    const page = await context.newPage();
    for (const redirectTo of ["/\t/evil.example", "/\\evil.example", "/.//evil.example", "/\r\n/evil.example"]) {
      await page.goto("/");
      // A form on Toi's own page (so the origin check lets it through), posted the browser's own way.
      await Promise.all([
        page.waitForNavigation(),
        page.evaluate((back) => {
          const form = document.createElement("form");
          form.method = "post";
          form.action = "/locale";
          for (const [name, value] of [
            ["locale", "ru"],
            ["redirectTo", back],
          ]) {
            const input = document.createElement("input");
            input.type = "hidden";
            input.name = name!;
            input.value = value!;
            form.append(input);
          }
          document.body.append(form);
          form.submit();
        }, redirectTo),
      ]);
      expect(new URL(page.url()).origin, JSON.stringify(redirectTo)).toBe(origin);
      expect(page.url(), JSON.stringify(redirectTo)).toBe(`${origin}/`);
    }
    await context.close();
  });

  it("emails a reset link on Toi's public address when the request names another Host", async () => {
    // Other specs may have emailed the demo admin already: wait for this request's email.
    const before = mailCount("admin@toi.demo");
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = http.request(
        `${baseURL}/forgot-password`,
        { method: "POST", headers: { Host: "evil.example", "Content-Type": "application/x-www-form-urlencoded" } },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on("error", reject);
      req.end(new URLSearchParams({ email: "admin@toi.demo" }).toString());
    });
    expect(status).toBe(302);
    // The e2e server sends through a real SMTP sink: read the email as the admin would receive it.
    const link = await linkFromMail("admin@toi.demo", { emails: before + 1 });
    expect(link.startsWith(`${origin}/set-password?token=`), link).toBe(true);
  });
});
