import { sql, type Kysely } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
// The number a judge knows an entry by in a blind round, given once and kept (ADR 0023): new
// entries take the next number instead of renumbering the rest, and entries the judge may not see
// (a conflict of interest) never take one, so no gap shows where they would be.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("judge_blind_numbers")
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("judge_user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("nomination_id", "integer", (c) => c.notNull().references("nominations.id").onDelete("cascade"))
    .addColumn("entry_id", "integer", (c) => c.notNull().references("entries.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull().check(sql`number > 0`))
    .addPrimaryKeyConstraint("judge_blind_numbers_pkey", ["round_id", "judge_user_id", "entry_id"])
    .addUniqueConstraint("judge_blind_numbers_number", ["round_id", "judge_user_id", "nomination_id", "number"])
    .execute();
  await db.schema.createIndex("judge_blind_numbers_entry").on("judge_blind_numbers").column("entry_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("judge_blind_numbers").execute();
}
