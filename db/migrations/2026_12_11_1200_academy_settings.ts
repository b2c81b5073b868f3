import { sql, type Kysely } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
// The organiser's academy settings, one row per event (ADR 0025); no row = the defaults:
// - round_id: the round whose entries are the academy's finalists (null = every round of the event's
//   last step; no rounds at all = every confirmed entry);
// - max_ranks: how many classes a family or club leader may rank per child;
// - max_classes: the most classes a child may be given (null = as many as fit);
// - allocated_fingerprint / allocation_report: a hash of what the last allocation ran on and its
//   report (statistics, unmet wishes), so the page tells whether places are current without
//   running the allocator on every view.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("academy_settings")
    .addColumn("event_id", "integer", (c) => c.primaryKey().references("events.id").onDelete("cascade"))
    .addColumn("round_id", "integer", (c) => c.references("rounds.id").onDelete("set null"))
    .addColumn("max_ranks", "integer", (c) => c.notNull().defaultTo(5).check(sql`max_ranks between 1 and 20`))
    .addColumn("max_classes", "integer", (c) => c.check(sql`max_classes between 1 and 50`))
    .addColumn("allocated_fingerprint", "text")
    .addColumn("allocation_report", "jsonb")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("academy_settings_round").on("academy_settings").column("round_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("academy_settings").execute();
}
