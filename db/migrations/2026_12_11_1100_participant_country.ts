import { type Kysely, sql } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
//
// A child abroad names its country, as a club abroad does (clubs.country): "KZ" unless the child's
// town is abroad. Children in a foreign town of Toi's list take that town's country (the table is
// copied here as it stands today, so this migration never changes meaning).
const TOWN_COUNTRY: [string, string][] = [
  ["bishkek", "KG"],
  ["tashkent", "UZ"],
  ["dushanbe", "TJ"],
  ["moscow", "RU"],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("participants")
    .addColumn("country", "text", (c) => c.notNull().defaultTo("KZ"))
    .execute();
  const values = sql.join(TOWN_COUNTRY.map(([a, b]) => sql`(${a}, ${b})`));
  await sql`update participants set country = m.country from (values ${values}) as m(city, country)
    where participants.city = m.city`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("participants").dropColumn("country").execute();
}
