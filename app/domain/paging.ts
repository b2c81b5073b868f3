/*
 * Long lists cut into pages. Two kinds:
 * - numbered pages (`numberedPage`), for a list whose order does not change while it is read (a
 *   locked section's places);
 * - pages that start at an item's own number (`pageFrom`), for a list that shrinks as it is worked
 *   through (a judge's entries not yet scored): "the next 25 from No. 26" stays the same entries when
 *   some before them leave the list, where "page 2" would skip some.
 */

export interface NumberedPage {
  /** 1-based, clamped to the pages there are. */
  page: number;
  pages: number;
  /** Index of the page's first item. */
  offset: number;
}

/** Page `asked` of `total` items, `size` a page: a page past the end is the last one, a bad number the first. */
export function numberedPage(total: number, asked: number | null | undefined, size: number): NumberedPage {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = asked && Number.isSafeInteger(asked) && asked > 0 ? Math.min(asked, pages) : 1;
  return { page, pages, offset: (page - 1) * size };
}

export interface PageFrom<T> {
  items: T[];
  /** 1-based positions of the first and last item shown in the whole list (0 and 0 when it is empty). */
  first: number;
  last: number;
  total: number;
  /** Where the previous and next pages start (the number to pass as `from`); null at either end. */
  previous: number | null;
  next: number | null;
}

/**
 * The `size` items of `list` (in ascending order of `numberOf`) starting at the first whose number is
 * `from` or more; from the start when `from` is missing, the last page when it is past the end.
 */
export function pageFrom<T>(
  list: readonly T[],
  numberOf: (item: T) => number,
  from: number | null | undefined,
  size: number,
): PageFrom<T> {
  let start = from === null || from === undefined ? 0 : list.findIndex((item) => numberOf(item) >= from);
  if (start < 0) start = Math.max(0, list.length - size);
  const items = list.slice(start, start + size);
  const end = start + items.length;
  return {
    items,
    first: items.length ? start + 1 : 0,
    last: end,
    total: list.length,
    previous: start > 0 ? numberOf(list[Math.max(0, start - size)]!) : null,
    next: end < list.length ? numberOf(list[end]!) : null,
  };
}

/** Rows a page of a long table may hold: 50 unless the reader picks another. */
export const PAGE_SIZES = [25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 50;

/** `?size=` as one of the offered page sizes, else the default. */
export function parsePageSize(raw: string | null | undefined): PageSize {
  return PAGE_SIZES.find((s) => String(s) === raw) ?? DEFAULT_PAGE_SIZE;
}

/**
 * The current address's query with some parameters set or removed (`null`), for links that keep
 * the reader's filters: a sort header, a pager link. Empty values are dropped to keep links short;
 * nothing left gives "" (use it as a link's `{ search }`, which then clears the query).
 */
export function queryWith(search: string, changes: Record<string, string | number | null>): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) params.delete(key);
    else params.set(key, String(value));
  }
  for (const key of [...new Set(params.keys())]) if (params.get(key) === "") params.delete(key);
  const query = params.toString();
  return query ? `?${query}` : "";
}
