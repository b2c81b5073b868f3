import { sql, type Kysely } from "kysely";

const TABLES = ["events", "nominations", "nomination_formats", "age_groups", "rounds", "schedule_versions"];

// Frozen: never edit after it lands; add a new migration instead.
// A counter that moves whenever anything shown on the public home and event pages changes, so
// every app instance can cache those pages and still never serve a stale one.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`insert into app_settings (key, value) values ('public_version', '0') on conflict (key) do nothing`.execute(db);
  await sql`
    create function bump_public_version() returns trigger language plpgsql as $$
    begin
      update app_settings set value = (value::bigint + 1)::text where key = 'public_version';
      return null;
    end;
    $$`.execute(db);
  for (const table of TABLES) {
    await sql`create trigger ${sql.raw(`${table}_public_version`)} after insert or update or delete on ${sql.table(table)}
      for each statement execute function bump_public_version()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await sql`drop trigger ${sql.raw(`${table}_public_version`)} on ${sql.table(table)}`.execute(db);
  await sql`drop function bump_public_version()`.execute(db);
  await sql`delete from app_settings where key = 'public_version'`.execute(db);
}
