import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { openPdf } from "../setup/pdf";
import {
  addChild,
  almaty,
  createLiveContest,
  enterChild,
  expectAccessible,
  linkFromMail,
  signIn,
  withBrowser,
} from "./browser";

const browser = withBrowser();

/** The text of a PDF's pages as pdf.js reads it, runs joined by spaces. */
async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await openPdf(bytes);
  const runs: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    for (const item of content.items) if ("str" in item) runs.push(item.str);
  }
  await pdf.destroy();
  return runs.join(" ").replace(/\s+/g, " ");
}

/** Types a judge's four scores into an entry's card, one field after another. */
async function score(card: Locator, values: string[]) {
  const fields = card.locator("input.score-field__input");
  expect(await fields.count()).toBe(values.length);
  for (const [i, value] of values.entries()) await fields.nth(i).fill(value);
}

/** Opens the judge's panel of this event from the judge's own screen (a phone). */
async function openPanel(page: Page, eventTitle: string, raise: RegExp): Promise<void> {
  await page.goto("/judge");
  await page.getByRole("region", { name: eventTitle, exact: true }).locator("a.judge-panel").first().click();
  await page.waitForURL(/\/judge\/panels\/\d+$/);
  // JavaScript has taken over the sheet when the −/+ buttons are there: changes then save themselves.
  await expect.poll(() => page.getByRole("button", { name: raise }).count()).toBeGreaterThan(0);
}

/**
 * Waits until the judge's screen would come back without a connection: the page and the build files it
 * loaded are in the offline copy (public/judge-sw.js).
 */
async function keptForOffline(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const files = [
            ...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>(
              "script[src], link[rel=modulepreload], link[rel=stylesheet]",
            ),
          ]
            .map((el) => ("src" in el ? el.src : el.href))
            .filter((u) => new URL(u).pathname.startsWith("/assets/"));
          const kept = await Promise.all(
            [location.href, ...files].map(async (u) => Boolean(await caches.match(u, { ignoreVary: true }))),
          );
          return kept.every(Boolean) && Boolean(navigator.serviceWorker.controller);
        }),
      { timeout: 15_000 },
    )
    .toBe(true);
}

/** Each judge's column of a row of the organiser's table: "total | the four scores". */
function sheetsOf(row: Locator): Promise<string[]> {
  return row
    .locator("td.results-sheet")
    .evaluateAll((cells) =>
      cells
        .map(
          (c) =>
            `${c.querySelector("strong")?.textContent ?? ""} | ${c.querySelector(".results-sheet__scores")?.textContent ?? ""}`,
        )
        .sort(),
    );
}

describe("two judges score a final on phones, the organiser publishes, the family downloads the diploma", () => {
  it("scores online and offline without losing or doubling a score, then locks, publishes and prints a Kazakh diploma", async () => {
    const stamp = Date.now().toString(36);
    const eventDay = almaty(40).slice(0, 10);
    const birthDate = `${Number(eventDay.slice(0, 4)) - 10}-03-15`;
    const titleKk = `Жас дауыстар ${stamp}`;
    const titleRu = `Юные голоса ${stamp}`;
    const nomination = "Эстрадный вокал";
    const aigerim = { last: "Бекмұхамбетова", first: "Әйгерім", piece: "Көктем вальсі" };
    const alikhan = { last: "Тоқтаров", first: "Алихан", piece: "Жаворонок" };
    const invitedEmail = `zhanar-${stamp}@example.kz`;
    const invitedPassword = "қазылар алқасы таңертең жиналады";

    // The organiser creates a contest with one live nomination, one age group and a final, and publishes it.
    const organiser = await browser.newReader("ru", { width: 1280 });
    const org = await signIn(organiser, "admin@toi.demo", "toi-admin-demo");
    const { eventPath, slug } = await createLiveContest(org, { titleRu, titleKk, nomination, day: eventDay });

    // A family enters two children; both entries are confirmed.
    const family = await browser.newReader("ru");
    const home = await signIn(family, "guardian@toi.demo", "toi-guardian-demo");
    const references: Record<string, string> = {};
    for (const child of [aigerim, alikhan]) {
      await addChild(home, child.last, child.first, birthDate);
      references[child.first] = await enterChild(
        home,
        slug,
        nomination,
        `${child.last} ${child.first}`,
        child.piece,
        190,
      );
    }

    // The jury: the standard four criteria (out of 10), the demo judge as chair and an invited judge.
    await org.goto(`${eventPath}/jury`);
    await org.getByRole("button", { name: "Взять стандартные критерии" }).click();
    await org.waitForURL(/notice=standardAdded/);
    await expect.poll(() => org.locator(".jury-list > li").count()).toBe(4);
    await org.goto(`${eventPath}/jury/panels`);
    const addJudge = async (email: string, name: string, chair: boolean) => {
      const panel = org.locator("section.card", { has: org.getByRole("heading", { level: 2, name: nomination }) });
      // The form may still be open from the last addition: React keeps the element across the reload.
      const details = panel.locator("details", { has: org.locator("summary", { hasText: "Добавить члена жюри" }) });
      if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator("summary").click();
      await panel.getByLabel("Эл. почта").fill(email);
      if (chair) await panel.getByLabel("Председатель состава").check();
      if (name) await panel.getByLabel("Имя", { exact: true }).fill(name);
      await panel.getByRole("button", { name: "Добавить в состав" }).click();
    };
    await addJudge("judge@toi.demo", "", true);
    await org.waitForURL(/notice=judgeAdded/);
    await addJudge(invitedEmail, "Жанар Дүйсенова", false);
    await org.waitForURL(/notice=judgeInvited/);
    await expect.poll(() => org.locator(".jury-item").count()).toBe(2);

    // The invited judge sets a password from the invitation in the email (and is signed in).
    const invitation = await linkFromMail(invitedEmail);
    expect(invitation).toContain("/set-password?token=");
    const second = await browser.newReader("ru");
    const zhanar = await second.newPage();
    await zhanar.goto(invitation);
    await zhanar.getByLabel("Новый пароль").fill(invitedPassword);
    await zhanar.getByRole("button", { name: "Сохранить пароль" }).click();
    await zhanar.waitForURL(/\/account\?notice=passwordSet/);

    // The demo judge scores both entries on a phone, in Kazakh; each card says it is saved.
    const first = await browser.newReader("kk");
    const yerlan = await signIn(first, "judge@toi.demo", "toi-judge-demo");
    await openPanel(yerlan, titleKk, /: көбейту$/);
    const cardOf = (page: Page, piece: string) => page.locator("article.score-card", { hasText: `«${piece}»` });
    await score(cardOf(yerlan, aigerim.piece), ["9", "9,5", "9", "8,5"]);
    await score(cardOf(yerlan, alikhan.piece), ["8", "8", "7.5", "8"]);
    for (const piece of [aigerim.piece, alikhan.piece]) {
      await expect.poll(() => cardOf(yerlan, piece).locator(".score-card__status").textContent()).toBe("Сақталды");
    }
    expect(await cardOf(yerlan, aigerim.piece).locator(".score-card__total").textContent()).toBe("Барлығы: 36 / 40");
    await expectAccessible(yerlan);

    // Without JavaScript the card posts as a form: a bad score is marked by its field, the page opens
    // again at that card, and the card doesn't call the scores it saved "not saved".
    const plain = await browser.newReader("kk", { javaScriptEnabled: false });
    const yerlanPlain = await signIn(plain, "judge@toi.demo", "toi-judge-demo");
    await yerlanPlain.goto(yerlan.url());
    const plainCard = cardOf(yerlanPlain, aigerim.piece);
    await plainCard.locator("input.score-field__input").first().fill("11");
    await plainCard.getByRole("button", { name: "Сақтау" }).click();
    await yerlanPlain.waitForLoadState();
    expect(new URL(yerlanPlain.url()).hash).toMatch(/^#entry-\d+$/);
    expect(await plainCard.locator(".field__error").allTextContents()).toEqual([
      "0-ден 10-ге дейінгі санды енгізіңіз.",
    ]);
    expect(await plainCard.locator(".score-card__status").textContent()).toBe(
      "Қалған ұпайлар сақталды; белгіленген ұпайды тексеріңіз",
    );
    await plain.close();

    // The invited judge loses the connection: the scores wait on the phone, then go when it returns.
    await openPanel(zhanar, titleRu, /: больше$/);
    await keptForOffline(zhanar);
    await second.setOffline(true);
    await score(cardOf(zhanar, aigerim.piece), ["7", "9", "9", "9"]);
    await cardOf(zhanar, aigerim.piece).locator("input.score-field__input").first().fill("9,5"); // a second thought, still offline
    await score(cardOf(zhanar, alikhan.piece), ["8,5", "8", "8", "8,5"]);
    const banner = zhanar.locator(".judge-sheet__banner");
    await expect
      .poll(() => banner.textContent(), { timeout: 10_000 })
      .toContain("Нет связи — баллов ждут на этом устройстве: 8.");
    expect(await cardOf(zhanar, aigerim.piece).locator(".score-card__status").textContent()).toBe("Ждёт отправки");
    await expectAccessible(zhanar);
    // She reloads the page in the hall, still without a connection: the screen comes back from the
    // phone with her scores waiting (ERR_INTERNET_DISCONNECTED before the offline copy).
    await zhanar.reload();
    await expect
      .poll(() => zhanar.getByRole("button", { name: /: больше$/ }).count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() => banner.textContent(), { timeout: 10_000 })
      .toContain("Нет связи — баллов ждут на этом устройстве: 8.");
    expect(
      await cardOf(zhanar, aigerim.piece)
        .locator("input.score-field__input")
        .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)),
    ).toEqual(["9,5", "9", "9", "9"]);
    expect(await cardOf(zhanar, alikhan.piece).locator(".score-card__status").textContent()).toBe("Ждёт отправки");
    await second.setOffline(false);
    for (const piece of [aigerim.piece, alikhan.piece]) {
      await expect
        .poll(() => cardOf(zhanar, piece).locator(".score-card__status").textContent(), { timeout: 20_000 })
        .toBe("Сохранено");
    }
    await expect.poll(() => banner.count()).toBe(0);
    // What the server holds is what the judge typed last.
    await openPanel(zhanar, titleRu, /: больше$/);
    expect(
      await cardOf(zhanar, aigerim.piece)
        .locator("input.score-field__input")
        .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)),
    ).toEqual(["9,5", "9", "9", "9"]);
    expect(await zhanar.locator(".judge-sheet__progress").textContent()).toBe("Оценено: 2 из 2");

    // The organiser computes, and sees every judge's four scores once: nothing lost, nothing doubled.
    await org.goto(`${eventPath}/results`);
    await org.getByRole("button", { name: "Подсчитать результаты" }).click();
    await org.waitForURL(/notice=computed/);
    const section = org.locator("li.results-section", { hasText: nomination });
    await expect.poll(() => section.locator(".results-section__facts").textContent()).toContain("2 из 2");
    await section.getByRole("link", { name: "Оценки и награды" }).click();
    await org.waitForURL(/\/results\/\d+$/);
    const rowOf = (child: { last: string; first: string }) =>
      org.locator("table.results-matrix tbody tr", { hasText: `${child.last} ${child.first}` });
    await expect.poll(() => rowOf(aigerim).count()).toBe(1);
    expect(await org.locator("table.results-matrix tbody tr").count()).toBe(2);
    expect(await org.locator("table.results-matrix thead th").count()).toBe(4 + 2);
    expect(await rowOf(aigerim).locator(".results-matrix__total").textContent()).toContain("36,25");
    expect(await rowOf(aigerim).locator(".results-matrix__total").textContent()).toContain("Учтено членов жюри: 2");
    expect(await sheetsOf(rowOf(aigerim))).toEqual(["36 | 9 · 9,5 · 9 · 8,5", "36,5 | 9,5 · 9 · 9 · 9"]);
    expect(await sheetsOf(rowOf(alikhan))).toEqual(["31,5 | 8 · 8 · 7,5 · 8", "33 | 8,5 · 8 · 8 · 8,5"]);
    expect(await rowOf(aigerim).locator("td").nth(2).textContent()).toBe("Лауреат I степени");
    expect(await rowOf(alikhan).locator("td").nth(2).textContent()).toBe("Лауреат II степени");

    // Lock, then publish (after a confirmation: the families are emailed).
    await org.goto(`${eventPath}/results`);
    await section.getByRole("button", { name: "Зафиксировать" }).click();
    await org.waitForURL(/notice=locked/);
    await section.getByRole("link", { name: "Опубликовать", exact: true }).click();
    await expect.poll(() => section.getByRole("button", { name: "Опубликовать и отправить письма" }).count()).toBe(1);
    await section.getByRole("button", { name: "Опубликовать и отправить письма" }).click();
    await org.waitForURL(/notice=published/);
    await expect.poll(() => section.locator(".results-section__state").textContent()).toContain("Опубликовано");

    // A locked section refuses the judge's later change.
    await openPanel(yerlan, titleKk, /: көбейту$/);
    await expect
      .poll(() => cardOf(yerlan, aigerim.piece).locator("input.score-field__input").first().isDisabled())
      .toBe(true);

    // The public page, read anonymously in Kazakh, shows the awards.
    const reader = await browser.newReader("kk");
    const view = await reader.newPage();
    expect((await view.goto(`/events/${slug}/results`))?.status()).toBe(200);
    const publicRow = (child: { last: string; first: string }) =>
      view.locator("li.results-row", { hasText: `${child.last} ${child.first}` });
    await expect
      .poll(() => publicRow(aigerim).locator(".results-row__award").textContent())
      .toContain("I дәрежелі лауреат");
    expect(await publicRow(alikhan).locator(".results-row__award").textContent()).toContain("II дәрежелі лауреат");
    expect(await view.locator("main").textContent()).not.toContain(references[aigerim.first]!);
    await expectAccessible(view);

    // The family's diploma opens as a PDF with the Kazakh award, name and event.
    const pdf = await family.request.get(`/entries/${references[aigerim.first]}/diploma?lang=kk`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toContain("application/pdf");
    const bytes = await pdf.body();
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const text = await pdfText(bytes);
    expect(text).toContain("I дәрежелі лауреат");
    expect(text).toContain(`${aigerim.last} ${aigerim.first}`);
    expect(text).toContain(titleKk);
    expect(text).toContain("Қазылар алқасының төрағасы");
    // Nobody else may download it, not even the event's judge.
    const stranger = await browser.newReader("ru");
    await (await signIn(stranger, "judge@toi.demo", "toi-judge-demo")).close();
    expect((await stranger.request.get(`/entries/${references[aigerim.first]}/diploma?lang=kk`)).status()).toBe(404);

    await Promise.all([
      organiser.close(),
      family.close(),
      first.close(),
      second.close(),
      reader.close(),
      stranger.close(),
    ]);
  });
});
