// Running-order numbers: how the organiser names a slot on a long running order ("#412") and finds
// one by what they know of it (a reference code, a performer, a title). Pure: the caller says which
// day a minute falls on, since that needs the round's clock.

import type { Slot } from "./types";

/** A slot with its running-order number (from 1) and the day it starts on ('YYYY-MM-DD'). */
export interface NumberedSlot extends Slot {
  position: number;
  date: string;
}

/**
 * Numbers the slots day by day, on each day stage by stage in `stageIds` order (a stage not listed
 * last), and on a stage by start: so one stage's day is one unbroken run of numbers.
 */
export function numberSlots(
  slots: readonly Slot[],
  stageIds: readonly number[],
  dayOf: (minutes: number) => string,
): NumberedSlot[] {
  const rank = new Map(stageIds.map((id, i) => [id, i]));
  const rankOf = (id: number) => rank.get(id) ?? stageIds.length;
  return slots
    .map((s) => ({ ...s, date: dayOf(s.start), position: 0 }))
    .sort(
      (a, b) =>
        (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
        rankOf(a.stageId) - rankOf(b.stageId) ||
        a.stageId - b.stageId ||
        a.start - b.start ||
        a.end - b.end ||
        a.entryId - b.entryId,
    )
    .map((s, i) => ({ ...s, position: i + 1 }));
}

/**
 * A short fingerprint of the numbering (which entry holds which number). A page sends it back with a
 * number, so a number read before someone else's edit renumbered the slots is not taken for another.
 */
export function numberingStamp(numbered: readonly Pick<NumberedSlot, "entryId">[]): string {
  // FNV-1a over the entry ids in number order: not for secrecy, only to notice a change.
  let hash = 0x811c9dc5;
  for (const { entryId } of numbered) {
    for (let v = entryId, i = 0; i < 4; i++, v >>>= 8) {
      hash ^= v & 0xff;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return `${numbered.length.toString(36)}-${hash.toString(36)}`;
}

/** What the organiser typed to name a slot: its number ("12", "#12", "№ 12") or words to search for. */
export type SlotQuery = { kind: "number"; position: number } | { kind: "search"; text: string; words: string[] };

export function parseSlotQuery(raw: string): SlotQuery | null {
  const text = raw.trim().replace(/\s+/g, " ");
  if (!text) return null;
  const number = /^(?:#|№|no\.?)?\s*(\d{1,7})$/i.exec(text);
  if (number) return { kind: "number", position: Number(number[1]) };
  const lower = text.toLocaleLowerCase();
  return { kind: "search", text: lower, words: lower.split(" ") };
}

/** What a slot can be found by. */
export interface SlotFacts {
  reference: string;
  title: string;
  performers: readonly string[];
}

/**
 * The slots `query` names, in number order: the one with that number; or the one whose reference
 * code it is; or every slot whose title, performers and reference together contain each word.
 */
export function findSlots<S extends NumberedSlot>(
  numbered: readonly S[],
  factsOf: (entryId: number) => SlotFacts | undefined,
  query: SlotQuery,
): S[] {
  if (query.kind === "number") {
    const slot = numbered[query.position - 1];
    return slot && slot.position === query.position ? [slot] : [];
  }
  const byReference = numbered.filter((s) => factsOf(s.entryId)?.reference.toLocaleLowerCase() === query.text);
  if (byReference.length > 0) return byReference;
  return numbered.filter((s) => {
    const facts = factsOf(s.entryId);
    if (!facts) return false;
    const haystack = [facts.title, ...facts.performers, facts.reference].join(" ").toLocaleLowerCase();
    return query.words.every((w) => haystack.includes(w));
  });
}
