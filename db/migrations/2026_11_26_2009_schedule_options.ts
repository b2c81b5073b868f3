import { sql, type Kysely } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
// The organiser's choices a running order was generated with (changeover, gap between a child's
// performances, age order), kept with the version so conflicts are judged by the same rules.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("schedule_versions").addColumn("options", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("schedule_versions").dropColumn("options").execute();
}
