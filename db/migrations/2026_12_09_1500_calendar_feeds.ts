import { type Kysely, sql } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
// A family's private calendar link: one per account. Only the token's SHA-256 is stored, so the
// table alone cannot be used to read anyone's schedule; a new link replaces the old one.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("calendar_feeds")
    .addColumn("user_id", "integer", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("calendar_feeds").execute();
}
