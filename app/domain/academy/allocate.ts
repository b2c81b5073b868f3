/**
 * The Art Academy timetable: which finalist sits in which master class.
 *
 * Method — rounds of rank-maximal matching, then a fill-up:
 *
 * 1. Rounds. In each round every participant may gain at most one more class, from their own ranked
 *    list, among the classes they can still take (age fits, no clash with a class they already
 *    hold, under their class limit, a place left). The round's assignment is rank-maximal: it gives
 *    as many participants as possible a first choice, then as many as possible a second choice, and
 *    so on (see rank-maximal-matching.ts, solved exactly by min-cost flow). Rounds repeat until one
 *    adds nothing.
 * 2. Fill-up. Everyone still without a class is matched to any class with a free place that fits
 *    their age (a maximum matching, so as few as possible stay empty).
 *
 * What it optimises, and why it is fair:
 * - The number of first choices is the largest any timetable can give: one first choice per person
 *   is exactly what round 1 assigns, and round 1 maximises it. Within every round, later ranks are
 *   then maximised in order, so no participant's second choice ever costs another's first.
 * - Breadth before depth: nobody gets a second class in a round before everyone has had their turn
 *   at a first one, so a participant with many wishes cannot crowd out one with few.
 * - No wasted places: when a round ends, any class someone preferred to what they got (or wanted
 *   and got nothing) is full, since otherwise moving them there would improve the round's profile.
 *   After the fill-up nobody has nothing while a class they could attend has a place: such a
 *   person and place would form an augmenting path, which a maximum matching does not have.
 * - Ties (three children want a two-place class first) go by a seeded pseudo-random order of the
 *   participants: among rank-maximal outcomes the solver picks the one that is best for the first
 *   person in the order, then the second, and so on, like a serial dictatorship restricted to
 *   optimal outcomes. The order reverses every round (a snake draft), so whoever lost a tie in one
 *   round is among the first served in the next. A participant's place in the order is a hash of
 *   (seed, id): independent of input order, and unchanged for everyone else when one participant is
 *   added or removed, so a re-run after a late registration does not reshuffle the whole academy.
 *
 * The result depends only on the sets of classes and participants and on the seed, not on input
 * order: classes are handled in id order and participants in the seeded order, so the solver always
 * sees the same problem (and a round's optimum is unique anyway: the per-participant ranks fix it).
 */

import { type RankedEdge, rankMaximalMatching } from "./rank-maximal-matching";

/** Minutes on one timeline (e.g. since the academy's first morning); [start, end) half-open. */
export interface ClassSession {
  start: number;
  end: number;
}

export interface MasterClass {
  id: number;
  capacity: number;
  /** Every time the class meets. */
  sessions: readonly ClassSession[];
  /** Inclusive. */
  minAge?: number;
  /** Inclusive. */
  maxAge?: number;
}

export interface AcademyParticipant {
  id: number;
  age: number;
  /** Class ids, best first; may be empty. */
  preferences: readonly number[];
}

export interface AllocationOptions {
  /** At least 1; by default as many as fit without overlap. */
  maxClassesPerParticipant?: number;
  /** Picks the tie-break order; the same seed gives the same timetable. Default 0. */
  seed?: number;
}

export interface AllocationInput {
  classes: readonly MasterClass[];
  participants: readonly AcademyParticipant[];
  options?: AllocationOptions;
}

export interface Enrolment {
  participantId: number;
  classId: number;
  /** The rank (1 = first choice) of the class in the participant's list; null when filled up. */
  viaPreference: number | null;
}

/**
 * Why a preference was not honoured, at the moment it stopped being possible:
 * `age` outside the class's ages; `overlap` clashes with a class the participant got (ranked
 * higher, or taken in an earlier round); `limit` the participant already has the most classes
 * allowed; `full` no place was left for them.
 */
export type UnmetReason = "full" | "overlap" | "age" | "limit";

export interface UnmetPreference {
  participantId: number;
  classId: number;
  rank: number;
  reason: UnmetReason;
}

export interface AllocationStats {
  /** Of the participants who ranked at least one class, the share who got their first choice (0 if none ranked any). */
  firstChoiceShare: number;
  /** Of the participants who ranked at least one class, the share who got at least one of them (0 if none ranked any). */
  anyChoiceShare: number;
  /** How many participants ended with no class at all. */
  emptyParticipants: number;
}

export interface AllocationResult {
  /** Grouped by participant in input order; each participant's classes by rank, a filled-up class last. */
  enrolments: Enrolment[];
  /** Every preference not honoured, in input order of participants, then by rank. */
  unmet: UnmetPreference[];
  stats: AllocationStats;
}

type PreferenceState = "pending" | "honoured" | UnmetReason;

interface Wish {
  classIndex: number;
  rank: number;
  state: PreferenceState;
}

interface Person {
  participant: AcademyParticipant;
  /** Class indices, in the order they were enrolled. */
  held: number[];
  fillUpClass: number | null;
  wishes: Wish[];
}

export function allocateClasses(input: AllocationInput): AllocationResult {
  assertValidInput(input);
  const limit = input.options?.maxClassesPerParticipant ?? Number.POSITIVE_INFINITY;
  const seed = input.options?.seed ?? 0;

  const classes = [...input.classes].sort((a, b) => a.id - b.id);
  const classIndexById = new Map(classes.map((c, i) => [c.id, i]));
  const freePlaces = classes.map((c) => c.capacity);
  const clashes = clashMatrix(classes);
  const fits = (person: Person, classIndex: number) => ageFits(classes[classIndex]!, person.participant.age);

  const people: Person[] = input.participants.map((participant) => ({
    participant,
    held: [],
    fillUpClass: null,
    wishes: participant.preferences.map((classId, i) => ({
      classIndex: classIndexById.get(classId)!,
      rank: i + 1,
      state: "pending",
    })),
  }));
  const personById = new Map(people.map((person) => [person.participant.id, person]));
  const order = tieBreakOrder([...personById.keys()], seed).map((id) => personById.get(id)!);
  const reversed = [...order].reverse();

  const blockedBy = (person: Person, classIndex: number): UnmetReason | null => {
    if (!fits(person, classIndex)) return "age";
    if (person.held.some((held) => clashes[held]![classIndex])) return "overlap";
    if (person.held.length >= limit) return "limit";
    if (freePlaces[classIndex]! <= 0) return "full";
    return null;
  };
  const enrol = (person: Person, classIndex: number) => {
    person.held.push(classIndex);
    freePlaces[classIndex] = freePlaces[classIndex]! - 1;
  };

  let round = 0;
  for (; ; round++) {
    for (const person of people) {
      for (const wish of person.wishes) {
        if (wish.state === "pending") wish.state = blockedBy(person, wish.classIndex) ?? "pending";
      }
    }
    const active = (round % 2 === 0 ? order : reversed).filter((person) =>
      person.wishes.some((w) => w.state === "pending"),
    );
    if (active.length === 0) break;

    const edges: RankedEdge[] = active.flatMap((person, position) =>
      person.wishes
        .filter((w) => w.state === "pending")
        .map((w) => ({ participant: position, classIndex: w.classIndex, rank: w.rank })),
    );
    const chosen = rankMaximalMatching({ participantCount: active.length, freePlaces, edges });

    active.forEach((person, position) => {
      const edge = chosen[position] ?? null;
      const gotRank = edge?.rank ?? Number.POSITIVE_INFINITY;
      for (const wish of person.wishes) {
        if (wish.state !== "pending") continue;
        if (edge && wish.rank === edge.rank) {
          wish.state = "honoured";
          enrol(person, wish.classIndex);
        } else if (wish.rank < gotRank) {
          // Possible at the start of the round and better than what they got: the optimum only
          // leaves that when the class filled up (see "No wasted places" above).
          wish.state = "full";
        }
      }
    });
  }

  const emptyInOrder = (round % 2 === 0 ? order : reversed).filter((person) => person.held.length === 0);
  const fillUpEdges: RankedEdge[] = emptyInOrder.flatMap((person, position) =>
    classes.flatMap((_, classIndex) =>
      freePlaces[classIndex]! > 0 && fits(person, classIndex) ? [{ participant: position, classIndex, rank: 1 }] : [],
    ),
  );
  const fillUp = rankMaximalMatching({ participantCount: emptyInOrder.length, freePlaces, edges: fillUpEdges });
  emptyInOrder.forEach((person, position) => {
    const edge = fillUp[position];
    if (!edge) return;
    person.fillUpClass = edge.classIndex;
    enrol(person, edge.classIndex);
  });

  return report(people, classes);
}

function report(people: readonly Person[], classes: readonly MasterClass[]): AllocationResult {
  const enrolments: Enrolment[] = [];
  const unmet: UnmetPreference[] = [];
  for (const person of people) {
    const participantId = person.participant.id;
    for (const wish of person.wishes) {
      const classId = classes[wish.classIndex]!.id;
      if (wish.state === "honoured") enrolments.push({ participantId, classId, viaPreference: wish.rank });
      else if (wish.state === "pending") throw new Error(`Preference ${classId} of ${participantId} left undecided`);
      else unmet.push({ participantId, classId, rank: wish.rank, reason: wish.state });
    }
    if (person.fillUpClass !== null) {
      enrolments.push({ participantId, classId: classes[person.fillUpClass]!.id, viaPreference: null });
    }
  }

  const ranking = people.filter((p) => p.wishes.length > 0);
  const share = (count: number) => (ranking.length === 0 ? 0 : count / ranking.length);
  return {
    enrolments,
    unmet,
    stats: {
      firstChoiceShare: share(ranking.filter((p) => p.wishes[0]!.state === "honoured").length),
      anyChoiceShare: share(ranking.filter((p) => p.wishes.some((w) => w.state === "honoured")).length),
      emptyParticipants: people.filter((p) => p.held.length === 0).length,
    },
  };
}

export function ageFits(masterClass: MasterClass, age: number): boolean {
  return (
    (masterClass.minAge === undefined || age >= masterClass.minAge) &&
    (masterClass.maxAge === undefined || age <= masterClass.maxAge)
  );
}

/** Do two classes meet at the same time at least once? Back-to-back sessions do not clash. */
export function classesClash(a: MasterClass, b: MasterClass): boolean {
  return a.sessions.some((s) => b.sessions.some((t) => s.start < t.end && t.start < s.end));
}

function clashMatrix(classes: readonly MasterClass[]): boolean[][] {
  return classes.map((a, i) => classes.map((b, j) => i !== j && classesClash(a, b)));
}

/**
 * The round-1 service order of the participants (ids), the tie-break of equal claims: by a hash of
 * (seed, id), ties (practically never) by id. Round 2 serves it reversed, round 3 as is, and so on.
 */
export function tieBreakOrder(participantIds: readonly number[], seed: number): number[] {
  const seedHash = mix32((seed >>> 0) ^ 0x9e3779b9) ^ mix32(Math.floor(seed / 2 ** 32) >>> 0);
  const key = (id: number) => mix32(mix32(seedHash ^ (id >>> 0)) ^ (Math.floor(id / 2 ** 32) >>> 0));
  return participantIds
    .map((id) => ({ id, key: key(id) }))
    .sort((a, b) => a.key - b.key || a.id - b.id)
    .map(({ id }) => id);
}

/** MurmurHash3's finaliser: a bijection on 32-bit integers that spreads every input bit. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Malformed input is a bug in the caller (schemas and constraints keep it out), so it throws. */
function assertValidInput({ classes, participants, options = {} }: AllocationInput): void {
  const fail = (message: string): never => {
    throw new RangeError(`allocateClasses: ${message}`);
  };
  const classIds = new Set<number>();
  for (const c of classes) {
    if (!Number.isSafeInteger(c.id)) fail(`class id ${c.id} is not an integer`);
    if (classIds.has(c.id)) fail(`class ${c.id} appears twice`);
    classIds.add(c.id);
    if (!Number.isSafeInteger(c.capacity) || c.capacity < 0) fail(`class ${c.id} has capacity ${c.capacity}`);
    for (const s of c.sessions) {
      if (!Number.isFinite(s.start) || !Number.isFinite(s.end) || s.end <= s.start) {
        fail(`class ${c.id} has a session from ${s.start} to ${s.end}`);
      }
    }
    if (c.minAge !== undefined && c.maxAge !== undefined && c.minAge > c.maxAge) {
      fail(`class ${c.id} has minAge ${c.minAge} above maxAge ${c.maxAge}`);
    }
  }
  const participantIds = new Set<number>();
  for (const p of participants) {
    if (!Number.isSafeInteger(p.id)) fail(`participant id ${p.id} is not an integer`);
    if (participantIds.has(p.id)) fail(`participant ${p.id} appears twice`);
    participantIds.add(p.id);
    if (!Number.isFinite(p.age)) fail(`participant ${p.id} has age ${p.age}`);
    if (new Set(p.preferences).size !== p.preferences.length) fail(`participant ${p.id} ranks a class twice`);
    for (const classId of p.preferences) {
      if (!classIds.has(classId)) fail(`participant ${p.id} ranks unknown class ${classId}`);
    }
  }
  const { maxClassesPerParticipant: max, seed } = options;
  if (max !== undefined && !(max === Number.POSITIVE_INFINITY || (Number.isSafeInteger(max) && max >= 1))) {
    fail(`maxClassesPerParticipant must be a whole number of at least 1, not ${max}`);
  }
  if (seed !== undefined && !Number.isSafeInteger(seed)) fail(`seed must be an integer, not ${seed}`);
}
