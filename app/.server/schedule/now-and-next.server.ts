import type { Locale } from "~/domain/locale";

import { type CanPreview, visibleEvent } from "../events/event-preview.server";
import type { DB } from "../platform/db.server";
import { eventHeader } from "./programme-access.server";
import { publicName } from "./public-names.server";
import { entryIdsOf, membersOf, publishedSlotRows, slotOf, stageOf, stagesIn } from "./published-slots.server";

/* "Now and next" on a stage: the screen in the hall and the stage managers' phones. */

/** What is on now (starts at or before `now`, ends after it) and the `count` items after it. */
export function nowAndNext<T extends { startsAt: string; endsAt: string }>(
  slots: T[],
  now: Date,
  count = 3,
): { current: T | null; next: T[] } {
  const at = now.getTime();
  const sorted = [...slots].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const current = sorted.find((s) => Date.parse(s.startsAt) <= at && at < Date.parse(s.endsAt)) ?? null;
  return { current, next: sorted.filter((s) => s !== current && Date.parse(s.startsAt) > at).slice(0, count) };
}

/**
 * "Now and next" on one stage. Without a stage, the stages to choose from. Null when the event
 * is not visible, or the stage has no published slots in it.
 */
export async function stageNowPage(
  db: DB,
  slug: string,
  locale: Locale,
  canPreview: CanPreview,
  stageId: number | null,
  now: Date,
) {
  const event = await visibleEvent(db, slug, canPreview);
  if (!event) return null;
  const header = eventHeader(event, locale);
  if (stageId === null) {
    const rows = await publishedSlotRows(db, { eventId: event.id });
    return {
      event: header,
      stages: stagesIn(rows, locale),
      stage: null,
      current: null,
      next: [],
      now: now.toISOString(),
    };
  }
  const rows = await publishedSlotRows(db, { eventId: event.id, stageId });
  if (rows.length === 0) return null;
  const members = await membersOf(db, entryIdsOf(rows));
  const slots = rows.map((r) => slotOf(r, members.get(r.entry_id ?? -1) ?? [], locale, publicName));
  const { current, next } = nowAndNext(slots, now);
  return {
    event: header,
    stages: stagesIn(rows, locale),
    stage: stageOf(rows[0]!, locale),
    current,
    next,
    now: now.toISOString(),
  };
}
export type StageNowPageView = NonNullable<Awaited<ReturnType<typeof stageNowPage>>>;
