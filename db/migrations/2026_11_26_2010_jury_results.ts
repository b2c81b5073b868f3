import { sql, type Kysely } from "kysely";

const AWARDS = "'grand_prix','laureate_1','laureate_2','laureate_3','diplomant_1','diplomant_2','diplomant_3','participant'";

// Frozen: never edit after it lands; add a new migration instead.
// Jury, scoring, results, publication (issue 6).
export async function up(db: Kysely<any>): Promise<void> {
  // How an event's scores become places and awards (ScoringRules in db/types.ts; '{}' = defaults).
  await db.schema.alterTable("events").addColumn("scoring", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`)).execute();
  // Blind judging (remote rounds): judges see no names or clubs.
  await db.schema.alterTable("rounds").addColumn("blind", "boolean", (c) => c.notNull().defaultTo(false)).execute();

  // Entries that advanced into a later round. The event's first round holds all confirmed entries.
  await db.schema
    .createTable("round_entries")
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("entry_id", "integer", (c) => c.notNull().references("entries.id").onDelete("cascade"))
    .addColumn("advanced_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("advanced_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addPrimaryKeyConstraint("round_entries_pkey", ["round_id", "entry_id"])
    .execute();
  await db.schema.createIndex("round_entries_entry").on("round_entries").column("entry_id").execute();

  await db.schema
    .createTable("criteria")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("nomination_id", "integer", (c) => c.notNull().references("nominations.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("name_kk", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("name_ru", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("name_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("max_score", "numeric", (c) => c.notNull().check(sql`max_score > 0`))
    .addColumn("weight", "numeric", (c) => c.notNull().defaultTo(1).check(sql`weight > 0`))
    .execute();
  await db.schema.createIndex("criteria_nomination").on("criteria").column("nomination_id").execute();

  // A judge on the panel of a round × nomination (× age group; null = every age group).
  await db.schema
    .createTable("jury_assignments")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("nomination_id", "integer", (c) => c.notNull().references("nominations.id").onDelete("cascade"))
    .addColumn("age_group_id", "integer", (c) => c.references("age_groups.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("is_chair", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index jury_assignments_unique on jury_assignments (round_id, nomination_id, coalesce(age_group_id, 0), user_id)`.execute(db);
  await db.schema.createIndex("jury_assignments_user").on("jury_assignments").column("user_id").execute();

  // Conflicts of interest: a judge never scores entries of this club or with this participant.
  await db.schema
    .createTable("judge_conflicts")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("club_id", "integer", (c) => c.references("clubs.id").onDelete("cascade"))
    .addColumn("participant_id", "integer", (c) => c.references("participants.id").onDelete("cascade"))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("judge_conflicts_one_target", sql`num_nonnulls(club_id, participant_id) = 1`)
    .execute();
  await sql`create unique index judge_conflicts_unique on judge_conflicts (event_id, user_id, coalesce(club_id, 0), coalesce(participant_id, 0))`.execute(db);

  // One judge's score of one criterion of one entry in one round. `version` only moves forward:
  // a write with a version not greater than the stored one is ignored (late retries from a device).
  await db.schema
    .createTable("scores")
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("entry_id", "integer", (c) => c.notNull().references("entries.id").onDelete("cascade"))
    .addColumn("judge_user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("criterion_id", "integer", (c) => c.notNull().references("criteria.id").onDelete("cascade"))
    .addColumn("value", "numeric", (c) => c.notNull().check(sql`value >= 0`))
    .addColumn("version", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addPrimaryKeyConstraint("scores_pkey", ["round_id", "entry_id", "judge_user_id", "criterion_id"])
    .execute();
  await db.schema.createIndex("scores_judge").on("scores").columns(["judge_user_id", "round_id"]).execute();

  // A results section: round × nomination × age group (null = the nomination has no age groups).
  await db.schema
    .createTable("result_sections")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("nomination_id", "integer", (c) => c.notNull().references("nominations.id").onDelete("cascade"))
    .addColumn("age_group_id", "integer", (c) => c.references("age_groups.id").onDelete("cascade"))
    .addColumn("computed_at", "timestamptz")
    .addColumn("locked_at", "timestamptz")
    .addColumn("locked_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("published_at", "timestamptz")
    .addColumn("published_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addCheckConstraint("result_sections_published_locked", sql`published_at is null or locked_at is not null`)
    .execute();
  await sql`create unique index result_sections_unique on result_sections (round_id, nomination_id, coalesce(age_group_id, 0))`.execute(db);

  await db.schema
    .createTable("results")
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("entry_id", "integer", (c) => c.notNull().references("entries.id").onDelete("cascade"))
    .addColumn("section_id", "integer", (c) => c.notNull().references("result_sections.id").onDelete("cascade"))
    // Aggregated weighted total on the section's scale; null while no judge has a complete sheet.
    .addColumn("total", "numeric")
    // Total as a percentage of the maximum possible (for bands and thresholds).
    .addColumn("percent", "numeric")
    .addColumn("judge_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rank", "integer")
    .addColumn("shared", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("award", "text", (c) => c.check(sql.raw(`award in (${AWARDS})`)))
    .addColumn("computed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("results_pkey", ["round_id", "entry_id"])
    .execute();
  await db.schema.createIndex("results_section").on("results").column("section_id").execute();

  // The chair's order among entries still tied after every other tie-break (lower first).
  await db.schema
    .createTable("tie_decisions")
    .addColumn("section_id", "integer", (c) => c.notNull().references("result_sections.id").onDelete("cascade"))
    .addColumn("entry_id", "integer", (c) => c.notNull().references("entries.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("decided_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("tie_decisions_pkey", ["section_id", "entry_id"])
    .execute();

  // The Grand Prix of a round's nomination (per age group, or across them when age_group_id is
  // null); entry_id null records that the jury decided not to award it.
  await db.schema
    .createTable("grand_prix")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("nomination_id", "integer", (c) => c.notNull().references("nominations.id").onDelete("cascade"))
    .addColumn("age_group_id", "integer", (c) => c.references("age_groups.id").onDelete("cascade"))
    .addColumn("entry_id", "integer", (c) => c.references("entries.id").onDelete("cascade"))
    .addColumn("decided_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index grand_prix_unique on grand_prix (round_id, nomination_id, coalesce(age_group_id, 0))`.execute(db);

  await db.schema
    .createTable("special_prizes")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("entry_id", "integer", (c) => c.notNull().references("entries.id").onDelete("cascade"))
    .addColumn("name_kk", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("name_ru", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("name_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_by_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("special_prizes_round").on("special_prizes").column("round_id").execute();

  // Published results appear on the cached public event page.
  await sql`create trigger result_sections_public_version after insert or update or delete on result_sections
    for each statement execute function bump_public_version()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger result_sections_public_version on result_sections`.execute(db);
  for (const t of ["special_prizes", "grand_prix", "tie_decisions", "results", "result_sections", "scores", "judge_conflicts", "jury_assignments", "criteria", "round_entries"]) {
    await db.schema.dropTable(t).execute();
  }
  await db.schema.alterTable("rounds").dropColumn("blind").execute();
  await db.schema.alterTable("events").dropColumn("scoring").execute();
}
