import { sql, type Kysely } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  // Stages where a round's performances happen (a hall's stage, a second stage, a gallery …).
  await db.schema
    .createTable("stages")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("name_kk", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("name_ru", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("name_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("venue", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema.createIndex("stages_round").on("stages").column("round_id").execute();

  // When a stage can be used; breaks are windows of kind 'break' inside open ones.
  await db.schema
    .createTable("stage_windows")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("stage_id", "integer", (c) => c.notNull().references("stages.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().defaultTo("open").check(sql`kind in ('open','break')`))
    .addColumn("starts_at", "timestamptz", (c) => c.notNull())
    .addColumn("ends_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("stage_windows_order", sql`ends_at > starts_at`)
    .execute();
  await db.schema.createIndex("stage_windows_stage").on("stage_windows").column("stage_id").execute();

  // A round's running order: one draft being edited, the published one people see, older ones kept.
  await db.schema
    .createTable("schedule_versions")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('draft','published','superseded')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("published_at", "timestamptz")
    .addColumn("published_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await sql`create unique index schedule_versions_one_draft on schedule_versions (round_id) where status = 'draft'`.execute(db);
  await sql`create unique index schedule_versions_one_published on schedule_versions (round_id) where status = 'published'`.execute(db);

  await db.schema
    .createTable("schedule_slots")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("version_id", "integer", (c) => c.notNull().references("schedule_versions.id").onDelete("cascade"))
    .addColumn("stage_id", "integer", (c) => c.notNull().references("stages.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().defaultTo("entry").check(sql`kind in ('entry','break')`))
    .addColumn("entry_id", "integer", (c) => c.references("entries.id").onDelete("cascade"))
    .addColumn("starts_at", "timestamptz", (c) => c.notNull())
    .addColumn("ends_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("schedule_slots_order", sql`ends_at > starts_at`)
    .addCheckConstraint("schedule_slots_entry", sql`(kind = 'entry') = (entry_id is not null)`)
    .execute();
  await sql`create unique index schedule_slots_one_per_entry on schedule_slots (version_id, entry_id) where entry_id is not null`.execute(db);
  await db.schema.createIndex("schedule_slots_version_stage").on("schedule_slots").columns(["version_id", "stage_id", "starts_at"]).execute();

  // The academy's master classes, with their sessions, participants' ranked wishes and the result.
  await db.schema
    .createTable("master_classes")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("title_kk", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("title_ru", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("title_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("teacher", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("room", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("capacity", "integer", (c) => c.notNull().check(sql`capacity > 0`))
    .addColumn("min_age", "integer")
    .addColumn("max_age", "integer")
    .execute();
  await db.schema
    .createTable("master_class_sessions")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("master_class_id", "integer", (c) => c.notNull().references("master_classes.id").onDelete("cascade"))
    .addColumn("starts_at", "timestamptz", (c) => c.notNull())
    .addColumn("ends_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("master_class_sessions_order", sql`ends_at > starts_at`)
    .execute();
  await db.schema
    .createTable("master_class_preferences")
    .addColumn("master_class_id", "integer", (c) => c.notNull().references("master_classes.id").onDelete("cascade"))
    .addColumn("participant_id", "integer", (c) => c.notNull().references("participants.id").onDelete("cascade"))
    .addColumn("rank", "integer", (c) => c.notNull().check(sql`rank >= 1`))
    .addPrimaryKeyConstraint("master_class_preferences_pkey", ["master_class_id", "participant_id"])
    .addUniqueConstraint("master_class_preferences_rank", ["participant_id", "rank", "master_class_id"])
    .execute();
  await db.schema
    .createTable("master_class_enrolments")
    .addColumn("master_class_id", "integer", (c) => c.notNull().references("master_classes.id").onDelete("cascade"))
    .addColumn("participant_id", "integer", (c) => c.notNull().references("participants.id").onDelete("cascade"))
    .addColumn("via_rank", "integer")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("master_class_enrolments_pkey", ["master_class_id", "participant_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["master_class_enrolments", "master_class_preferences", "master_class_sessions", "master_classes", "schedule_slots", "schedule_versions", "stage_windows", "stages"]) {
    await db.schema.dropTable(t).execute();
  }
}
