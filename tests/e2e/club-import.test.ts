import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { xlsx, xlsxBomb } from "~/.server/registration/roster/test-files";

import { expectAccessible, withBrowser } from "./browser";

const browser = withBrowser();

async function signInAsAdmin(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill("admin@toi.demo");
  await page.getByLabel("Password").fill("toi-admin-demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  return page;
}

/** A roster as Excel saves it in a Russian locale: UTF-8 with a BOM, semicolons, the headings in row 1. */
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function rosterCsv(rows: string[][]): { name: string; mimeType: string; buffer: Buffer } {
  const lines = [["Фамилия", "Имя", "Отчество", "Дата рождения", "Город"], ...rows].map((r) => r.join(";"));
  return { name: "shanyrak.csv", mimeType: "text/csv", buffer: Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8") };
}

async function openClub(page: Page, name: string): Promise<string> {
  await page.goto("/clubs");
  await page.getByRole("link", { name }).click();
  await page.waitForURL(/\/clubs\/\d+$/u);
  return new URL(page.url()).pathname;
}

describe("a club's roster is imported from a spreadsheet", () => {
  it("checks the file, marks each row, adds only the ready child after the consent is attested", async () => {
    const context = await browser.newReader("en");
    const page = await signInAsAdmin(context);
    const clubPath = await openClub(page, "UNESCO Club «Shanyrak»");

    // A child the club already has, added by hand.
    await page.getByRole("link", { name: "Add a child" }).click();
    await page.getByLabel("Surname").fill("Ахметова");
    await page.getByLabel("First name", { exact: true }).fill("Аружан");
    await page.getByLabel("Date of birth").fill("2015-04-12");
    await page.getByLabel("City").selectOption("almaty");
    await page.getByLabel(/I hold the written consent of this child's parent/u).check();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(`**${clubPath}?notice=added`);
    await expect.poll(() => page.getByRole("link", { name: "Ахметова Аружан" }).count()).toBe(1);

    await page.getByRole("link", { name: "Import a roster" }).click();
    await page.waitForURL(`**${clubPath}/import`);
    await expectAccessible(page);
    const template = await context.request.get(`${clubPath}/import/template.xlsx`);
    expect(template.status()).toBe(200);
    expect(template.headers()["content-type"]).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect((await template.body()).subarray(0, 2).toString()).toBe("PK");
    await page.getByLabel("Table file").setInputFiles(
      rosterCsv([
        ["Ким", "Виктория", "", "01.09.2013", "Алматы"],
        ["Сейтқали", "Нұрлан", "", "31.02.2014", "Астана"],
        ["Ахметова", "Аружан", "", "12.04.2015", "Алматы"],
      ]),
    );
    await page.getByRole("button", { name: "Check the file" }).click();

    const table = page.getByRole("table", { name: "Check of “shanyrak.csv”" });
    await table.waitFor();
    expect(await page.getByText("Ready to add: 1 of 3. With errors: 1.").count()).toBe(1);
    expect(await page.getByText("Already in the roster, will not be added again: 1.").count()).toBe(1);
    const row = (line: number) =>
      table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: String(line), exact: true }) });
    expect(await row(2).getByText("Ready", { exact: true }).count()).toBe(1);
    expect(await row(3).getByText("Needs correcting").count()).toBe(1);
    expect(
      await row(3).getByText("Date of birth: Not a date. Write it as DD.MM.YYYY, for example 05.09.2015.").count(),
    ).toBe(1);
    expect(await row(3).locator(".roster-preview__cell--error").textContent()).toBe("31.02.2014");
    expect(await row(4).getByText("Already in the roster").count()).toBe(1);

    // At phone width the table scrolls inside its box; the page itself does not.
    const scroll = page.locator(".table-scroll").first();
    expect(await scroll.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page);

    // Nothing is saved before confirmation.
    const meanwhile = await context.newPage();
    await meanwhile.goto(clubPath);
    expect(await meanwhile.getByText("Ким Виктория").count()).toBe(0);
    await meanwhile.close();

    await page
      .getByLabel(/I hold the written consent of each child's parent or legal guardian .*\(text version 1\)/u)
      .check();
    await page.getByRole("button", { name: "Add to the roster (1)" }).click();
    await page.waitForURL(`**${clubPath}?notice=imported**`);
    await expect.poll(() => page.getByRole("status").textContent()).toBe("Added to the roster: 1.");
    await expect.poll(() => page.getByRole("link", { name: "Ким Виктория" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "Ахметова Аружан" }).count()).toBe(1);
    expect(await page.getByText("Сейтқали").count()).toBe(0);
    await expectAccessible(page);

    await page.getByRole("searchbox", { name: "Search by name" }).fill("виктория");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=/u);
    await expect.poll(() => page.getByRole("link", { name: "Ким Виктория" }).count()).toBe(1);
    await expect.poll(() => page.getByRole("link", { name: "Ахметова Аружан" }).count()).toBe(0);
    await context.close();
  });

  it("works without JavaScript", async () => {
    const signIn = await browser.newReader("en");
    const signedIn = await signInAsAdmin(signIn);
    const clubPath = await openClub(signedIn, "UNESCO Club «Baiterek»");
    const cookies = await signIn.cookies();
    await signIn.close();

    const context = await browser.newReader("en", { javaScriptEnabled: false });
    await context.addCookies(cookies);
    const page = await context.newPage();
    await page.goto(`${clubPath}/import`);
    await page.getByLabel("Table file").setInputFiles(rosterCsv([["Омаров", "Дәурен", "", "05.09.2012", ""]]));
    await page.getByRole("button", { name: "Check the file" }).click();
    await page.getByRole("table").waitFor();
    expect(await page.getByText("Ready to add: 1 of 1. With errors: 0.").count()).toBe(1);
    await page.getByRole("button", { name: "Add to the roster (1)" }).click();
    // The browser's own check keeps the form until the consent is attested.
    expect(await page.getByRole("table").count()).toBe(1);
    await page.getByLabel(/I hold the written consent/u).check();
    await page.getByRole("button", { name: "Add to the roster (1)" }).click();
    await page.waitForURL(`**${clubPath}?notice=imported**`);
    await expect.poll(() => page.getByRole("link", { name: "Омаров Дәурен" }).count()).toBe(1);
    await context.close();
  });

  it("reads an Excel roster, and refuses a small workbook that unpacks into a gigabyte", async () => {
    const context = await browser.newReader("en");
    const page = await signInAsAdmin(context);
    const clubPath = await openClub(page, "UNESCO Club «Kyzyljar»");
    await page.goto(`${clubPath}/import`);

    const bomb = await xlsxBomb(1024);
    await page.getByLabel("Table file").setInputFiles({ name: "bomb.xlsx", mimeType: XLSX_TYPE, buffer: bomb.bytes });
    const refused = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Check the file" }).click();
    expect((await refused).status()).toBe(422);
    await page.getByText("“bomb.xlsx” holds too much to read as a list of children.", { exact: false }).waitFor();
    expect(await page.getByRole("table").count()).toBe(0);

    await page.getByRole("link", { name: "Choose another file" }).click();
    const workbook = await xlsx([
      {
        name: "Тізім",
        rows: [
          ["Тегі", "Аты", "Туған күні", "Қала"],
          ["Жұмабаев", "Мағжан", new Date(Date.UTC(2013, 5, 25)), "Петропавл"],
        ],
      },
    ]);
    await page.getByLabel("Table file").setInputFiles({ name: "tizim.xlsx", mimeType: XLSX_TYPE, buffer: workbook });
    await page.getByRole("button", { name: "Check the file" }).click();
    await page.getByRole("table", { name: "Check of “tizim.xlsx”" }).waitFor();
    expect(await page.getByText("Ready to add: 1 of 1. With errors: 0.").count()).toBe(1);
    expect(await page.getByRole("cell", { name: "25.06.2013" }).count()).toBe(1);
    await context.close();
  });
});
