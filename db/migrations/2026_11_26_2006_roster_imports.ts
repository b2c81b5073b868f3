import { sql, type Kysely } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  // A club leader's checked roster file, waiting for confirmation. Kept in the database, not in
  // process memory, so the confirming request may reach another app instance.
  await db.schema
    .createTable("roster_imports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("club_id", "integer", (c) => c.notNull().references("clubs.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("file_name", "text", (c) => c.notNull())
    // The normalised rows that confirmation will add (rows with errors and known children left out).
    .addColumn("rows", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("confirmed_at", "timestamptz")
    .execute();
  await db.schema.createIndex("roster_imports_created").on("roster_imports").column("created_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("roster_imports").execute();
}
