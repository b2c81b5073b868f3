import { type Kysely, sql } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
// The audit log stays append-only, with one exception: when a family deletes its account, the
// address it acted under is forgotten (set to null) in its rows. Everything else in a row, the
// actor's id included, can still never change, and rows can still never be deleted.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and new.actor_email is null
         and (to_jsonb(new) - 'actor_email') = (to_jsonb(old) - 'actor_email') then
        return new;
      end if;
      raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
    end;
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
    end;
    $$`.execute(db);
}
