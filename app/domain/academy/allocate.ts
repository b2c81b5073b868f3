/**
 * The Art Academy timetable: which finalist sits in which master class.
 *
 * The rule ("fair fill", docs/decisions/0025-academy-fair-fill.md) — rounds, each giving the
 * finalists with the FEWEST classes one more, until no seat can be used, then fair-share transfers:
 *
 * 1. A round. Let m be the fewest classes held by any finalist who can still take some class (a
 *    place left, age fits, no clash with a class they hold, under their class limit). Every such
 *    finalist holding exactly m classes may gain one class in this round: one of their own ranked
 *    wishes, or failing that any class they can take (the fill-up). The round's assignment is
 *    rank-maximal (rank-maximal-matching.ts, solved exactly by min-cost flow): as many first
 *    choices as possible, then second choices, …, and a class outside the list counts below every
 *    ranked one (so a round may leave someone out to give another a ranked wish; step 2 repairs
 *    what that costs in fairness).
 *    Rounds repeat while some finalist can take some class, so no seat stays empty while anyone
 *    could sit in it ("fill-up continues while seats remain").
 * 2. A transfer. When no round can add anything, if a finalist A holds two or more classes fewer
 *    than a finalist B, and B holds a class that A could take (age, no clash with A's classes,
 *    A under the limit) and that is not B's first choice, the seat moves from B to A. Then rounds
 *    resume (B may now fit a class that clashed before). It stops when neither applies.
 *    The pair is chosen deterministically: A with the fewest classes, then B with the most (both
 *    by the service order below on ties); among B's classes the one A ranked best, then the one B
 *    wanted least (a filled-up class before a ranked one), then the lowest class id.
 *
 * What that guarantees (allocate.properties.test.ts checks each on random academies):
 * - Capacity is never exceeded, nobody sits in two classes that meet at the same time, ages and the
 *   class limit hold.
 * - No seat is left empty while some finalist could take it.
 * - Fair share: no finalist holds 2+ classes fewer than another who holds a class they could take,
 *   other than that one's first choice. So with enough seats everyone ends within one class of each
 *   other (100 finalists, 288 seats: 2 or 3 each).
 * - First choices: round 1 is every finalist at 0 classes, and it maximises first choices; nothing
 *   later takes a first choice away, so the number of first choices is the largest any timetable
 *   can give. Within a round, later ranks are maximised in order, so nobody's second choice costs
 *   another's first, and nobody's filled-up class costs another's ranked one.
 * - Breadth before depth: nobody gains a class while a finalist with fewer classes could still gain
 *   one, so a child who ranked many classes cannot crowd out one who ranked few.
 * - Ties (three children want a two-place class first) go by a seeded pseudo-random order of the
 *   participants: among rank-maximal outcomes the solver picks the one that is best for the first
 *   person in the order, then the second, and so on. The order reverses every round (a snake
 *   draft), so whoever lost a tie in one round is among the first served in the next. A
 *   participant's place in the order is a hash of (seed, id): independent of input order, and
 *   unchanged for everyone else when one participant is added or removed.
 *
 * Termination: a round adds at least one enrolment and seats are finite; a transfer keeps the
 * number of enrolments and lowers the sum of the squares of the class counts by at least 2.
 * The result depends only on the sets of classes and participants and on the seed, not on input
 * order: classes are handled in id order and participants in the seeded order.
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
  /** The rank (1 = first choice) of the class in the participant's list; null when filled up from outside it. */
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
  /** Grouped by participant in input order; each participant's classes by rank, filled-up classes last. */
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
  /** Class indices held, in the order they were enrolled. */
  held: number[];
  /** Held classes outside the participant's list, in the order they were filled up. */
  filled: number[];
  wishes: Wish[];
  /** Place in the seeded service order (0 = first). */
  order: number;
}

interface Transfer {
  to: Person;
  from: Person;
  classIndex: number;
}

export function allocateClasses(input: AllocationInput): AllocationResult {
  assertValidInput(input);
  const limit = input.options?.maxClassesPerParticipant ?? Number.POSITIVE_INFINITY;
  const seed = input.options?.seed ?? 0;

  const classes = [...input.classes].sort((a, b) => a.id - b.id);
  const classIndexById = new Map(classes.map((c, i) => [c.id, i]));
  const freePlaces = classes.map((c) => c.capacity);
  const clashes = clashMatrix(classes);
  // A class outside a participant's list ranks below every listed one.
  const unlistedRank = Math.max(0, ...input.participants.map((p) => p.preferences.length)) + 1;

  const people: Person[] = input.participants.map((participant) => ({
    participant,
    held: [],
    filled: [],
    order: 0,
    wishes: participant.preferences.map((classId, i) => ({
      classIndex: classIndexById.get(classId)!,
      rank: i + 1,
      state: "pending",
    })),
  }));
  const personById = new Map(people.map((person) => [person.participant.id, person]));
  const order = tieBreakOrder([...personById.keys()], seed).map((id) => personById.get(id)!);
  order.forEach((person, i) => (person.order = i));
  const reversed = [...order].reverse();

  /** Why the participant cannot take the class now (ignoring that they may hold it), or null. */
  const barrier = (person: Person, classIndex: number): Exclude<UnmetReason, "full"> | null => {
    if (!ageFits(classes[classIndex]!, person.participant.age)) return "age";
    if (person.held.some((held) => clashes[held]![classIndex])) return "overlap";
    if (person.held.length >= limit) return "limit";
    return null;
  };
  const blockedBy = (person: Person, classIndex: number): UnmetReason | null =>
    barrier(person, classIndex) ?? (freePlaces[classIndex]! <= 0 ? "full" : null);
  const wishFor = (person: Person, classIndex: number) => person.wishes.find((w) => w.classIndex === classIndex);
  const openClasses = (person: Person) =>
    classes.flatMap((_, classIndex) =>
      !person.held.includes(classIndex) && blockedBy(person, classIndex) === null ? [classIndex] : [],
    );
  const enrol = (person: Person, classIndex: number) => {
    person.held.push(classIndex);
    freePlaces[classIndex] = freePlaces[classIndex]! - 1;
    const wish = wishFor(person, classIndex);
    if (wish) wish.state = "honoured";
    else person.filled.push(classIndex);
  };

  let round = 0;
  for (;;) {
    for (; ; round++) {
      for (const person of people) {
        for (const wish of person.wishes) {
          if (wish.state === "pending") wish.state = blockedBy(person, wish.classIndex) ?? "pending";
        }
      }
      const open = new Map(people.map((person) => [person, openClasses(person)]));
      const able = people.filter((person) => open.get(person)!.length > 0);
      if (able.length === 0) break;
      const fewest = Math.min(...able.map((person) => person.held.length));
      const active = (round % 2 === 0 ? order : reversed).filter(
        (person) => person.held.length === fewest && open.get(person)!.length > 0,
      );
      const edges: RankedEdge[] = active.flatMap((person, position) =>
        open.get(person)!.map((classIndex) => ({
          participant: position,
          classIndex,
          rank: wishFor(person, classIndex)?.rank ?? unlistedRank,
        })),
      );
      const chosen = rankMaximalMatching({ participantCount: active.length, freePlaces, edges });
      active.forEach((person, position) => {
        const edge = chosen[position] ?? null;
        const gotRank = edge?.rank ?? Number.POSITIVE_INFINITY;
        // Possible at the start of the round and better than what they got: the optimum only
        // leaves that when the class filled up.
        for (const wish of person.wishes) {
          if (wish.state === "pending" && wish.rank < gotRank) wish.state = "full";
        }
        if (edge) enrol(person, edge.classIndex);
      });
    }
    const transfer = fairShareTransfer(people, barrier);
    if (!transfer) break;
    const { to, from, classIndex } = transfer;
    from.held = from.held.filter((c) => c !== classIndex);
    from.filled = from.filled.filter((c) => c !== classIndex);
    const lost = wishFor(from, classIndex);
    if (lost) lost.state = "full";
    // Losing a class may lift a clash or the limit that blocked another of their wishes.
    for (const wish of from.wishes) if (wish.state === "overlap" || wish.state === "limit") wish.state = "pending";
    freePlaces[classIndex] = freePlaces[classIndex]! + 1;
    enrol(to, classIndex);
  }

  return report(people, classes);
}

/**
 * The next seat to move for a fair share (step 2 of the rule in the header), or null: to the
 * participant with the fewest classes, from one holding at least two more, of a class the first
 * can take and that is not the holder's first choice.
 */
function fairShareTransfer(
  people: readonly Person[],
  barrier: (person: Person, classIndex: number) => UnmetReason | null,
): Transfer | null {
  const ascending = [...people].sort((a, b) => a.held.length - b.held.length || a.order - b.order);
  const descending = [...people].sort((a, b) => b.held.length - a.held.length || a.order - b.order);
  const rankOf = (person: Person, classIndex: number) =>
    person.wishes.find((w) => w.classIndex === classIndex)?.rank ?? Number.POSITIVE_INFINITY;
  for (const to of ascending) {
    for (const from of descending) {
      if (from.held.length < to.held.length + 2) break;
      const movable = from.held.filter(
        (classIndex) =>
          rankOf(from, classIndex) !== 1 && !to.held.includes(classIndex) && barrier(to, classIndex) === null,
      );
      if (movable.length === 0) continue;
      const [classIndex] = movable.sort(
        (a, b) => rankOf(to, a) - rankOf(to, b) || rankOf(from, b) - rankOf(from, a) || a - b,
      );
      return { to, from, classIndex: classIndex! };
    }
  }
  return null;
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
    for (const classIndex of person.filled) {
      enrolments.push({ participantId, classId: classes[classIndex]!.id, viaPreference: null });
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
