import type { Page } from "playwright-core";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";

import { expectAccessible, signIn, withBrowser } from "./browser";

const browser = withBrowser();

/** A date `offset` days from today, as the event form takes it. */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const startYear = Number(day(60).slice(0, 4));
const EVENT = "Смотр клубов ЮНЕСКО «Ертіс»";
let slug: string;

/**
 * Its own event, so that these entries take no place another spec counts on: a video vocal
 * nomination (solo or ensemble, at most 4 minutes) and a live dance one (solo or ensemble).
 */
async function createOpenEvent(): Promise<string> {
  const context = await browser.newReader("ru", { width: 1280 });
  const page = await signIn(context, "admin@toi.demo", "toi-admin-demo");
  await page.goto("/organiser/events/new");
  await page
    .getByRole("group", { name: /Название/ })
    .getByLabel("Русский")
    .fill(EVENT);
  await page.getByLabel("Вид", { exact: true }).selectOption("festival");
  await page.getByLabel("Город", { exact: true }).selectOption("pavlodar");
  await page.getByLabel("Первый день").fill(day(60));
  await page.getByLabel("Последний день").fill(day(61));
  await page.getByLabel("Регистрация открывается").fill(`${day(-1)}T09:00`);
  await page.getByLabel("Регистрация закрывается").fill(`${day(30)}T18:00`);
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Добавить номинацию" }).click();
  await page.getByLabel("Название · Русский").nth(0).fill("Эстрадный вокал");
  await page.getByLabel("Название · Русский").nth(1).fill("Народный танец");
  await page.getByLabel("Название · Русский").nth(2).fill("Рисунок");
  await page.getByLabel("Направление").nth(0).selectOption("vocal");
  await page.getByLabel("Направление").nth(1).selectOption("choreography");
  await page.getByLabel("Направление").nth(2).selectOption("fine_art");
  await page.getByLabel("Вид заявки").nth(0).selectOption("video");
  await page.getByLabel("Вид заявки").nth(2).selectOption("artwork");
  await page.getByLabel("Наибольшая длительность, минут").nth(0).fill("4");
  await page.getByLabel("Наибольшая длительность, минут").nth(1).fill("5");
  for (const n of [0, 1]) await page.getByRole("checkbox", { name: "Ансамбль" }).nth(n).check();
  for (const [i, [min, max]] of [
    [7, 10],
    [11, 14],
  ].entries()) {
    await page.getByRole("button", { name: "Добавить категорию" }).click();
    await page.getByLabel("С возраста").nth(i).fill(String(min));
    await page.getByLabel("По возраст").nth(i).fill(String(max));
  }
  await page.getByRole("button", { name: "Создать мероприятие" }).click();
  await page.waitForURL(/\/organiser\/events\/\d+\?notice=created/);
  await page.getByRole("button", { name: "Опубликовать" }).click();
  await page.waitForURL(/notice=published/);
  const href = await page.getByRole("link", { name: "Публичная страница" }).getAttribute("href");
  await context.close();
  return href!.replace("/events/", "");
}

beforeAll(async () => {
  slug = await createOpenEvent();
});

async function addClubChild(page: Page, lastName: string, firstName: string, birthDate: string, town?: string) {
  await page.getByRole("link", { name: "Добавить ребёнка" }).click();
  await page.getByLabel("Фамилия").fill(lastName);
  await page.getByLabel("Имя", { exact: true }).fill(firstName);
  await page.getByLabel("Дата рождения").fill(birthDate);
  await page.getByLabel("Город", { exact: true }).selectOption(town ? "other" : "pavlodar");
  // A town outside Toi's list is typed as written; the region is the club's unless changed.
  if (town) await page.getByLabel("Другой город").fill(town);
  await page.getByLabel(/У меня есть письменное согласие родителя/).check();
  await page.getByRole("button", { name: "Сохранить" }).click();
  await page.waitForURL(/notice=added/);
}

/** The nomination step: its own form, beside the event's. */
async function chooseNomination(page: Page, nomination: string, mode: RegExp) {
  const step = page.locator("form", { has: page.getByLabel("Номинация") });
  await step.getByLabel("Номинация").selectOption({ label: nomination });
  await step.getByRole("radio", { name: mode }).check();
  await step.getByRole("button", { name: "Далее" }).click();
  await page.waitForURL(/nomination=\d+/);
}

describe("a club leader enters the club's children on a phone", () => {
  it("enters three children solo (one refused for age), then two of them as an ensemble, each once, without JavaScript", async () => {
    const context = await browser.newReader("ru", { javaScriptEnabled: false });
    const page = await signIn(context, "admin@toi.demo", "toi-admin-demo");
    await page.goto("/clubs");
    await page.getByRole("link", { name: "UNESCO Club «Ertis»" }).click();
    await page.waitForURL(/\/clubs\/\d+$/);
    const clubPath = new URL(page.url()).pathname;
    await addClubChild(page, "Ким", "Виктория", `${startYear - 9}-03-01`);
    await addClubChild(page, "Сейтқали", "Нұрлан", `${startYear - 12}-03-01`);
    await addClubChild(page, "Оспанова", "Әлия", `${startYear - 4}-03-01`);

    await page.getByRole("link", { name: "Подать заявки на мероприятие" }).click();
    await page.waitForURL(`**${clubPath}/enter`);
    await page.getByLabel("Мероприятие").selectOption({ label: EVENT });
    await page.getByRole("button", { name: "Далее" }).click();
    await page.waitForURL(/event=/);
    await chooseNomination(page, "Эстрадный вокал", /соло/);
    const soloForm = page.url();

    const rows = { kim: "Ким Виктория", nurlan: "Сейтқали Нұрлан", aliya: "Оспанова Әлия" };
    expect(await page.locator("main li .checkbox").allTextContents()).toEqual([
      expect.stringContaining(rows.kim),
      expect.stringContaining(rows.aliya),
      expect.stringContaining(rows.nurlan),
    ]);
    expect(await page.locator("li", { hasText: rows.kim }).textContent()).toContain("7–10 лет");
    expect(await page.locator("li", { hasText: rows.aliya }).textContent()).toContain(
      "нет подходящей возрастной категории",
    );
    for (const [i, name] of Object.values(rows).entries()) {
      const row = page.locator("li", { hasText: name });
      await row.getByRole("checkbox").check();
      await row.getByLabel("Название номера").fill(`Песня ${i + 1}`);
      await row.getByLabel("мин", { exact: true }).fill("3");
      await row.getByLabel("сек", { exact: true }).fill(String(10 + i));
      await row.getByLabel("Ссылка на видео").fill(`https://video.example.kz/club-${i + 1}`);
    }
    await page.getByRole("button", { name: "Отправить заявки" }).click();

    await page.getByRole("heading", { name: "Результат" }).waitFor();
    expect(await page.getByRole("status").textContent()).toBe("Подтверждено: 2. В листе ожидания: 0. Не подано: 1.");
    const result = (name: string) => page.locator("main li.card", { hasText: name });
    expect(await result(rows.kim).locator(".pill").textContent()).toBe("Подтверждена");
    expect(await result(rows.nurlan).locator(".pill").textContent()).toBe("Подтверждена");
    expect(await result(rows.aliya).locator(".pill").textContent()).toBe("Не подана");
    expect(await result(rows.aliya).textContent()).toContain("Возраст участника Оспанова Әлия");

    // The two confirmed children now dance together; the refused one is left out.
    await page.getByRole("link", { name: "Заявить ещё детей" }).click();
    await page.waitForURL(/nomination=\d+/);
    await expect
      .poll(() => page.locator("li", { hasText: rows.kim }).textContent())
      .toContain("уже заявлен в этой номинации");
    await expect.poll(() => page.locator("li", { hasText: rows.kim }).getByRole("checkbox").isDisabled()).toBe(true);
    await chooseNomination(page, "Народный танец", /вместе/);
    expect(await page.getByRole("radio", { name: /Ансамбль/ }).isChecked()).toBe(true);
    for (const name of [rows.kim, rows.nurlan])
      await page.locator("li", { hasText: name }).getByRole("checkbox").check();
    await page.getByLabel("Название номера").fill("Қара жорға");
    await page.getByLabel("мин", { exact: true }).fill("4");
    await page.getByLabel("сек", { exact: true }).fill("30");
    const groupForm = page.url();
    // A double click sends the form twice; the second post answers with the first one's entry.
    await page.getByRole("button", { name: "Отправить заявки" }).dblclick();
    await page.getByRole("heading", { name: "Результат" }).waitFor();
    const ensemble = page.locator("main li.card", { hasText: `${rows.kim}, ${rows.nurlan}` });
    expect(await ensemble.locator(".pill").textContent()).toBe("Подтверждена");

    await page.goto(clubPath);
    const entries = page.getByRole("table", { name: "Заявки" });
    expect(await entries.getByRole("row", { name: /Эстрадный вокал/ }).count()).toBe(2);
    const dance = entries.getByRole("row", { name: /Народный танец/ });
    expect(await dance.count()).toBe(1);
    expect(await dance.textContent()).toContain("Ансамбль");
    expect(await dance.textContent()).toContain("Подтверждена");

    // The same pages with JavaScript (axe needs it): accessible, and a refused child stays refused.
    const withScripts = await browser.newReader("ru");
    await withScripts.addCookies(await context.cookies());
    const again = await withScripts.newPage();
    await again.goto(groupForm);
    await expectAccessible(again);
    await again.goto(soloForm);
    expect(await again.locator("li", { hasText: rows.nurlan }).getByRole("checkbox").isDisabled()).toBe(true);
    const aliya = again.locator("li", { hasText: rows.aliya });
    await aliya.getByRole("checkbox").check();
    await aliya.getByLabel("Название номера").fill("Песня 3");
    await aliya.getByLabel("мин", { exact: true }).fill("2");
    await expectAccessible(again);
    await again.getByRole("button", { name: "Отправить заявки" }).click();
    await again.getByRole("heading", { name: "Результат" }).waitFor();
    expect(await again.getByRole("status").textContent()).toBe("Подтверждено: 0. В листе ожидания: 0. Не подано: 1.");
    expect(await again.locator("main li.card", { hasText: rows.aliya }).textContent()).toContain(
      "Укажите ссылку на видео.",
    );
    await expectAccessible(again);
    await Promise.all([context.close(), withScripts.close()]);
  });
});

describe("a club leader enters roster children in an artwork nomination on a phone", () => {
  it("attaches an image per child, refuses the child whose image is missing, and keeps the typed town", async () => {
    const context = await browser.newReader("ru");
    const page = await signIn(context, "admin@toi.demo", "toi-admin-demo");
    await page.goto("/clubs");
    await page.getByRole("link", { name: "UNESCO Club «Ertis»" }).click();
    await page.waitForURL(/\/clubs\/\d+$/);
    await addClubChild(page, "Жақсыбекова", "Аяулым", `${startYear - 9}-05-01`, "Ақсу");
    await addClubChild(page, "Тоқтаров", "Ерасыл", `${startYear - 12}-06-01`);
    await page.getByRole("link", { name: /Жақсыбекова Аяулым/ }).click();
    expect(await page.getByLabel("Другой город").inputValue()).toBe("Ақсу");
    expect(await page.getByLabel("Регион").inputValue()).toBe("pavlodar");
    await page.goBack();

    await page.getByRole("link", { name: "Подать заявки на мероприятие" }).click();
    await page.getByLabel("Мероприятие").selectOption({ label: EVENT });
    await page.getByRole("button", { name: "Далее" }).click();
    await page.waitForURL(/event=/);
    await chooseNomination(page, "Рисунок", /соло/);
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#2a7" } })
      .png()
      .toBuffer();
    const aya = page.locator("li", { hasText: "Жақсыбекова Аяулым" });
    await aya.getByRole("checkbox").check();
    await aya.getByLabel("Название работы").fill("Ертіс");
    await aya.getByLabel("Изображение работы").setInputFiles({ name: "ertis.png", mimeType: "image/png", buffer: png });
    const yerasyl = page.locator("li", { hasText: "Тоқтаров Ерасыл" });
    await yerasyl.getByRole("checkbox").check();
    await yerasyl.getByLabel("Название работы").fill("Дала");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Отправить заявки" }).click();
    await page.getByRole("heading", { name: "Результат" }).waitFor();
    expect(await page.getByRole("status").textContent()).toBe("Подтверждено: 1. В листе ожидания: 0. Не подано: 1.");
    expect(await page.locator("main li.card", { hasText: "Жақсыбекова Аяулым" }).locator(".pill").textContent()).toBe(
      "Подтверждена",
    );
    expect(await page.locator("main li.card", { hasText: "Тоқтаров Ерасыл" }).textContent()).toMatch(/изображени/i);
    await context.close();
  });
});

describe("a family changes its entry until registration closes", () => {
  it("changes the title and duration, is told when the duration is too long, and sees the changes", async () => {
    const context = await browser.newReader("ru");
    const page = await signIn(context, "guardian@toi.demo", "toi-guardian-demo");
    await page.goto("/children/new");
    await page.getByLabel("Фамилия").fill("Омарова");
    await page.getByLabel("Имя", { exact: true }).fill("Дана");
    await page.getByLabel("Дата рождения").fill(`${startYear - 10}-05-05`);
    await page.getByLabel("Город", { exact: true }).selectOption("pavlodar");
    await page.getByLabel(/обработку персональных данных ребёнка/).check();
    await page.getByRole("button", { name: "Сохранить" }).click();
    await page.waitForURL(/notice=added/);

    await page.goto(`/events/${slug}/enter`);
    await page.getByLabel("Номинация").selectOption({ label: "Эстрадный вокал" });
    await page.getByRole("button", { name: "Далее" }).click();
    await page.waitForURL(/nomination=/);
    await page.getByRole("checkbox", { name: /Омарова Дана/ }).check();
    await page.getByLabel("Название номера").fill("Бозторғай");
    await page.getByLabel("мин", { exact: true }).fill("3");
    await page.getByLabel("сек", { exact: true }).fill("20");
    await page.getByLabel("Ссылка на видео").fill("https://video.example.kz/boztorgai");
    await page.getByRole("button", { name: "Отправить заявку" }).click();
    await page.waitForURL(/\/entries\/[A-Z0-9-]+\?notice=confirmed/);
    const entryPath = new URL(page.url()).pathname;

    await page.getByRole("link", { name: "Изменить заявку" }).click();
    await page.waitForURL(`**${entryPath}/edit`);
    await expect.poll(() => page.getByLabel("Название номера").inputValue()).toBe("Бозторғай");
    await expect.poll(() => page.getByLabel("мин", { exact: true }).inputValue()).toBe("3");
    expect(await page.getByLabel("сек", { exact: true }).inputValue()).toBe("20");
    expect(await page.getByLabel("Ссылка на видео").inputValue()).toBe("https://video.example.kz/boztorgai");
    expect(await page.locator("main").textContent()).toContain("Участников, номинацию и форму участия изменить нельзя");
    await expectAccessible(page);

    await page.getByLabel("мин", { exact: true }).fill("5");
    await page.getByRole("button", { name: "Сохранить изменения" }).click();
    await expect.poll(() => page.locator(".problem-list").textContent()).toContain("допускается не больше 4:00");
    expect(await page.getByLabel("мин", { exact: true }).inputValue()).toBe("5");

    await page.getByLabel("Название номера").fill("Бозторғай (жаңа нұсқа)");
    await page.getByLabel("мин", { exact: true }).fill("3");
    await page.getByLabel("сек", { exact: true }).fill("45");
    await page.getByLabel("Ссылка на видео").fill("https://video.example.kz/boztorgai-2");
    await page.getByRole("button", { name: "Сохранить изменения" }).click();
    await page.waitForURL(`**${entryPath}?notice=edited`);
    await expect.poll(() => page.getByRole("status").textContent()).toBe("Изменения сохранены.");
    const facts = (await page.locator(".facts").first().textContent()) ?? "";
    expect(facts).toContain("Бозторғай (жаңа нұсқа)");
    expect(facts).toContain("3:45");
    expect(await page.locator(".entry-status .pill").first().textContent()).toBe("Подтверждена");
    await context.close();
  });
});
