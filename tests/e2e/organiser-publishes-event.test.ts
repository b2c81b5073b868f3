import { describe, expect, it } from "vitest";

import { expectAccessible, withBrowser } from "./browser";

const browser = withBrowser();

describe("an organiser creates and publishes an event", () => {
  it("signs in, creates an event with two nominations in Russian, publishes it, and the public sees it in kk, ru and en", async () => {
    const organiser = await browser.newReader("ru");
    const page = await organiser.newPage();

    await page.goto("/login");
    await expectAccessible(page);
    await page.getByLabel("Эл. почта").fill("admin@toi.demo");
    await page.getByLabel("Пароль").fill("toi-admin-demo");
    await page.getByRole("button", { name: "Войти" }).click();
    await page.waitForURL("**/organiser");
    await expectAccessible(page);

    await page.getByRole("link", { name: "Новое мероприятие" }).click();
    await page.waitForURL("**/organiser/events/new");
    await page
      .getByRole("group", { name: /Название/ })
      .getByLabel("Русский")
      .fill("Весенняя капель 2027");
    await page.getByLabel("Вид", { exact: true }).selectOption("contest");
    await page.getByLabel("Город", { exact: true }).selectOption("pavlodar");
    await page.getByLabel("Первый день").fill("2027-04-15");
    await page.getByLabel("Последний день").fill("2027-04-16");
    await page.getByLabel("Регистрация открывается").fill("2027-01-10T09:00");
    await page.getByLabel("Регистрация закрывается").fill("2027-03-31T18:00");
    await page
      .getByRole("group", { name: /Место проведения/ })
      .getByLabel("Русский")
      .fill("Павлодар, Дворец школьников");
    for (let i = 0; i < 2; i++) await page.getByRole("button", { name: "Добавить номинацию" }).click();
    const names = page.getByLabel("Название · Русский");
    await names.nth(0).fill("Эстрадный вокал");
    await names.nth(1).fill("Народный танец");
    await page.getByLabel("Направление").nth(0).selectOption("vocal");
    await page.getByLabel("Направление").nth(1).selectOption("choreography");
    await page.getByRole("checkbox", { name: "Ансамбль" }).nth(1).check();
    await page.getByRole("button", { name: "Добавить категорию" }).click();
    await page.getByLabel("С возраста").fill("7");
    await page.getByLabel("По возраст").fill("10");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Создать мероприятие" }).click();

    await page.waitForURL(/\/organiser\/events\/\d+\?notice=created/);
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("создано как черновик");
    const eventPath = new URL(page.url()).pathname;
    // The event's page is an overview with the next steps; the form is on its own page.
    await expect.poll(() => page.getByRole("heading", { name: "Что дальше" }).count()).toBe(1);
    await page.getByRole("link", { name: "Редактировать" }).first().click();
    await page.waitForURL(`**${eventPath}/edit`);
    const slug = await page.getByLabel("Веб-адрес").inputValue();
    expect(slug).toBe("vesennyaya-kapel-2027");
    await page.goto(eventPath);

    const anonymous = await browser.newReader("ru");
    const draftResponse = await (await anonymous.newPage()).goto(`/events/${slug}`);
    expect(draftResponse?.status()).toBe(404);

    await page.getByRole("button", { name: "Опубликовать" }).click();
    await page.waitForURL(/notice=published/);
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("опубликовано");
    await organiser.close();

    const expectations = {
      kk: { nominations: "Номинациялар", kind: "Байқау", city: "Павлодар", ages: "7–10 жас", registration: "Тіркеу" },
      ru: {
        nominations: "Номинации",
        kind: "Конкурс",
        city: "Павлодар",
        ages: "7–10 лет",
        registration: "Регистрация",
      },
      en: {
        nominations: "Nominations",
        kind: "Contest",
        city: "Pavlodar",
        ages: "7–10 years",
        registration: "Registration",
      },
    } as const;
    for (const [lang, words] of Object.entries(expectations)) {
      const reader = await browser.newReader(lang, { width: lang === "en" ? 1280 : 390 });
      const view = await reader.newPage();
      const res = await view.goto(`/events/${slug}`);
      expect(res?.status()).toBe(200);
      expect(await view.locator("html").getAttribute("lang")).toBe(lang);
      await expect.poll(() => view.getByRole("heading", { level: 1 }).textContent()).toBe("Весенняя капель 2027");
      expect(await view.getByRole("heading", { name: words.nominations }).count()).toBe(1);
      expect(await view.getByRole("heading", { name: "Эстрадный вокал" }).count()).toBe(1);
      expect(await view.getByRole("heading", { name: "Народный танец" }).count()).toBe(1);
      const text = (await view.locator("main").textContent()) ?? "";
      for (const word of [words.kind, words.city, words.ages, words.registration]) expect(text, lang).toContain(word);
      await expectAccessible(view);

      await view.goto("/");
      expect(await view.getByRole("link", { name: "Весенняя капель 2027" }).count()).toBe(1);
      await expectAccessible(view);
      await reader.close();
    }
  });
});
