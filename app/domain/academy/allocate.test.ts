import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  type AcademyParticipant,
  ageFits,
  allocateClasses,
  type AllocationInput,
  type AllocationResult,
  classesClash,
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
    expect(result.enrolments).toEqual([
      { participantId: ALIYA, classId: SCULPTURE, viaPreference: 2 },
      { participantId: BERIK, classId: ANIMATION, viaPreference: 1 },
      { participantId: DANA, classId: ANIMATION, viaPreference: 1 },
    ]);
    expect(result.unmet).toEqual([{ participantId: ALIYA, classId: ANIMATION, rank: 1, reason: "age" }]);
  });

  it("gives a child with no preferences a class that has a place and fits their age", () => {
    // Painting's single place goes to Aliya (her first choice). Animation is for 15+, Dana is 12.
    // Only Photo is left for Dana, outside any preference.
    const result = allocateClasses({
      classes: [masterClass(PAINTING, 1), masterClass(ANIMATION, 5, { minAge: 15 }), masterClass(PHOTO, 5)],
      participants: [child(ALIYA, [PAINTING]), child(DANA, [], 12)],
    });
    expect(result.enrolments).toEqual([
      { participantId: ALIYA, classId: PAINTING, viaPreference: 1 },
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

// ---------------------------------------------------------------------------------------------------
// Properties over random academies.
// ---------------------------------------------------------------------------------------------------

interface AcademyShape {
  maxClasses: number;
  maxParticipants: number;
  maxCapacity: number;
}

function academy({ maxClasses, maxParticipants, maxCapacity }: AcademyShape): fc.Arbitrary<AllocationInput> {
  const session = fc
    .record({ start: fc.integer({ min: 0, max: 16 }), length: fc.integer({ min: 1, max: 6 }) })
    .map(({ start, length }) => meets(start * 30, (start + length) * 30));
  const ages = fc.option(fc.integer({ min: 12, max: 17 }), { nil: undefined });
  const classes = fc
    .uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: maxClasses })
    .chain((ids) =>
      fc.tuple(
        ...ids.map((id) =>
          fc
            .record({
              capacity: fc.integer({ min: 0, max: maxCapacity }),
              sessions: fc.array(session, { minLength: 1, maxLength: 3 }),
              a: ages,
              b: ages,
            })
            .map(({ capacity, sessions, a, b }): MasterClass => {
              const [minAge, maxAge] = a !== undefined && b !== undefined && a > b ? [b, a] : [a, b];
              return {
                id,
                capacity,
                sessions,
                ...(minAge === undefined ? {} : { minAge }),
                ...(maxAge === undefined ? {} : { maxAge }),
              };
            }),
        ),
      ),
    );
  return classes.chain((cs) => {
    const ids = cs.map((c) => c.id);
    const participant = (id: number) =>
      fc
        .record({ age: fc.integer({ min: 12, max: 17 }), preferences: fc.shuffledSubarray(ids) })
        .map(({ age, preferences }): AcademyParticipant => ({ id, age, preferences }));
    return fc.record({
      classes: fc.constant(cs),
      participants: fc
        .uniqueArray(fc.integer({ min: 1, max: 100_000 }), { maxLength: maxParticipants })
        .chain((pids) => fc.tuple(...pids.map(participant))),
      options: fc.record(
        {
          maxClassesPerParticipant: fc.integer({ min: 1, max: 3 }),
          seed: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        },
        { requiredKeys: [] },
      ),
    });
  });
}

const typical = academy({ maxClasses: 7, maxParticipants: 20, maxCapacity: 4 });

function enrolledIn(result: AllocationResult) {
  const byParticipant = new Map<number, number[]>();
  const byClass = new Map<number, number>();
  for (const e of result.enrolments) {
    byParticipant.set(e.participantId, [...(byParticipant.get(e.participantId) ?? []), e.classId]);
    byClass.set(e.classId, (byClass.get(e.classId) ?? 0) + 1);
  }
  return { byParticipant, byClass };
}

describe("allocateClasses: properties", () => {
  it("never fills a class over its capacity, nor puts a child in one class twice", () => {
    fc.assert(
      fc.property(typical, (input) => {
        const result = allocateClasses(input);
        const { byParticipant, byClass } = enrolledIn(result);
        for (const c of input.classes) expect(byClass.get(c.id) ?? 0).toBeLessThanOrEqual(c.capacity);
        for (const classIds of byParticipant.values()) expect(new Set(classIds).size).toBe(classIds.length);
      }),
      { numRuns: 300 },
    );
  });

  it("never gives a child two classes that overlap, more classes than the limit, or a class outside their age", () => {
    fc.assert(
      fc.property(typical, (input) => {
        const result = allocateClasses(input);
        const classById = new Map(input.classes.map((c) => [c.id, c]));
        for (const p of input.participants) {
          const mine = classesOf(result, p.id).map((id) => classById.get(id)!);
          for (const c of mine) expect(ageFits(c, p.age)).toBe(true);
          for (let i = 0; i < mine.length; i++) {
            for (let j = i + 1; j < mine.length; j++) expect(classesClash(mine[i]!, mine[j]!)).toBe(false);
          }
          expect(mine.length).toBeLessThanOrEqual(input.options?.maxClassesPerParticipant ?? Infinity);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("honours every preference or lists it in unmet exactly once, with a reason that holds", () => {
    fc.assert(
      fc.property(typical, (input) => {
        const result = allocateClasses(input);
        const { byParticipant, byClass } = enrolledIn(result);
        const classById = new Map(input.classes.map((c) => [c.id, c]));
        const limit = input.options?.maxClassesPerParticipant ?? Infinity;
        for (const p of input.participants) {
          const mine = byParticipant.get(p.id) ?? [];
          p.preferences.forEach((classId, i) => {
            const rank = i + 1;
            const honoured = result.enrolments.filter((e) => e.participantId === p.id && e.classId === classId);
            const unmet = result.unmet.filter((u) => u.participantId === p.id && u.classId === classId);
            expect(honoured.length + unmet.length).toBe(1);
            if (honoured[0]) expect(honoured[0].viaPreference).toBe(rank);
            const u = unmet[0];
            if (!u) return;
            expect(u.rank).toBe(rank);
            const c = classById.get(classId)!;
            switch (u.reason) {
              case "age":
                expect(ageFits(c, p.age)).toBe(false);
                break;
              case "overlap":
                expect(mine.some((held) => classesClash(classById.get(held)!, c))).toBe(true);
                break;
              case "limit":
                expect(mine.length).toBe(limit);
                break;
              case "full":
                expect(byClass.get(classId) ?? 0).toBe(c.capacity);
                break;
            }
          });
          // Nothing else is reported, and a class outside the list comes only from the fill-up.
          expect(result.unmet.filter((u) => u.participantId === p.id)).toHaveLength(
            p.preferences.length -
              result.enrolments.filter((e) => e.participantId === p.id && e.viaPreference !== null).length,
          );
          const filledUp = result.enrolments.filter((e) => e.participantId === p.id && e.viaPreference === null);
          for (const e of filledUp) expect(p.preferences).not.toContain(e.classId);
          if (filledUp.length > 0) expect(mine).toHaveLength(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("leaves nobody with nothing while a class they could attend has a place", () => {
    fc.assert(
      fc.property(typical, (input) => {
        const result = allocateClasses(input);
        const { byParticipant, byClass } = enrolledIn(result);
        let empty = 0;
        for (const p of input.participants) {
          if (byParticipant.has(p.id)) continue;
          empty++;
          const open = input.classes.filter((c) => ageFits(c, p.age) && (byClass.get(c.id) ?? 0) < c.capacity);
          expect(
            open.map((c) => c.id),
            `participant ${p.id} is empty`,
          ).toEqual([]);
        }
        expect(result.stats.emptyParticipants).toBe(empty);
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same timetable for the same seed, whatever the input order", () => {
    const shuffled = typical.chain((input) =>
      fc.record({
        input: fc.constant(input),
        reordered: fc.record({
          classes: fc.shuffledSubarray([...input.classes], { minLength: input.classes.length }),
          participants: fc.shuffledSubarray([...input.participants], { minLength: input.participants.length }),
          options: fc.constant(input.options),
        }),
      }),
    );
    const key = (e: { participantId: number; classId: number }) => `${e.participantId}/${e.classId}`;
    fc.assert(
      fc.property(shuffled, ({ input, reordered }) => {
        const once = allocateClasses(input);
        expect(allocateClasses(input)).toEqual(once);
        const other = allocateClasses(reordered);
        expect(new Set(other.enrolments.map((e) => `${key(e)}:${e.viaPreference}`))).toEqual(
          new Set(once.enrolments.map((e) => `${key(e)}:${e.viaPreference}`)),
        );
        expect(new Set(other.unmet.map((u) => `${key(u)}:${u.reason}`))).toEqual(
          new Set(once.unmet.map((u) => `${key(u)}:${u.reason}`)),
        );
        expect(other.stats).toEqual(once.stats);
      }),
      { numRuns: 200 },
    );
  });

  it("gives as many first choices as any valid timetable could (brute force on small academies)", () => {
    fc.assert(
      fc.property(academy({ maxClasses: 3, maxParticipants: 4, maxCapacity: 2 }), (input) => {
        const result = allocateClasses(input);
        const firsts = result.enrolments.filter((e) => e.viaPreference === 1).length;
        expect(firsts).toBe(mostFirstChoicesPossible(input));
      }),
      { numRuns: 500 },
    );
  });

  it("reports shares that match the enrolments", () => {
    fc.assert(
      fc.property(typical, (input) => {
        const { enrolments, stats } = allocateClasses(input);
        const ranking = input.participants.filter((p) => p.preferences.length > 0);
        const got = (p: AcademyParticipant, pred: (rank: number | null) => boolean) =>
          enrolments.some((e) => e.participantId === p.id && pred(e.viaPreference));
        const share = (n: number) => (ranking.length === 0 ? 0 : n / ranking.length);
        expect(stats.firstChoiceShare).toBe(share(ranking.filter((p) => got(p, (r) => r === 1)).length));
        expect(stats.anyChoiceShare).toBe(share(ranking.filter((p) => got(p, (r) => r !== null)).length));
      }),
    );
  });
});

/** Every valid timetable (each child any subset of classes), the most first choices among them. */
function mostFirstChoicesPossible({ classes, participants, options }: AllocationInput): number {
  const limit = options?.maxClassesPerParticipant ?? Infinity;
  const validSets = participants.map((p) => {
    const sets: number[][] = [];
    for (let mask = 0; mask < 1 << classes.length; mask++) {
      const chosen = classes.filter((_, i) => mask & (1 << i));
      const ok =
        chosen.length <= limit &&
        chosen.every((c) => ageFits(c, p.age)) &&
        chosen.every((c, i) => chosen.slice(i + 1).every((d) => !classesClash(c, d)));
      if (ok) sets.push(chosen.map((c) => c.id));
    }
    return sets;
  });
  const taken = new Map<number, number>();
  let best = 0;
  const visit = (i: number, firsts: number) => {
    if (i === participants.length) {
      best = Math.max(best, firsts);
      return;
    }
    const p = participants[i]!;
    for (const set of validSets[i]!) {
      if (set.some((id) => (taken.get(id) ?? 0) >= classes.find((c) => c.id === id)!.capacity)) continue;
      for (const id of set) taken.set(id, (taken.get(id) ?? 0) + 1);
      visit(i + 1, firsts + (p.preferences[0] !== undefined && set.includes(p.preferences[0]) ? 1 : 0));
      for (const id of set) taken.set(id, taken.get(id)! - 1);
    }
  };
  visit(0, 0);
  return best;
}
