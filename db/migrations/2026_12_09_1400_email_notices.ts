import { type Kysely, sql } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
// `email_opt_outs`: the kinds of bulk notice (results, running order, club digest) an account has
// turned off, from the one-click unsubscribe link or the account page. Transactional mail has no row
// here: it is always sent.
// `club_digests`: one row per club and Almaty day whose digest of new and changed entries was queued.
// The primary key is what keeps several app instances from sending a club two digests on one day;
// `covered_until` is where the next digest starts.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("email_opt_outs")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('results', 'schedule', 'club_digest')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("email_opt_outs_pkey", ["user_id", "kind"])
    .execute();

  await db.schema
    .createTable("club_digests")
    .addColumn("club_id", "integer", (c) => c.notNull().references("clubs.id").onDelete("cascade"))
    .addColumn("day", "date", (c) => c.notNull())
    .addColumn("covered_until", "timestamptz", (c) => c.notNull())
    .addColumn("entries", "integer", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("club_digests_pkey", ["club_id", "day"])
    .execute();
  // The digest finds a club's entries changed since its last digest.
  await db.schema.createIndex("entries_club_updated").on("entries").columns(["club_id", "updated_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("entries_club_updated").execute();
  await db.schema.dropTable("club_digests").execute();
  await db.schema.dropTable("email_opt_outs").execute();
}
