import { sql, type Kysely } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("participants")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // Null once a guardian deletes the child and the row stays only for published results.
    .addColumn("guardian_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("club_id", "integer", (c) => c.references("clubs.id").onDelete("set null"))
    .addColumn("last_name", "text", (c) => c.notNull())
    .addColumn("first_name", "text", (c) => c.notNull())
    .addColumn("patronymic", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("birth_date", "date")
    .addColumn("city", "text", (c) => c.notNull())
    .addColumn("public_name", "text", (c) => c.notNull().defaultTo("full").check(sql`public_name in ('full','initial')`))
    .addColumn("anonymised_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("participants_birth_date_kept", sql`anonymised_at is not null or birth_date is not null`)
    .execute();
  await db.schema.createIndex("participants_guardian").on("participants").column("guardian_user_id").execute();
  await db.schema.createIndex("participants_club").on("participants").column("club_id").execute();

  await db.schema
    .createTable("consent_texts")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('data','photo_video')`))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("text_kk", "text", (c) => c.notNull())
    .addColumn("text_ru", "text", (c) => c.notNull())
    .addColumn("text_en", "text", (c) => c.notNull())
    .addColumn("published_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("consent_texts_kind_version", ["kind", "version"])
    .execute();

  await db.schema
    .createTable("consents")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("participant_id", "integer", (c) => c.notNull().references("participants.id").onDelete("cascade"))
    .addColumn("guardian_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('data','photo_video')`))
    .addColumn("text_id", "integer", (c) => c.notNull().references("consent_texts.id"))
    .addColumn("given_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("withdrawn_at", "timestamptz")
    .execute();
  // At most one standing consent of each kind per child.
  await sql`create unique index consents_one_active on consents (participant_id, kind) where withdrawn_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("consents").execute();
  await db.schema.dropTable("consent_texts").execute();
  await db.schema.dropTable("participants").execute();
}
