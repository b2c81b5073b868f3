/*
 * The organiser's academy lists (classes; a class's participants), filtered, sorted and cut into
 * numbered pages in memory: an academy has tens of classes and at most a few thousand places, all
 * loaded anyway to count them, so one query and a sort beat paging in SQL here.
 */

import { numberedPage, type PageSize, parsePageSize } from "../paging";

export type SortDirection = "asc" | "desc";

export interface ListQuery<Sort extends string, Show extends string> {
  /** Text the names contain (case-insensitive); "" for all. */
  q: string;
  show: Show;
  sort: Sort;
  dir: SortDirection;
  page: number;
  size: PageSize;
}

export interface ListPage<T> {
  items: T[];
  page: number;
  pages: number;
  size: PageSize;
  /** 1-based positions of the first and last item shown among those matching (0 and 0 when none). */
  first: number;
  last: number;
  /** How many match the filter. */
  total: number;
}

/** Reads ?q=, ?show=, ?sort=, ?dir=, ?page=, ?size=; anything unknown falls back to the first choice. */
export function parseListQuery<Sort extends string, Show extends string>(
  params: URLSearchParams,
  sorts: readonly Sort[],
  shows: readonly Show[],
): ListQuery<Sort, Show> {
  return {
    q: (params.get("q") ?? "").trim().slice(0, 100),
    show: shows.find((s) => s === params.get("show")) ?? shows[0]!,
    sort: sorts.find((s) => s === params.get("sort")) ?? sorts[0]!,
    dir: params.get("dir") === "desc" ? "desc" : "asc",
    page: Number.parseInt(params.get("page") ?? "", 10) || 1,
    size: parsePageSize(params.get("size")),
  };
}

/**
 * The page of `rows` the query asks for: those that pass `keep` and contain `q` in `text`, in the
 * order `compare` gives for the sort (reversed for "desc"; ties by `tieBreak`, never reversed, so a
 * page boundary never depends on the direction of equal rows).
 */
export function listPage<T, Sort extends string, Show extends string>(
  rows: readonly T[],
  query: ListQuery<Sort, Show>,
  how: {
    text: (row: T) => string;
    keep: (row: T, show: Show) => boolean;
    compare: (a: T, b: T, sort: Sort) => number;
    tieBreak: (a: T, b: T) => number;
  },
): ListPage<T> {
  const needle = query.q.toLocaleLowerCase();
  const sign = query.dir === "desc" ? -1 : 1;
  const matching = rows
    .filter((row) => how.keep(row, query.show) && (!needle || how.text(row).toLocaleLowerCase().includes(needle)))
    .sort((a, b) => sign * how.compare(a, b, query.sort) || how.tieBreak(a, b));
  const { page, pages, offset } = numberedPage(matching.length, query.page, query.size);
  const items = matching.slice(offset, offset + query.size);
  return {
    items,
    page,
    pages,
    size: query.size,
    first: items.length ? offset + 1 : 0,
    last: offset + items.length,
    total: matching.length,
  };
}

/** Which classes the organiser's list shows: all, full ones, ones with places left, ones nobody is in. */
export const CLASS_SHOWS = ["all", "open", "full", "empty"] as const;
export type ClassShow = (typeof CLASS_SHOWS)[number];
/** Columns the class list sorts by; the first session is the default. */
export const CLASS_SORTS = ["start", "title", "teacher", "taken", "free"] as const;
export type ClassSort = (typeof CLASS_SORTS)[number];

export interface ClassRow {
  id: number;
  title: string;
  teacher: string;
  capacity: number;
  taken: number;
  /** The first session's start (ms since the epoch), null when the class has none. */
  firstStart: number | null;
}

export function classShowOf(row: Pick<ClassRow, "capacity" | "taken">): Exclude<ClassShow, "all"> {
  return row.taken === 0 ? "empty" : row.taken >= row.capacity ? "full" : "open";
}

/** How many classes each filter shows. */
export function classCounts(rows: readonly ClassRow[]): Record<ClassShow, number> {
  const counts: Record<ClassShow, number> = { all: rows.length, open: 0, full: 0, empty: 0 };
  for (const row of rows) {
    const show = classShowOf(row);
    counts[show]++;
    // An empty class still has places: the "with places" filter shows it too.
    if (show === "empty" && row.capacity > 0) counts.open++;
  }
  return counts;
}

export function classPage<T extends ClassRow>(
  rows: readonly T[],
  query: ListQuery<ClassSort, ClassShow>,
  collator: Intl.Collator,
): ListPage<T> {
  return listPage(rows, query, {
    text: (r) => `${r.title} ${r.teacher}`,
    keep: (r, show) => show === "all" || (show === "open" ? r.taken < r.capacity : classShowOf(r) === show),
    compare: (a, b, sort) => {
      switch (sort) {
        case "title":
          return collator.compare(a.title, b.title);
        case "teacher":
          return collator.compare(a.teacher, b.teacher);
        case "taken":
          return a.taken - b.taken;
        case "free":
          return a.capacity - a.taken - (b.capacity - b.taken);
        case "start":
          return (a.firstStart ?? Infinity) - (b.firstStart ?? Infinity) || collator.compare(a.title, b.title);
      }
    },
    tieBreak: (a, b) => a.id - b.id,
  });
}

/** A class's participants: all, those placed by one of their choices, those placed in a free place. */
export const SEAT_SHOWS = ["all", "choice", "fillUp"] as const;
export type SeatShow = (typeof SEAT_SHOWS)[number];
export const SEAT_SORTS = ["name", "via", "classes"] as const;
export type SeatSort = (typeof SEAT_SORTS)[number];

export interface SeatRow {
  participantId: number;
  name: string;
  /** The child's rank of this class; null when placed in a free place. */
  viaRank: number | null;
  /** How many classes the child holds in the academy. */
  classes: number;
}

export function seatCounts(rows: readonly SeatRow[]): Record<SeatShow, number> {
  const choice = rows.filter((r) => r.viaRank !== null).length;
  return { all: rows.length, choice, fillUp: rows.length - choice };
}

export function seatPage<T extends SeatRow>(
  rows: readonly T[],
  query: ListQuery<SeatSort, SeatShow>,
  collator: Intl.Collator,
): ListPage<T> {
  return listPage(rows, query, {
    text: (r) => r.name,
    keep: (r, show) => show === "all" || (show === "choice") === (r.viaRank !== null),
    compare: (a, b, sort) =>
      sort === "name"
        ? collator.compare(a.name, b.name)
        : sort === "via"
          ? (a.viaRank ?? Infinity) - (b.viaRank ?? Infinity)
          : a.classes - b.classes,
    tieBreak: (a, b) => collator.compare(a.name, b.name) || a.participantId - b.participantId,
  });
}
