import { notFound } from "~/http/responses";
/** The largest id a PostgreSQL `integer` column holds: a bigger number in a URL is simply not found. */
export const MAX_ID = 2 ** 31 - 1;

/** A database id from a URL parameter or a form value: a positive integer that fits the column, else undefined. */
export function parseId(raw: unknown): number | undefined {
  if (typeof raw !== "string" && typeof raw !== "number") return undefined;
  const id = Number(raw);
  return Number.isInteger(id) && id > 0 && id <= MAX_ID ? id : undefined;
}

/** The same, or a 404 thrown: for ids in the URL, where a bad one means there is no such page. */
export function requireId(raw: unknown): number {
  const id = parseId(raw);
  if (id === undefined) throw notFound();
  return id;
}
