import { type Kysely, sql } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
//
// How many confirmed entries each nomination holds, kept by the database itself: a trigger on
// `entries` moves the count whenever an entry becomes or stops being confirmed, whoever writes it
// (registration, decisions, withdrawals, the demo seed, imports). Registration decides a place with
// one statement that locks this row (insert … on conflict do update … returning, which sees the
// latest count) instead of holding the nomination's lock for a whole request.
// A table of its own, not a column of `nominations`: a write there would move the public pages'
// version and make every submission wait for every other one.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("nomination_places")
    .addColumn("nomination_id", "integer", (c) => c.primaryKey().references("nominations.id").onDelete("cascade"))
    .addColumn("confirmed", "integer", (c) => c.notNull().defaultTo(0).check(sql`confirmed >= 0`))
    .execute();
  await sql`insert into nomination_places (nomination_id, confirmed)
    select n.id, (select count(*) from entries e where e.nomination_id = n.id and e.status = 'confirmed')::int
    from nominations n`.execute(db);
  await sql`
    create function count_confirmed_places() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' and old.status = 'confirmed' then
        update nomination_places set confirmed = confirmed - 1 where nomination_id = old.nomination_id;
      end if;
      if tg_op <> 'DELETE' and new.status = 'confirmed' then
        insert into nomination_places as p (nomination_id, confirmed) values (new.nomination_id, 1)
          on conflict (nomination_id) do update set confirmed = p.confirmed + 1;
      end if;
      return null;
    end;
    $$`.execute(db);
  await sql`create trigger entries_insert_places after insert on entries
    for each row when (new.status = 'confirmed') execute function count_confirmed_places()`.execute(db);
  await sql`create trigger entries_update_places after update of status, nomination_id on entries
    for each row when ((old.status = 'confirmed' or new.status = 'confirmed')
      and (old.status is distinct from new.status or old.nomination_id is distinct from new.nomination_id))
    execute function count_confirmed_places()`.execute(db);
  await sql`create trigger entries_delete_places after delete on entries
    for each row when (old.status = 'confirmed') execute function count_confirmed_places()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["entries_insert_places", "entries_update_places", "entries_delete_places"])
    await sql`drop trigger ${sql.raw(t)} on entries`.execute(db);
  await sql`drop function count_confirmed_places()`.execute(db);
  await db.schema.dropTable("nomination_places").execute();
}
