import { type Kysely, sql } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
//
// Clubs managed in the app, and regions as codes (app/domain/regions.ts):
// - a club gets optional names in kk/ru/en beside its own name, the town as typed when it is not in
//   Toi's list (city "other"), and archived_at (an archived club is offered nowhere, deleted never);
// - clubs.region, free text until now ("Pavlodar Region"), becomes a region code taken from the club's
//   town where Toi knows it; a club in another town keeps its text until a person chooses the region;
// - a child gets a region and a typed town too, the region filled from the town where Toi knows it.
// The town → region table is copied here as it stands today, so this migration never changes meaning.
const TOWN_REGION: [string, string][] = [
  ["almaty", "almaty"],
  ["astana", "astana"],
  ["shymkent", "shymkent"],
  ["aktau", "mangystau"],
  ["aktobe", "aktobe"],
  ["atyrau", "atyrau"],
  ["karaganda", "karaganda"],
  ["kokshetau", "akmola"],
  ["konaev", "almaty_region"],
  ["kostanay", "kostanay"],
  ["kyzylorda", "kyzylorda"],
  ["oral", "west_kazakhstan"],
  ["oskemen", "east_kazakhstan"],
  ["pavlodar", "pavlodar"],
  ["petropavlovsk", "north_kazakhstan"],
  ["semey", "abai"],
  ["shakhtinsk", "karaganda"],
  ["taldykorgan", "jetisu"],
  ["taraz", "jambyl"],
  ["turkistan", "turkistan"],
  ["zhezkazgan", "ulytau"],
  ["ekibastuz", "pavlodar"],
  ["temirtau", "karaganda"],
  ["bishkek", "abroad"],
  ["tashkent", "abroad"],
  ["dushanbe", "abroad"],
  ["moscow", "abroad"],
];
const TOWN_COUNTRY: [string, string][] = [
  ["bishkek", "KG"],
  ["tashkent", "UZ"],
  ["dushanbe", "TJ"],
  ["moscow", "RU"],
];

const values = (pairs: [string, string][]) =>
  sql.join(pairs.map(([a, b]) => sql`(${a}, ${b})`));

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("clubs")
    .addColumn("name_kk", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("name_ru", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("name_en", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("town", "text")
    .addColumn("archived_at", "timestamptz")
    .execute();
  await db.schema.alterTable("participants").addColumn("region", "text").addColumn("town", "text").execute();

  await sql`update clubs set region = m.region from (values ${values(TOWN_REGION)}) as m(city, region)
    where clubs.city = m.city`.execute(db);
  await sql`update clubs set country = m.country from (values ${values(TOWN_COUNTRY)}) as m(city, country)
    where clubs.city = m.city and clubs.country = 'KZ'`.execute(db);
  await sql`update participants set region = m.region from (values ${values(TOWN_REGION)}) as m(city, region)
    where participants.city = m.city`.execute(db);
  await sql`create index clubs_region_idx on clubs (region) where archived_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists clubs_region_idx`.execute(db);
  await db.schema.alterTable("participants").dropColumn("region").dropColumn("town").execute();
  await db.schema
    .alterTable("clubs")
    .dropColumn("name_kk")
    .dropColumn("name_ru")
    .dropColumn("name_en")
    .dropColumn("town")
    .dropColumn("archived_at")
    .execute();
}
