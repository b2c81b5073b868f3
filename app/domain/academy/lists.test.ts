import { describe, expect, it } from "vitest";

import {
  CLASS_SHOWS,
  CLASS_SORTS,
  classCounts,
  classPage,
  type ClassRow,
  parseListQuery,
  SEAT_SHOWS,
  SEAT_SORTS,
  seatCounts,
  seatPage,
} from "./lists";

const kk = new Intl.Collator("kk");
const classQuery = (qs: string) => parseListQuery(new URLSearchParams(qs), CLASS_SORTS, CLASS_SHOWS);
const row = (id: number, title: string, taken: number, capacity = 10, firstStart: number | null = id): ClassRow => ({
  id,
  title,
  teacher: `Teacher ${id}`,
  capacity,
  taken,
  firstStart,
});

describe("academy lists", () => {
  it("falls back to the first sort and filter, ascending, page 1 of 50, for anything it does not know", () => {
    expect(classQuery("sort=evil&show=__proto__&dir=up&page=-3&size=7&q=%20%20")).toEqual({
      q: "",
      show: "all",
      sort: "start",
      dir: "asc",
      page: -3,
      size: 50,
    });
  });

  it("counts classes by filter: an empty class has places too", () => {
    const rows = [row(1, "A", 0), row(2, "B", 10), row(3, "C", 4)];
    expect(classCounts(rows)).toEqual({ all: 3, open: 2, full: 1, empty: 1 });
    expect(classPage(rows, classQuery("show=open"), kk).items.map((r) => r.id)).toEqual([1, 3]);
  });

  it("sorts Kazakh titles with the Kazakh collation, reverses for desc, and keeps ties in id order", () => {
    const rows = [row(1, "Ұлттық ою", 1), row(2, "Әуен", 1), row(3, "Ән", 1), row(4, "Ауыз", 1)];
    expect(classPage(rows, classQuery("sort=title"), kk).items.map((r) => r.title)).toEqual([
      "Ауыз",
      "Ән",
      "Әуен",
      "Ұлттық ою",
    ]);
    expect(classPage(rows, classQuery("sort=taken&dir=desc"), kk).items.map((r) => r.id)).toEqual([1, 2, 3, 4]);
  });

  it("puts classes without sessions last when sorted by start", () => {
    const rows = [row(1, "A", 0, 10, null), row(2, "B", 0, 10, 50), row(3, "C", 0, 10, 20)];
    expect(classPage(rows, classQuery(""), kk).items.map((r) => r.id)).toEqual([3, 2, 1]);
  });

  it("pages a class's participants and clamps a page past the end to the last", () => {
    const seats = Array.from({ length: 120 }, (_, i) => ({
      participantId: i + 1,
      name: `Child ${String(i + 1).padStart(3, "0")}`,
      viaRank: i % 3 === 0 ? null : 1 + (i % 5),
      classes: 1 + (i % 3),
    }));
    expect(seatCounts(seats)).toEqual({ all: 120, choice: 80, fillUp: 40 });
    const last = seatPage(seats, parseListQuery(new URLSearchParams("page=99&size=25"), SEAT_SORTS, SEAT_SHOWS), kk);
    expect(last).toMatchObject({ page: 5, pages: 5, first: 101, last: 120, total: 120 });
    const fillUps = seatPage(
      seats,
      parseListQuery(new URLSearchParams("show=fillUp&q=child 0"), SEAT_SORTS, SEAT_SHOWS),
      kk,
    );
    expect(fillUps.total).toBe(33);
    expect(fillUps.items.every((s) => s.viaRank === null)).toBe(true);
    const byClasses = seatPage(
      seats,
      parseListQuery(new URLSearchParams("sort=classes&dir=desc&size=25"), SEAT_SORTS, SEAT_SHOWS),
      kk,
    );
    expect(byClasses.items.every((s) => s.classes === 3)).toBe(true);
  });
});
