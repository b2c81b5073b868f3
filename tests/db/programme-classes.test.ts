import { describe, expect, it } from "vitest";

import { runAllocation } from "~/.server/academy/allocation.server";
import { setEventStatus } from "~/.server/events/events.server";
import { eventCalendar, familyCalendar } from "~/.server/schedule/calendar.server";
import { familySchedule } from "~/.server/schedule/family-schedule.server";
import { nowAndNext } from "~/.server/schedule/now-and-next.server";
import { arrangeProgramme, hasPublishedProgramme, programmePage } from "~/.server/schedule/public-programme.server";
import type { SlotView } from "~/.server/schedule/published-slots.server";

import { engines, useTestDb } from "../setup/db";
import { academy, HOST, publicOnly, unfold } from "./programme-fixture";

describe.each(engines)("master classes in the programme on %s", (engine) => {
  const t = useTestDb(engine);

  it("shows every class session of the academy by day, with teacher, room and ages, and names no child", async () => {
    const a = await academy(t.db);
    await runAllocation(t.db, a.ev.id, a.organiser);
    const page = (await programmePage(t.db, a.ev.slug, "ru", publicOnly))!;
    expect(page.stages).toEqual([]);
    expect(
      page.days.map((d) => [d.date, d.stages.length, d.classes.map((c) => [c.title, c.startsAt, c.endsAt, c.number])]),
    ).toEqual([
      [
        "2026-12-10",
        0,
        [
          ["Акварель", "2026-12-10T04:00:00.000Z", "2026-12-10T05:30:00.000Z", 1],
          ["Домбра", "2026-12-10T06:00:00.000Z", "2026-12-10T07:00:00.000Z", 1],
        ],
      ],
      ["2026-12-11", 0, [["Акварель", "2026-12-11T04:00:00.000Z", "2026-12-11T05:30:00.000Z", 2]]],
    ]);
    expect(page.days[0]!.classes[0]).toMatchObject({
      classId: a.classes.watercolour,
      teacher: "Айгүл Нұрланқызы",
      room: "101",
      ages: { min: 10, max: 17 },
      titleLang: "ru",
    });
    expect(page.days[0]!.classes[1]).toMatchObject({ classId: a.classes.dombra, room: "", ages: null });
    const json = JSON.stringify(page);
    for (const secret of ["Аружан", "Ахметова", "Дияс", "2013-05-05", "capacity"]) expect(json).not.toContain(secret);
    expect(await hasPublishedProgramme(t.db, a.ev.id)).toBe(true);

    // A draft academy is the organisers' preview only.
    await setEventStatus(t.db, a.ev.id, "draft", a.organiser);
    expect(await programmePage(t.db, a.ev.slug, "ru", publicOnly)).toBeNull();
    expect((await programmePage(t.db, a.ev.slug, "ru", async () => true))!.days).toHaveLength(2);
  });

  it("writes every class session into the event's calendar, one UID per class and session number", async () => {
    const a = await academy(t.db);
    const text = unfold(
      (await eventCalendar(t.db, { slug: a.ev.slug, locale: "kk", canPreview: publicOnly, host: HOST }))!.text,
    );
    expect(text.match(/^UID:.*$/gm)).toEqual([
      `UID:class-${a.classes.watercolour}-1@${HOST}`,
      `UID:class-${a.classes.dombra}-1@${HOST}`,
      `UID:class-${a.classes.watercolour}-2@${HOST}`,
    ]);
    const first = text.split("BEGIN:VEVENT")[1]!;
    expect(first).toContain("DTSTART:20261210T040000Z");
    expect(first).toContain("DTEND:20261210T053000Z");
    expect(first).toContain("SUMMARY:Шеберлік сыныбы: Акварель");
    expect(first).toContain("LOCATION:Аудитория: 101\\, Алматы");
    expect(first).toContain("Оқытушы: Айгүл Нұрланқызы");
    expect(first).toContain("DESCRIPTION:Өнер академиясы\\nОқытушы: Айгүл Нұрланқызы\\nЖасы 10–17");
    expect(text).not.toContain("Аружан");
  });

  it("puts a child's allocated classes in the family's schedule and calendar once places are allocated", async () => {
    const a = await academy(t.db);
    const before = new Date("2026-12-01T00:00:00Z");
    expect(await familySchedule(t.db, a.parentA.id, "ru", before)).toEqual({ upcoming: [], past: [] });
    expect(unfold(await familyCalendar(t.db, { guardianId: a.parentA.id, locale: "ru", host: HOST }))).not.toContain(
      "BEGIN:VEVENT",
    );

    await runAllocation(t.db, a.ev.id, a.organiser);
    const mine = await familySchedule(t.db, a.parentA.id, "ru", before);
    // Her ranked class (two sessions), and a seat left in the dombra class: fill-up goes on while
    // seats remain and she can take one (ADR 0025).
    expect(mine.upcoming.map((x) => [x.kind, x.startsAt])).toEqual([
      ["class", "2026-12-10T04:00:00.000Z"],
      ["class", "2026-12-10T06:00:00.000Z"],
      ["class", "2026-12-11T04:00:00.000Z"],
    ]);
    expect(mine.upcoming[0]).toMatchObject({
      title: "Акварель",
      teacher: "Айгүл Нұрланқызы",
      room: "101",
      children: ["Ахметова Аружан"],
      eventSlug: a.ev.slug,
      eventTitle: "Академия искусств",
    });
    expect(JSON.stringify(mine)).not.toContain("Дияс");
    const theirs = await familySchedule(t.db, a.parentB.id, "ru", before);
    // His ranked class, and the watercolour seats left over (fill-up).
    expect(theirs.upcoming.map((x) => [x.title, x.children])).toEqual([
      ["Акварель", ["Омаров Дияс"]],
      ["Домбра", ["Омаров Дияс"]],
      ["Акварель", ["Омаров Дияс"]],
    ]);
    // The first day is over: its session moves to the past.
    const later = await familySchedule(t.db, a.parentA.id, "ru", new Date("2026-12-10T12:00:00Z"));
    expect([later.upcoming.length, later.past.length]).toEqual([1, 2]);

    const ics = unfold(await familyCalendar(t.db, { guardianId: a.parentA.id, locale: "ru", host: HOST }));
    expect(ics.match(/^UID:.*$/gm)).toEqual([
      `UID:class-${a.classes.watercolour}-1@${HOST}`,
      `UID:class-${a.classes.dombra}-1@${HOST}`,
      `UID:class-${a.classes.watercolour}-2@${HOST}`,
    ]);
    expect(ics).toContain("SUMMARY:Мастер-класс: Акварель · Ахметова Аружан");
    expect(ics).toContain("SUMMARY:Мастер-класс: Домбра · Ахметова Аружан");
    expect(ics).toContain("DTSTART:20261211T040000Z");
    // Only her own child's classes: nothing names the other family's child.
    expect(ics).not.toContain("Дияс");

    // A child whose entry is withdrawn is no longer in the academy; an unpublished event shows nothing.
    await t.db.updateTable("entries").set({ status: "withdrawn" }).where("id", "=", a.aruzhan.entryId).execute();
    expect((await familySchedule(t.db, a.parentA.id, "ru", before)).upcoming).toEqual([]);
    await setEventStatus(t.db, a.ev.id, "draft", a.organiser);
    expect((await familySchedule(t.db, a.parentB.id, "ru", before)).upcoming).toEqual([]);
  });
});

describe("arranging and following the programme", () => {
  const stageA = { id: 1, name: "A", nameLang: "en" as const, venue: "" };
  const stageB = { id: 2, name: "B", nameLang: "en" as const, venue: "" };
  const breakAt = (slotId: number, stageId: number, from: string, to: string): SlotView => ({
    kind: "break",
    slotId,
    stageId,
    startsAt: from,
    endsAt: to,
  });

  it("puts a slot on the day of the event's clock, not the server's", () => {
    // 19:30 UTC on 10 December is 00:30 on 11 December in Almaty.
    const days = arrangeProgramme(
      [stageA, stageB],
      [
        breakAt(1, 2, "2026-12-10T19:30:00.000Z", "2026-12-10T19:45:00.000Z"),
        breakAt(2, 1, "2026-12-10T18:00:00.000Z", "2026-12-10T18:30:00.000Z"),
      ],
      "Asia/Almaty",
    );
    expect(days.map((d) => [d.date, d.stages.map((s) => s.stage.id)])).toEqual([
      ["2026-12-10", [1]],
      ["2026-12-11", [2]],
    ]);
  });

  it("picks the slot on now and the next three, in time order whatever the input order", () => {
    const slots = [
      breakAt(3, 1, "2026-12-10T05:20:00Z", "2026-12-10T05:30:00Z"),
      breakAt(1, 1, "2026-12-10T05:00:00Z", "2026-12-10T05:10:00Z"),
      breakAt(5, 1, "2026-12-10T05:40:00Z", "2026-12-10T05:50:00Z"),
      breakAt(2, 1, "2026-12-10T05:10:00Z", "2026-12-10T05:20:00Z"),
      breakAt(4, 1, "2026-12-10T05:30:00Z", "2026-12-10T05:40:00Z"),
    ];
    const ids = (r: { current: SlotView | null; next: SlotView[] }) => [
      r.current?.slotId ?? null,
      r.next.map((s) => s.slotId),
    ];
    expect(ids(nowAndNext(slots, new Date("2026-12-10T04:59:59Z")))).toEqual([null, [1, 2, 3]]);
    expect(ids(nowAndNext(slots, new Date("2026-12-10T05:10:00Z")))).toEqual([2, [3, 4, 5]]);
    expect(ids(nowAndNext(slots, new Date("2026-12-10T05:45:00Z")))).toEqual([5, []]);
    expect(ids(nowAndNext(slots, new Date("2026-12-10T05:50:00Z")))).toEqual([null, []]);
  });
});
