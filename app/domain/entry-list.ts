/** Columns the organisers' entries table sorts by; `nomination` (then age group, then queue) is the default. */
export const ENTRY_SORTS = ["nomination", "reference", "name", "submitted", "status"] as const;
export type EntrySort = (typeof ENTRY_SORTS)[number];
export type SortDirection = "asc" | "desc";

export interface EntryOrder {
  sort: EntrySort;
  dir: SortDirection;
}

export const DEFAULT_ENTRY_ORDER: EntryOrder = { sort: "nomination", dir: "asc" };

/** `?sort=` and `?dir=`; unknown values fall back to the default order. */
export function parseEntryOrder(params: URLSearchParams): EntryOrder {
  return {
    sort: ENTRY_SORTS.find((s) => s === params.get("sort")) ?? DEFAULT_ENTRY_ORDER.sort,
    dir: params.get("dir") === "desc" ? "desc" : "asc",
  };
}
