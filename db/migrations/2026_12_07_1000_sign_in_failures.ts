import { sql, type Kysely } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
// Failed sign-ins per (account, client address) pair, for the backoff in
// app/.server/accounts/rate-limit.server.ts: one row per pair, keyed by a hash (no emails or
// addresses stored), shared by every app instance.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sign_in_failures")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("last_failure_at", "timestamptz", (c) => c.notNull())
    .addColumn("blocked_until", "timestamptz")
    .execute();
  // For sweeping forgotten pairs without reading the whole table.
  await sql`create index sign_in_failures_last_failure_at_idx on sign_in_failures (last_failure_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("sign_in_failures").execute();
}
