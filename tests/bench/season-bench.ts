// Builds a whole season's contest through Toi's own use-cases (not raw SQL), on the database the
// bench's Toi server runs on, for `npm run bench -- --only=season` (tests/bench/season.mjs measures
// the server's pages, a diploma batch and its memory on it). Loaded through Vite's SSR loader.
//
// The event: 5 nominations × 4 age groups (20 sections); a remote round whose rule sends the top half
// of each section on, then a final. 100 clubs, each with a leader and 100 children on its roster, each
// child entered by the club's batch in one nomination (10,000 entries); 15 judges, 3 a nomination, with
// 4 criteria each, score every entry of the remote round (120,000 scores); the round is computed and
// locked, the top half advances (5,000 entries), and the final's running order is drafted on 8 stages.
import { createSession } from "~/.server/accounts/session.server";
import { createClub } from "~/.server/clubs/manage-clubs.server";
import { createEvent } from "~/.server/events/events.server";
import { setEventStatus } from "~/.server/events/events.server";
import { saveScores } from "~/.server/judging/save-scores.server";
import { applyStandardCriteria } from "~/.server/jury/criteria.server";
import { addJudge } from "~/.server/jury/panels.server";
import type { DB } from "~/.server/platform/db.server";
import { submitClubEntries } from "~/.server/registration/club-batch.server";
import { addClubChild } from "~/.server/registration/club-children.server";
import { applyAdvanceRule } from "~/.server/results/advancement.server";
import { computeRound } from "~/.server/results/compute.server";
import { applyToRound } from "~/.server/results/round-publication.server";
import { generateDraft } from "~/.server/schedule/running-order.server";
import { roundScopeOf } from "~/.server/schedule/schedule-clock.server";
import { addStage, addStageWindow } from "~/.server/schedule/stages.server";
import { eventSchema } from "~/schemas/event";

import { ageGroupForm, asActor, eventForm, grantRole, insertUser, nominationForm, roundForm } from "../db/factories";

export interface SeasonSize {
  clubs: number;
  childrenPerClub: number;
  /** Judges per nomination's panel. */
  judgesPerPanel: number;
  stages: number;
}

export const FULL_SEASON: SeasonSize = { clubs: 100, childrenPerClub: 100, judgesPerPanel: 3, stages: 8 };

export interface Season {
  eventId: number;
  slug: string;
  remoteRoundId: number;
  finalRoundId: number;
  entries: number;
  scores: number;
  advanced: number;
  slotsPlaced: number;
  /** Session tokens (unsigned) of an organiser, a judge and a club leader, for the cookie. */
  tokens: { organiser: string; judge: string; clubLeader: string };
  judgeAssignmentId: number;
  clubId: number;
  sectionId: number;
  /** Seconds each part of the build took. */
  timings: Record<string, number>;
}

const NOMINATIONS = [
  ["Вокал", "vocal"],
  ["Хореография", "choreography"],
  ["Инструментальное исполнительство", "instrumental"],
  ["Театр", "theatre"],
  ["Художественное слово", "literature"],
] as const;
const AGE_GROUPS: [number, number][] = [
  [5, 7],
  [8, 10],
  [11, 14],
  [15, 17],
];
const BASE_URL = "http://toi.invalid";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export async function buildSeason(
  db: DB,
  size: SeasonSize = FULL_SEASON,
  log: (line: string) => void = () => {},
): Promise<Season> {
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    timings[name] = Math.round(performance.now() - started) / 1000;
    log(`   ${name}: ${timings[name]} s`);
    return result;
  };
  const run = Date.now().toString(36);
  const organiser = await insertUser(db, { email: `season-organiser-${run}@bench.invalid`, name: "Season organiser" });
  await grantRole(db, organiser.id, "admin");
  const actor = asActor(organiser.id);

  // --- the event, through the organiser's form ---
  const slug = `planet-of-art-season-${run}`;
  const startsOn = day(40);
  const event = await timed("event", async () => {
    const form = eventForm({
      slug,
      titleRu: "Планета искусства: сезон",
      titleKk: "Өнер планетасы: маусым",
      titleEn: "The Planet of ART: season",
      startsOn,
      endsOn: day(42),
      registrationOpensAt: `${day(-10)}T09:00`,
      registrationClosesAt: `${day(30)}T18:00`,
      ageReferenceDate: startsOn,
      nominations: NOMINATIONS.map(([nameRu, discipline]) =>
        nominationForm({ nameRu, discipline, entryKind: "live", formats: { solo: [1, 1] } }),
      ),
      ageGroups: AGE_GROUPS.map(([min, max]) => ageGroupForm(min, max)),
      rounds: [
        roundForm({ kind: "remote", advanceRule: "top_n", advanceValue: String(size.clubs * size.childrenPerClub) }),
        roundForm({ kind: "final", city: "almaty", startsOn, endsOn: day(42) }),
      ],
    });
    const created = await createEvent(db, eventSchema.parse(form), actor);
    await setEventStatus(db, created.id, "published", actor);
    return created;
  });
  const [nominations, rounds] = await Promise.all([
    db.selectFrom("nominations").select("id").where("event_id", "=", event.id).orderBy("position").execute(),
    db.selectFrom("rounds").select("id").where("event_id", "=", event.id).orderBy("position").orderBy("id").execute(),
  ]);
  const [remote, final] = rounds as [{ id: number }, { id: number }];
  // The remote round sends the top half of each section on: its sections hold entries / 20 each.
  const perSection = Math.ceil((size.clubs * size.childrenPerClub) / (nominations.length * AGE_GROUPS.length));
  await db
    .updateTable("rounds")
    .set({ advance_value: Math.ceil(perSection / 2) })
    .where("id", "=", remote.id)
    .execute();

  // --- clubs, leaders and rosters ---
  const clubs = await timed("clubs_and_rosters", async () => {
    const made: { id: number; leader: { userId: number; email: string }; children: number[] }[] = [];
    for (let c = 0; c < size.clubs; c++) {
      const id = await createClub(db, actor, {
        name: `Клуб ЮНЕСКО №${c + 1}`,
        nameKk: `ЮНЕСКО клубы №${c + 1}`,
        nameRu: `Клуб ЮНЕСКО №${c + 1}`,
        nameEn: `UNESCO Club No. ${c + 1}`,
        city: "almaty",
        town: "",
        region: "almaty",
        country: "KZ",
      } as Parameters<typeof createClub>[2]);
      const leader = await insertUser(db, { email: `season-leader-${run}-${c}@bench.invalid`, name: `Leader ${c}` });
      await db.insertInto("memberships").values({ user_id: leader.id, role: "club_leader", club_id: id }).execute();
      const children: number[] = [];
      for (let k = 0; k < size.childrenPerClub; k++) {
        const [min, max] = AGE_GROUPS[k % AGE_GROUPS.length]!;
        const age = min + (k % (max - min + 1));
        const birthYear = Number(startsOn.slice(0, 4)) - age - 1;
        const added = await addClubChild(db, { clubId: id }, asActor(leader.id), {
          lastName: `Клубова-${c}`,
          firstName: `Бала ${k}`,
          patronymic: "",
          birthDate: `${birthYear}-0${1 + (k % 9)}-1${k % 10}`,
          city: "almaty",
          clubId: id,
          publicName: "full",
        } as Parameters<typeof addClubChild>[3]);
        if ("id" in added) children.push(added.id);
      }
      made.push({ id, leader: { userId: leader.id, email: leader.email }, children });
    }
    return made;
  });

  // --- entries: each club's batch, child k in nomination k mod 5 ---
  const entries = await timed("entries", async () => {
    let count = 0;
    for (const club of clubs) {
      for (let n = 0; n < nominations.length; n++) {
        const results = await submitClubEntries(
          db,
          { ...club.leader, role: "club_leader", clubId: club.id },
          {
            eventId: event.id,
            nominationId: nominations[n]!.id,
            format: "solo",
            idempotencyKey: `season-${run}-${club.id}-${n}`,
            entries: club.children
              .filter((_, k) => k % nominations.length === n)
              .map((childId, k) => ({
                memberIds: [childId],
                title: `Нөмір ${childId}`,
                durationSeconds: 120 + ((childId + k) % 3) * 30,
                videoUrl: null,
              })),
          },
          BASE_URL,
        );
        const refused = results.filter((r) => !r.result.ok);
        if (refused.length) throw new Error(`club batch refused ${refused.length}: ${JSON.stringify(refused[0])}`);
        count += results.length;
      }
    }
    return count;
  });

  // --- jury: standard criteria, 3 judges a nomination, every age group ---
  const judges = await timed("jury", async () => {
    const made: { userId: number; nominationId: number }[] = [];
    for (const [n, nomination] of nominations.entries()) {
      await applyStandardCriteria(db, actor, { eventId: event.id, nominationId: nomination.id });
      for (let j = 0; j < size.judgesPerPanel; j++) {
        const email = `season-judge-${run}-${n}-${j}@bench.invalid`;
        const added = await addJudge(
          db,
          actor,
          {
            eventId: event.id,
            roundId: remote.id,
            nominationId: nomination.id,
            ageGroupId: null,
            email,
            name: `Judge ${n}.${j}`,
            locale: "ru",
            chair: j === 0,
          },
          BASE_URL,
        );
        if (added.status !== "added") throw new Error(`addJudge: ${JSON.stringify(added)}`);
        made.push({ userId: added.userId, nominationId: nomination.id });
      }
    }
    return made;
  });

  // --- scores: every judge, every entry of the panel, every criterion, 500 entries a save ---
  const scores = await timed("scores", async () => {
    let saved = 0;
    for (const [j, judge] of judges.entries()) {
      const [criteria, panelEntries] = await Promise.all([
        db.selectFrom("criteria").select(["id", "max_score"]).where("nomination_id", "=", judge.nominationId).execute(),
        db
          .selectFrom("entries")
          .select("id")
          .where("event_id", "=", event.id)
          .where("nomination_id", "=", judge.nominationId)
          .where("status", "=", "confirmed")
          .orderBy("id")
          .execute(),
      ]);
      for (let from = 0; from < panelEntries.length; from += 500) {
        const items = panelEntries.slice(from, from + 500).flatMap((e) =>
          criteria.map((c) => ({
            roundId: remote.id,
            entryId: e.id,
            criterionId: c.id,
            // Spread, and different for each judge, so places and ties are realistic.
            value: Math.max(
              1,
              Math.round(Number(c.max_score) * (0.4 + ((e.id * 7919 + c.id * 31 + j * 17) % 61) / 100)),
            ),
            version: 1,
          })),
        );
        const outcomes = await saveScores(db, judge.userId, items);
        const refused = outcomes.filter((o) => o.status !== "accepted");
        if (refused.length) throw new Error(`saveScores refused ${refused.length}: ${JSON.stringify(refused[0])}`);
        saved += outcomes.length;
      }
    }
    return saved;
  });

  // --- results: compute, lock, advance the top half ---
  const advanced = await timed("results_and_advance", async () => {
    await computeRound(db, remote.id);
    const locked = await applyToRound(db, actor, {
      eventId: event.id,
      roundId: remote.id,
      action: "lock",
      include: [],
      baseUrl: BASE_URL,
      locale: "ru",
    });
    if (locked.status !== "done") throw new Error(`lock: ${locked.status}`);
    const outcome = await applyAdvanceRule(db, actor, {
      eventId: event.id,
      roundId: remote.id,
      baseUrl: BASE_URL,
      sectionId: null,
    });
    if (outcome.status !== "done") throw new Error(`advance: ${outcome.status}`);
    return outcome.added.length;
  });

  // --- the final's running order: 8 stages × 3 days, 09:00–20:00 with a lunch break ---
  const slotsPlaced = await timed("running_order", async () => {
    const scope = await roundScopeOf(db, { eventId: event.id, roundId: final.id, locale: "ru" });
    if (!scope) throw new Error("the final has no schedule scope");
    for (let s = 0; s < size.stages; s++) {
      const stageId = await addStage(
        db,
        actor,
        { eventId: event.id, roundId: final.id },
        { nameKk: `Сахна ${s + 1}`, nameRu: `Сцена ${s + 1}`, nameEn: `Stage ${s + 1}`, venue: "" },
      );
      for (let d = 0; d < 3; d++) {
        const date = day(40 + d);
        const stage = { eventId: event.id, roundId: final.id, stageId };
        await addStageWindow(db, actor, stage, scope.clock, { kind: "open", date, from: "09:00", to: "20:00" });
        await addStageWindow(db, actor, stage, scope.clock, { kind: "break", date, from: "13:00", to: "14:00" });
      }
    }
    const draft = await generateDraft(db, actor, scope, {
      changeoverMinutes: 5,
      minGapMinutes: 15,
      ageOrder: "younger",
    });
    return draft.placed;
  });

  const judge = judges[0]!;
  const assignment = await db
    .selectFrom("jury_assignments")
    .select("id")
    .where("round_id", "=", remote.id)
    .where("user_id", "=", judge.userId)
    .executeTakeFirstOrThrow();
  const section = await db
    .selectFrom("result_sections")
    .select("id")
    .where("round_id", "=", remote.id)
    .orderBy("id")
    .executeTakeFirstOrThrow();
  return {
    eventId: event.id,
    slug,
    remoteRoundId: remote.id,
    finalRoundId: final.id,
    entries,
    scores,
    advanced,
    slotsPlaced,
    tokens: {
      organiser: await createSession(db, organiser.id),
      judge: await createSession(db, judge.userId),
      clubLeader: await createSession(db, clubs[0]!.leader.userId),
    },
    judgeAssignmentId: assignment.id,
    clubId: clubs[0]!.id,
    sectionId: section.id,
    timings,
  };
}
