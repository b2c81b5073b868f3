import { type Kysely } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
// The organisers' entries table pages through one event's entries sorted by submission time or by
// reference: with these, a page is read from an index instead of sorting every entry of the event.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("entries_event_created").on("entries").columns(["event_id", "created_at", "id"]).execute();
  await db.schema.createIndex("entries_event_reference").on("entries").columns(["event_id", "reference"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("entries_event_reference").execute();
  await db.schema.dropIndex("entries_event_created").execute();
}
