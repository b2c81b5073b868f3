import { sql, type Kysely } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
// Families hear about results once. `first_published_at` remembers when a section was first
// published (its families were emailed then); publishing it again after a correction emails no one.
// `advance_notices` remembers which entry's family was told it advanced into a round, so an entry
// taken out of the next round and put back is not announced twice.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("result_sections").addColumn("first_published_at", "timestamptz").execute();
  await sql`update result_sections set first_published_at = published_at where published_at is not null`.execute(db);

  await db.schema
    .createTable("advance_notices")
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("entry_id", "integer", (c) => c.notNull().references("entries.id").onDelete("cascade"))
    .addColumn("emailed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("advance_notices_pkey", ["round_id", "entry_id"])
    .execute();
  await db.schema.createIndex("advance_notices_entry").on("advance_notices").column("entry_id").execute();
  // Entries already in a later round were announced when they were added.
  await sql`insert into advance_notices (round_id, entry_id, emailed_at) select round_id, entry_id, advanced_at from round_entries`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("advance_notices").execute();
  await db.schema.alterTable("result_sections").dropColumn("first_published_at").execute();
}
