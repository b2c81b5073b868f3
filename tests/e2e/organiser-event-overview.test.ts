import { describe, expect, it } from "vitest";

import { expectAccessible, signIn, withBrowser } from "./browser";

const browser = withBrowser();

/** The demo festival's id, from the organiser's list. */
async function demoEventPath(page: import("playwright-core").Page): Promise<string> {
  await page.goto("/organiser");
  const href = await page
    .locator(".organiser-list__item", { hasText: /(Планета искусства|Өнер планетасы|Planet of ART).* 2027/ })
    .getByRole("heading")
    .getByRole("link")
    .getAttribute("href");
  return href!;
}

describe("an organiser's event page", () => {
  it("is a short overview with next steps and the tools; the form is on its own page", async () => {
    const context = await browser.newReader("kk", { width: 1280 });
    const page = await signIn(context, "admin@toi.demo", "toi-admin-demo");
    const eventPath = await demoEventPath(page);
    await page.goto(eventPath);
    await expect.poll(() => page.getByRole("heading", { name: "Келесі қадамдар" }).count()).toBe(1);
    await expect.poll(() => page.locator("main form input:not([type=hidden]), main form textarea").count()).toBe(0);
    expect(await page.getByRole("navigation", { name: "Құралдар" }).getByRole("link").count()).toBeGreaterThanOrEqual(
      4,
    );
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThan(1800);
    await expectAccessible(page);
    await page.getByRole("link", { name: "Өңдеу" }).first().click();
    await page.waitForURL(`**${eventPath}/edit`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Іс-шараны өңдеу");
    expect(await page.locator("main form input:not([type=hidden])").count()).toBeGreaterThan(20);
    await context.close();
  });

  it("keeps the Kazakh header on one line at 1280 px", async () => {
    const context = await browser.newReader("kk", { width: 1280 });
    const page = await signIn(context, "admin@toi.demo", "toi-admin-demo");
    await page.goto("/organiser");
    const tops = await page
      .locator(".site-nav > *")
      .evaluateAll((items) => items.map((i) => Math.round(i.getBoundingClientRect().top)));
    expect(tops.length).toBeGreaterThan(6);
    expect(new Set(tops).size).toBe(1);
    await context.close();
  });

  it("never lets the sticky Save bar cover the field being filled in, on a phone", async () => {
    const context = await browser.newReader("kk");
    const page = await signIn(context, "admin@toi.demo", "toi-admin-demo");
    await page.goto(`${await demoEventPath(page)}/edit`);
    const bar = page.locator(".form-actions");
    const fields = page.locator("form input:not([type=hidden]), form select, form textarea");
    const count = await fields.count();
    expect(count).toBeGreaterThan(20);
    const covered: string[] = [];
    for (let i = 0; i < count; i++) {
      const field = fields.nth(i);
      if (!(await field.isVisible())) continue;
      await field.focus();
      const [f, b] = await Promise.all([field.boundingBox(), bar.boundingBox()]);
      if (f && b && f.y + f.height > b.y && f.y < b.y + b.height)
        covered.push((await field.getAttribute("name")) ?? String(i));
    }
    expect(covered).toEqual([]);
    await context.close();
  });
});
