// The rounds behind the `schedule.*` bench figures. Deterministic: the same seed gives the same round,
// on any machine.
//
// `makeBenchSchedule` is a festival's live round as the federation runs it:
// - 2,000 performances: 1,000 solos of 2–4 minutes, 500 duets of 3–4, 500 ensembles (4–10 children) of
//   4–6; the stage needs 1 minute after a solo or duet and 3 after an ensemble;
// - 16 nominations × 4 age groups: each section (nomination × age group) has its own jury panel and
//   stays together on one stage;
// - 120 children dance or sing in 2–3 performances each (in their age group), and need 30 minutes
//   between them to change costume; every other child is on stage once;
// - 8 stages over 3 days, 09:00–20:00 with a 13:00–14:00 break.
// Capacity, for whoever reads the figures: 8 × 3 × 600 = 14,400 stage minutes; the performances and
// the changeovers after them take about 10,300, so the round fits with room for the sections' ends.
//
// `makeOverfullSchedule` is the same round on 4 stages over 2 days (4,800 stage minutes): it cannot
// fit, and the generator must say which performances it left out and why.
//
// Only types are imported, so any TypeScript loader (or type stripping) can run this file.

import type { PerformanceInput, ScheduleInput, StageInput } from "../../app/domain/schedule/types";

const STAGE_NAMES = [
  "Main hall",
  "Small hall",
  "Dance hall",
  "Chamber hall",
  "Studio A",
  "Studio B",
  "Foyer stage",
  "Open-air stage",
];
const NOMINATIONS = 16;
/** Youngest age of each age group (ids 1–4): 5–7, 8–10, 11–13, 14–17. */
const AGE_GROUP_MIN = [5, 8, 11, 14];
/** Busy children (ids 1–120) are in 2–3 performances each; everyone else is on stage once. */
const BUSY_CHILDREN = 120;
const COSTUME_GAP_MINUTES = 30;
const KINDS = [
  { count: 1000, members: [1, 1], minutes: [2, 4], changeover: 1 },
  { count: 500, members: [2, 2], minutes: [3, 4], changeover: 1 },
  { count: 500, members: [4, 10], minutes: [4, 6], changeover: 3 },
] as const;

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; good enough for test data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stages open 09:00–20:00 each day with a 13:00–14:00 break (minutes since 00:00 of the first day). */
function festivalStages(count: number, days: number): StageInput[] {
  return STAGE_NAMES.slice(0, count).map((name, i) => ({
    id: i + 1,
    name,
    windows: Array.from({ length: days }, (_, day) => ({ start: day * 1440 + 9 * 60, end: day * 1440 + 20 * 60 })),
    breaks: Array.from({ length: days }, (_, day) => ({ start: day * 1440 + 13 * 60, end: day * 1440 + 14 * 60 })),
  }));
}

function festivalPerformances(seed: number): PerformanceInput[] {
  const next = random(seed);
  const integer = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = integer(0, i);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  };

  // Children on stage once get ids from 1,001 up, so they never clash with the busy ones.
  let onceChild = 1000;
  const drafts: { ageGroup: number; nomination: number; members: number[]; minutes: number; changeover: number }[] = [];
  for (const kind of KINDS) {
    for (let i = 0; i < kind.count; i++) {
      drafts.push({
        ageGroup: integer(1, AGE_GROUP_MIN.length),
        nomination: integer(1, NOMINATIONS),
        members: Array.from({ length: integer(kind.members[0], kind.members[1]) }, () => ++onceChild),
        minutes: integer(kind.minutes[0], kind.minutes[1]),
        changeover: kind.changeover,
      });
    }
  }

  // Each busy child takes the place of a once-only child in 2–3 performances of its own age group.
  const byAgeGroup = AGE_GROUP_MIN.map((_, i) => drafts.filter((d) => d.ageGroup === i + 1));
  for (let child = 1; child <= BUSY_CHILDREN; child++) {
    const ageGroup = (child % AGE_GROUP_MIN.length) + 1;
    const candidates = byAgeGroup[ageGroup - 1]!.filter((d) => d.members.some((m) => m > 1000));
    for (const draft of shuffle([...candidates]).slice(0, integer(2, 3))) {
      const slot = draft.members.findIndex((m) => m > 1000);
      draft.members[slot] = child;
      draft.members.sort((a, b) => a - b);
    }
  }

  return shuffle(drafts).map((d, i) => ({
    entryId: i + 1,
    nominationId: d.nomination,
    ageGroupId: d.ageGroup,
    ageMin: AGE_GROUP_MIN[d.ageGroup - 1]!,
    durationMinutes: d.minutes,
    memberIds: d.members,
    panelKey: `${d.nomination}:${d.ageGroup}`,
    changeoverAfterMinutes: d.changeover,
  }));
}

export function makeBenchSchedule(seed: number): ScheduleInput {
  return {
    stages: festivalStages(8, 3),
    performances: festivalPerformances(seed),
    options: { changeoverMinutes: 1, minGapMinutes: COSTUME_GAP_MINUTES },
  };
}

export function makeOverfullSchedule(seed: number): ScheduleInput {
  return { ...makeBenchSchedule(seed), stages: festivalStages(4, 2) };
}
