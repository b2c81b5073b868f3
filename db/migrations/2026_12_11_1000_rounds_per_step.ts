import { type Kysely, sql } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
//
// An entry is in at most one round of a step (app/domain/season.ts) unless the organiser says
// otherwise for the event: with `several_rounds_per_step`, advancement puts an entry into every round
// of the next step whose catchment and rule take it (two galas, each by its own rule), and rounds of a
// later step may share a catchment. The first step keeps one round per entry (routing needs it).
// A round may also be a gala concert (the season's last step, often two in parallel cities).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table rounds drop constraint rounds_kind_check`.execute(db);
  await sql`alter table rounds add constraint rounds_kind_check check (kind in ('remote','heat','final','gala'))`.execute(
    db,
  );
  await db.schema
    .alterTable("events")
    .addColumn("several_rounds_per_step", "boolean", (c) => c.notNull().defaultTo(sql`false`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("events").dropColumn("several_rounds_per_step").execute();
  await sql`alter table rounds drop constraint rounds_kind_check`.execute(db);
  await sql`alter table rounds add constraint rounds_kind_check check (kind in ('remote','heat','final'))`.execute(db);
}
