import { sql, type Kysely } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("entries")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id"))
    .addColumn("nomination_id", "integer", (c) => c.notNull().references("nominations.id"))
    .addColumn("age_group_id", "integer", (c) => c.references("age_groups.id"))
    .addColumn("format", "text", (c) => c.notNull().check(sql`format in ('solo','duet','trio','ensemble')`))
    .addColumn("title", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("duration_seconds", "integer", (c) => c.check(sql`duration_seconds > 0`))
    .addColumn("video_url", "text")
    .addColumn("artwork_file", "text")
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('submitted','confirmed','waitlisted','withdrawn','rejected')`),
    )
    .addColumn("status_reason", "text")
    // Wait-list order: the earliest queued is promoted first.
    .addColumn("queued_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn("reference", "text", (c) => c.notNull().unique())
    .addColumn("submitted_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("club_id", "integer", (c) => c.references("clubs.id").onDelete("set null"))
    .addColumn("idempotency_key", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // A double click or a retry of one submission makes one entry.
  await sql`create unique index entries_idempotency on entries (submitted_by_user_id, idempotency_key) where idempotency_key is not null`.execute(db);
  await db.schema.createIndex("entries_event_status").on("entries").columns(["event_id", "status"]).execute();
  await db.schema.createIndex("entries_nomination_status").on("entries").columns(["nomination_id", "status", "queued_at"]).execute();

  await db.schema
    .createTable("entry_members")
    .addColumn("entry_id", "integer", (c) => c.notNull().references("entries.id").onDelete("cascade"))
    // Restrict: a child who took part is anonymised, never deleted from under an entry.
    .addColumn("participant_id", "integer", (c) => c.notNull().references("participants.id"))
    .addColumn("nomination_id", "integer", (c) => c.notNull().references("nominations.id"))
    // Mirrors the entry's status (true while submitted, confirmed or wait-listed) so the database
    // itself refuses a second live entry of one child in one nomination.
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addPrimaryKeyConstraint("entry_members_pkey", ["entry_id", "participant_id"])
    .execute();
  await sql`create unique index entry_members_one_per_nomination on entry_members (participant_id, nomination_id) where active`.execute(db);
  await db.schema.createIndex("entry_members_participant").on("entry_members").column("participant_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("entry_members").execute();
  await db.schema.dropTable("entries").execute();
}
