// Properties of ranking and awards over random sections.

import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { assignAwards, awardByRank } from "./awards";
import { rankEntries, type RankInput } from "./rank";
import { AWARDS, TIE_BREAKS } from "./rules";

// Small value ranges so ties (and ties on every tie-break) are frequent.
const small = fc.option(fc.integer({ min: 0, max: 4 }), { freq: 6 });
const entriesArb = fc
  .array(
    fc.record({
      total: small,
      median: small,
      mean: small,
      firstCriterion: small,
      chairPosition: fc.option(fc.integer({ min: 1, max: 3 })),
    }),
    { maxLength: 12 },
  )
  .map((list): RankInput[] => list.map((e, i) => ({ entryId: i + 1, ...e })));
const rulesArb = fc.record({ tieBreaks: fc.shuffledSubarray([...TIE_BREAKS]), sharedPlaces: fc.boolean() });

describe("ranking, for any section", () => {
  it("is a standard competition ranking: each rank is 1 + the number of entries placed strictly above", () => {
    fc.assert(
      fc.property(entriesArb, rulesArb, (entries, rules) => {
        const ranked = rankEntries(entries, rules);
        expect(ranked.map((r) => r.entryId).sort((a, b) => a - b)).toEqual(entries.map((e) => e.entryId));
        const ranks = ranked.filter((r) => r.rank !== null).map((r) => r.rank!);
        for (const r of ranked) {
          const input = entries.find((e) => e.entryId === r.entryId)!;
          expect(r.rank === null).toBe(input.total === null);
          if (r.rank === null) continue;
          expect(r.rank).toBe(1 + ranks.filter((x) => x < r.rank!).length);
          const tied = ranks.filter((x) => x === r.rank).length > 1;
          expect(r.shared).toBe(tied && rules.sharedPlaces);
          expect(r.needsChair).toBe(tied && !rules.sharedPlaces);
        }
      }),
    );
  });

  it("never places a lower total above a higher one, and ties only equal totals", () => {
    fc.assert(
      fc.property(entriesArb, rulesArb, (entries, rules) => {
        const byId = new Map(entries.map((e) => [e.entryId, e]));
        const ranked = rankEntries(entries, rules).filter((r) => r.rank !== null);
        for (const a of ranked)
          for (const b of ranked) {
            const ta = byId.get(a.entryId)!.total!;
            const tb = byId.get(b.entryId)!.total!;
            if (ta > tb) expect(a.rank!).toBeLessThan(b.rank!);
            if (a.rank === b.rank) expect(ta).toBe(tb);
          }
      }),
    );
  });

  it("does not depend on the order the entries come in", () => {
    fc.assert(
      fc.property(entriesArb, rulesArb, fc.integer(), (entries, rules, seed) => {
        const shuffled = [...entries].sort(
          (a, b) => ((a.entryId * 7919 + seed) % 97) - ((b.entryId * 7919 + seed) % 97),
        );
        expect(rankEntries(shuffled, rules)).toEqual(rankEntries(entries, rules));
      }),
    );
  });

  it("gives tied entries the same award, and a better rank never a worse award", () => {
    const order: readonly string[] = AWARDS.slice(1); // no Grand Prix here: it is chosen, not ranked
    fc.assert(
      fc.property(entriesArb, rulesArb, (entries, rules) => {
        const ranked = rankEntries(entries, rules);
        const awards = assignAwards(ranked, new Map(), { awardMode: "rank", bands: [] });
        for (const a of ranked) {
          expect(awards.get(a.entryId)).toBe(awardByRank(a.rank));
          for (const b of ranked)
            if (a.rank !== null && b.rank !== null && a.rank <= b.rank)
              expect(order.indexOf(awards.get(a.entryId)!)).toBeLessThanOrEqual(order.indexOf(awards.get(b.entryId)!));
        }
      }),
    );
  });
});
