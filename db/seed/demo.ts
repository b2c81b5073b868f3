import { addDays, format } from "date-fns";
import type { Kysely } from "kysely";
import { sql } from "kysely";

import type { Uploads } from "~/.server/platform/uploads/store.server";

import type { Database, Locale, NewEvent, PerformanceFormat } from "../types";
import { ensureConsentTexts } from "./consent-texts";
import { seedFinal2017, seedFinal2017Results } from "./demo-final-2017";
import { type PlanetPanelContext, seedPlanetPanel } from "./demo-planet-panel";
import { seedSeason2025 } from "./demo-season-2025";

export interface DemoAccount {
  role: "admin" | "judge" | "guardian";
  email: string;
  password: string;
}

/** Demo sign-ins. They exist only in demo data (is_demo) and are printed on start. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { role: "admin", email: "admin@toi.demo", password: "toi-admin-demo" },
  { role: "judge", email: "judge@toi.demo", password: "toi-judge-demo" },
  { role: "guardian", email: "guardian@toi.demo", password: "toi-guardian-demo" },
];

/** Who the demo accounts are, in DEMO_ACCOUNTS' order. */
const DEMO_PEOPLE: [name: string, locale: Locale][] = [
  ["Aigerim Nurlanovna (demo organiser)", "ru"],
  ["Ерлан Садықов", "kk"],
  ["Dana Akhmetova (demo guardian)", "ru"],
];

type Tx = Kysely<Database>;
type Formats = Partial<Record<PerformanceFormat, [number, number]>>;
const STAGE: Formats = { solo: [1, 1], duet: [2, 2], ensemble: [3, 20] };

/** "YYYY-MM-DD" of a date counted in whole days from now (demo dates that stay upcoming). */
const dayFromNow = (now: Date, days: number) => format(addDays(now, days), "yyyy-MM-dd");

export interface SeedOptions {
  /** Where uploaded artworks live: given, the demo judge also gets six drawings to score (see demo-planet-panel.ts). */
  uploads?: Uploads;
}

/**
 * Fills an empty database with the federation's real events (as demo data) once. Returns false
 * when the database was seeded before (by this or another instance). The 2017 final's results are
 * computed after the main transaction commits (the results service opens transactions of its own).
 */
export async function seedDemo(
  db: Tx,
  hashPassword: (password: string) => Promise<string>,
  now = new Date(),
  options: SeedOptions = {},
): Promise<boolean> {
  const seeded = await seedDemoData(db, hashPassword, now);
  if (!seeded) return false;
  await seedFinal2017Results(db);
  if (options.uploads) await seedPlanetPanel(db, options.uploads, seeded, now);
  return true;
}

async function seedDemoData(
  db: Tx,
  hashPassword: (password: string) => Promise<string>,
  now: Date,
): Promise<PlanetPanelContext | null> {
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));
  return db.transaction().execute(async (tx) => {
    // The marker row makes seeding happen once, even with several instances starting together.
    const marker = await tx
      .insertInto("app_settings")
      .values({ key: "demo_seeded_at", value: now.toISOString() })
      .onConflict((oc) => oc.column("key").doNothing())
      .returning("key")
      .executeTakeFirst();
    if (!marker) return null;
    const existing = await tx
      .selectFrom("events")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    if (existing.n > 0) return null;
    await ensureConsentTexts(tx);

    const clubs = await tx
      .insertInto("clubs")
      .values([
        { name: "UNESCO Club «Shanyrak»", city: "almaty", region: "almaty", is_demo: true },
        { name: "UNESCO Club «Baiterek»", city: "astana", region: "astana", is_demo: true },
        { name: "UNESCO Club «Ertis»", city: "pavlodar", region: "pavlodar", is_demo: true },
        { name: "UNESCO Club «Kyzyljar»", city: "petropavlovsk", region: "north_kazakhstan", is_demo: true },
        { name: "UNESCO Club «Zhuldyz»", city: "shakhtinsk", region: "karaganda", is_demo: true },
        { name: "UNESCO Club «Ordabasy»", city: "shymkent", region: "shymkent", is_demo: true },
      ])
      .returning("id")
      .execute();

    const [admin, judge, guardian] = await tx
      .insertInto("users")
      .values(
        DEMO_ACCOUNTS.map((a, i) => ({
          email: a.email,
          name: DEMO_PEOPLE[i]![0],
          locale: DEMO_PEOPLE[i]![1],
          password_hash: hashes[i]!,
          is_demo: true,
          email_verified_at: now,
        })),
      )
      .returning("id")
      .execute();

    const rhythm = await insertEvent(
      tx,
      {
        slug: "children-in-the-rhythm-of-the-world-2017",
        kind: "festival_contest",
        status: "published",
        city: "almaty",
        title_kk: "«Балалар әлем ырғағында» фестиваль-байқауының финалы",
        title_ru: "Финал фестиваля-конкурса «Дети в ритме мира»",
        title_en: "Final of the festival-contest “Children in the Rhythm of the World”",
        description_kk:
          "2000-нан астам бала өтінім берді; сырттай кезеңнен кейін 24 финалист Алматыдағы финалда өнер көрсетті.",
        description_ru:
          "Заявки подали более 2000 детей; после заочного этапа 24 финалиста выступили на финале в Алматы.",
        description_en:
          "Over 2,000 children applied; after the remote round, 24 finalists performed at the final in Almaty.",
        venue_kk: "Алматы, Республикалық оқушылар сарайы",
        venue_ru: "Алматы, Республиканский дворец школьников",
        venue_en: "Almaty, Republican Palace of Schoolchildren",
        starts_on: "2017-10-10",
        ends_on: "2017-10-10",
        registration_opens_at: "2017-05-01T04:00:00Z",
        registration_closes_at: "2017-08-31T17:59:00Z", // 23:59 in Almaty (UTC+6 then)
        age_reference_date: "2017-10-10",
      },
      [
        onStage(["Вокал", "Вокал", "Vocal"], "vocal", 4),
        onStage(["Хореография", "Хореография", "Choreography"], "choreography", 5),
        onStage(
          ["Аспаптық орындаушылық", "Инструментальное исполнительство", "Instrumental performance"],
          "instrumental",
          5,
        ),
      ],
      [
        [7, 10],
        [11, 14],
        [15, 17],
      ],
      [
        { kind: "remote", starts_on: "2017-05-01", ends_on: "2017-08-31", advance_rule: "top_n", advance_value: 8 },
        {
          kind: "final",
          city: "almaty",
          starts_on: "2017-10-10",
          ends_on: "2017-10-10",
          venue: [
            "Республикалық оқушылар сарайы",
            "Республиканский дворец школьников",
            "Republican Palace of Schoolchildren",
          ],
        },
      ],
    );

    const academy = await insertEvent(
      tx,
      {
        slug: "art-academy-2018",
        kind: "academy",
        status: "published",
        city: "almaty",
        title_kk: "Қазақстан ЮНЕСКО клубтарының III Өнер академиясы",
        title_ru: "III Академия искусств клубов ЮНЕСКО Казахстана",
        title_en: "3rd Art Academy of UNESCO Clubs of Kazakhstan",
        description_kk:
          "12–17 жастағы 100-ге жуық финалист шеберлік сыныптарында оқиды, соңында гала-концерт пен көрме.",
        description_ru:
          "Около 100 финалистов 12–17 лет занимаются на мастер-классах; в конце — гала-концерт и выставка.",
        description_en:
          "About 100 finalists aged 12–17 spend days in master classes, ending with a gala concert and an exhibition.",
        venue_kk: "Алматы",
        venue_ru: "Алматы",
        venue_en: "Almaty",
        starts_on: "2018-07-02",
        ends_on: "2018-07-06",
        registration_opens_at: "2018-04-01T04:00:00Z",
        registration_closes_at: "2018-05-31T17:59:00Z",
        age_reference_date: "2018-07-02",
        capacity: 100,
      },
      [
        masterClass(["Вокал шеберлік сыныбы", "Мастер-класс по вокалу", "Vocal master class"], "vocal"),
        masterClass(
          ["Хореография шеберлік сыныбы", "Мастер-класс по хореографии", "Choreography master class"],
          "choreography",
        ),
        masterClass(
          ["Бейнелеу өнері шеберлік сыныбы", "Мастер-класс по изобразительному искусству", "Fine art master class"],
          "fine_art",
        ),
        masterClass(["Театр шеберлік сыныбы", "Мастер-класс по театру", "Theatre master class"], "theatre"),
      ],
      [[12, 17]],
      [],
    );

    const startsOn = dayFromNow(now, 120);
    const year = startsOn.slice(0, 4);
    const planet = await insertEvent(
      tx,
      {
        slug: `planet-of-art-${year}`,
        kind: "festival_contest",
        status: "published",
        city: "astana",
        title_kk: `«Өнер планетасы» халықаралық фестиваль-байқауы ${year}`,
        title_ru: `Международный фестиваль-конкурс «Планета искусства» ${year}`,
        title_en: `International festival-contest “The Planet of ART” ${year}`,
        description_kk:
          "3–18 жастағы балаларға арналған. Сырттай кезең: бейне немесе жұмыстың суреті; үздіктер Астанадағы финалға шақырылады.",
        description_ru:
          "Для детей 3–18 лет. Заочный этап: видео или изображение работы; лучшие приглашаются на финал в Астану.",
        description_en:
          "For children aged 3–18. Remote round: a video or an image of the work; the best are invited to the final in Astana.",
        venue_kk: "Астана, Жастар сарайы",
        venue_ru: "Астана, Дворец молодёжи",
        venue_en: "Astana, Youth Palace",
        starts_on: startsOn,
        ends_on: dayFromNow(now, 122),
        registration_opens_at: addDays(now, -7).toISOString(),
        registration_closes_at: addDays(now, 60).toISOString(),
        age_reference_date: startsOn,
      },
      [
        artwork(["Бейнелеу өнері", "Изобразительное искусство", "Fine art"], "fine_art", 2000),
        artwork(["Фотография", "Фотография", "Photography"], "photography", 1000),
        artwork(
          ["Сәндік-қолданбалы өнер", "Декоративно-прикладное искусство", "Decorative and applied art"],
          "decorative_art",
          1000,
          { solo: [1, 1], ensemble: [2, 6] },
        ),
        {
          name: ["Вокал", "Вокал", "Vocal"],
          discipline: "vocal",
          entry_kind: "video",
          minutes: 4,
          capacity: 500,
          formats: STAGE,
        },
      ],
      [
        [3, 6],
        [7, 10],
        [11, 14],
        [15, 18],
      ],
      [
        {
          kind: "remote",
          starts_on: dayFromNow(now, -7),
          ends_on: dayFromNow(now, 75),
          advance_rule: "top_n",
          advance_value: 10,
        },
        {
          kind: "final",
          city: "astana",
          starts_on: startsOn,
          ends_on: dayFromNow(now, 122),
          venue: ["Жастар сарайы", "Дворец молодёжи", "Youth Palace"],
        },
      ],
    );

    await tx
      .insertInto("memberships")
      .values([
        { user_id: admin!.id, role: "admin" },
        ...[rhythm, academy, planet].map((event_id) => ({ user_id: admin!.id, role: "organiser" as const, event_id })),
        { user_id: judge!.id, role: "judge", event_id: rhythm },
        { user_id: guardian!.id, role: "guardian" },
      ])
      .execute();
    const dataText = await tx
      .selectFrom("consent_texts")
      .select("id")
      .where("kind", "=", "data")
      .orderBy("version", "desc")
      .executeTakeFirstOrThrow();
    await seedSeason2025(tx, { adminId: admin!.id, dataTextId: dataText.id });
    const clubIds = clubs.map((c) => c.id);
    const { leaderIds } = await seedFinal2017(tx, {
      eventId: rhythm,
      adminId: admin!.id,
      judgeId: judge!.id,
      guardianId: guardian!.id,
      clubIds,
    });
    return { judgeId: judge!.id, clubIds, leaderIds };
  });
}

interface NominationSeed {
  name: Names;
  discipline: string;
  entry_kind: "live" | "video" | "artwork" | "workshop";
  minutes?: number;
  capacity?: number;
  formats: Formats;
}
type Names = [kk: string, ru: string, en: string];
/** A nomination performed live on stage, solo to ensemble, each number at most `minutes` long. */
const onStage = (name: Names, discipline: string, minutes: number): NominationSeed => ({
  name,
  discipline,
  entry_kind: "live",
  minutes,
  formats: STAGE,
});
/** An academy's master class of 25 places. */
const masterClass = (name: Names, discipline: string): NominationSeed => ({
  name,
  discipline,
  entry_kind: "workshop",
  capacity: 25,
  formats: { solo: [1, 1] },
});
/** A nomination of works sent as images: solo unless told otherwise. */
const artwork = (
  name: Names,
  discipline: string,
  capacity: number,
  formats: Formats = { solo: [1, 1] },
): NominationSeed => ({
  name,
  discipline,
  entry_kind: "artwork",
  capacity,
  formats,
});

interface RoundSeed {
  kind: "remote" | "heat" | "final";
  city?: string;
  starts_on: string;
  ends_on: string;
  venue?: [string, string, string];
  advance_rule?: "none" | "top_n" | "min_score";
  advance_value?: number;
}

/** A demo event (is_demo) with its nominations and their formats, age groups and rounds; returns its id. */
async function insertEvent(
  tx: Tx,
  event: Omit<NewEvent, "is_demo">,
  nominations: NominationSeed[],
  ageGroups: [number, number][],
  rounds: RoundSeed[],
): Promise<number> {
  const { id } = await tx
    .insertInto("events")
    .values({ ...event, is_demo: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [position, n] of nominations.entries()) {
    const nomination = await tx
      .insertInto("nominations")
      .values({
        event_id: id,
        position,
        name_kk: n.name[0],
        name_ru: n.name[1],
        name_en: n.name[2],
        discipline: n.discipline,
        entry_kind: n.entry_kind,
        max_duration_seconds: n.minutes ? n.minutes * 60 : null,
        capacity: n.capacity ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("nomination_formats")
      .values(
        Object.entries(n.formats).map(([format, [min, max]]) => ({
          nomination_id: nomination.id,
          format: format as PerformanceFormat,
          min_members: min,
          max_members: max,
        })),
      )
      .execute();
  }
  if (ageGroups.length)
    await tx
      .insertInto("age_groups")
      .values(ageGroups.map(([min_age, max_age]) => ({ event_id: id, min_age, max_age })))
      .execute();
  for (const [position, r] of rounds.entries()) {
    await tx
      .insertInto("rounds")
      .values({
        event_id: id,
        position,
        kind: r.kind,
        city: r.city ?? null,
        venue_kk: r.venue?.[0] ?? "",
        venue_ru: r.venue?.[1] ?? "",
        venue_en: r.venue?.[2] ?? "",
        starts_on: r.starts_on,
        ends_on: r.ends_on,
        advance_rule: r.advance_rule ?? "none",
        advance_value: r.advance_value ?? null,
      })
      .execute();
  }
  return id;
}
