import { describe, expect, it } from "vitest";

import { setEventStatus } from "~/.server/events/events.server";
import { eventCalendar, familyCalendar } from "~/.server/schedule/calendar.server";
import { familySchedule } from "~/.server/schedule/family-schedule.server";
import { stageNowPage } from "~/.server/schedule/now-and-next.server";
import {
  type BlockView,
  hasPublishedProgramme,
  programmePage,
  runningOrder,
} from "~/.server/schedule/public-programme.server";
import type { PerformanceView, SlotView } from "~/.server/schedule/published-slots.server";

import { engines, useTestDb } from "../setup/db";
import { asActor, insertUser } from "./factories";
import { at, BIRTH_DATES, entryOf, HOST, performances, publicOnly, seed, unfold, version } from "./programme-fixture";

describe.each(engines)("the published programme on %s", (engine) => {
  const t = useTestDb(engine);

  it("shows only the published running order: drafts and superseded versions never appear", async () => {
    const s = await seed(t.db);
    const page = (await programmePage(t.db, s.fest.slug, "ru", publicOnly))!;
    const shown = performances(page.days);
    expect(shown.map((p) => p.entryId)).toEqual([s.e.solo, s.e.older, s.e.duet, s.e.ensemble]);
    expect(shown.find((p) => p.entryId === s.e.solo)!.startsAt).toBe("2026-12-10T05:00:00.000Z");
    expect(page.stages.map((st) => st.id)).toEqual([s.stages.main, s.stages.small]);
    expect(JSON.stringify(page)).not.toContain("Көк тудың желбірегені");

    expect(await hasPublishedProgramme(t.db, s.fest.id)).toBe(true);
    expect(await hasPublishedProgramme(t.db, s.unpublished.id)).toBe(false);
    expect((await programmePage(t.db, s.unpublished.slug, "ru", publicOnly))!.days).toEqual([]);
    expect(
      await stageNowPage(t.db, s.fest.slug, "ru", publicOnly, s.stages.draftStage, new Date(at("11:05"))),
    ).toBeNull();
    const draftCalendar = (await eventCalendar(t.db, {
      slug: s.unpublished.slug,
      locale: "ru",
      canPreview: publicOnly,
      host: HOST,
    }))!;
    expect(draftCalendar.text).not.toContain("UID:slot-");
  });

  it("lays the day out by stage, in blocks of one nomination and age group, with breaks and order numbers", async () => {
    const s = await seed(t.db);
    const page = (await programmePage(t.db, s.fest.slug, "kk", publicOnly))!;
    expect(page.days.map((d) => d.date)).toEqual(["2026-12-10", "2026-12-11"]);
    const [main] = page.days[0]!.stages;
    expect(main!.stage).toMatchObject({ name: "Үлкен сахна", venue: "Дворец Республики" });
    expect(
      main!.items.map((i) => (i.kind === "block" ? `${i.nomination} ${i.ageGroup?.min}-${i.ageGroup?.max}` : "break")),
    ).toEqual(["Вокал 7-10", "Вокал 11-14", "break"]);
    const blocks = main!.items.filter((i): i is BlockView => i.kind === "block");
    expect(blocks.flatMap((b) => b.performances.map((p) => p.order))).toEqual([1, 2, 3]);
    expect(page.days[1]!.stages.map((st) => st.stage.name)).toEqual(["Кіші сахна"]);
    expect(page.updatedAt).toBe("2026-12-01T10:00:00.000Z");
  });

  it("names children as their guardians chose, deleted children as a participant, and carries no birth date or contact", async () => {
    const s = await seed(t.db);
    const page = (await programmePage(t.db, s.fest.slug, "ru", publicOnly))!;
    const byEntry = new Map(performances(page.days).map((p) => [p.entryId, p]));
    expect(byEntry.get(s.e.solo)!.performers).toEqual(["Ахметова Аружан"]);
    expect(byEntry.get(s.e.older)!.performers).toEqual(["Нұрлан Қ."]);
    expect(byEntry.get(s.e.duet)!.performers).toEqual([null, "Әйгерім С."]);
    expect(byEntry.get(s.e.ensemble)).toMatchObject({
      performers: ["Ахметова Аружан", "Нұрлан Қ."],
      clubs: ["Жұлдыз"],
      cities: ["almaty"],
    });

    const json = JSON.stringify(page);
    for (const date of BIRTH_DATES) expect(json).not.toContain(date);
    for (const secret of ["Серікова", "Қасымов", "Омаров", "Ерланқызы", "Гүлнар", s.parentA.email, "PRG-"])
      expect(json).not.toContain(secret);
    expect(json).not.toMatch(/birth|guardian|email|patronymic|reference/i);

    const now = (await stageNowPage(t.db, s.fest.slug, "ru", publicOnly, s.stages.main, new Date(at("05:16"))))!;
    const nowJson = JSON.stringify(now);
    for (const date of BIRTH_DATES) expect(nowJson).not.toContain(date);
    expect(nowJson).not.toContain("Серікова");
  });

  it("gives stage managers whole names, withdrawn entries marked and unnumbered, one stage or all", async () => {
    const s = await seed(t.db);
    const order = (await runningOrder(t.db, s.fest.id, "ru", s.stages.main))!;
    expect(order.stages.map((st) => st.id)).toEqual([s.stages.main, s.stages.small]);
    expect(order.days.map((d) => d.date)).toEqual(["2026-12-10"]);
    const rows = performances(order.days);
    expect(rows.map((p) => [p.order, p.performers, p.withdrawn])).toEqual([
      [1, ["Ахметова Аружан"], false],
      [null, ["Омаров Тимур"], true],
      [2, ["Қасымов Нұрлан"], false],
      [3, [null, "Серікова Әйгерім"], false],
    ]);
    expect(performances((await runningOrder(t.db, s.fest.id, "ru", null))!.days)).toHaveLength(5);
    expect(await runningOrder(t.db, s.fest.id, "ru", s.stages.galaStage)).toBeNull();
    expect(await runningOrder(t.db, s.fest.id, "ru", s.stages.draftStage)).toBeNull();
  });

  it("lists in a family's schedule only its own children's published slots, soonest first, across events", async () => {
    const s = await seed(t.db);
    const before = new Date("2026-12-01T00:00:00Z");
    const a = await familySchedule(t.db, s.parentA.id, "ru", before);
    expect(a.past).toEqual([]);
    expect(a.upcoming.map(entryOf)).toEqual([s.galaEntry, s.e.solo, s.e.duet, s.e.ensemble]);
    expect(a.upcoming.map((x) => x.eventSlug)).toEqual([s.gala.slug, s.fest.slug, s.fest.slug, s.fest.slug]);
    // The family's own child by whole name (even when the public sees an initial); others as they chose.
    expect(a.upcoming.find((x) => entryOf(x) === s.e.duet)).toMatchObject({
      children: ["Серікова Әйгерім"],
      performers: [null, "Серікова Әйгерім"],
    });
    expect(a.upcoming.find((x) => entryOf(x) === s.e.ensemble)).toMatchObject({
      children: ["Ахметова Аружан"],
      performers: ["Ахметова Аружан", "Нұрлан Қ."],
    });
    expect(a.upcoming[1]).toMatchObject({
      stage: { name: "Большая сцена" },
      nomination: "Вокал",
      ageGroup: { min: 7, max: 10 },
      title: "Әлди-әлди",
    });
    const aJson = JSON.stringify(a);
    for (const date of BIRTH_DATES) expect(aJson).not.toContain(date);
    expect(aJson).not.toContain("Қасымов");

    const b = await familySchedule(t.db, s.parentB.id, "ru", before);
    expect(b.upcoming.map(entryOf)).toEqual([s.galaEntry, s.e.older, s.e.ensemble]);

    // Once the gala is over it moves to the past.
    const later = await familySchedule(t.db, s.parentA.id, "ru", new Date("2026-12-07T00:00:00Z"));
    expect(later.past.map(entryOf)).toEqual([s.galaEntry]);
    expect(later.upcoming).toHaveLength(3);

    const stranger = await insertUser(t.db);
    expect(await familySchedule(t.db, stranger.id, "ru", before)).toEqual({ upcoming: [], past: [] });
  });

  it("writes the event's programme as iCalendar in UTC, one event per performance, Kazakh intact", async () => {
    const s = await seed(t.db);
    const calendar = (await eventCalendar(t.db, {
      slug: s.fest.slug,
      locale: "kk",
      canPreview: publicOnly,
      host: HOST,
    }))!;
    const text = unfold(calendar.text);
    expect(calendar.fileName).toBe(`${s.fest.slug}.ics`);
    expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(text.trimEnd().endsWith("END:VCALENDAR")).toBe(true);
    expect(text.match(/^BEGIN:VEVENT$/gm)).toHaveLength(4);
    const starts = text.match(/^DTSTART[^:]*:.*$/gm)!;
    expect(starts).toHaveLength(4);
    for (const line of starts) expect(line).toMatch(/^DTSTART:\d{8}T\d{6}Z$/);
    expect(text).toContain(`UID:slot-${s.e.solo}-${s.fest.roundId}@${HOST}\r\n`);
    expect(text).toMatch(/^SEQUENCE:\d+$/m);
    expect(text).toContain("DTSTART:20261210T050000Z");
    expect(text).toContain("DTEND:20261210T050500Z");
    expect(text).toContain("SUMMARY:Вокал · Ахметова Аружан");
    expect(text).toContain("SUMMARY:Вокал · Қатысушы\\, Әйгерім С.");
    expect(text).toContain("LOCATION:Үлкен сахна\\, Дворец Республики");
    expect(text).toContain("X-WR-CALNAME:Шабыт фестивалі — Бағдарлама");
    expect(text).not.toContain(`slot-${s.e.withdrawn}-`);
    expect(text).not.toContain(`slot-${s.e.draftOnly}-`);
    for (const date of BIRTH_DATES) {
      expect(text).not.toContain(date);
      expect(text).not.toContain(date.replaceAll("-", ""));
    }
  });

  it("keeps a performance's calendar UID when a new version moves it, with a higher SEQUENCE", async () => {
    const s = await seed(t.db);
    const before = unfold(await familyCalendar(t.db, { guardianId: s.parentA.id, locale: "ru", host: HOST }));
    await t.db
      .updateTable("schedule_versions")
      .set({ status: "superseded" })
      .where("round_id", "=", s.fest.roundId)
      .where("status", "=", "published")
      .execute();
    await version(t.db, s.fest.roundId, "published", [
      { stageId: s.stages.small, from: at("06:00"), to: at("06:05"), entryId: s.e.solo },
    ]);
    const after = unfold(await familyCalendar(t.db, { guardianId: s.parentA.id, locale: "ru", host: HOST }));
    const eventOf = (text: string) =>
      text.split("BEGIN:VEVENT").find((v) => v.includes(`UID:slot-${s.e.solo}-${s.fest.roundId}@${HOST}`))!;
    expect(eventOf(before)).toContain("DTSTART:20261210T050000Z");
    expect(eventOf(after)).toContain("DTSTART:20261210T060000Z");
    expect(eventOf(after)).toContain("LOCATION:Малая сцена");
    const sequence = (v: string) => Number(/SEQUENCE:(\d+)/.exec(v)![1]);
    expect(sequence(eventOf(after))).toBeGreaterThan(sequence(eventOf(before)));
  });

  it("writes a family's own calendar with its children's slots only", async () => {
    const s = await seed(t.db);
    const text = unfold(await familyCalendar(t.db, { guardianId: s.parentB.id, locale: "ru", host: HOST }));
    expect(text.match(/^BEGIN:VEVENT$/gm)).toHaveLength(3);
    expect(text.match(/^UID:.*$/gm)).toEqual([
      `UID:slot-${s.galaEntry}-${s.gala.roundId}@${HOST}`,
      `UID:slot-${s.e.older}-${s.fest.roundId}@${HOST}`,
      `UID:slot-${s.e.ensemble}-${s.fest.roundId}@${HOST}`,
    ]);
    expect(text).toContain("SUMMARY:Вокал · Қасымов Нұрлан");
    expect(text).toContain("DTSTART:20261205T070000Z");
  });

  it("shows on a stage what is on now and the three after it, following the clock", async () => {
    const s = await seed(t.db);
    const onMain = async (time: string) =>
      (await stageNowPage(t.db, s.fest.slug, "ru", publicOnly, s.stages.main, new Date(at(time))))!;
    const describeSlot = (slot: SlotView | null) =>
      slot === null ? null : slot.kind === "break" ? "break" : (slot as PerformanceView).title;

    const early = await onMain("04:00");
    expect(describeSlot(early.current)).toBeNull();
    expect(early.next.map(describeSlot)).toEqual(["Әлди-әлди", "Қазақ вальсі", "Елім-ай"]);
    expect(early.stage).toMatchObject({ id: s.stages.main, name: "Большая сцена" });

    const first = await onMain("05:00");
    expect(describeSlot(first.current)).toBe("Әлди-әлди");
    expect(first.next.map(describeSlot)).toEqual(["Қазақ вальсі", "Елім-ай", "break"]);

    // Where the withdrawn entry was, nothing is on.
    const gap = await onMain("05:07");
    expect(describeSlot(gap.current)).toBeNull();
    expect(gap.next.map(describeSlot)).toEqual(["Қазақ вальсі", "Елім-ай", "break"]);

    const duet = await onMain("05:19");
    expect(describeSlot(duet.current)).toBe("Елім-ай");
    expect(duet.next.map(describeSlot)).toEqual(["break"]);

    const pause = await onMain("05:20");
    expect(describeSlot(pause.current)).toBe("break");
    expect(pause.next).toEqual([]);

    const over = await onMain("06:00");
    expect(over.current).toBeNull();
    expect(over.next).toEqual([]);

    const picker = (await stageNowPage(t.db, s.fest.slug, "ru", publicOnly, null, new Date(at("05:00"))))!;
    expect(picker.stages.map((st) => st.id)).toEqual([s.stages.main, s.stages.small]);
    expect(
      await stageNowPage(t.db, s.fest.slug, "ru", publicOnly, s.stages.galaStage, new Date(at("05:00"))),
    ).toBeNull();
  });

  it("keeps an unpublished event's programme from the public, and shows it to those who may preview", async () => {
    const s = await seed(t.db);
    await setEventStatus(t.db, s.fest.id, "draft", asActor(s.organiser.id));
    expect(await programmePage(t.db, s.fest.slug, "ru", publicOnly)).toBeNull();
    expect(
      await eventCalendar(t.db, { slug: s.fest.slug, locale: "ru", canPreview: publicOnly, host: HOST }),
    ).toBeNull();
    expect(await stageNowPage(t.db, s.fest.slug, "ru", publicOnly, s.stages.main, new Date())).toBeNull();
    const preview = await programmePage(t.db, s.fest.slug, "ru", async (id) => id === s.fest.id);
    expect(performances(preview!.days)).toHaveLength(4);
    // Families see only what the public may: the unpublished festival drops out of their schedule.
    const a = await familySchedule(t.db, s.parentA.id, "ru", new Date("2026-12-01T00:00:00Z"));
    expect(a.upcoming.map(entryOf)).toEqual([s.galaEntry]);
  });
});
