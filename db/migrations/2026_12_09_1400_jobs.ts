import { type Kysely, sql } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
// Long work (diploma batches, whole-event exports, and any later bulk work) runs in the background as
// a job: one row per job, claimed by one instance at a time with FOR UPDATE SKIP LOCKED and a lease
// (locked_until) that the worker extends while it runs, so a killed process's job is picked up again
// when its lease runs out. See docs/decisions/0019-background-jobs.md.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("jobs")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // No check on kind: the code's list of kinds grows without a migration.
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("payload", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("state", "text", (c) =>
      c
        .notNull()
        .defaultTo("queued")
        .check(sql`state in ('queued','running','done','failed','cancelled')`),
    )
    .addColumn("progress_done", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("progress_total", "integer")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("max_attempts", "integer", (c) => c.notNull().defaultTo(3))
    .addColumn("run_after", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("locked_by", "text")
    .addColumn("locked_until", "timestamptz")
    .addColumn("last_error", "text")
    // The file a finished job produced: a name in the upload directory, what to call it, its type and size.
    .addColumn("result_file", "text")
    .addColumn("result_name", "text")
    .addColumn("result_type", "text")
    .addColumn("result_bytes", "integer")
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("event_id", "integer", (c) => c.references("events.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("started_at", "timestamptz")
    .addColumn("finished_at", "timestamptz")
    .execute();
  // The worker's query: queued jobs whose time has come, and running ones whose lease ran out.
  await sql`create index jobs_claimable on jobs (run_after, id) where state = 'queued'`.execute(db);
  await sql`create index jobs_leased on jobs (locked_until) where state = 'running'`.execute(db);
  // The organiser's jobs page: an event's jobs, newest first.
  await db.schema.createIndex("jobs_event").on("jobs").columns(["event_id", "id"]).execute();
  await db.schema.createIndex("jobs_created_by").on("jobs").column("created_by").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("jobs").execute();
}
