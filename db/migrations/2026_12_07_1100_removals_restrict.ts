import { sql, type Kysely } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
// Nothing is lost silently (issue 14, ADR 0011): removing a round, nomination, age group, stage or
// club never takes entries, scores, results, panels or a running order with it. The use-cases refuse
// such a removal and say what holds the row; these foreign keys refuse it too, as a backstop, so a
// bug cannot cascade the data away. A row's own parts (a nomination's formats, a stage's open times)
// and what is only bookkeeping (a round's schedule versions and advancement emails, a club's
// leaders and roster uploads) still go with it.
const RESTRICTED: [table: string, column: string, references: string, was: "cascade" | "set null"][] = [
  ["stages", "round_id", "rounds", "cascade"],
  ["round_entries", "round_id", "rounds", "cascade"],
  ["jury_assignments", "round_id", "rounds", "cascade"],
  ["scores", "round_id", "rounds", "cascade"],
  ["result_sections", "round_id", "rounds", "cascade"],
  ["results", "round_id", "rounds", "cascade"],
  ["grand_prix", "round_id", "rounds", "cascade"],
  ["special_prizes", "round_id", "rounds", "cascade"],
  ["criteria", "nomination_id", "nominations", "cascade"],
  ["jury_assignments", "nomination_id", "nominations", "cascade"],
  ["result_sections", "nomination_id", "nominations", "cascade"],
  ["grand_prix", "nomination_id", "nominations", "cascade"],
  ["jury_assignments", "age_group_id", "age_groups", "cascade"],
  ["result_sections", "age_group_id", "age_groups", "cascade"],
  ["grand_prix", "age_group_id", "age_groups", "cascade"],
  ["schedule_slots", "stage_id", "stages", "cascade"],
  ["participants", "club_id", "clubs", "set null"],
  ["entries", "club_id", "clubs", "set null"],
  ["judge_conflicts", "club_id", "clubs", "cascade"],
];

async function setOnDelete(db: Kysely<any>, table: string, column: string, references: string, rule: string) {
  const name = `${table}_${column}_fkey`;
  await sql
    .raw(
      `alter table ${table} drop constraint ${name}, ` +
        `add constraint ${name} foreign key (${column}) references ${references} (id) on delete ${rule}`,
    )
    .execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, column, references] of RESTRICTED) await setOnDelete(db, table, column, references, "restrict");
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, column, references, was] of RESTRICTED) await setOnDelete(db, table, column, references, was);
}
