import { describe, expect, it } from "vitest";

import {
  type AcademyParticipant,
  ageFits,
  allocateClasses,
  type AllocationResult,
  classesClash,
  type MasterClass,
} from "./allocate";

// The fair fill (docs/decisions/0025-academy-fair-fill.md) on the academy of issue 13 and on small
// hand-checked cases. Times are minutes from the first morning, 00:00.

const DAY = 24 * 60;
const classCounts = (result: AllocationResult) => {
  const counts = new Map<number, number>();
  for (const e of result.enrolments) counts.set(e.participantId, (counts.get(e.participantId) ?? 0) + 1);
  return counts;
};

/** A small deterministic generator (mulberry32), so the academy is the same on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Issue 13's academy: 100 finalists, ten days, 24 classes of 12 places (288 seats). Each class meets
 * three days running, mornings (10:00–12:00) or afternoons (14:00–16:00), so many clash; two are for
 * 12 and over. Every finalist ranks five classes, most of them among the eight popular ones.
 */
function issue13Academy() {
  const next = random(13);
  const classes: MasterClass[] = Array.from({ length: 24 }, (_, i) => {
    const start = (i * 3) % 8;
    const hour = i % 2 === 0 ? 10 : 14;
    return {
      id: i + 1,
      capacity: 12,
      sessions: [0, 1, 2].map((d) => ({
        start: (start + d) * DAY + hour * 60,
        end: (start + d) * DAY + (hour + 2) * 60,
      })),
      ...(i === 5 || i === 17 ? { minAge: 12 } : {}),
    };
  });
  const participants: AcademyParticipant[] = Array.from({ length: 100 }, (_, i) => {
    const preferences: number[] = [];
    while (preferences.length < 5) {
      const id = next() < 0.7 ? 1 + Math.floor(next() * 8) : 1 + Math.floor(next() * 24);
      if (!preferences.includes(id)) preferences.push(id);
    }
    return { id: 1000 + i, age: 8 + Math.floor(next() * 10), preferences };
  });
  return { classes, participants };
}

describe("fair fill", () => {
  it("fills all 288 seats of issue 13's academy, 2 or 3 classes each, and no seat stays empty while anyone could take it", () => {
    const { classes, participants } = issue13Academy();
    const result = allocateClasses({ classes, participants, options: { seed: 7 } });
    const counts = classCounts(result);
    const taken = (c: MasterClass) => result.enrolments.filter((e) => e.classId === c.id).length;

    expect(result.enrolments).toHaveLength(288);
    expect(result.stats.emptyParticipants).toBe(0);
    expect(Math.min(...participants.map((p) => counts.get(p.id) ?? 0))).toBe(2);
    expect(Math.max(...participants.map((p) => counts.get(p.id) ?? 0))).toBe(3);
    for (const c of classes) {
      expect(taken(c)).toBeLessThanOrEqual(c.capacity);
      if (taken(c) === c.capacity) continue;
      for (const p of participants) {
        const mine = result.enrolments.filter((e) => e.participantId === p.id).map((e) => e.classId);
        const fits =
          !mine.includes(c.id) && ageFits(c, p.age) && mine.every((id) => !classesClash(classes[id - 1]!, c));
        expect(fits, `participant ${p.id} could take class ${c.id}`).toBe(false);
      }
    }
  });

  // Painting (2 places, day 0), Sculpture (1 place, day 1), and two classes for 12 and over, Photo
  // (day 2) and Animation (day 3). Aliya is 14; Berik is 10 and ranks Painting only.
  const oneDay = (day: number) => [{ start: day * DAY + 600, end: day * DAY + 660 }];
  const [PAINTING, SCULPTURE, PHOTO, ANIMATION] = [1, 2, 3, 4];
  const smallAcademy: MasterClass[] = [
    { id: PAINTING, capacity: 2, sessions: oneDay(0) },
    { id: SCULPTURE, capacity: 1, sessions: oneDay(1) },
    { id: PHOTO, capacity: 1, sessions: oneDay(2), minAge: 12 },
    { id: ANIMATION, capacity: 1, sessions: oneDay(3), minAge: 12 },
  ];

  it("moves a seat to a child left two classes behind", () => {
    // Round 1: Aliya and Berik both get Painting (1st). Round 2, both at 1: Aliya's second
    // choice Sculpture outranks Berik's fill-up with it, so Berik gets nothing. Aliya then takes
    // Photo and Animation: 4 against 1. Berik could sit in Sculpture, not Aliya's first choice:
    // it moves to him, 3 and 2.
    const result = allocateClasses({
      classes: smallAcademy,
      participants: [
        { id: 101, age: 14, preferences: [PAINTING, SCULPTURE, PHOTO, ANIMATION] },
        { id: 102, age: 10, preferences: [PAINTING] },
      ],
    });
    expect(result.enrolments).toEqual([
      { participantId: 101, classId: PAINTING, viaPreference: 1 },
      { participantId: 101, classId: PHOTO, viaPreference: 3 },
      { participantId: 101, classId: ANIMATION, viaPreference: 4 },
      { participantId: 102, classId: PAINTING, viaPreference: 1 },
      { participantId: 102, classId: SCULPTURE, viaPreference: null },
    ]);
    expect(result.unmet).toEqual([{ participantId: 101, classId: SCULPTURE, rank: 2, reason: "full" }]);
  });

  it("never moves a first choice", () => {
    // The same, but Sculpture is Aliya's first choice: she keeps it, though Berik stays at 1.
    const result = allocateClasses({
      classes: smallAcademy,
      participants: [
        { id: 101, age: 14, preferences: [SCULPTURE, PAINTING, PHOTO, ANIMATION] },
        { id: 102, age: 10, preferences: [PAINTING] },
      ],
    });
    expect(classCounts(result)).toEqual(
      new Map([
        [101, 4],
        [102, 1],
      ]),
    );
    expect(result.enrolments).toContainEqual({ participantId: 101, classId: SCULPTURE, viaPreference: 1 });
  });
});
