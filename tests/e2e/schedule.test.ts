import type { BrowserContext, Locator } from "playwright-core";
import { describe, expect, it } from "vitest";

import { addChild, almaty, createLiveContest, enterChild, expectAccessible, signIn, withBrowser } from "./browser";

const browser = withBrowser();

/** The calendar's VEVENT blocks, with folded lines joined back (RFC 5545 §3.1). */
function vevents(ics: string): string[] {
  const text = ics.replace(/\r\n[ \t]/g, "");
  return [...text.matchAll(/BEGIN:VEVENT\r?\n([\s\S]*?)END:VEVENT/g)].map((m) => m[1]!);
}

describe("an organiser builds and publishes a running order", () => {
  it("generates, moves a slot into a clash, fixes it, publishes, and the programme and the family's iCal follow", async () => {
    const eventDay = almaty(40).slice(0, 10);
    const birthDate = `${Number(eventDay.slice(0, 4)) - 10}-03-15`;
    const nomination = "Сольное пение";
    const families = [
      {
        email: "guardian@toi.demo",
        password: "toi-guardian-demo",
        last: "Жумабаева",
        first: "Дана",
        piece: "Көктем вальсі",
      },
      { email: "judge@toi.demo", password: "toi-judge-demo", last: "Ким", first: "Тимур", piece: "Жаворонок" },
    ];

    // The organiser creates an event with one live nomination, an age group and a final, and publishes it.
    const organiser = await browser.newReader("ru", { width: 1280 });
    const org = await signIn(organiser, "admin@toi.demo", "toi-admin-demo");
    const { eventPath, slug } = await createLiveContest(org, {
      titleRu: "Новые голоса: расписание",
      nomination,
      day: eventDay,
    });

    // Two families each add a child and enter the nomination; both entries are confirmed.
    const contexts: BrowserContext[] = [];
    for (const f of families) {
      const context = await browser.newReader("ru");
      contexts.push(context);
      const page = await signIn(context, f.email, f.password);
      await addChild(page, f.last, f.first, birthDate);
      await enterChild(page, slug, nomination, `${f.last} ${f.first}`, f.piece);
      await page.close();
    }

    // The organiser adds a stage open 10:00–13:00 on the day.
    await org.goto(`${eventPath}/schedule`);
    await org.locator("#new-stage-nameRu").fill("Большой зал");
    await org.getByRole("button", { name: "Добавить сцену" }).click();
    await org.waitForURL(/notice=stageAdded/);
    const stage = org.locator("article.schedule-stage", { hasText: "Большой зал" });
    await expect.poll(() => stage.count()).toBe(1);
    await stage.getByLabel("Дата").fill(eventDay);
    await stage.getByLabel("С", { exact: true }).fill("10:00");
    await stage.getByLabel("До", { exact: true }).fill("13:00");
    await stage.getByRole("button", { name: "Добавить время" }).click();
    await org.waitForURL(/notice=windowAdded/);
    await expect.poll(() => stage.locator(".schedule-windows").textContent()).toContain("10:00–13:00");

    // Generate: both entries are placed, no conflicts.
    await org.getByRole("button", { name: "Составить порядок выступлений" }).click();
    await expect
      .poll(() => org.getByRole("status").filter({ hasText: "Поставлено" }).textContent())
      .toContain("Поставлено: 2.");
    const conflicts = org.locator("#schedule-conflicts");
    await expect.poll(() => conflicts.textContent()).toBe("Конфликтов нет.");
    const draftSlots = org.locator("section[aria-labelledby=schedule-draft] li.schedule-slot[data-entry]");
    expect(await draftSlots.count()).toBe(2);
    // By the slot's own line.
    const slotOf = (piece: string): Locator => draftSlots.filter({ has: org.locator("p", { hasText: `«${piece}»` }) });
    const timesOf = async (piece: string) =>
      ((await slotOf(piece).locator("p strong").first().textContent()) ?? "").split("–");
    for (const f of families) expect(await slotOf(f.piece).count(), f.piece).toBe(1);
    const [firstStart] = await timesOf(families[0]!.piece);
    const [secondStart] = await timesOf(families[1]!.piece);
    // The later of the two is the one the organiser moves.
    const [early, late] = firstStart! < secondStart! ? [families[0]!, families[1]!] : [families[1]!, families[0]!];
    const earlyStart = firstStart! < secondStart! ? firstStart! : secondStart!;
    expect(earlyStart).toBe("10:00");
    const movedEntry = Number(await slotOf(late.piece).getAttribute("data-entry"));
    expect(movedEntry).toBeGreaterThan(0);
    await expectAccessible(org);

    const move = async (time: string) => {
      expect(org.url(), "waitForURL below needs a new notice").not.toContain("notice=edited");
      const slot = org.locator(`li.schedule-slot[data-entry="${movedEntry}"]`).first();
      // The form may still be open from the last move: React keeps the element across the reload.
      if (!(await slot.locator("details").evaluate((d) => (d as HTMLDetailsElement).open)))
        await slot.locator("summary").click();
      await slot.locator(`#slot-${movedEntry}-date`).fill(eventDay);
      await slot.locator(`#slot-${movedEntry}-time`).fill(time);
      await slot.getByRole("button", { name: "Перенести", exact: true }).click();
      await org.waitForURL(/notice=edited/);
    };

    // Move the later slot onto the earlier one's time on the same stage: a double booking, explained.
    await move(earlyStart);
    await expect.poll(() => conflicts.textContent()).toContain("Конфликты: 1");
    const reason = (await conflicts.locator("li").first().textContent()) ?? "";
    expect(reason).toContain("пересекаются на сцене «Большой зал»");
    expect(reason).toContain(`«${early.piece}»`);
    expect(reason).toContain(`«${late.piece}»`);
    expect(reason).not.toContain("schedule.conflict");
    const besideSlot = org.locator(`li.schedule-slot[data-entry="${movedEntry}"] .schedule-slot__conflicts`).first();
    expect(await besideSlot.textContent()).toContain("пересекаются на сцене «Большой зал»");
    expect(await org.locator(`li.schedule-slot--conflict`).count()).toBe(2);
    await expectAccessible(org);

    // Publishing with a conflict is refused unless forced.
    await org.getByRole("button", { name: "Опубликовать черновик" }).click();
    await org.waitForURL(/notice=conflicts/);

    // Move it to a free time, to the minute: the conflict clears.
    await move("11:07");
    await expect.poll(() => conflicts.textContent()).toBe("Конфликтов нет.");
    expect(await org.locator("li.schedule-slot--conflict").count()).toBe(0);
    expect(await timesOf(late.piece)).toEqual(["11:07", "11:11"]);

    // Swap by running-order number and back by a search for the other piece; a number the draft lacks is refused.
    const lateSlot = org.locator(`li.schedule-slot[data-entry="${movedEntry}"]`).first();
    expect(await lateSlot.locator(".schedule-slot__number").textContent()).toBe("№ 2");
    const swap = async (other: string) => {
      if (!(await lateSlot.locator("details").evaluate((d) => (d as HTMLDetailsElement).open)))
        await lateSlot.locator("summary").click();
      await lateSlot.locator(`#slot-${movedEntry}-other`).fill(other);
      await lateSlot.getByRole("button", { name: "Поменять", exact: true }).click();
    };
    await swap("#9");
    await expect
      .poll(() => lateSlot.getByRole("alert").textContent())
      .toBe("В черновике нет выступления по запросу «#9».");
    expect(await timesOf(late.piece)).toEqual(["11:07", "11:11"]);
    await swap("#1");
    await expect.poll(() => timesOf(late.piece)).toEqual(["10:00", "10:04"]);
    expect(await timesOf(early.piece)).toEqual(["11:07", "11:11"]);
    await swap(early.piece);
    await expect.poll(() => timesOf(late.piece)).toEqual(["11:07", "11:11"]);
    expect(await timesOf(early.piece)).toEqual(["10:00", "10:04"]);
    await expectAccessible(org);

    // Before publishing, neither the public nor the family sees the draft.
    const lateFamily = contexts[families.indexOf(late)]!;
    const before = vevents(await (await lateFamily.request.get("/schedule.ics")).text());
    expect(before.some((e) => e.includes(`UID:slot-${movedEntry}-`))).toBe(false);

    await org.getByRole("button", { name: "Опубликовать черновик" }).click();
    await org.waitForURL(/notice=published/);
    await expect
      .poll(() => org.getByRole("status").first().textContent())
      .toContain("Опубликовано. Писем в очереди: 2.");
    await expectAccessible(org);

    // The public programme, read anonymously, shows the moved time.
    const anonymous = await browser.newReader("ru");
    const view = await anonymous.newPage();
    const res = await view.goto(`/events/${slug}/programme`);
    expect(res?.status()).toBe(200);
    const performance = (piece: string) => view.locator("li.programme-slot", { hasText: `«${piece}»` });
    await expect.poll(() => performance(late.piece).locator(".programme-slot__time").textContent()).toBe("11:07");
    expect(await performance(early.piece).locator(".programme-slot__time").textContent()).toBe("10:00");
    expect(await view.getByRole("heading", { name: "Большой зал" }).count()).toBe(1);
    await expectAccessible(view);

    // The moved family's calendar has the performance at 11:07 Almaty, 06:07 UTC.
    const response = await lateFamily.request.get("/schedule.ics");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/calendar");
    const event = vevents(await response.text()).find((e) => e.includes(`UID:slot-${movedEntry}-`));
    expect(event, "VEVENT for the moved entry").toBeDefined();
    const ymd = eventDay.replaceAll("-", "");
    expect(event).toMatch(new RegExp(`^DTSTART:${ymd}T060700Z\\r?$`, "m"));
    expect(event).toMatch(new RegExp(`^DTEND:${ymd}T061100Z\\r?$`, "m"));

    await Promise.all([organiser.close(), anonymous.close(), ...contexts.map((c) => c.close())]);
  });
});
