import type { Kysely } from "kysely";
import { sql } from "kysely";

import { computeRound } from "~/.server/results/compute.server";
import { issueDiplomaCodes } from "~/.server/results/diplomas/verification.server";

import type { Database, PerformanceFormat } from "../types";
import { demoReference, eventParts, insertChild, insertEntry, insertStandardCriteria } from "./demo-entries";

/*
 * The 2017 final "Children in the Rhythm of the World" as demo data, the whole cycle at once:
 * 24 finalists of the demo clubs (and one child of the demo guardian), their entries confirmed in
 * the remote round and advanced into the final, criteria, the jury's panels with a conflict of
 * interest, every judge's scores of both rounds, and results computed, locked and (for the final)
 * published, with a Grand Prix and a special prize. Everything is deterministic: the same names,
 * references and scores on every machine.
 *
 * In two steps, because computing results opens its own transactions: `seedFinal2017` inside the
 * demo seed's transaction, `seedFinal2017Results` after it commits.
 */

type Tx = Kysely<Database>;

export const FINAL_2017_SLUG = "children-in-the-rhythm-of-the-world-2017";

/** The demo guardian's daughter, Laureate I in Vocal 11–14: her diploma is under "My entries". */
export const GUARDIAN_CHILD = { lastName: "Құрманғалиқызы", firstName: "Әлия" } as const;

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// The finalists

/**
 * Index into the demo clubs as demo.ts inserts them. «Ertis» (Pavlodar) is left without children:
 * the browser specs start a club roster from scratch there.
 */
const CLUB = { shanyrak: 0, baiterek: 1, ertis: 2, kyzyljar: 3, zhuldyz: 4, ordabasy: 5 } as const;
type ClubKey = keyof typeof CLUB;

type Child = [lastName: string, firstName: string, birthDate: string, publicName?: "initial"];

const NOMINATIONS = ["vocal", "choreography", "instrumental"] as const;
const AGE_GROUPS = ["7–10", "11–14", "15–17"] as const;

interface FinalistEntry {
  key: string;
  /** Indexes into NOMINATIONS and AGE_GROUPS, the event's own order. */
  nomination: number;
  ageGroup: number;
  format: PerformanceFormat;
  club: ClubKey;
  title: string;
  seconds: number;
  members: Child[];
  /** The entry's level (6–10): its judges' scores scatter around it. */
  level: number;
  /** The demo guardian's own child (not the club's). */
  family?: boolean;
}

type Finalist = Omit<FinalistEntry, "nomination" | "ageGroup">;
const finalist = (
  key: string,
  format: PerformanceFormat,
  club: ClubKey,
  title: string,
  seconds: number,
  level: number,
  members: Child[],
): Finalist => ({ key, format, club, title, seconds, level, members });
/** The finalists of one nomination and age group, in the order they entered. */
const section = (
  nomination: (typeof NOMINATIONS)[number],
  ageGroup: (typeof AGE_GROUPS)[number],
  finalists: Finalist[],
): FinalistEntry[] =>
  finalists.map((f) => ({ ...f, nomination: NOMINATIONS.indexOf(nomination), ageGroup: AGE_GROUPS.indexOf(ageGroup) }));

const ENTRIES: FinalistEntry[] = [
  ...section("vocal", "7–10", [
    finalist("V1", "solo", "shanyrak", "Балапан", 170, 8.9, [["Серікова", "Томирис", "2008-03-14"]]),
    finalist("V2", "solo", "baiterek", "Крылатые качели", 185, 8.4, [["Ким", "Алина", "2009-06-02"]]),
    finalist("V3", "duet", "ordabasy", "Көктем келді", 200, 8.0, [
      ["Жақсылықова", "Айым", "2007-12-05"],
      ["Жақсылықов", "Алдияр", "2008-09-19"],
    ]),
  ]),
  ...section("vocal", "11–14", [
    {
      ...finalist("V4", "solo", "shanyrak", "Атамекен", 215, 9.5, [
        [GUARDIAN_CHILD.lastName, GUARDIAN_CHILD.firstName, "2005-04-21"],
      ]),
      family: true,
    },
    finalist("V5", "solo", "kyzyljar", "Колыбельная медведицы", 190, 8.7, [
      ["Петренко", "Софья", "2004-11-30", "initial"],
    ]),
    finalist("V6", "solo", "kyzyljar", "Елім-ай", 230, 8.2, [["Нұрланұлы", "Ерасыл", "2005-08-09"]]),
  ]),
  ...section("vocal", "15–17", [
    finalist("V7", "solo", "zhuldyz", "Ақ көгершін", 220, 9.0, [["Әбдірахманова", "Жансая", "2000-05-17"]]),
    finalist("V8", "ensemble", "ordabasy", "Дударай", 235, 8.5, [
      ["Оразбекова", "Мөлдір", "2001-02-11"],
      ["Сәрсенбаева", "Інкәр", "2000-08-25"],
      ["Тілеубаева", "Аяулым", "2001-10-03"],
      ["Жанәбілова", "Әсел", "2002-04-16"],
    ]),
  ]),
  ...section("choreography", "7–10", [
    finalist("C1", "ensemble", "shanyrak", "Қара жорға", 240, 8.8, [
      ["Ахметжанова", "Айша", "2008-01-20"],
      ["Болатова", "Жасмин", "2008-07-07"],
      ["Ерланқызы", "Інжу", "2009-02-14"],
      ["Қанатова", "Малика", "2008-11-30"],
      ["Серікбаева", "Аделя", "2007-11-02"],
    ]),
    finalist("C2", "solo", "kyzyljar", "Вальс цветов", 210, 8.3, [["Иванова", "Полина", "2008-05-09"]]),
  ]),
  ...section("choreography", "11–14", [
    finalist("C3", "duet", "baiterek", "Қыз Жібек", 260, 9.1, [
      ["Сейітова", "Аружан", "2004-03-03"],
      ["Бекболатов", "Арман", "2003-12-12"],
    ]),
    finalist("C4", "solo", "baiterek", "Кәмажай", 225, 8.5, [["Тоқтарова", "Назерке", "2005-09-27"]]),
    finalist("C5", "solo", "zhuldyz", "Русская плясовая", 200, 8.0, [["Мельникова", "Варвара", "2006-02-18"]]),
  ]),
  ...section("choreography", "15–17", [
    finalist("C6", "ensemble", "zhuldyz", "Шашу", 290, 9.6, [
      ["Ғалымова", "Дильназ", "2000-06-06"],
      ["Исаева", "Анель", "2001-01-15"],
      ["Кенжебекова", "Томирис", "2000-12-01"],
      ["Лебедева", "Алиса", "2001-07-22"],
      ["Нұрғалиева", "Ақбота", "2002-03-09"],
      ["Смағұлова", "Сабина", "2000-10-30"],
    ]),
    finalist("C7", "solo", "ordabasy", "Бұлбұл", 245, 8.8, [["Әлімжанова", "Дариға", "2001-04-04"]]),
    finalist("C8", "solo", "shanyrak", "Жігіт биі", 215, 8.3, [["Омаров", "Ислам", "2000-11-11"]]),
  ]),
  // Instrumental performance (I3–I5: scores set by hand, see TIE below)
  ...section("instrumental", "7–10", [
    finalist("I1", "solo", "ordabasy", "Балбырауын", 150, 8.7, [["Мұратов", "Әлихан", "2008-04-01", "initial"]]),
    finalist("I2", "solo", "baiterek", "Старинная французская песенка", 120, 8.2, [["Ли", "Виктория", "2009-09-09"]]),
  ]),
  ...section("instrumental", "11–14", [
    finalist("I3", "solo", "ordabasy", "Адай", 180, 9.3, [["Жұмабеков", "Нұрсұлтан", "2004-06-15"]]),
    finalist("I4", "solo", "shanyrak", "Аққу", 240, 8.8, [["Әбенова", "Айзере", "2005-01-28"]]),
    finalist("I5", "solo", "kyzyljar", "Мелодия", 210, 8.8, [["Соколов", "Даниил", "2003-11-05"]]),
  ]),
  ...section("instrumental", "15–17", [
    finalist("I6", "solo", "baiterek", "Прелюдия до-диез минор", 270, 8.6, [["Есенова", "Камила", "2001-03-19"]]),
    finalist("I7", "duet", "zhuldyz", "Сарыарқа", 200, 9.2, [
      ["Қайратұлы", "Мирас", "2000-07-07"],
      ["Қайратқызы", "Ақерке", "2002-01-12"],
    ]),
    finalist("I8", "solo", "kyzyljar", "Көңіл толқыны", 230, 8.0, [["Тұрсынбаев", "Бекзат", "2001-08-08"]]),
  ]),
];

/**
 * Instrumental 11–14 in the final: Әбенова and Соколов both average 35.0 of 40, and the first
 * tie-break (the higher median: 36 against 35) puts Әбенова second. Criteria values by judge, in
 * the panel's order.
 */
const TIE: Record<string, number[][]> = {
  I3: [
    [9.5, 9.5, 9, 9.5],
    [9.5, 9, 9.5, 9.5],
    [9, 9.5, 9, 9.5],
  ], // 37.5, 37.5, 37 → 37.3333
  I4: [
    [9, 9, 9, 9],
    [9.5, 9, 8.5, 9],
    [8.5, 8, 8, 8.5],
  ], // 36, 36, 33 → 35, median 36
  I5: [
    [9, 9, 8.5, 8.5],
    [9, 8.5, 9, 8.5],
    [8.5, 9, 9, 8.5],
  ], // 35, 35, 35 → 35, median 35
};

/** Club leaders, who attest their children's consents (ADR 0007). One per demo club, in CLUB order. */
const LEADERS: [email: string, name: string][] = [
  ["leader.shanyrak@toi.demo", "Гүлмира Исаева"],
  ["leader.baiterek@toi.demo", "Марат Жақыпов"],
  ["leader.ertis@toi.demo", "Наталья Коваленко"],
  ["leader.kyzyljar@toi.demo", "Ирина Ткаченко"],
  ["leader.zhuldyz@toi.demo", "Сәуле Байжанова"],
  ["leader.ordabasy@toi.demo", "Бақыт Әбдіқадыров"],
];

/** The jury besides the demo judge (no password: they cannot sign in). */
const JUDGES: [email: string, name: string][] = [
  ["g.omarova@toi.demo", "Гүлнар Омарова"],
  ["s.kim@toi.demo", "Сергей Ким"],
  ["a.bekova@toi.demo", "Айгүл Бекова"],
  ["m.saparova@toi.demo", "Мадина Сапарова"],
  ["a.tokpanov@toi.demo", "Асқар Тоқпанов"],
  ["o.vetrova@toi.demo", "Ольга Ветрова"],
  ["b.aliyev@toi.demo", "Бауыржан Әлиев"],
];

/**
 * Panels by nomination: judges as indexes (0 = the demo judge, n = JUDGES[n - 1]), the chair
 * first. Мадина Сапарова teaches at «Shanyrak»: her conflict of interest hides its vocal entries
 * from her, and their results are the other three judges' average.
 */
const PANELS: number[][] = [
  [1, 2, 3, 4], // Vocal: Омарова (chair), Ким, Бекова, Сапарова
  [0, 3, 6], // Choreography: the demo judge (chair), Бекова, Ветрова
  [5, 2, 7], // Instrumental: Тоқпанов (chair), Ким, Әлиев
];
const CONFLICTED_JUDGE = 4;

const SPECIAL_PRIZE = {
  entry: "V6",
  name_kk: "Қазақ халық әнін үздік орындағаны үшін",
  name_ru: "За лучшее исполнение казахской народной песни",
  name_en: "For the best performance of a Kazakh folk song",
};
/** The Grand Prix of Choreography (chosen across age groups); Vocal and Instrumental left unawarded. */
const GRAND_PRIX = "C6";

// ---------------------------------------------------------------------------------------------

export interface Final2017Context {
  eventId: number;
  adminId: number;
  judgeId: number;
  guardianId: number;
  clubIds: number[];
}

const at = (iso: string) => new Date(iso);

/** Inserts the finalists, entries, jury and scores (inside the demo seed's transaction). */
export async function seedFinal2017(tx: Tx, ctx: Final2017Context): Promise<{ leaderIds: number[] }> {
  const rnd = random(2017_10_10);
  const event = await tx
    .selectFrom("events")
    .select(["id", "slug", "starts_on"])
    .where("id", "=", ctx.eventId)
    .executeTakeFirstOrThrow();
  await tx
    .updateTable("events")
    .set({ scoring: JSON.stringify({ grandPrixAcrossAgeGroups: true }) })
    .where("id", "=", event.id)
    .execute();
  const {
    nominations,
    ageGroups,
    rounds: [remote, final],
  } = await eventParts(tx, event.id);
  await tx.updateTable("rounds").set({ blind: true }).where("id", "=", remote!.id).execute();

  // People: club leaders and the jury.
  const leaders = await tx
    .insertInto("users")
    .values(
      LEADERS.map(([email, name]) => ({
        email,
        name,
        locale: "ru" as const,
        password_hash: null,
        is_demo: true,
        email_verified_at: at("2017-04-20T05:00:00Z"),
      })),
    )
    .returning("id")
    .execute();
  const extraJudges = await tx
    .insertInto("users")
    .values(
      JUDGES.map(([email, name], i) => ({
        email,
        name,
        locale: i % 2 ? ("ru" as const) : ("kk" as const),
        password_hash: null,
        is_demo: true,
        email_verified_at: at("2017-09-01T05:00:00Z"),
      })),
    )
    .returning("id")
    .execute();
  const judgeIds = [ctx.judgeId, ...extraJudges.map((j) => j.id)];
  await tx
    .insertInto("memberships")
    .values([
      ...leaders.map((l, i) => ({ user_id: l.id, role: "club_leader" as const, club_id: ctx.clubIds[i]! })),
      ...extraJudges.map((j) => ({ user_id: j.id, role: "judge" as const, event_id: event.id })),
    ])
    .execute();

  // Children, with their data consent (and photo/video for most) from 2017.
  const texts = await tx
    .selectFrom("consent_texts")
    .select(["id", "kind", "version"])
    .orderBy("version", "desc")
    .execute();
  const dataText = texts.find((t) => t.kind === "data")!;
  const photoText = texts.find((t) => t.kind === "photo_video")!;
  const entryIds = new Map<string, number>();
  for (const [n, e] of ENTRIES.entries()) {
    const clubIndex = CLUB[e.club];
    const clubId = ctx.clubIds[clubIndex]!;
    const leaderId = leaders[clubIndex]!.id;
    const submittedAt = at(
      `2017-${String(6 + (n % 3)).padStart(2, "0")}-${String(3 + n).padStart(2, "0")}T06:${String(10 + n).padStart(2, "0")}:00Z`,
    );
    const city = (await tx.selectFrom("clubs").select("city").where("id", "=", clubId).executeTakeFirstOrThrow()).city;
    const participantIds: number[] = [];
    for (const [lastName, firstName, birthDate, publicName] of e.members) {
      // A club's child: the leader attests the parents' signed forms; a family's: the guardian.
      const consentBy = e.family ? ctx.guardianId : leaderId;
      const texts = rnd() < 0.85 ? [dataText, photoText] : [dataText];
      const child = {
        guardianId: e.family ? ctx.guardianId : null,
        clubId,
        lastName,
        firstName,
        birthDate,
        city,
        publicName: publicName ?? ("full" as const),
        at: submittedAt,
      };
      participantIds.push(await insertChild(tx, child, consentBy, texts));
    }
    const entryId = await insertEntry(tx, {
      eventId: event.id,
      nominationId: nominations[e.nomination]!.id,
      ageGroupId: ageGroups[e.ageGroup]!.id,
      format: e.format,
      title: e.title,
      durationSeconds: e.seconds,
      reference: demoReference(event, (_, n) => Math.floor(rnd() * n)),
      submittedBy: e.family ? ctx.guardianId : leaderId,
      clubId,
      memberIds: participantIds,
      at: submittedAt,
    });
    entryIds.set(e.key, entryId);
  }
  // Everyone in the remote round (the event's first round) advanced into the final.
  await tx
    .insertInto("round_entries")
    .values(
      [...entryIds.values()].map((entry_id) => ({
        round_id: final!.id,
        entry_id,
        advanced_at: at("2017-09-05T09:00:00Z"),
        advanced_by_user_id: ctx.adminId,
      })),
    )
    .execute();

  // Criteria: four, each out of 10 with weight 1.
  const criteria: number[][] = [];
  for (const n of nominations) criteria.push(await insertStandardCriteria(tx, n.id, n.discipline));

  // Panels for both rounds, one conflict of interest.
  for (const round of [remote!, final!]) {
    await tx
      .insertInto("jury_assignments")
      .values(
        PANELS.flatMap((panel, n) =>
          panel.map((j, i) => ({
            round_id: round.id,
            nomination_id: nominations[n]!.id,
            age_group_id: null,
            user_id: judgeIds[j]!,
            is_chair: i === 0,
          })),
        ),
      )
      .execute();
  }
  await tx
    .insertInto("judge_conflicts")
    .values({
      event_id: event.id,
      user_id: judgeIds[CONFLICTED_JUDGE]!,
      club_id: ctx.clubIds[CLUB.shanyrak]!,
      note: "Педагог клуба «Шанырак»",
    })
    .execute();

  // Scores: every eligible judge × entry × criterion, in halves from 6 to 10 around the entry's level.
  const judgeBias = judgeIds.map(() => Math.round((rnd() - 0.5) * 4) / 10); // −0.2 … +0.2
  const half = (x: number) => Math.min(10, Math.max(6, Math.round(x * 2) / 2));
  const scoreRows: {
    round_id: number;
    entry_id: number;
    judge_user_id: number;
    criterion_id: number;
    value: number;
    version: number;
    updated_at: Date;
    updated_by_user_id: number;
  }[] = [];
  for (const [r, round] of [remote!, final!].entries()) {
    for (const [n, e] of ENTRIES.entries()) {
      const panel = PANELS[e.nomination]!;
      const slot = r === 0 ? Date.UTC(2017, 7, 20 + (n % 10), 9, n) : Date.UTC(2017, 9, 10, 4, 0) + n * 6 * 60_000;
      for (const [p, j] of panel.entries()) {
        if (j === CONFLICTED_JUDGE && e.club === "shanyrak") continue;
        const when = slot + p * 20_000;
        for (const [c, criterionId] of criteria[e.nomination]!.entries()) {
          const crafted = r === 1 ? TIE[e.key]?.[p]?.[c] : undefined;
          const value = crafted ?? half(e.level - (r === 0 ? 0.3 : 0) + judgeBias[j]! + (rnd() - 0.5) * 1.2);
          scoreRows.push({
            round_id: round.id,
            entry_id: entryIds.get(e.key)!,
            judge_user_id: judgeIds[j]!,
            criterion_id: criterionId,
            value,
            version: (when + c * 1000) * 1000,
            updated_at: new Date(when + c * 1000),
            updated_by_user_id: judgeIds[j]!,
          });
        }
      }
    }
  }
  await tx.insertInto("scores").values(scoreRows).execute();

  // The jury's decisions: a Grand Prix in Choreography, none in Vocal and Instrumental, a special prize.
  await tx
    .insertInto("grand_prix")
    .values(
      nominations.map((n, i) => ({
        round_id: final!.id,
        nomination_id: n.id,
        age_group_id: null,
        entry_id: i === 1 ? entryIds.get(GRAND_PRIX)! : null,
        decided_by_user_id: ctx.adminId,
        decided_at: at("2017-10-10T12:40:00Z"),
      })),
    )
    .execute();
  await tx
    .insertInto("special_prizes")
    .values({
      round_id: final!.id,
      entry_id: entryIds.get(SPECIAL_PRIZE.entry)!,
      name_kk: SPECIAL_PRIZE.name_kk,
      name_ru: SPECIAL_PRIZE.name_ru,
      name_en: SPECIAL_PRIZE.name_en,
      created_by_user_id: ctx.adminId,
      created_at: at("2017-10-10T12:45:00Z"),
    })
    .execute();
  return { leaderIds: leaders.map((l) => l.id) };
}

/**
 * Computes both rounds through the results service (after the seed's transaction: it opens its own),
 * then locks every section and publishes the final's. The state is written directly, with the
 * times of the day in 2017: publishing through the service would email the families.
 */
export async function seedFinal2017Results(db: Tx): Promise<void> {
  const event = await db
    .selectFrom("events")
    .select("id")
    .where("slug", "=", FINAL_2017_SLUG)
    .executeTakeFirstOrThrow();
  const admin = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", "admin@toi.demo")
    .executeTakeFirstOrThrow();
  const [remote, final] = (await eventParts(db, event.id)).rounds;
  await computeRound(db, remote!.id);
  await computeRound(db, final!.id);
  await db
    .updateTable("result_sections")
    .set({
      computed_at: at("2017-09-01T10:00:00Z"),
      locked_at: at("2017-09-01T11:00:00Z"),
      locked_by_user_id: admin.id,
    })
    .where("round_id", "=", remote!.id)
    .execute();
  await db
    .updateTable("result_sections")
    .set({
      computed_at: at("2017-10-10T12:50:00Z"),
      locked_at: at("2017-10-10T13:00:00Z"),
      locked_by_user_id: admin.id,
      published_at: at("2017-10-10T13:30:00Z"),
      published_by_user_id: admin.id,
    })
    .where("round_id", "=", final!.id)
    .execute();
  // Published diplomas carry the code of their verification page, as publishing gives them.
  for (const section of await db.selectFrom("result_sections").select("id").where("round_id", "=", final!.id).execute())
    await issueDiplomaCodes(db, section.id);
  await db
    .updateTable("results")
    .set({
      computed_at: sql`coalesce((select computed_at from result_sections s where s.id = results.section_id), results.computed_at)`,
    })
    .where("round_id", "in", [remote!.id, final!.id])
    .execute();
}
