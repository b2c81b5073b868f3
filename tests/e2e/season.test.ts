import type { Locator, Page } from "playwright-core";
import sharp from "sharp";
import { describe, expect, it } from "vitest";

import { signIn, withBrowser } from "./browser";

const browser = withBrowser();

/** A date `offset` days from today, as the event form takes it. */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const startYear = Number(day(60).slice(0, 4));
const stamp = Date.now().toString(36);
const EVENT = `Өнер планетасы ${stamp}`;
const NOMINATION = "Рисунок";

/** One child of each demo club, in its own region, with the work the club enters for it. */
const CLUBS = [
  { club: "UNESCO Club «Baiterek»", city: "astana", child: ["Сәрсенова", "Томирис"], work: "Бәйтерек" },
  { club: "UNESCO Club «Kyzyljar»", city: "petropavlovsk", child: ["Жұмабаев", "Арман"], work: "Есіл" },
  { club: "UNESCO Club «Zhuldyz»", city: "shakhtinsk", child: ["Ким", "Алина"], work: "Шахта" },
] as const;

/** The season: a selection round, a heat per region (its city, its region's box), two galas. */
const HEATS = [
  { city: "astana", region: "Астана", work: "Бәйтерек" },
  { city: "petropavlovsk", region: "Северо-Казахстанская область", work: "Есіл" },
  { city: "karaganda", region: "Карагандинская область", work: "Шахта" },
] as const;
const GALAS = ["almaty", "shymkent"] as const;

const roundRow = (page: Page, n: number) => page.getByRole("group", { name: `Этап ${n}`, exact: true });

/** Fills one round of the event form: its step, kind, city and dates, and opens its details. */
async function fillRound(page: Page, n: number, r: { step: number; kind: string; city?: string; on: string }) {
  const row = roundRow(page, n);
  await row.getByLabel("Ступень").fill(String(r.step));
  await row.getByLabel("Вид этапа").selectOption(r.kind);
  if (r.city) await row.getByLabel("Город", { exact: true }).selectOption(r.city);
  await row.getByLabel("Начало", { exact: true }).fill(r.on);
  await row.getByLabel("Окончание", { exact: true }).fill(r.on);
  const details = row.locator("details.round-details");
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator("summary").click();
  return row;
}

/** The organiser, on a phone, builds the season in the event form and publishes the event. */
async function buildSeason(org: Page): Promise<{ eventPath: string; slug: string }> {
  await org.goto("/organiser/events/new");
  await org
    .getByRole("group", { name: /Название/ })
    .getByLabel("Қазақша")
    .fill(EVENT);
  await org.getByLabel("Вид", { exact: true }).selectOption("contest");
  await org.getByLabel("Город", { exact: true }).first().selectOption("almaty");
  await org.getByLabel("Первый день").fill(day(40));
  await org.getByLabel("Последний день").fill(day(60));
  await org.getByLabel("Регистрация открывается").fill(`${day(-1)}T09:00`);
  await org.getByLabel("Регистрация закрывается").fill(`${day(30)}T18:00`);
  await org.getByLabel(/Заявка может участвовать в нескольких этапах одной ступени/).check();
  await org.getByRole("button", { name: "Добавить номинацию" }).click();
  await org.getByLabel("Название · Русский").fill(NOMINATION);
  await org.getByLabel("Направление").selectOption("fine_art");
  await org.getByLabel("Вид заявки").selectOption("artwork");
  await org.getByRole("button", { name: "Добавить категорию" }).click();
  await org.getByLabel("С возраста").fill("7");
  await org.getByLabel("По возраст").fill("14");

  for (let i = 0; i < 1 + HEATS.length + GALAS.length; i++)
    await org.getByRole("button", { name: "Добавить этап" }).click();
  // Step 1: the selection round sends its top three on, each to its region's heat.
  const selection = await fillRound(org, 1, { step: 1, kind: "remote", on: day(40) });
  await selection.getByLabel("Кто проходит дальше").selectOption("top_n");
  await selection.getByLabel(/^Сколько проходят/).fill("3");
  // Step 2: three heats in parallel, each open to one region.
  for (const [i, heat] of HEATS.entries()) {
    const row = await fillRound(org, 2 + i, { step: 2, kind: "heat", city: heat.city, on: day(50) });
    await row.getByRole("checkbox", { name: heat.region, exact: true }).check();
  }
  // Step 3: two galas in parallel, each taking the best of each section of every heat.
  for (const [i, city] of GALAS.entries()) {
    const row = await fillRound(org, 5 + i, { step: 3, kind: "gala", city, on: day(60) });
    await row.getByLabel("Берёт из каждого предыдущего этапа").selectOption("top_n");
    await row.getByLabel(/^Первые N в каждой категории/).fill("1");
  }
  await org.getByRole("button", { name: "Создать мероприятие" }).click();
  await org.waitForURL(/\/organiser\/events\/\d+\?notice=created/);
  const eventPath = new URL(org.url()).pathname;
  await org.getByRole("button", { name: "Опубликовать" }).click();
  await org.waitForURL(/notice=published/);
  const href = await org.getByRole("link", { name: "Публичная страница" }).getAttribute("href");
  return { eventPath, slug: href!.replace("/events/", "") };
}

/** A club (the demo admin leads every club here) adds a roster child and enters its drawing with an image. */
async function clubEntersChild(page: Page, c: (typeof CLUBS)[number], png: Buffer) {
  await page.goto("/clubs");
  await page.getByRole("link", { name: c.club }).click();
  await page.waitForURL(/\/clubs\/\d+$/);
  await page.getByRole("link", { name: "Добавить ребёнка" }).click();
  await page.getByLabel("Фамилия").fill(c.child[0]);
  await page.getByLabel("Имя", { exact: true }).fill(c.child[1]);
  await page.getByLabel("Дата рождения").fill(`${startYear - 10}-04-01`);
  await page.getByLabel("Город", { exact: true }).selectOption(c.city);
  await page.getByLabel(/У меня есть письменное согласие родителя/).check();
  await page.getByRole("button", { name: "Сохранить" }).click();
  await page.waitForURL(/notice=added/);

  await page.getByRole("link", { name: "Подать заявки на мероприятие" }).click();
  await page.getByLabel("Мероприятие").selectOption({ label: EVENT });
  await page.getByRole("button", { name: "Далее" }).click();
  await page.waitForURL(/event=/);
  const step = page.locator("form", { has: page.getByLabel("Номинация") });
  await step.getByLabel("Номинация").selectOption({ label: NOMINATION });
  await step.getByRole("radio", { name: /соло/ }).check();
  await step.getByRole("button", { name: "Далее" }).click();
  await page.waitForURL(/nomination=\d+/);
  const row = page.locator("li", { hasText: `${c.child[0]} ${c.child[1]}` });
  await row.getByRole("checkbox").check();
  await row.getByLabel("Название работы").fill(c.work);
  await row
    .getByLabel("Изображение работы")
    .setInputFiles({ name: `${c.city}.png`, mimeType: "image/png", buffer: png });
  await page.getByRole("button", { name: "Отправить заявки" }).click();
  await page.getByRole("heading", { name: "Результат" }).waitFor();
  expect(await page.getByRole("status").textContent()).toBe("Подтверждено: 1. В листе ожидания: 0. Не подано: 0.");
}

/** The organiser puts the demo judge on the nomination's panel of round `n`. */
async function addJudge(org: Page, eventPath: string, n: number) {
  await org.goto(`${eventPath}/jury/panels`);
  await org.getByRole("link", { name: new RegExp(`^Этап ${n}:`) }).click();
  await org.waitForURL(/round=\d+/);
  const panel = org.locator("section.card", { has: org.getByRole("heading", { level: 2, name: NOMINATION }) });
  const details = panel.locator("details", { has: org.locator("summary", { hasText: "Добавить члена жюри" }) });
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator("summary").click();
  await panel.getByLabel("Эл. почта").fill("judge@toi.demo");
  await panel.getByRole("button", { name: "Добавить в состав" }).click();
  await org.waitForURL(/notice=judgeAdded/);
}

/** The judge's sheet of one round (its heading on the judge's page, e.g. "Региональный этап · Астана"). */
async function openSheet(judge: Page, round: RegExp): Promise<void> {
  await judge.goto("/judge");
  const event = judge.getByRole("region", { name: EVENT, exact: true });
  await event.locator("h3.judge-round", { hasText: round }).locator("xpath=following-sibling::ul//a").click();
  await judge.waitForURL(/\/judge\/panels\/\d+$/);
}

/** Scores each card of the open sheet (the works' titles → the four scores), saving each card as a form. */
async function scoreSheet(judge: Page, scores: Record<string, string>): Promise<void> {
  expect(await judge.locator("article.score-card").count()).toBe(Object.keys(scores).length);
  for (const [work, value] of Object.entries(scores)) {
    const card: Locator = judge.locator("article.score-card", { hasText: `«${work}»` });
    const fields = card.locator("input.score-field__input");
    for (let i = 0; i < (await fields.count()); i++) await fields.nth(i).fill(value);
    await card.getByRole("button", { name: "Сохранить" }).click();
    await judge.waitForLoadState();
  }
}

/** Computes round `n` and locks its one section, on the results page. */
async function computeAndLock(org: Page, eventPath: string, n: number, entries: number) {
  await org.goto(`${eventPath}/results`);
  const round = org.locator("section.results-round", {
    has: org.getByRole("heading", { name: new RegExp(`^Этап ${n}:`) }),
  });
  await round.getByRole("button", { name: "Подсчитать результаты" }).click();
  await org.waitForURL(/notice=computed/);
  const section = round.locator("li.results-section", { hasText: NOMINATION });
  await expect.poll(() => section.textContent()).toContain(`${entries} из ${entries}`);
  await section.getByRole("button", { name: "Зафиксировать" }).click();
  await org.waitForURL(/notice=locked/);
}

/** On the advance page of round `n`, applies the rule into every round of the next step at once. */
async function advanceFrom(org: Page, eventPath: string, n: number) {
  await org.goto(`${eventPath}/results/advance`);
  await org.getByRole("link", { name: new RegExp(`^Этап ${n}:`) }).click();
  await org.waitForURL(/round=\d+/);
  await org.getByRole("button", { name: /Применить правило ко всем разделам/ }).click();
  await org.waitForURL(/notice=done/);
}

describe("an organiser runs a season of regional heats and two galas on a phone", () => {
  it("routes three clubs' entries to their region's heats, advances every heat into both galas, shows the season in Kazakh", async () => {
    const organiser = await browser.newReader("ru");
    const org = await signIn(organiser, "admin@toi.demo", "toi-admin-demo");
    const { eventPath, slug } = await buildSeason(org);

    // Three clubs in three regions enter a roster child each in the artwork nomination.
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#2a7" } })
      .png()
      .toBuffer();
    for (const c of CLUBS) await clubEntersChild(org, c, png);

    // The jury: the standard criteria, the demo judge on the selection round and on each heat.
    await org.goto(`${eventPath}/jury`);
    await org.getByRole("button", { name: "Взять стандартные критерии" }).click();
    await org.waitForURL(/notice=standardAdded/);
    for (const n of [1, 2, 3, 4]) await addJudge(org, eventPath, n);

    const judging = await browser.newReader("ru", { javaScriptEnabled: false });
    const judge = await signIn(judging, "judge@toi.demo", "toi-judge-demo");
    await openSheet(judge, /^Заочный этап/);
    await scoreSheet(judge, { Бәйтерек: "9", Есіл: "8", Шахта: "7" });
    await computeAndLock(org, eventPath, 1, 3);
    await advanceFrom(org, eventPath, 1);

    // Each heat holds its own region's entry, and only that one.
    for (const heat of HEATS) {
      await openSheet(judge, new RegExp(`^Региональный этап · ${cityRu[heat.city]}`));
      await scoreSheet(judge, { [heat.work]: "8" });
    }
    for (const n of [2, 3, 4]) {
      await computeAndLock(org, eventPath, n, 1);
      await advanceFrom(org, eventPath, n);
    }

    // Both galas take the best of each heat: all three entries.
    for (const n of [5, 6]) await addJudge(org, eventPath, n);
    for (const city of GALAS) {
      await openSheet(judge, new RegExp(`^Гала-концерт · ${cityRu[city]}`));
      expect(await judge.locator("article.score-card").count()).toBe(HEATS.length);
      for (const heat of HEATS)
        expect(await judge.locator("article.score-card", { hasText: `«${heat.work}»` }).count()).toBe(1);
    }

    // The organiser's picture of the season counts the entries at each round (its table, step by step).
    await org.goto(eventPath);
    const rows = await org
      .locator("table.season-diagram__table tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim() ?? "")));
    expect(rows.map(([step, , count]) => `${step}: ${count}`).sort()).toEqual([
      "1: 3",
      "2: 1",
      "2: 1",
      "2: 1",
      "3: 3",
      "3: 3",
    ]);
    for (const heat of HEATS)
      expect(rows.filter(([, label]) => label!.endsWith(cityRu[heat.city]!)).map(([, , count]) => count)).toEqual([
        "1",
      ]);

    // The public event page in Kazakh shows the selection round, the heats by region and both galas.
    const reader = await browser.newReader("kk");
    const view = await reader.newPage();
    expect((await view.goto(`/events/${slug}`))?.status()).toBe(200);
    const season = view.locator("ol.season");
    await expect.poll(() => season.locator("> li").count()).toBe(3);
    const steps = season.locator("> li");
    expect(await steps.nth(0).locator("h3").textContent()).toBe("Сырттай іріктеу кезеңі");
    expect(await steps.nth(1).locator("h3").textContent()).toBe("Өңірлік кезеңдер");
    expect(await steps.nth(1).locator(".season-round__place").allTextContents()).toEqual([
      "Астана",
      "Қарағанды облысы",
      "Солтүстік Қазақстан облысы",
    ]);
    expect(await steps.nth(2).locator("h3").textContent()).toBe("Гала-концерттер");
    expect(await steps.nth(2).locator(".season-round__place").allTextContents()).toEqual(["Алматы", "Шымкент"]);

    await Promise.all([organiser.close(), judging.close(), reader.close()]);
  });
});

const cityRu: Record<string, string> = {
  astana: "Астана",
  petropavlovsk: "Петропавловск",
  karaganda: "Караганда",
  almaty: "Алматы",
  shymkent: "Шымкент",
};
