import { type Kysely, sql } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
// The code a diploma's QR code carries to its public verification page (/verify/:code): random
// (122 bits from gen_random_uuid, so it cannot be guessed from an entry or its reference), one per
// diploma (an award of a round's results, or a special prize), given when its section is published
// and kept. Diplomas of sections already published get theirs here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("diploma_codes")
    .addColumn("code", "text", (c) => c.primaryKey().defaultTo(sql`replace(gen_random_uuid()::text, '-', '')`))
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id"))
    .addColumn("entry_id", "integer", (c) => c.notNull().references("entries.id").onDelete("cascade"))
    .addColumn("special_prize_id", "integer", (c) => c.references("special_prizes.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("diploma_codes_award")
    .on("diploma_codes")
    .columns(["round_id", "entry_id"])
    .unique()
    .where(sql.ref("special_prize_id"), "is", null)
    .execute();
  await db.schema
    .createIndex("diploma_codes_special_prize")
    .on("diploma_codes")
    .column("special_prize_id")
    .unique()
    .where(sql.ref("special_prize_id"), "is not", null)
    .execute();
  await db.schema.createIndex("diploma_codes_entry").on("diploma_codes").column("entry_id").execute();
  await sql`
    insert into diploma_codes (round_id, entry_id)
    select r.round_id, r.entry_id
    from results r join result_sections s on s.id = r.section_id
    where s.published_at is not null and r.award is not null
    on conflict do nothing`.execute(db);
  await sql`
    insert into diploma_codes (round_id, entry_id, special_prize_id)
    select sp.round_id, sp.entry_id, sp.id
    from special_prizes sp
    join entries e on e.id = sp.entry_id
    join result_sections s on s.round_id = sp.round_id and s.nomination_id = e.nomination_id
      and coalesce(s.age_group_id, 0) = coalesce(e.age_group_id, 0)
    where s.published_at is not null
    on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("diploma_codes").execute();
}
