import { type Locale, localized, localizedLang } from "~/domain/locale";

import type { DB } from "../platform/db.server";
import { classSessionOf, type ClassSessionView, eventTitleOf, familyClassRows } from "./class-sessions.server";
import { fullName, publicName } from "./public-names.server";
import {
  type AgeRange,
  entryIdsOf,
  type MemberRow,
  membersOf,
  publishedSlotRows,
  slotOf,
  stageOf,
  type StageView,
  unique,
} from "./published-slots.server";

/* A family's own schedule across events: its children's performances and master classes. */

export interface FamilySlotView {
  kind: "performance";
  /** Unique among a family's items. */
  key: string;
  slotId: number;
  entryId: number;
  eventSlug: string;
  eventTitle: string;
  eventTitleLang: Locale;
  timezone: string;
  stage: StageView;
  startsAt: string;
  endsAt: string;
  nomination: string;
  nominationLang: Locale;
  ageGroup: AgeRange | null;
  title: string;
  /** The family's own children in this performance, by whole name. */
  children: string[];
  /** Everyone performing: the family's children by whole name, others as their guardians chose. */
  performers: (string | null)[];
}

/** Every published slot any of the guardian's children performs in, across events, in time order. */
export async function familySlots(db: DB, guardianId: number, locale: Locale): Promise<FamilySlotView[]> {
  const rows = await publishedSlotRows(db, { guardianId });
  const members = await membersOf(db, entryIdsOf(rows));
  const own = (m: MemberRow) => m.guardian_user_id === guardianId;
  return rows.flatMap((r) => {
    const list = members.get(r.entry_id ?? -1) ?? [];
    const slot = slotOf(r, list, locale, (m) => (own(m) ? fullName(m) : publicName(m)));
    if (slot.kind !== "performance") return [];
    return [
      {
        kind: "performance" as const,
        key: `slot-${slot.slotId}`,
        slotId: slot.slotId,
        entryId: slot.entryId,
        eventSlug: r.event_slug,
        eventTitle: localized(r, "title", locale),
        eventTitleLang: localizedLang(r, "title", locale),
        timezone: r.timezone,
        stage: stageOf(r, locale),
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        nomination: slot.nomination,
        nominationLang: slot.nominationLang,
        ageGroup: slot.ageGroup,
        title: slot.title,
        children: unique(list.filter(own).map(fullName)),
        performers: slot.performers,
      },
    ];
  });
}

/** A master class session one or more of the family's children have a place in. */
export interface FamilyClassView extends Omit<ClassSessionView, "kind"> {
  kind: "class";
  key: string;
  eventSlug: string;
  eventTitle: string;
  eventTitleLang: Locale;
  timezone: string;
  /** The family's own children in this class, by whole name. */
  children: string[];
}

export type FamilyItemView = FamilySlotView | FamilyClassView;

/** Every session of the classes the guardian's children were allocated to, across published events, in time order. */
export async function familyClasses(db: DB, guardianId: number, locale: Locale): Promise<FamilyClassView[]> {
  const rows = await familyClassRows(db, guardianId);
  return rows.map((r) => ({
    ...classSessionOf(r, locale),
    key: `class-${r.session_id}`,
    eventSlug: r.event_slug,
    eventTitle: localized(eventTitleOf(r), "title", locale),
    eventTitleLang: localizedLang(eventTitleOf(r), "title", locale),
    timezone: r.timezone,
    children: r.children,
  }));
}

/**
 * The family's schedule page, performances and master classes together: what is still to come
 * (soonest first), then what has passed (latest first).
 */
export async function familySchedule(db: DB, guardianId: number, locale: Locale, now: Date = new Date()) {
  const [slots, classes] = await Promise.all([
    familySlots(db, guardianId, locale),
    familyClasses(db, guardianId, locale),
  ]);
  const items: FamilyItemView[] = [...slots, ...classes].sort(
    (a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt),
  );
  const at = now.getTime();
  return {
    upcoming: items.filter((s) => Date.parse(s.endsAt) > at),
    past: items.filter((s) => Date.parse(s.endsAt) <= at).reverse(),
  };
}
