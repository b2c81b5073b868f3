/** An entry's life: confirmed or wait-listed on submission, then perhaps withdrawn or rejected. */
export const ENTRY_STATUSES = ["submitted", "confirmed", "waitlisted", "withdrawn", "rejected"] as const;
export type EntryStatusCode = (typeof ENTRY_STATUSES)[number];
