import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { addChild, expectAccessible, signIn, submitEntry, withBrowser } from "./browser";

const browser = withBrowser();

/** Enters the child in the demo festival's vocal nomination; returns the entry page's status text. */
async function enterVocal(page: Page, slug: string, childName: string): Promise<string> {
  await page.goto(`/events/${slug}/enter`);
  await page.getByLabel("Номинация").selectOption({ label: "Вокал" });
  await page.getByRole("button", { name: "Далее" }).click();
  await page.waitForURL(/nomination=/);
  await page.getByRole("checkbox", { name: new RegExp(childName) }).check();
  await page.getByLabel("Название номера").fill("Тәуелсіздік әні");
  await page.getByLabel("мин", { exact: true }).fill("3");
  await page.getByLabel("сек", { exact: true }).fill("20");
  await page.getByLabel("Ссылка на видео").fill("https://video.example.kz/song");
  await expectAccessible(page);
  await submitEntry(page);
  await page.locator(".entry-status").first().waitFor();
  return (await page.locator(".entry-status").first().textContent()) ?? "";
}

describe("a family enters a festival on a phone", () => {
  it("adds a child with consent, enters, sees the confirmation, withdraws, and the first wait-listed entry is promoted", async () => {
    // The organiser leaves one place in the vocal nomination.
    const organiser = await browser.newReader("ru", { width: 1280 });
    const org = await signIn(organiser, "admin@toi.demo", "toi-admin-demo");
    await org.goto("/organiser");
    const planet = org.locator(".organiser-list__item", { hasText: "Планета искусства» 2027" });
    await planet.getByRole("link", { name: "Изменить" }).click();
    await org.waitForURL(/\/organiser\/events\/\d+\/edit$/);
    const eventPath = new URL(org.url()).pathname.replace(/\/edit$/, "");
    const slug = await org.getByLabel("Веб-адрес").inputValue();
    const vocal = org.locator("fieldset.subform", { has: org.locator("input[value='Вокал']") });
    await vocal.getByLabel("Мест в номинации").fill("1");
    await org.getByRole("button", { name: "Сохранить", exact: true }).click();
    await org.waitForURL(/notice=saved/);

    // First family takes the place.
    const first = await browser.newReader("ru");
    const a = await signIn(first, "guardian@toi.demo", "toi-guardian-demo");
    await addChild(a, "Ахметова", "Аружан", "2015-04-12");
    await a.goto("/children");
    await expectAccessible(a);
    expect(await enterVocal(a, slug, "Ахметова Аружан")).toContain("Подтверждена");
    await expect.poll(() => a.getByRole("status").textContent()).toContain("место за вами");
    const firstEntry = a.url().split("?")[0]!;

    // Second family is wait-listed, first in line.
    const second = await browser.newReader("ru");
    const b = await signIn(second, "judge@toi.demo", "toi-judge-demo");
    await addChild(b, "Садыков", "Нурлан", "2013-01-30");
    const waiting = await enterVocal(b, slug, "Садыков Нурлан");
    expect(waiting).toContain("Лист ожидания");
    expect(waiting).toContain("место в листе ожидания: 1");
    const secondEntry = b.url().split("?")[0]!;

    // The first family withdraws; the waiting entry is confirmed at once.
    await a.goto(firstEntry);
    a.once("dialog", (d) => void d.accept());
    await a.getByRole("button", { name: "Отозвать заявку" }).click();
    await a.waitForURL(/notice=withdrawn/);
    await expect.poll(() => a.locator(".entry-status").first().textContent()).toContain("Отозвана");
    await b.goto(secondEntry);
    expect(await b.locator(".entry-status").first().textContent()).toContain("Подтверждена");

    // The organiser sees both in the entries table, and the promoted family's email is in the outbox.
    await org.goto(`${eventPath}/entries`);
    const row = (name: string) => org.locator("tbody tr", { hasText: name });
    expect(await row("Садыков Нурлан").locator(".pill").textContent()).toBe("Подтверждена");
    expect(await row("Ахметова Аружан").locator(".pill").textContent()).toBe("Отозвана");
    expect(await org.title()).toContain("Заявки");
    await expectAccessible(org);

    // From the table to the entry's page, where a rejection needs a reason; then back to the table.
    await row("Садыков Нурлан")
      .getByRole("link", { name: /Решение/ })
      .click();
    await org.waitForURL(/\/entries\/\d+/);
    await expectAccessible(org);
    await org.getByRole("button", { name: "Отклонить" }).click();
    await expect.poll(() => org.getByRole("alert").textContent()).toContain("Укажите причину отказа");
    await org.getByLabel("Причина (её получит семья)").fill("Номер длиннее пяти минут.");
    await org.getByRole("button", { name: "Отклонить" }).click();
    await org.waitForURL(/\/entries\?notice=reject/);
    expect(await row("Садыков Нурлан").locator(".pill").textContent()).toBe("Отклонена");
    await org.goto("/admin/outbox");
    expect(await org.locator(".outbox-item", { hasText: "judge@toi.demo" }).count()).toBeGreaterThanOrEqual(2);
    await Promise.all([organiser.close(), first.close(), second.close()]);
  });
});
