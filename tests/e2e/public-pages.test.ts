import { spawnSync } from "node:child_process";

import { describe, expect, inject, it } from "vitest";

import { expectAccessible, withBrowser } from "./browser";

const baseURL = inject("baseURL");
const FINAL = "/events/children-in-the-rhythm-of-the-world-2017";
const SEASON = "/events/the-planet-of-art-2025";

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseURL}${path}`, { headers, redirect: "manual" });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

describe("public pages over HTTP", () => {
  it("never sends a NUL byte in Kazakh or Russian pages", async () => {
    const paths = ["/", FINAL, "/events/art-academy-2018", "/?city=almaty", "/login"];
    for (const lang of ["kk", "ru"]) {
      for (let round = 0; round < 8; round++) {
        for (const path of paths) {
          const { res, body } = await get(path, { "Accept-Language": lang });
          expect(res.status, path).toBe(200);
          expect(body.includes(0), `${lang} ${path}`).toBe(false);
        }
      }
    }
  });

  it("ends every page with its closing tags, after the streamed data scripts", async () => {
    for (const path of ["/", FINAL, `${FINAL}/results`, "/login"]) {
      const { body } = await get(path, { "Accept-Language": "kk" });
      const html = body.toString("utf8");
      expect(html.trimEnd().endsWith("</body></html>"), path).toBe(true);
      expect(html.indexOf("</html>"), path).toBe(html.lastIndexOf("</html>"));
      // The data Remix streams is still there, inside the document.
      expect(html, path).toContain("streamController.close()");
      // And a strict HTML5 parser (html5lib, from Debian's python3-html5lib) reads it to the end.
      const strict = spawnSync("/usr/bin/python3", ["tests/setup/html-strict.py"], { input: body });
      expect(`${strict.stdout}${strict.stderr}`, path).toBe("");
      expect(strict.status, path).toBe(0);
    }
  });

  it("answers in the language the browser prefers, looking past ones Toi lacks", async () => {
    const { body } = await get(FINAL, { "Accept-Language": "tr-TR,tr;q=0.9,kk;q=0.8" });
    const html = body.toString("utf8");
    expect(html).toContain('<html lang="kk"');
    expect(html).toContain("Номинациялар");
  });

  it("filters the home page by city and kind", async () => {
    const academy = (await get("/?kind=academy", { "Accept-Language": "en" })).body.toString("utf8");
    expect(academy).toContain("/events/art-academy-2018");
    expect(academy).not.toContain("/events/children-in-the-rhythm-of-the-world-2017");
    const astana = (await get("/?city=astana", { "Accept-Language": "en" })).body.toString("utf8");
    expect(astana).not.toContain("/events/art-academy-2018");
    expect(astana).toMatch(/\/events\/planet-of-art-\d{4}/);
  });

  it("answers 404 with a translated page for an unknown event", async () => {
    const { res, body } = await get("/events/no-such-event", { "Accept-Language": "kk" });
    expect(res.status).toBe(404);
    expect(body.toString("utf8")).toContain("Бет табылмады");
  });

  it("sends anonymous visitors of organiser pages to sign in, and refuses a guardian", async () => {
    const { res } = await get("/organiser/events/new");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Forganiser%2Fevents%2Fnew");

    const login = await fetch(`${baseURL}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseURL },
      body: new URLSearchParams({ email: "guardian@toi.demo", password: "toi-guardian-demo", redirectTo: "/" }),
    });
    expect(login.status).toBe(302);
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    expect((await get("/organiser", { Cookie: cookie })).res.status).toBe(403);
    expect((await get("/organiser/events/1", { Cookie: cookie })).res.status).toBe(403);
  });

  it("refuses a wrong password with a 400 and a message, not a 500", async () => {
    const res = await fetch(`${baseURL}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "ru" },
      body: new URLSearchParams({ email: "admin@toi.demo", password: "wrong" }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Неверная эл. почта или пароль.");
  });
});

describe("in the browser", () => {
  const browser = withBrowser();

  it("switches language with the switcher and remembers the choice", async () => {
    const context = await browser.newReader("ru");
    const page = await context.newPage();
    await page.goto(FINAL);
    await page.getByRole("button", { name: "EN" }).click();
    await page.waitForLoadState("load");
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    expect(page.url()).toBe(`${baseURL}${FINAL}`);
    expect(await page.getByRole("heading", { name: "Nominations" }).count()).toBe(1);
    await page.goto("/");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await expectAccessible(page);
    await context.close();
  });

  it("shows a season in Kazakh on a phone: the selection, heats by region, galas, and a heat's own page", async () => {
    const context = await browser.newReader("kk");
    const page = await context.newPage();
    await page.goto(SEASON);
    await page.getByRole("heading", { name: "Кезеңдер", exact: true }).waitFor();
    expect(await page.getByRole("link", { name: "Сырттай іріктеу кезеңі" }).count()).toBe(1);
    expect(await page.getByRole("heading", { name: "Өңірлік кезеңдер" }).count()).toBe(1);
    expect(await page.getByRole("heading", { name: "Гала-концерттер" }).count()).toBe(1);
    // 17 heats and 2 galas, each a link to its page; the galas by their cities.
    expect(await page.locator(".season-round a").count()).toBe(19);
    for (const city of ["Алматы", "Астана"])
      expect(await page.getByRole("link", { name: city, exact: true }).count(), city).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page);

    await page.getByRole("link", { name: "Павлодар облысы", exact: true }).click();
    await page.waitForURL(/\/rounds\/\d+$/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Өңірлік кезең · Павлодар облысы");
    expect(await page.title()).toContain("Өңірлік кезең · Павлодар облысы");
    expect(await page.getByRole("heading", { name: "Бағдарлама" }).count()).toBe(1);
    expect(await page.getByText("10:00").count()).toBeGreaterThan(0);
    expect(await page.getByRole("heading", { name: "Нәтижелер" }).count()).toBe(1);
    expect(await page.getByText("I дәрежелі лауреат").count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page);
    await context.close();
  });

  it("lets an organiser create an event with JavaScript off, errors shown by the fields", async () => {
    const context = await browser.newReader("kk", { javaScriptEnabled: false, width: 1280 });
    const page = await context.newPage();
    await page.goto("/login?redirectTo=/organiser/events/new");
    await page.getByLabel("Электрондық пошта").fill("admin@toi.demo");
    await page.getByLabel("Құпиясөз").fill("toi-admin-demo");
    await page.getByRole("button", { name: "Кіру" }).click();
    await page.waitForURL("**/organiser/events/new");

    await page.getByRole("group", { name: /Атауы/ }).getByLabel("Қазақша").fill("Көктем әуендері");
    await page.getByRole("button", { name: "Номинация қосу" }).click();
    await page.waitForLoadState("load");
    expect(await page.getByLabel("Атауы · Қазақша").count()).toBe(1);
    await page.getByRole("button", { name: "Іс-шара құру" }).click();
    await page.waitForLoadState("load");
    expect(await page.getByText("Белгіленген өрістерді түзетіңіз.").count()).toBe(1);
    expect(await page.getByLabel("Түрі", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByRole("group", { name: /Атауы/ }).getByLabel("Қазақша").inputValue()).toBe("Көктем әуендері");

    await page.getByLabel("Түрі", { exact: true }).selectOption("festival");
    await page.getByLabel("Қала", { exact: true }).selectOption("shymkent");
    await page.getByLabel("Бірінші күні").fill("2027-05-01");
    await page.getByLabel("Соңғы күні").fill("2027-05-02");
    await page.getByLabel("Атауы · Қазақша").fill("Ән");
    await page.getByLabel("Бағыты").selectOption("vocal");
    await page.getByRole("button", { name: "Іс-шара құру" }).click();
    await page.waitForURL(/notice=created/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Көктем әуендері");
    // The overview first; the form, with the address made from the title, on its own page.
    await page.goto(`${new URL(page.url()).pathname}/edit`);
    await expect.poll(() => page.getByLabel("Веб-мекенжай").inputValue()).toBe("koktem-auenderi");
    await context.close();
  });
});
