import type { EntryStatus } from "#db/types";
import type { AgeRange } from "~/domain/age";
import { type Locale, localized, localizedLang } from "~/domain/locale";

import type { DB } from "../platform/db.server";
import { type MemberRow, membersByEntry } from "../registration/entry-members.server";

/*
 * The published programme: what the public, families, stage managers and the screen in the hall
 * see of a running order. Only a round's *published* schedule version is ever read here; drafts
 * belong to the organiser's editor. Public data carries what DESIGN.md's privacy rule allows
 * (display names as consented, club, city, nomination, age group, programme times) and nothing
 * else: no birth dates, guardians, contacts or entry references are selected.
 */

/** Entries that no longer perform: kept in the published version until it is replaced, shown only to stage managers. */
const NOT_PERFORMING: EntryStatus[] = ["withdrawn", "rejected"];

export type { AgeRange } from "~/domain/age";

export interface StageView {
  id: number;
  name: string;
  nameLang: Locale;
  venue: string;
}

export interface PerformanceView {
  kind: "performance";
  slotId: number;
  entryId: number;
  stageId: number;
  /** Place in the stage's running order that day; withdrawn entries have none. */
  order: number | null;
  startsAt: string;
  endsAt: string;
  nominationId: number;
  nomination: string;
  nominationLang: Locale;
  ageGroup: AgeRange | null;
  title: string;
  /** One name per performer; null for a child whose data was deleted ("Participant"). */
  performers: (string | null)[];
  clubs: string[];
  /** City codes, as stored (`city.<code>` in the catalogues). */
  cities: string[];
  withdrawn: boolean;
}

export interface BreakView {
  kind: "break";
  slotId: number;
  stageId: number;
  startsAt: string;
  endsAt: string;
}

export type SlotView = PerformanceView | BreakView;

type Scope = { eventId: number; stageId?: number; roundId?: number } | { guardianId: number };

export async function publishedSlotRows(db: DB, scope: Scope, options: { includeWithdrawn?: boolean } = {}) {
  let query = db
    .selectFrom("schedule_slots as s")
    .innerJoin("schedule_versions as v", "v.id", "s.version_id")
    .innerJoin("rounds as r", "r.id", "v.round_id")
    .innerJoin("events as ev", "ev.id", "r.event_id")
    .innerJoin("stages as st", "st.id", "s.stage_id")
    .leftJoin("entries as e", "e.id", "s.entry_id")
    .leftJoin("nominations as n", "n.id", "e.nomination_id")
    .leftJoin("age_groups as g", "g.id", "e.age_group_id")
    .leftJoin("clubs as ec", "ec.id", "e.club_id")
    .select([
      "s.id as slot_id",
      "s.kind",
      "s.entry_id",
      "s.starts_at",
      "s.ends_at",
      "s.stage_id",
      "v.id as version_id",
      "v.published_at",
      "r.id as round_id",
      "r.position as round_position",
      "r.venue_kk as round_venue_kk",
      "r.venue_ru as round_venue_ru",
      "r.venue_en as round_venue_en",
      "ev.id as event_id",
      "ev.slug as event_slug",
      "ev.timezone",
      "ev.title_kk",
      "ev.title_ru",
      "ev.title_en",
      "ev.venue_kk",
      "ev.venue_ru",
      "ev.venue_en",
      "st.position as stage_position",
      "st.name_kk as stage_name_kk",
      "st.name_ru as stage_name_ru",
      "st.name_en as stage_name_en",
      "st.venue as stage_venue",
      "e.status as entry_status",
      "e.title as entry_title",
      "n.id as nomination_id",
      "n.name_kk as nomination_name_kk",
      "n.name_ru as nomination_name_ru",
      "n.name_en as nomination_name_en",
      "g.min_age",
      "g.max_age",
      "ec.name as entry_club",
    ])
    .where("v.status", "=", "published");
  if ("eventId" in scope) {
    query = query.where("r.event_id", "=", scope.eventId);
    if (scope.stageId !== undefined) query = query.where("s.stage_id", "=", scope.stageId);
    if (scope.roundId !== undefined) query = query.where("r.id", "=", scope.roundId);
  } else {
    query = query
      .where("ev.status", "=", "published")
      .where("s.entry_id", "in", (eb) =>
        eb
          .selectFrom("entry_members as fm")
          .innerJoin("participants as fp", "fp.id", "fm.participant_id")
          .select("fm.entry_id")
          .where("fp.guardian_user_id", "=", scope.guardianId),
      );
  }
  if (!options.includeWithdrawn) {
    query = query.where((eb) => eb.or([eb("s.kind", "=", "break"), eb("e.status", "not in", NOT_PERFORMING)]));
  }
  return query
    .orderBy("s.starts_at")
    .orderBy("r.position")
    .orderBy("st.position")
    .orderBy("s.stage_id")
    .orderBy("s.id")
    .execute();
}
export type SlotRow = Awaited<ReturnType<typeof publishedSlotRows>>[number];

export const entryIdsOf = (rows: SlotRow[]) => [
  ...new Set(rows.flatMap((r) => (r.entry_id === null ? [] : [r.entry_id]))),
];

/** The performers of each entry, as the published programme names them. */
export const membersOf = (db: DB, entryIds: number[]) => membersByEntry(db, entryIds, { activeOnly: false });
export type { MemberRow };

export const unique = (values: (string | null | undefined)[]) => [
  ...new Set(values.filter((v): v is string => Boolean(v))),
];

export function stageOf(row: SlotRow, locale: Locale): StageView {
  const names = { name_kk: row.stage_name_kk, name_ru: row.stage_name_ru, name_en: row.stage_name_en };
  const roundVenue = { venue_kk: row.round_venue_kk, venue_ru: row.round_venue_ru, venue_en: row.round_venue_en };
  return {
    id: row.stage_id,
    name: localized(names, "name", locale),
    nameLang: localizedLang(names, "name", locale),
    venue: row.stage_venue || localized(roundVenue, "venue", locale) || localized(row, "venue", locale),
  };
}

export function slotOf(
  row: SlotRow,
  members: MemberRow[],
  locale: Locale,
  nameOf: (m: MemberRow) => string | null,
): SlotView {
  const base = {
    slotId: row.slot_id,
    stageId: row.stage_id,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
  };
  if (row.kind === "break" || row.entry_id === null) return { kind: "break", ...base };
  const names = {
    name_kk: row.nomination_name_kk ?? "",
    name_ru: row.nomination_name_ru ?? "",
    name_en: row.nomination_name_en ?? "",
  };
  return {
    kind: "performance",
    ...base,
    entryId: row.entry_id,
    order: null,
    nominationId: row.nomination_id ?? 0,
    nomination: localized(names, "name", locale),
    nominationLang: localizedLang(names, "name", locale),
    ageGroup: row.min_age !== null && row.max_age !== null ? { min: row.min_age, max: row.max_age } : null,
    title: row.entry_title ?? "",
    performers: members.map(nameOf),
    clubs: unique([row.entry_club, ...members.map((m) => m.club)]),
    cities: unique(members.map((m) => m.city)),
    withdrawn: row.entry_status !== null && NOT_PERFORMING.includes(row.entry_status),
  };
}

export function stagesIn(rows: SlotRow[], locale: Locale): StageView[] {
  const seen = new Map<number, { stage: StageView; round: number; position: number }>();
  for (const row of rows) {
    if (!seen.has(row.stage_id))
      seen.set(row.stage_id, { stage: stageOf(row, locale), round: row.round_position, position: row.stage_position });
  }
  return [...seen.values()]
    .sort((a, b) => a.round - b.round || a.position - b.position || a.stage.id - b.stage.id)
    .map((s) => s.stage);
}
