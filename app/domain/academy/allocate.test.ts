import { describe, expect, it } from "vitest";

import {
  type AcademyParticipant,
  allocateClasses,
  type AllocationInput,
  type AllocationResult,
  type MasterClass,
  tieBreakOrder,
} from "./allocate";

// Times are minutes from the academy's first morning, 00:00.
const at = (hours: number, minutes = 0) => hours * 60 + minutes;
const meets = (from: number, to: number) => ({ start: from, end: to });
const masterClass = (id: number, capacity: number, extra: Partial<MasterClass> = {}): MasterClass => ({
  id,
  capacity,
  sessions: [meets(at(10) + id * 1000, at(11) + id * 1000)], // by default no two classes clash
  ...extra,
});
const child = (id: number, preferences: number[], age = 14): AcademyParticipant => ({ id, age, preferences });
const classesOf = (result: AllocationResult, participantId: number) =>
  result.enrolments.filter((e) => e.participantId === participantId).map((e) => e.classId);

const PAINTING = 1;
const SCULPTURE = 2;
const ANIMATION = 3;
const PHOTO = 4;
const [ALIYA, BERIK, DANA] = [101, 102, 103];

describe("allocateClasses: hand-checked cases", () => {
  it("gives a two-place class to two of the three who want it first, by the seeded order, and the third their second choice", () => {
    // Painting has 2 places, Sculpture 10; all three rank Painting, then Sculpture.
    // At most 2 first choices are possible (capacity). Round 1 is rank-maximal: 2 × Painting (rank 1)
    // + 1 × Sculpture (rank 2); the tie goes to the first two in the seeded order. Round 2 (reversed
    // order): the winners ask for Sculpture (rank 2, 9 places left) and get it; the loser's Painting
    // is full. So: winners {Painting, Sculpture}, loser {Sculpture} with Painting unmet 'full'.
    const input: AllocationInput = {
      classes: [masterClass(PAINTING, 2), masterClass(SCULPTURE, 10)],
      participants: [
        child(ALIYA, [PAINTING, SCULPTURE]),
        child(BERIK, [PAINTING, SCULPTURE]),
        child(DANA, [PAINTING, SCULPTURE]),
      ],
      options: { seed: 7 },
    };
    const [first, second, last] = tieBreakOrder([ALIYA, BERIK, DANA], 7) as [number, number, number];
    const result = allocateClasses(input);

    expect(classesOf(result, first)).toEqual([PAINTING, SCULPTURE]);
    expect(classesOf(result, second)).toEqual([PAINTING, SCULPTURE]);
    expect(result.enrolments).toContainEqual({ participantId: last, classId: SCULPTURE, viaPreference: 2 });
    expect(classesOf(result, last)).toEqual([SCULPTURE]);
    expect(result.unmet).toEqual([{ participantId: last, classId: PAINTING, rank: 1, reason: "full" }]);
    // 2 of 3 got their first choice; all 3 got something they asked for.
    expect(result.stats).toEqual({ firstChoiceShare: 2 / 3, anyChoiceShare: 1, emptyParticipants: 0 });
  });

  it("lets each of the three lose the tie under some seed", () => {
    const losers = new Set<number>();
    for (let seed = 0; seed < 30; seed++) {
      const result = allocateClasses({
        classes: [masterClass(PAINTING, 2)],
        participants: [child(ALIYA, [PAINTING]), child(BERIK, [PAINTING]), child(DANA, [PAINTING])],
        options: { seed },
      });
      expect(result.unmet).toHaveLength(1);
      losers.add(result.unmet[0]!.participantId);
    }
    expect(losers).toEqual(new Set([ALIYA, BERIK, DANA]));
  });

  it("serves round 2 in reverse order, so the later of two children gets the class both rank second", () => {
    // Aliya: Painting, Photo; Berik: Sculpture, Photo; Photo has 1 place.
    // Round 1: both get their first choice (no contention). Round 2: both want Photo (rank 2), one
    // place; the order is reversed, so the one who came second in round 1 gets it.
    const [, secondInRoundOne] = tieBreakOrder([ALIYA, BERIK], 3) as [number, number];
    const result = allocateClasses({
      classes: [masterClass(PAINTING, 1), masterClass(SCULPTURE, 1), masterClass(PHOTO, 1)],
      participants: [child(ALIYA, [PAINTING, PHOTO]), child(BERIK, [SCULPTURE, PHOTO])],
      options: { seed: 3 },
    });
    expect(result.enrolments.filter((e) => e.classId === PHOTO)).toEqual([
      { participantId: secondInRoundOne, classId: PHOTO, viaPreference: 2 },
    ]);
  });

  it("gives a contested first choice to the child with no other wish, whatever the seed", () => {
    // Painting has 1 place. Aliya: Painting, then Sculpture; Berik: Painting only.
    // Aliya → Painting leaves Berik with nothing: profile (1 first, 0 second).
    // Berik → Painting, Aliya → Sculpture: profile (1 first, 1 second) — strictly better, for any
    // order (a plain serial dictatorship with Aliya first would pick the worse one).
    for (let seed = 0; seed < 10; seed++) {
      const result = allocateClasses({
        classes: [masterClass(PAINTING, 1), masterClass(SCULPTURE, 1)],
        participants: [child(ALIYA, [PAINTING, SCULPTURE]), child(BERIK, [PAINTING])],
        options: { seed },
      });
      expect(result.enrolments).toEqual([
        { participantId: ALIYA, classId: SCULPTURE, viaPreference: 2 },
        { participantId: BERIK, classId: PAINTING, viaPreference: 1 },
      ]);
      expect(result.unmet).toEqual([{ participantId: ALIYA, classId: PAINTING, rank: 1, reason: "full" }]);
    }
  });

  it("prefers two first choices to one first and two second choices", () => {
    // Painting and Sculpture have 1 place, Photo 2. Aliya: Sculpture, Painting; Berik: Painting,
    // Photo; Dana: Sculpture. Round 1 could give
    //   Berik → Painting and Sculpture to Aliya or Dana: 2 firsts, 0 seconds, or
    //   Aliya → Painting, Berik → Photo, Dana → Sculpture: 1 first, 2 seconds — everyone served by
    //   a wish, but the objective is first choices first, so the former.
    // Round 2: Berik adds Photo (rank 2). The loser of Sculpture (the later of Aliya and Dana in the
    // seeded order) has nothing they ranked left, and is filled up with Photo's last place.
    for (let seed = 0; seed < 10; seed++) {
      const [sculptureWinner, sculptureLoser] = tieBreakOrder([ALIYA, DANA], seed) as [number, number];
      const result = allocateClasses({
        classes: [masterClass(PAINTING, 1), masterClass(SCULPTURE, 1), masterClass(PHOTO, 2)],
        participants: [child(ALIYA, [SCULPTURE, PAINTING]), child(BERIK, [PAINTING, PHOTO]), child(DANA, [SCULPTURE])],
        options: { seed },
      });
      expect(result.enrolments).toContainEqual({ participantId: BERIK, classId: PAINTING, viaPreference: 1 });
      expect(result.enrolments).toContainEqual({
        participantId: sculptureWinner,
        classId: SCULPTURE,
        viaPreference: 1,
      });
      expect(result.enrolments).toContainEqual({ participantId: BERIK, classId: PHOTO, viaPreference: 2 });
      expect(result.enrolments).toContainEqual({ participantId: sculptureLoser, classId: PHOTO, viaPreference: null });
      expect(result.enrolments).toHaveLength(4);
    }
  });

  it("reports a class lost to others as 'full' even when it also clashes with the class the child got", () => {
    // Painting 10:00–11:00 has 1 place; Sculpture 10:30–11:30 has 5. Both children rank Painting,
    // then Sculpture. The winner of Painting cannot take Sculpture: 'overlap'. The loser lost
    // Painting to competition, not to a clash of their own making: 'full', and gets Sculpture.
    const [winner, loser] = tieBreakOrder([ALIYA, BERIK], 0) as [number, number];
    const result = allocateClasses({
      classes: [
        masterClass(PAINTING, 1, { sessions: [meets(at(10), at(11))] }),
        masterClass(SCULPTURE, 5, { sessions: [meets(at(10, 30), at(11, 30))] }),
      ],
      participants: [child(ALIYA, [PAINTING, SCULPTURE]), child(BERIK, [PAINTING, SCULPTURE])],
    });
    expect(classesOf(result, winner)).toEqual([PAINTING]);
    expect(classesOf(result, loser)).toEqual([SCULPTURE]);
    expect(result.unmet).toContainEqual({ participantId: winner, classId: SCULPTURE, rank: 2, reason: "overlap" });
    expect(result.unmet).toContainEqual({ participantId: loser, classId: PAINTING, rank: 1, reason: "full" });
    expect(result.unmet).toHaveLength(2);
  });

  it("does not put a child in two preferred classes that overlap, and keeps back-to-back ones", () => {
    // Painting 10:00–11:00 and again on day 2 14:00–15:00; Sculpture day 2 14:30–15:30 (clashes
    // with Painting's second session); Animation 11:00–12:00 (starts as Painting ends: no clash).
    // Round 1: Painting (rank 1). Round 2: Sculpture clashes → 'overlap'; Animation (rank 3) fits.
    const day2 = 24 * 60;
    const result = allocateClasses({
      classes: [
        masterClass(PAINTING, 5, { sessions: [meets(at(10), at(11)), meets(day2 + at(14), day2 + at(15))] }),
        masterClass(SCULPTURE, 5, { sessions: [meets(day2 + at(14, 30), day2 + at(15, 30))] }),
        masterClass(ANIMATION, 5, { sessions: [meets(at(11), at(12))] }),
      ],
      participants: [child(ALIYA, [PAINTING, SCULPTURE, ANIMATION])],
    });
    expect(result.enrolments).toEqual([
      { participantId: ALIYA, classId: PAINTING, viaPreference: 1 },
      { participantId: ALIYA, classId: ANIMATION, viaPreference: 3 },
    ]);
    expect(result.unmet).toEqual([{ participantId: ALIYA, classId: SCULPTURE, rank: 2, reason: "overlap" }]);
  });

  it("respects age limits, inclusive at both ends", () => {
    // Animation is for 14–17. Aliya (12) ranks it first: 'age', she gets Sculpture (rank 2).
    // Berik (14) and Dana (17) are on the limits and get it.
    const result = allocateClasses({
      classes: [masterClass(ANIMATION, 5, { minAge: 14, maxAge: 17 }), masterClass(SCULPTURE, 5)],
      participants: [
        child(ALIYA, [ANIMATION, SCULPTURE], 12),
        child(BERIK, [ANIMATION], 14),
        child(DANA, [ANIMATION], 17),
      ],
    });
    // Sculpture has places left, so the fill-up gives it to Berik and Dana too.
    expect(result.enrolments).toEqual([
      { participantId: ALIYA, classId: SCULPTURE, viaPreference: 2 },
      { participantId: BERIK, classId: ANIMATION, viaPreference: 1 },
      { participantId: BERIK, classId: SCULPTURE, viaPreference: null },
      { participantId: DANA, classId: ANIMATION, viaPreference: 1 },
      { participantId: DANA, classId: SCULPTURE, viaPreference: null },
    ]);
    expect(result.unmet).toEqual([{ participantId: ALIYA, classId: ANIMATION, rank: 1, reason: "age" }]);
  });

  it("gives a child with no preferences a class that has a place and fits their age", () => {
    // Painting's single place goes to Aliya (her first choice). Animation is for 15+, Dana is 12.
    // Only Photo is left for Dana, outside any preference; Aliya (14) fills up with Photo as well.
    const result = allocateClasses({
      classes: [masterClass(PAINTING, 1), masterClass(ANIMATION, 5, { minAge: 15 }), masterClass(PHOTO, 5)],
      participants: [child(ALIYA, [PAINTING]), child(DANA, [], 12)],
    });
    expect(result.enrolments).toEqual([
      { participantId: ALIYA, classId: PAINTING, viaPreference: 1 },
      { participantId: ALIYA, classId: PHOTO, viaPreference: null },
      { participantId: DANA, classId: PHOTO, viaPreference: null },
    ]);
    expect(result.unmet).toEqual([]);
    // Dana ranked nothing, so the shares count Aliya only.
    expect(result.stats).toEqual({ firstChoiceShare: 1, anyChoiceShare: 1, emptyParticipants: 0 });
  });

  it("reports a full class as unmet with 'full' and leaves the child empty when nothing else has a place", () => {
    // Painting has 1 place; Aliya and Berik want only Painting. One gets it (the first in the
    // seeded order); the other: Painting 'full', and there is no other class to fill up with.
    const [winner, loser] = tieBreakOrder([ALIYA, BERIK], 0) as [number, number];
    const result = allocateClasses({
      classes: [masterClass(PAINTING, 1)],
      participants: [child(ALIYA, [PAINTING]), child(BERIK, [PAINTING])],
    });
    expect(result.enrolments).toEqual([{ participantId: winner, classId: PAINTING, viaPreference: 1 }]);
    expect(result.unmet).toEqual([{ participantId: loser, classId: PAINTING, rank: 1, reason: "full" }]);
    expect(result.stats).toEqual({ firstChoiceShare: 0.5, anyChoiceShare: 0.5, emptyParticipants: 1 });
  });

  it("stops at the class limit and reports the rest as 'limit'", () => {
    const result = allocateClasses({
      classes: [masterClass(PAINTING, 5), masterClass(SCULPTURE, 5), masterClass(PHOTO, 5)],
      participants: [child(ALIYA, [PHOTO, PAINTING, SCULPTURE])],
      options: { maxClassesPerParticipant: 2 },
    });
    expect(classesOf(result, ALIYA)).toEqual([PHOTO, PAINTING]);
    expect(result.unmet).toEqual([{ participantId: ALIYA, classId: SCULPTURE, rank: 3, reason: "limit" }]);
  });

  it("fills up as many empty children as possible, not greedily", () => {
    // Painting (any age, 1 place) and Sculpture (12–13, 1 place); Aliya is 12, Berik 15, neither
    // ranked anything. Aliya → Painting would leave Berik with nothing; the matching gives Aliya
    // Sculpture and Berik Painting, under every seed.
    for (let seed = 0; seed < 10; seed++) {
      const result = allocateClasses({
        classes: [masterClass(PAINTING, 1), masterClass(SCULPTURE, 1, { minAge: 12, maxAge: 13 })],
        participants: [child(ALIYA, [], 12), child(BERIK, [], 15)],
        options: { seed },
      });
      expect(result.enrolments).toEqual([
        { participantId: ALIYA, classId: SCULPTURE, viaPreference: null },
        { participantId: BERIK, classId: PAINTING, viaPreference: null },
      ]);
    }
  });

  it("handles an academy with nobody in it", () => {
    expect(allocateClasses({ classes: [masterClass(PAINTING, 3)], participants: [] })).toEqual({
      enrolments: [],
      unmet: [],
      stats: { firstChoiceShare: 0, anyChoiceShare: 0, emptyParticipants: 0 },
    });
  });

  it("refuses malformed input", () => {
    const classes = [masterClass(PAINTING, 1)];
    expect(() => allocateClasses({ classes, participants: [child(ALIYA, [SCULPTURE])] })).toThrow(/unknown class 2/);
    expect(() => allocateClasses({ classes, participants: [child(ALIYA, [PAINTING, PAINTING])] })).toThrow(/twice/);
    expect(() => allocateClasses({ classes, participants: [child(ALIYA, []), child(ALIYA, [])] })).toThrow(/twice/);
    expect(() => allocateClasses({ classes: [masterClass(PAINTING, -1)], participants: [] })).toThrow(/capacity/);
    expect(() =>
      allocateClasses({ classes: [masterClass(PAINTING, 1, { sessions: [meets(60, 60)] })], participants: [] }),
    ).toThrow(/session/);
    expect(() => allocateClasses({ classes, participants: [], options: { maxClassesPerParticipant: 0 } })).toThrow(
      /maxClassesPerParticipant/,
    );
  });
});
