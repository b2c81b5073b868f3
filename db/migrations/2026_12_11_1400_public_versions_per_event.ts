import { type Kysely, sql } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
//
// The public pages' version, per event instead of one row for the whole site (issue 16): every
// organiser's write used to update the single `public_version` row, so writes on different events
// waited for each other's commit. Now a change bumps its own event's row and tells every instance
// with NOTIFY on `toi_public` (payload: the event's id), which is how the page caches learn of it
// (app/.server/platform/page-cache.server.ts). The rows are never deleted: the sum of the versions
// only grows, which is what an instance that lost its LISTEN connection compares against.
//
// touch_public_event(column [, parent table]): the row names its event in `column`, directly
// ('id' on events, 'event_id') or through a parent row's event_id ('round_id', 'rounds').
// A new public table gets its own trigger with the same function.
const EVENT_TABLES: [table: string, column: string, parent?: string][] = [
  ["events", "id"],
  ["nominations", "event_id"],
  ["age_groups", "event_id"],
  ["rounds", "event_id"],
  ["nomination_formats", "nomination_id", "nominations"],
  ["schedule_versions", "round_id", "rounds"],
  ["result_sections", "round_id", "rounds"],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table] of EVENT_TABLES)
    await sql`drop trigger if exists ${sql.raw(`${table}_public_version`)} on ${sql.table(table)}`.execute(db);
  await sql`drop function if exists bump_public_version()`.execute(db);
  await sql`delete from app_settings where key = 'public_version'`.execute(db);

  await db.schema
    .createTable("public_versions")
    .addColumn("event_id", "integer", (c) => c.primaryKey())
    .addColumn("version", "bigint", (c) => c.notNull())
    .execute();
  await sql`
    create function touch_public_event() returns trigger language plpgsql as $$
    declare
      keys text[] := array[]::text[];
      event integer;
      key text;
    begin
      if tg_op <> 'INSERT' then keys := keys || (to_jsonb(old) ->> tg_argv[0]); end if;
      if tg_op <> 'DELETE' then keys := keys || (to_jsonb(new) ->> tg_argv[0]); end if;
      for key in select distinct k from unnest(keys) as k where k is not null loop
        if tg_nargs > 1 then
          -- A parent deleted in the same statement (a cascade) has bumped its event already.
          execute format('select event_id from %I where id = $1', tg_argv[1]) into event using key::integer;
        else
          event := key::integer;
        end if;
        if event is not null then
          insert into public_versions (event_id, version) values (event, 1)
            on conflict (event_id) do update set version = public_versions.version + 1;
          perform pg_notify('toi_public', event::text);
        end if;
      end loop;
      return null;
    end;
    $$`.execute(db);
  for (const [table, column, parent] of EVENT_TABLES) {
    const args = parent ? sql`${sql.lit(column)}, ${sql.lit(parent)}` : sql`${sql.lit(column)}`;
    // An update counts when it changes what a page may show: not when it rewrites a row as it was,
    // nor when computing results stamps result_sections.computed_at (it does on every run).
    const ignored = table === "result_sections" ? ["computed_at"] : [];
    const row = (name: "old" | "new") => sql`(to_jsonb(${sql.raw(name)}) - ${sql.lit(`{${ignored.join(",")}}`)}::text[])`;
    await sql`create trigger ${sql.raw(`${table}_public_event`)} after insert or delete on ${sql.table(table)}
      for each row execute function touch_public_event(${args})`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_public_event_update`)} after update on ${sql.table(table)}
      for each row when (${row("old")} is distinct from ${row("new")}) execute function touch_public_event(${args})`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table] of EVENT_TABLES) {
    await sql`drop trigger ${sql.raw(`${table}_public_event`)} on ${sql.table(table)}`.execute(db);
    await sql`drop trigger ${sql.raw(`${table}_public_event_update`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function touch_public_event()`.execute(db);
  await db.schema.dropTable("public_versions").execute();
}
