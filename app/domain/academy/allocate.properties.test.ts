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
} from "./allocate";

// Properties over random academies; the hand-checked cases are in allocate.test.ts.
// Times are minutes from the academy's first morning, 00:00.

const meets = (from: number, to: number) => ({ start: from, end: to });
const classesOf = (result: AllocationResult, participantId: number) =>
  result.enrolments.filter((e) => e.participantId === participantId).map((e) => e.classId);
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

  it("leaves no seat empty while some finalist could take it (age, no clash, under the limit)", () => {
    fc.assert(
      fc.property(typical, (input) => {
        const result = allocateClasses(input);
        const { byClass } = enrolledIn(result);
        for (const c of input.classes) {
          if ((byClass.get(c.id) ?? 0) >= c.capacity) continue;
          for (const p of input.participants) {
            expect(canTake(input, result, p, c), `class ${c.id} has a place participant ${p.id} could take`).toBe(
              false,
            );
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("gives nobody 2+ classes fewer than someone holding a class they could take (not that one's first choice)", () => {
    const tight = academy({ maxClasses: 6, maxParticipants: 12, maxCapacity: 3 });
    fc.assert(
      fc.property(fc.oneof(typical, tight), (input) => {
        const result = allocateClasses(input);
        for (const poorer of input.participants) {
          const few = classesOf(result, poorer.id).length;
          for (const richer of input.participants) {
            const theirs = classesOf(result, richer.id);
            if (theirs.length < few + 2) continue;
            for (const classId of theirs) {
              if (richer.preferences[0] === classId) continue;
              const c = input.classes.find((x) => x.id === classId)!;
              expect(
                canTake(input, result, poorer, c, { ignoreCapacity: true }),
                `${poorer.id} (${few}) could take class ${classId} from ${richer.id} (${theirs.length})`,
              ).toBe(false);
            }
          }
        }
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

/** Could the participant sit in the class as well: not in it yet, a place left, age fits, no clash, under the limit? */
function canTake(
  input: AllocationInput,
  result: AllocationResult,
  p: AcademyParticipant,
  c: MasterClass,
  { ignoreCapacity = false } = {},
): boolean {
  const mine = classesOf(result, p.id);
  const taken = result.enrolments.filter((e) => e.classId === c.id).length;
  const limit = input.options?.maxClassesPerParticipant ?? Infinity;
  return (
    !mine.includes(c.id) &&
    (ignoreCapacity || taken < c.capacity) &&
    ageFits(c, p.age) &&
    mine.length < limit &&
    mine.every(
      (id) =>
        !classesClash(
          input.classes.find((x) => x.id === id)!,
          c,
        ),
    )
  );
}

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
