// The big round behind the `schedule.generate` and `schedule.conflicts` bench figures: 2,000
// performances, 6 stages, 3 days (10:00–13:00 and 14:00–19:00 each day), 300 children in several
// entries each. Deterministic: the same seed gives the same round, on any machine.
//
// Capacity, for whoever reads the figures: the stages are open 6 × 3 × 480 = 8,640 minutes, and on
// the 5-minute grid every performance takes at least 5 minutes plus the 5-minute changeover, so at
// most 6 × 3 × (18 + 30) = 864 performances fit. The rest are reported as unplaced
// (`no_stage_time`), by design of the input, not by a fault of the generator.
//
// Only types are imported, so any TypeScript loader (or type stripping) can run this file.

import type { PerformanceInput, ScheduleInput, StageInput } from "../../app/domain/schedule/types";

const PERFORMANCES = 2000;
const CHILDREN = 300;
const DAYS = 3;
const STAGE_NAMES = ["Main hall", "Small hall", "Dance hall", "Chamber hall", "Studio A", "Studio B"];
const NOMINATIONS = 16;
/** Youngest age of each age group (ids 1–4): 5–7, 8–10, 11–13, 14–17. */
const AGE_GROUP_MIN = [5, 8, 11, 14];
/** Every child sings, dances or plays solo in this many different nominations. */
const SOLOS_PER_CHILD = 5;
const DUETS = 300;

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

export function makeBenchSchedule(seed: number): ScheduleInput {
  const next = random(seed);
  const integer = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = integer(0, i);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  };

  const stages: StageInput[] = STAGE_NAMES.map((name, i) => ({
    id: i + 1,
    name,
    windows: Array.from({ length: DAYS }, (_, day) => [
      { start: day * 1440 + 10 * 60, end: day * 1440 + 13 * 60 },
      { start: day * 1440 + 14 * 60, end: day * 1440 + 19 * 60 },
    ]).flat(),
  }));

  // Children 1–300, spread evenly over the four age groups; a child's entries are all in its group.
  const ageGroupOf = (child: number) => (child % AGE_GROUP_MIN.length) + 1;
  const childrenIn = (ageGroup: number) =>
    Array.from({ length: CHILDREN }, (_, i) => i + 1).filter((child) => ageGroupOf(child) === ageGroup);

  const drafts: { ageGroup: number; nomination: number; members: number[]; minutes: number }[] = [];
  for (let child = 1; child <= CHILDREN; child++) {
    const nominations = shuffle(Array.from({ length: NOMINATIONS }, (_, i) => i + 1)).slice(0, SOLOS_PER_CHILD);
    for (const nomination of nominations) {
      drafts.push({ ageGroup: ageGroupOf(child), nomination, members: [child], minutes: integer(2, 4) });
    }
  }
  const groupEntry = (size: () => number, minutes: () => number) => {
    const ageGroup = integer(1, AGE_GROUP_MIN.length);
    const members = shuffle(childrenIn(ageGroup))
      .slice(0, size())
      .sort((a, b) => a - b);
    drafts.push({ ageGroup, nomination: integer(1, NOMINATIONS), members, minutes: minutes() });
  };
  for (let i = 0; i < DUETS; i++)
    groupEntry(
      () => 2,
      () => integer(2, 5),
    );
  while (drafts.length < PERFORMANCES)
    groupEntry(
      () => integer(4, 8),
      () => integer(3, 6),
    );

  const performances: PerformanceInput[] = shuffle(drafts).map((d, i) => ({
    entryId: i + 1,
    nominationId: d.nomination,
    ageGroupId: d.ageGroup,
    ageMin: AGE_GROUP_MIN[d.ageGroup - 1]!,
    durationMinutes: d.minutes,
    memberIds: d.members,
    panelKey: `${d.nomination}:${d.ageGroup}`,
  }));

  return { stages, performances, options: { changeoverMinutes: 5, minGapMinutes: 15 } };
}
