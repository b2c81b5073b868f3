import { sql, type Kysely } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
// A child may enter one nomination once per format: solo, and also in a duet or an ensemble
// (issue 15). entry_members copies its entry's format so the database keeps that rule itself. An
// organiser may tighten it per event to one entry per nomination whatever the format; that rule is
// checked under the nomination's row lock at submission (see ADR 0022).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("entry_members").addColumn("format", "text").execute();
  await sql`update entry_members m set format = e.format from entries e where e.id = m.entry_id`.execute(db);
  await sql`alter table entry_members alter column format set not null`.execute(db);
  // Copied by the database, so no writer can forget it or get it wrong.
  await sql`
    create function entry_members_copy_format() returns trigger language plpgsql as $$
    begin
      new.format := (select format from entries where id = new.entry_id);
      return new;
    end $$`.execute(db);
  await sql`create trigger entry_members_copy_format before insert or update of entry_id on entry_members
    for each row execute function entry_members_copy_format()`.execute(db);
  await sql`create unique index entry_members_one_per_format on entry_members (participant_id, nomination_id, format) where active`.execute(
    db,
  );
  await sql`drop index entry_members_one_per_nomination`.execute(db);
  await db.schema
    .alterTable("events")
    .addColumn("one_entry_per_nomination", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("events").dropColumn("one_entry_per_nomination").execute();
  await sql`create unique index entry_members_one_per_nomination on entry_members (participant_id, nomination_id) where active`.execute(
    db,
  );
  await sql`drop index entry_members_one_per_format`.execute(db);
  await sql`drop trigger entry_members_copy_format on entry_members`.execute(db);
  await sql`drop function entry_members_copy_format()`.execute(db);
  await db.schema.alterTable("entry_members").dropColumn("format").execute();
}
