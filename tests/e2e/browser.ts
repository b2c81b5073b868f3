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
