import type { Kysely } from "kysely";

import { CITY_REGION, OBLYS } from "~/domain/regions";

import type { Award, Database } from "../types";
import { demoReference } from "./demo-entries";

/*
 * A past season of "The Planet of ART" as the federation runs it at full size, in miniature: a
 * selection round by video link, regional heats in all 17 regions (the three cities of republican
 * significance go to the heat of the region around them), and gala concerts in Almaty and Astana
 * at the same step. Seventeen demo clubs, one per region, enter their children; every entry is
 * routed to its region's heat through round_entries, as advancement from the selection writes it.
 * Four heats have a published running order and published results; their laureates went on to the
 * gala of their half of the country. Everything is demo data (is_demo) and deterministic, written
 * in a few bulk statements so that the first start stays quick.
 */

type Tx = Kysely<Database>;
type Names = [kk: string, ru: string, en: string];

export const SEASON_2025_SLUG = "the-planet-of-art-2025";

/** Each region's heat: where it is held, its catchment beyond the region itself, its club. */
const HEAT_CITY: Record<(typeof OBLYS)[number], string> = Object.fromEntries(
  OBLYS.map((region) => [
    region,
    Object.entries(CITY_REGION).find(
      ([city, r]) => r === region && !["shakhtinsk", "temirtau", "ekibastuz"].includes(city),
    )![0],
  ]),
) as Record<(typeof OBLYS)[number], string>;
/** The cities of republican significance send their children to the heat of the region around them. */
const ALSO: Partial<Record<(typeof OBLYS)[number], string[]>> = {
  almaty_region: ["almaty"],
  akmola: ["astana"],
  turkistan: ["shymkent"],
};
/** The heats whose running order and results are published. */
const PUBLISHED = ["pavlodar", "karaganda", "almaty_region", "abai"];
/** Laureates of the southern and eastern heats go to the Almaty gala; the others to Astana's. */
const SOUTH = [
  "almaty",
  "almaty_region",
  "jetisu",
  "jambyl",
  "turkistan",
  "shymkent",
  "kyzylorda",
  "abai",
  "east_kazakhstan",
];

const CLUB_NAMES = [
  "Айналайын",
  "Көкжиек",
  "Самғау",
  "Шұғыла",
  "Арман",
  "Ақжелкен",
  "Жұлдызай",
  "Мөлдір",
  "Таңшолпан",
  "Ақбота",
  "Дала саздары",
  "Нұрлы жол",
  "Бәйшешек",
  "Қарлығаш",
  "Алтын сақа",
  "Шаттық",
  "Үміт",
];
const FIRST = [
  "Айару",
  "Нұрсұлтан",
  "Амина",
  "Әлихан",
  "Томирис",
  "Ерасыл",
  "Аяжан",
  "Даниял",
  "Іңкәр",
  "Арсен",
  "Мадина",
  "Тимур",
];
const LAST = [
  "Сейітова",
  "Қасымов",
  "Жұмабаева",
  "Омаров",
  "Бекова",
  "Нұрланов",
  "Серікова",
  "Ахметов",
  "Тоқтарова",
  "Ермеков",
];
const TITLES = [
  "Елім менің",
  "Көктем вальсі",
  "Қара жорға",
  "Дударай",
  "Сұлу шаш",
  "Балбырауын",
  "Ақ ерке",
  "Жайдарман",
];
const AWARDS: Award[] = ["laureate_1", "laureate_2", "laureate_3", "diplomant_1", "diplomant_2", "diplomant_3"];

const at = (iso: string) => new Date(iso);
const day = (d: number) => `2025-04-${String(d).padStart(2, "0")}`;

export async function seedSeason2025(tx: Tx, ctx: { adminId: number; dataTextId: number }): Promise<void> {
  const { id: eventId } = await tx
    .insertInto("events")
    .values({
      slug: SEASON_2025_SLUG,
      kind: "festival_contest",
      status: "published",
      city: "astana",
      is_demo: true,
      title_kk: "«Өнер планетасы» халықаралық фестиваль-байқауы 2025",
      title_ru: "Международный фестиваль-конкурс «Планета искусства» 2025",
      title_en: "International festival-contest “The Planet of ART” 2025",
      description_kk:
        "Бүкіл маусым: сырттай іріктеу кезеңі, 17 өңірдегі өңірлік кезеңдер және Алматы мен Астанадағы екі гала-концерт бір мезгілде.",
      description_ru:
        "Целый сезон: заочный отборочный этап, региональные этапы во всех 17 областях и два гала-концерта одновременно — в Алматы и Астане.",
      description_en:
        "A whole season: a remote selection round, regional heats in all 17 regions, and two gala concerts at the same time, in Almaty and Astana.",
      venue_kk: "17 өңір, Алматы және Астана",
      venue_ru: "17 областей, Алматы и Астана",
      venue_en: "17 regions, Almaty and Astana",
      starts_on: "2025-04-05",
      ends_on: "2025-05-24",
      registration_opens_at: "2024-12-01T04:00:00Z",
      registration_closes_at: "2025-01-31T18:59:00Z",
      age_reference_date: "2025-04-05",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const nominations = await tx
    .insertInto("nominations")
    .values(
      (
        [
          [["Вокал", "Вокал", "Vocal"], "vocal"],
          [["Хореография", "Хореография", "Choreography"], "choreography"],
        ] as [Names, string][]
      ).map(([name, discipline], position) => ({
        event_id: eventId,
        position,
        name_kk: name[0],
        name_ru: name[1],
        name_en: name[2],
        discipline,
        entry_kind: "video" as const,
        max_duration_seconds: 240,
      })),
    )
    .returning("id")
    .execute();
  await tx
    .insertInto("nomination_formats")
    .values(nominations.map((n) => ({ nomination_id: n.id, format: "solo" as const, min_members: 1, max_members: 1 })))
    .execute();
  const ageGroups = await tx
    .insertInto("age_groups")
    .values([
      { event_id: eventId, min_age: 7, max_age: 10 },
      { event_id: eventId, min_age: 11, max_age: 14 },
      { event_id: eventId, min_age: 15, max_age: 18 },
    ])
    .returning(["id", "min_age"])
    .execute();

  const venue = (city: string): Names => [
    `${city === "konaev" ? "Қонаев" : "Облыстық"} оқушылар сарайы`,
    "Областной дворец школьников",
    "Regional Palace of Schoolchildren",
  ];
  await tx
    .insertInto("rounds")
    .values({
      event_id: eventId,
      position: 0,
      kind: "remote",
      starts_on: "2025-02-01",
      ends_on: "2025-03-15",
      advance_rule: "min_score",
      advance_value: 60,
    })
    .execute();
  const heats = await tx
    .insertInto("rounds")
    .values(
      OBLYS.map((region, i) => {
        const city = HEAT_CITY[region];
        const v = venue(city);
        return {
          event_id: eventId,
          position: 1,
          kind: "heat" as const,
          city,
          venue_kk: v[0],
          venue_ru: v[1],
          venue_en: v[2],
          starts_on: day(5 + i),
          ends_on: day(5 + i),
          advance_rule: "top_n" as const,
          advance_value: 1,
          regions: [region, ...(ALSO[region] ?? [])],
        };
      }),
    )
    .returning(["id", "regions", "city"])
    .execute();
  const galas = await tx
    .insertInto("rounds")
    .values(
      (
        [
          [
            "almaty",
            [
              "Республикалық оқушылар сарайы",
              "Республиканский дворец школьников",
              "Republican Palace of Schoolchildren",
            ],
          ],
          ["astana", ["Жастар сарайы", "Дворец молодёжи", "Youth Palace"]],
        ] as [string, Names][]
      ).map(([city, v]) => ({
        event_id: eventId,
        position: 2,
        kind: "final" as const,
        city,
        venue_kk: v[0],
        venue_ru: v[1],
        venue_en: v[2],
        starts_on: "2025-05-24",
        ends_on: "2025-05-24",
        regions: city === "almaty" ? SOUTH : ["astana", ...OBLYS.filter((r) => !SOUTH.includes(r))],
        intake_rule: "top_n" as const,
        intake_value: 1,
      })),
    )
    .returning(["id", "city"])
    .execute();

  // A club in each region, its leader (who entered its children), and four children each.
  const clubs = await tx
    .insertInto("clubs")
    .values(
      OBLYS.map((region, i) => ({
        name: `UNESCO Club «${CLUB_NAMES[i]}»`,
        city: HEAT_CITY[region],
        region,
        is_demo: true,
      })),
    )
    .returning(["id", "city", "region"])
    .execute();
  const leaders = await tx
    .insertInto("users")
    .values(
      clubs.map((_, i) => ({
        email: `leader-${OBLYS[i]!.replace("_", "-")}@clubs.toi.demo`,
        name: `${LAST[i % LAST.length]} ${FIRST[(i + 3) % FIRST.length]}`,
        locale: "kk" as const,
        password_hash: null,
        is_demo: true,
        email_verified_at: at("2024-11-20T05:00:00Z"),
      })),
    )
    .returning("id")
    .execute();
  await tx
    .insertInto("memberships")
    .values(clubs.map((c, i) => ({ user_id: leaders[i]!.id, role: "club_leader" as const, club_id: c.id })))
    .execute();

  const PER_CLUB = 4;
  const kids = clubs.flatMap((club, c) =>
    Array.from({ length: PER_CLUB }, (_, k) => {
      const n = c * PER_CLUB + k;
      const age = 8 + ((n * 5) % 10);
      return { club, c, k, n, age, birthDate: `${2025 - age - 1}-${String(1 + (n % 12)).padStart(2, "0")}-15` };
    }),
  );
  const created = at("2025-01-10T06:00:00Z");
  const participants = await tx
    .insertInto("participants")
    .values(
      kids.map((kid) => ({
        guardian_user_id: null,
        club_id: kid.club.id,
        first_name: FIRST[kid.n % FIRST.length]!,
        last_name: LAST[(kid.n * 3) % LAST.length]!,
        birth_date: kid.birthDate,
        city: kid.club.city,
        region: kid.club.region,
        public_name: kid.n % 3 === 2 ? ("initial" as const) : ("full" as const),
        created_at: created,
        updated_at: created,
      })),
    )
    .returning("id")
    .execute();
  await tx
    .insertInto("consents")
    .values(
      participants.map((p, i) => ({
        participant_id: p.id,
        guardian_user_id: leaders[kids[i]!.c]!.id,
        kind: "data" as const,
        text_id: ctx.dataTextId,
        given_at: created,
      })),
    )
    .execute();
  const event = { slug: SEASON_2025_SLUG, starts_on: "2025-04-05" };
  const groupOf = (age: number) => ageGroups.filter((g) => g.min_age <= age).at(-1)!.id;
  const entries = await tx
    .insertInto("entries")
    .values(
      kids.map((kid) => ({
        event_id: eventId,
        nomination_id: nominations[kid.k % 2]!.id,
        age_group_id: groupOf(kid.age),
        format: "solo" as const,
        title: TITLES[kid.n % TITLES.length]!,
        duration_seconds: 150 + ((kid.n * 17) % 80),
        status: "confirmed" as const,
        reference: demoReference(event, (k, size) => Math.floor((kid.n * 7919 + 104729) / size ** k) % size),
        submitted_by_user_id: leaders[kid.c]!.id,
        club_id: kid.club.id,
        queued_at: created,
        created_at: created,
        updated_at: created,
      })),
    )
    .returning(["id", "nomination_id", "age_group_id", "club_id"])
    .execute();
  await tx
    .insertInto("entry_members")
    .values(
      entries.map((e, i) => ({ entry_id: e.id, participant_id: participants[i]!.id, nomination_id: e.nomination_id })),
    )
    .execute();

  // Every entry passed the selection into its region's heat.
  const heatOf = (region: string) => heats.find((h) => h.regions.includes(region))!;
  await tx
    .insertInto("round_entries")
    .values(
      entries.map((e, i) => ({
        round_id: heatOf(kids[i]!.club.region!).id,
        entry_id: e.id,
        advanced_at: at("2025-03-20T05:00:00Z"),
        advanced_by_user_id: ctx.adminId,
      })),
    )
    .execute();

  // The published heats: one stage, a running order, results; their laureates went to a gala.
  for (const region of PUBLISHED) {
    const heat = heatOf(region);
    const date = day(5 + OBLYS.indexOf(region as (typeof OBLYS)[number]));
    // The running order takes one nomination and age group after another.
    const own = entries
      .filter((_, i) => heatOf(kids[i]!.club.region!).id === heat.id)
      .sort((a, b) => a.nomination_id - b.nomination_id || a.age_group_id! - b.age_group_id! || a.id - b.id);
    const [stage] = await tx
      .insertInto("stages")
      .values({ round_id: heat.id, name_kk: "Үлкен зал", name_ru: "Большой зал", name_en: "Main hall", venue: "" })
      .returning("id")
      .execute();
    const [version] = await tx
      .insertInto("schedule_versions")
      .values({
        round_id: heat.id,
        status: "published",
        published_at: at(`${date}T03:00:00Z`),
        published_by: ctx.adminId,
        options: JSON.stringify({ changeoverMinutes: 1 }),
      })
      .returning("id")
      .execute();
    // 10:00 in Almaty (UTC+5), five minutes a number.
    const start = Date.parse(`${date}T05:00:00Z`);
    await tx
      .insertInto("schedule_slots")
      .values(
        own.map((e, i) => ({
          version_id: version!.id,
          stage_id: stage!.id,
          kind: "entry" as const,
          entry_id: e.id,
          starts_at: new Date(start + i * 5 * 60_000),
          ends_at: new Date(start + (i * 5 + 4) * 60_000),
        })),
      )
      .execute();
    const bySection = new Map<string, typeof own>();
    for (const e of own) {
      const key = `${e.nomination_id}:${e.age_group_id}`;
      bySection.set(key, [...(bySection.get(key) ?? []), e]);
    }
    const publishedAt = at(`${date}T14:00:00Z`);
    for (const rows of bySection.values()) {
      const [section] = await tx
        .insertInto("result_sections")
        .values({
          round_id: heat.id,
          nomination_id: rows[0]!.nomination_id,
          age_group_id: rows[0]!.age_group_id,
          computed_at: publishedAt,
          locked_at: publishedAt,
          locked_by_user_id: ctx.adminId,
          published_at: publishedAt,
          first_published_at: publishedAt,
          published_by_user_id: ctx.adminId,
        })
        .returning("id")
        .execute();
      await tx
        .insertInto("results")
        .values(
          rows.map((e, rank) => ({
            round_id: heat.id,
            entry_id: e.id,
            section_id: section!.id,
            total: 36 - rank * 2.5,
            percent: 90 - rank * 6.25,
            judge_count: 3,
            rank: rank + 1,
            award: AWARDS[rank] ?? null,
            computed_at: publishedAt,
          })),
        )
        .execute();
      // The section's winner went on to the gala of its half of the country.
      const gala = galas.find((g) => g.city === (SOUTH.includes(region) ? "almaty" : "astana"))!;
      await tx
        .insertInto("round_entries")
        .values({
          round_id: gala.id,
          entry_id: rows[0]!.id,
          advanced_at: publishedAt,
          advanced_by_user_id: ctx.adminId,
        })
        .execute();
    }
  }
  await tx.insertInto("memberships").values({ user_id: ctx.adminId, role: "organiser", event_id: eventId }).execute();
}
