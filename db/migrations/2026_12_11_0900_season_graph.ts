import { type Kysely, sql } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
//
// A season's rounds as a graph (app/domain/season.ts). Rounds that share a `position` are one step and
// run in parallel (seventeen regional heats after one selection round; two galas after the heats):
// - regions / towns: the catchment of a round whose step has several rounds (region codes from
//   app/domain/regions.ts; towns as city codes or names as typed). Both empty: open to everyone left.
// - intake_rule / intake_value: a round fed by a step of parallel rounds takes, from each of them, the
//   top N per section or everyone above a score (percent). Null: the feeding round's own advance rule.
// - round_moves: an entry the organiser put in a round of a step other than the one routing gives it
//   (at most one per entry and step, kept so by the use-case); who, when and why are also audited.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("rounds")
    .addColumn("regions", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("towns", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("intake_rule", "text", (c) => c.check(sql`intake_rule in ('top_n','min_score')`))
    .addColumn("intake_value", "numeric")
    .execute();
  await db.schema
    .createTable("round_moves")
    .addColumn("entry_id", "integer", (c) => c.notNull().references("entries.id").onDelete("cascade"))
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("restrict"))
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("moved_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("moved_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("round_moves_pk", ["entry_id", "round_id"])
    .execute();
  await db.schema.createIndex("round_moves_round").on("round_moves").column("round_id").execute();
  await db.schema.createIndex("rounds_event_position").on("rounds").columns(["event_id", "position"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("rounds_event_position").ifExists().execute();
  await db.schema.dropTable("round_moves").execute();
  await db.schema
    .alterTable("rounds")
    .dropColumn("regions")
    .dropColumn("towns")
    .dropColumn("intake_rule")
    .dropColumn("intake_value")
    .execute();
}
