import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject } from "vitest";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: execSync("which chromium").toString().trim(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

type ReaderOptions = { width?: number; javaScriptEnabled?: boolean };

/**
 * One headless browser for the enclosing file or describe block, launched before its tests and
 * closed after them: `const browser = withBrowser();` then `await browser.newReader("ru")`.
 */
export function withBrowser(): { newReader(lang: string, options?: ReaderOptions): Promise<BrowserContext> } {
  const baseURL = inject("baseURL");
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    newReader(lang, options) {
      if (!browser) throw new Error("The browser is not launched yet.");
      return newReader(browser, baseURL, lang, options);
    },
  };
}

/** A browser context for a reader of one language, at phone width unless told otherwise. */
export function newReader(
  browser: Browser,
  baseURL: string,
  lang: string,
  options: ReaderOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    locale: lang,
    extraHTTPHeaders: { "Accept-Language": lang },
    viewport: { width: options.width ?? 390, height: 844 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
}

/**
 * The serious and critical accessibility violations on the page as it is now, one line each. Besides
 * axe's default rules it checks that a control's spoken name contains its visible text
 * (label-content-name-mismatch, WCAG 2.5.3, still marked experimental in axe).
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .options({ rules: { "label-content-name-mismatch": { enabled: true } } })
    .analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(", ")}`,
    );
}

/** Fails on any serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityProblems(page), `axe on ${page.url()}`).toEqual([]);
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

const DAY = 86_400_000;
const ALMATY_OFFSET = 5 * 3_600_000; // Asia/Almaty is UTC+5 all year
/** Wall-clock time in Almaty, `days` from now, as 'YYYY-MM-DDTHH:mm'. */
export const almaty = (days: number) => new Date(Date.now() + ALMATY_OFFSET + days * DAY).toISOString().slice(0, 16);

/**
 * The organiser (signed in, Russian) creates a contest in Almaty with one live vocal nomination,
 * ages 7–14 and a one-day final, with registration open, and publishes it.
 */
export async function createLiveContest(
  org: Page,
  o: { titleRu: string; titleKk?: string; nomination: string; day: string },
): Promise<{ eventPath: string; slug: string }> {
  await org.goto("/organiser/events/new");
  if (o.titleKk)
    await org
      .getByRole("group", { name: /Название/ })
      .getByLabel("Қазақша")
      .fill(o.titleKk);
  await org
    .getByRole("group", { name: /Название/ })
    .getByLabel("Русский")
    .fill(o.titleRu);
  await org.getByLabel("Вид", { exact: true }).selectOption("contest");
  await org.getByLabel("Город", { exact: true }).selectOption("almaty");
  await org.getByLabel("Первый день").fill(o.day);
  await org.getByLabel("Последний день").fill(o.day);
  await org.getByLabel("Регистрация открывается").fill(almaty(-1));
  await org.getByLabel("Регистрация закрывается").fill(almaty(30));
  await org
    .getByRole("group", { name: /Место проведения/ })
    .getByLabel("Русский")
    .fill("Алматы, Дворец школьников");
  await org.getByRole("button", { name: "Добавить номинацию" }).click();
  await org.getByLabel("Название · Русский").fill(o.nomination);
  await org.getByLabel("Направление").selectOption("vocal");
  await org.getByLabel("Вид заявки").selectOption("live");
  await org.getByRole("button", { name: "Добавить категорию" }).click();
  await org.getByLabel("С возраста").fill("7");
  await org.getByLabel("По возраст").fill("14");
  await org.getByRole("button", { name: "Добавить этап" }).click();
  await org.getByLabel("Вид этапа").selectOption("final");
  await org.getByLabel("Начало", { exact: true }).fill(o.day);
  await org.getByLabel("Окончание", { exact: true }).fill(o.day);
  await org.getByRole("button", { name: "Создать мероприятие" }).click();
  await org.waitForURL(/\/organiser\/events\/\d+\?notice=created/);
  const eventPath = new URL(org.url()).pathname;
  // The event's page is an overview; its web address is on the edit page.
  await org.goto(`${eventPath}/edit`);
  await expect.poll(() => org.getByLabel("Веб-адрес").inputValue()).not.toBe("");
  const slug = await org.getByLabel("Веб-адрес").inputValue();
  await org.goto(eventPath);
  await org.getByRole("button", { name: "Опубликовать" }).click();
  await org.waitForURL(/notice=published/);
  return { eventPath, slug };
}

/** Enters one of the family's children in the nomination (Russian form); returns the confirmed entry's reference. */
export async function enterChild(
  page: Page,
  slug: string,
  nomination: string,
  childName: string,
  piece: string,
  seconds = 200,
): Promise<string> {
  await page.goto(`/events/${slug}/enter`);
  await page.getByLabel("Номинация").selectOption({ label: nomination });
  await page.getByRole("button", { name: "Далее" }).click();
  await page.waitForURL(/nomination=/);
  await page.getByRole("checkbox", { name: new RegExp(childName) }).check();
  await page.getByLabel("Название номера").fill(piece);
  await page.getByLabel("мин", { exact: true }).fill(String(Math.floor(seconds / 60)));
  await page.getByLabel("сек", { exact: true }).fill(String(seconds % 60));
  await submitEntry(page);
  await expect.poll(() => page.locator(".entry-status").first().textContent()).toContain("Подтверждена");
  return new URL(page.url()).pathname.split("/")[2]!;
}

/** Sends the (Russian) entry form and waits for the entry page, failing with the page's text if the entry is refused. */
export async function submitEntry(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Отправить заявку" }).click();
  await Promise.race([
    page.waitForURL(/\/entries\/[A-Z0-9-]+\?notice=/),
    page
      .locator(".problem-list, .field__error")
      .first()
      .waitFor()
      .then(async () => {
        throw new Error(`The entry was refused: ${await page.locator("main").innerText()}`);
      }),
  ]);
}

/**
 * The link with a token in the newest email sent to `to`, read from the test's mail sink (the admin
 * outbox page masks tokens outside development). Emails arrive from a background sender, a few
 * seconds late and possibly out of order: it waits until `emails` of them have arrived (a newer
 * token voids the older ones, so the newest must be the last one the spec caused).
 */
/** How many emails the mail sink holds for `to`: a spec that expects one more waits for `mailCount + 1`. */
export function mailCount(to: string): number {
  const mailDir = inject("mailDir");
  return fs
    .readdirSync(mailDir)
    .map((file) => JSON.parse(fs.readFileSync(path.join(mailDir, file), "utf8")) as { to: string[] })
    .filter((mail) => mail.to.includes(to)).length;
}

export async function linkFromMail(to: string, { emails = 1 }: { emails?: number } = {}): Promise<string> {
  const mailDir = inject("mailDir");
  const received = () =>
    fs
      .readdirSync(mailDir)
      .sort()
      .map((file) => JSON.parse(fs.readFileSync(path.join(mailDir, file), "utf8")) as { to: string[]; text: string })
      .filter((mail) => mail.to.includes(to));
  await expect
    .poll(() => received().length, { message: `emails to ${to}`, timeout: 30_000 })
    .toBeGreaterThanOrEqual(emails);
  const link = received()
    .at(-1)!
    .text.match(/https?:\/\/\S*[?&]token=[^\s&]+/)?.[0];
  expect(link, `a link with a token in the newest email to ${to}`).toBeTruthy();
  return link!;
}
