/** An entry's life: confirmed or wait-listed on submission, then perhaps withdrawn or rejected. */
export const ENTRY_STATUSES = ["submitted", "confirmed", "waitlisted", "withdrawn", "rejected"] as const;
export type EntryStatusCode = (typeof ENTRY_STATUSES)[number];

/** Statuses in which an entry still holds or waits for a place: it can be withdrawn, edited or decided. */
export const OPEN_STATUSES = ["submitted", "confirmed", "waitlisted"] as const satisfies readonly EntryStatusCode[];
export const isOpen = (status: EntryStatusCode) => (OPEN_STATUSES as readonly EntryStatusCode[]).includes(status);
