import { sql, type Kysely } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("app_settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("clubs")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("city", "text", (c) => c.notNull())
    .addColumn("region", "text")
    .addColumn("country", "text", (c) => c.notNull().defaultTo("KZ"))
    .addColumn("is_demo", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("password_hash", "text")
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull().defaultTo("ru").check(sql`locale in ('kk','ru','en')`))
    .addColumn("is_demo", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index users_email_key on users (lower(email))`.execute(db);

  await db.schema
    .createTable("events")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('festival','contest','festival_contest','academy','exhibition')`),
    )
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("draft").check(sql`status in ('draft','published','archived')`),
    )
    .addColumn("title_kk", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("title_ru", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("title_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("description_kk", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("description_ru", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("description_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("city", "text", (c) => c.notNull())
    .addColumn("venue_kk", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("venue_ru", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("venue_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("timezone", "text", (c) => c.notNull().defaultTo("Asia/Almaty"))
    .addColumn("starts_on", "date", (c) => c.notNull())
    .addColumn("ends_on", "date", (c) => c.notNull())
    .addColumn("registration_opens_at", "timestamptz")
    .addColumn("registration_closes_at", "timestamptz")
    .addColumn("age_reference_date", "date")
    .addColumn("capacity", "integer", (c) => c.check(sql`capacity > 0`))
    .addColumn("is_demo", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("events_dates_order", sql`ends_on >= starts_on`)
    .addCheckConstraint(
      "events_registration_order",
      sql`registration_closes_at is null or registration_opens_at is null or registration_closes_at > registration_opens_at`,
    )
    .execute();
  await db.schema.createIndex("events_status_starts_on").on("events").columns(["status", "starts_on"]).execute();

  await db.schema
    .createTable("nominations")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("name_kk", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("name_ru", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("name_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("discipline", "text", (c) => c.notNull())
    .addColumn("entry_kind", "text", (c) =>
      c.notNull().check(sql`entry_kind in ('live','video','artwork','workshop')`),
    )
    .addColumn("max_duration_seconds", "integer", (c) => c.check(sql`max_duration_seconds > 0`))
    .addColumn("capacity", "integer", (c) => c.check(sql`capacity > 0`))
    .execute();
  await db.schema.createIndex("nominations_event").on("nominations").column("event_id").execute();

  await db.schema
    .createTable("nomination_formats")
    .addColumn("nomination_id", "integer", (c) => c.notNull().references("nominations.id").onDelete("cascade"))
    .addColumn("format", "text", (c) => c.notNull().check(sql`format in ('solo','duet','trio','ensemble')`))
    .addColumn("min_members", "integer", (c) => c.notNull().check(sql`min_members >= 1`))
    .addColumn("max_members", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("nomination_formats_pkey", ["nomination_id", "format"])
    .addCheckConstraint("nomination_formats_members_order", sql`max_members >= min_members`)
    .execute();

  await db.schema
    .createTable("age_groups")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("min_age", "integer", (c) => c.notNull().check(sql`min_age >= 0`))
    .addColumn("max_age", "integer", (c) => c.notNull())
    .addCheckConstraint("age_groups_order", sql`max_age >= min_age`)
    .execute();
  await db.schema.createIndex("age_groups_event").on("age_groups").column("event_id").execute();

  await db.schema
    .createTable("rounds")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('remote','heat','final')`))
    .addColumn("city", "text")
    .addColumn("venue_kk", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("venue_ru", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("venue_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("starts_on", "date")
    .addColumn("ends_on", "date")
    .addColumn("advance_rule", "text", (c) =>
      c.notNull().defaultTo("none").check(sql`advance_rule in ('none','top_n','min_score')`),
    )
    .addColumn("advance_value", "numeric")
    .execute();
  await db.schema.createIndex("rounds_event").on("rounds").column("event_id").execute();

  await db.schema
    .createTable("memberships")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) =>
      c.notNull().check(sql`role in ('admin','organiser','judge','club_leader','guardian')`),
    )
    .addColumn("event_id", "integer", (c) => c.references("events.id").onDelete("cascade"))
    .addColumn("club_id", "integer", (c) => c.references("clubs.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("memberships_one_scope", sql`num_nonnulls(event_id, club_id) <= 1`)
    .execute();
  await sql`create unique index memberships_unique on memberships (user_id, role, coalesce(event_id, 0), coalesce(club_id, 0))`.execute(db);

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_seen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["sessions", "memberships", "rounds", "age_groups", "nomination_formats", "nominations", "events", "users", "clubs", "app_settings"]) {
    await db.schema.dropTable(t).execute();
  }
}
