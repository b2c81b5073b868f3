import { execSync } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: execSync("which chromium").toString().trim(),
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run",
    ],
  });
}

/** A browser context for a reader of one language, at phone width unless told otherwise. */
export function newReader(browser: Browser, baseURL: string, lang: string, options: { width?: number; javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    locale: lang,
    extraHTTPHeaders: { "Accept-Language": lang },
    viewport: { width: options.width ?? 390, height: 844 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
}

/** Fails on any serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  expect(bad, `axe on ${page.url()}`).toEqual([]);
}

/** Signs in through the form and waits until the page has moved on from /login. */
export async function signIn(context: BrowserContext, email: string, password: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto("/login");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.locator("main form button[type=submit]").click();
  await page.waitForURL((url) => url.pathname !== "/login");
  return page;
}

/** Adds a child with the required data consent, through the Russian form. */
export async function addChild(page: Page, lastName: string, firstName: string, birthDate: string) {
  await page.goto("/children/new");
  await page.getByLabel("Фамилия").fill(lastName);
  await page.getByLabel("Имя", { exact: true }).fill(firstName);
  await page.getByLabel("Дата рождения").fill(birthDate);
  await page.getByLabel("Город", { exact: true }).selectOption("almaty");
  await page.getByLabel(/обработку персональных данных ребёнка/).check();
  await page.getByRole("button", { name: "Сохранить" }).click();
  await page.waitForURL(/notice=added/);
}
