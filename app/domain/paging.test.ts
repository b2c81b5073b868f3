import { describe, expect, it } from "vitest";

import { numberedPage, pageFrom, parsePageSize, queryWith } from "./paging";

describe("numberedPage", () => {
  it("counts pages and clamps a page past the end to the last one", () => {
    expect(numberedPage(120, 2, 50)).toEqual({ page: 2, pages: 3, offset: 50 });
    expect(numberedPage(120, 9, 50)).toEqual({ page: 3, pages: 3, offset: 100 });
  });

  it("reads a missing, zero or negative page as the first, and an empty list as one page", () => {
    expect(numberedPage(120, null, 50)).toEqual({ page: 1, pages: 3, offset: 0 });
    expect(numberedPage(120, -1, 50)).toEqual({ page: 1, pages: 3, offset: 0 });
    expect(numberedPage(0, 3, 50)).toEqual({ page: 1, pages: 1, offset: 0 });
  });
});

describe("pageFrom", () => {
  // Entries not yet scored: numbers with gaps where scored ones left the list.
  const todo = [1, 2, 4, 7, 8, 9, 12, 15];
  const page = (from: number | null) => pageFrom(todo, (n) => n, from, 3);

  it("starts at the first item whose number is `from` or more", () => {
    expect(page(5)).toEqual({ items: [7, 8, 9], first: 4, last: 6, total: 8, previous: 1, next: 12 });
    expect(page(null)).toEqual({ items: [1, 2, 4], first: 1, last: 3, total: 8, previous: null, next: 7 });
  });

  it("keeps a page's entries when earlier ones leave the list", () => {
    const next = page(null).next!;
    // Numbers 1, 2 and 4 are scored meanwhile: the next page still starts at 7.
    expect(pageFrom([7, 8, 9, 12, 15], (n) => n, next, 3).items).toEqual([7, 8, 9]);
  });

  it("shows the last page for a number past the end, and says so for an empty list", () => {
    expect(page(99)).toEqual({ items: [9, 12, 15], first: 6, last: 8, total: 8, previous: 4, next: null });
    expect(pageFrom([], (n: number) => n, 4, 3)).toEqual({
      items: [],
      first: 0,
      last: 0,
      total: 0,
      previous: null,
      next: null,
    });
  });
});

describe("page size and links", () => {
  it("offers 25, 50 or 100 rows, 50 unless told", () => {
    expect(parsePageSize("100")).toBe(100);
    for (const raw of [null, "", "7", "1000", "50abc"]) expect(parsePageSize(raw)).toBe(50);
  });

  it("changes a query string and drops what is emptied", () => {
    expect(queryWith("?status=confirmed&page=3&notice=approve", { page: 4, notice: null })).toBe(
      "?status=confirmed&page=4",
    );
    expect(queryWith("?q=&nomination=&sort=name", { dir: "desc" })).toBe("?sort=name&dir=desc");
    expect(queryWith("?page=2", { page: null })).toBe("");
  });
});
