import { createEvents, type EventAttributes } from "ics";

import type { EntryStatus } from "#db/types";
import { type Locale, localized, localizedLang } from "~/domain/locale";
import { todayIn } from "~/domain/time";
import { requireId } from "~/forms/ids";
import { createI18n } from "~/i18n";

import { canManageEvent, rolesOf } from "../accounts/auth.server";
import { getSessionUser } from "../accounts/session.server";
import { findEventBySlug } from "../events/events.server";
import type { DB } from "../platform/db.server";

/*
 * The published programme: what the public, families, stage managers and the screen in the hall
 * see of a running order. Only a round's *published* schedule version is ever read here; drafts
 * belong to the organiser's editor. Public data carries what DESIGN.md's privacy rule allows
 * (display names as consented, club, city, nomination, age group, programme times) and nothing
 * else: no birth dates, guardians, contacts or entry references are selected.
 *
 * An academy's master classes have no versions of their own: the programme shows every class
 * session of a visible event, and a family's schedule its children's places once the organiser has
 * allocated them (the enrolments exist) and the event is published. Who else is in a class is
 * never shown.
 */

/** Entries that no longer perform: kept in the published version until it is replaced, shown only to stage managers. */
const NOT_PERFORMING: EntryStatus[] = ["withdrawn", "rejected"];

export interface AgeRange {
  min: number;
  max: number;
}

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

/** Consecutive performances of one nomination and age group on one stage: they share a header. */
export interface BlockView {
  kind: "block";
  key: string;
  nomination: string;
  nominationLang: Locale;
  ageGroup: AgeRange | null;
  performances: PerformanceView[];
}

export type ProgrammeItem = BlockView | BreakView;

/** One session of a master class. */
export interface ClassSessionView {
  kind: "class";
  classId: number;
  sessionId: number;
  /** The session's place among its class's sessions, by start (with the class, its calendar UID). */
  number: number;
  startsAt: string;
  endsAt: string;
  title: string;
  titleLang: Locale;
  teacher: string;
  room: string;
  ages: { min: number | null; max: number | null } | null;
}

export interface ProgrammeDay {
  /** 'YYYY-MM-DD' in the event's timezone. */
  date: string;
  stages: { stage: StageView; items: ProgrammeItem[] }[];
  /** The day's master class sessions, in time order. */
  classes: ClassSessionView[];
}

// ---------------------------------------------------------------------------------------------
// Names

interface NameParts {
  first_name: string;
  last_name: string;
  public_name: "full" | "initial";
  anonymised_at: Date | null;
}

/** The name a child is shown under in public, as the guardian chose; null once the child's data was deleted. */
export function publicName(p: NameParts): string | null {
  if (p.anonymised_at || !(p.first_name || p.last_name)) return null;
  if (p.public_name === "full") return `${p.last_name} ${p.first_name}`.trim();
  const initial = Array.from(p.last_name)[0];
  return initial ? `${p.first_name} ${initial}.` : p.first_name;
}

/** The whole name, for the family's own children and for the organisers' running order. */
export function fullName(p: NameParts): string | null {
  if (p.anonymised_at || !(p.first_name || p.last_name)) return null;
  return `${p.last_name} ${p.first_name}`.trim();
}

// ---------------------------------------------------------------------------------------------
// Loading published slots

type Scope = { eventId: number; stageId?: number } | { guardianId: number };

async function publishedSlotRows(db: DB, scope: Scope, options: { includeWithdrawn?: boolean } = {}) {
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
type SlotRow = Awaited<ReturnType<typeof publishedSlotRows>>[number];

const entryIdsOf = (rows: SlotRow[]) => [...new Set(rows.flatMap((r) => (r.entry_id === null ? [] : [r.entry_id])))];

async function membersOf(db: DB, entryIds: number[]) {
  if (entryIds.length === 0) return new Map<number, MemberRow[]>();
  const rows = await db
    .selectFrom("entry_members as m")
    .innerJoin("participants as p", "p.id", "m.participant_id")
    .leftJoin("clubs as c", "c.id", "p.club_id")
    .select([
      "m.entry_id",
      "p.first_name",
      "p.last_name",
      "p.public_name",
      "p.anonymised_at",
      "p.guardian_user_id",
      "p.city",
      "c.name as club",
    ])
    .where("m.entry_id", "in", entryIds)
    .orderBy("p.last_name")
    .orderBy("p.first_name")
    .orderBy("p.id")
    .execute();
  const byEntry = new Map<number, MemberRow[]>();
  for (const row of rows) byEntry.set(row.entry_id, [...(byEntry.get(row.entry_id) ?? []), row]);
  return byEntry;
}
type MemberRow = {
  entry_id: number;
  first_name: string;
  last_name: string;
  public_name: "full" | "initial";
  anonymised_at: Date | null;
  guardian_user_id: number | null;
  city: string;
  club: string | null;
};

const unique = (values: (string | null | undefined)[]) => [...new Set(values.filter((v): v is string => Boolean(v)))];

function stageOf(row: SlotRow, locale: Locale): StageView {
  const names = { name_kk: row.stage_name_kk, name_ru: row.stage_name_ru, name_en: row.stage_name_en };
  const roundVenue = { venue_kk: row.round_venue_kk, venue_ru: row.round_venue_ru, venue_en: row.round_venue_en };
  return {
    id: row.stage_id,
    name: localized(names, "name", locale),
    nameLang: localizedLang(names, "name", locale),
    venue: row.stage_venue || localized(roundVenue, "venue", locale) || localized(row, "venue", locale),
  };
}

function slotOf(row: SlotRow, members: MemberRow[], locale: Locale, nameOf: (m: MemberRow) => string | null): SlotView {
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

/**
 * Slots by day (in the event's timezone) and stage, in time order; consecutive performances of one
 * nomination and age group share a block, and each stage's performances that day are numbered.
 * Master class sessions go to their day, in time order.
 */
export function arrangeProgramme(
  stages: StageView[],
  slots: SlotView[],
  timeZone: string,
  classes: ClassSessionView[] = [],
): ProgrammeDay[] {
  const days = new Map<string, Map<number, SlotView[]>>();
  const classDays = new Map<string, ClassSessionView[]>();
  const sorted = [...slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.slotId - b.slotId);
  for (const slot of sorted) {
    const date = todayIn(timeZone, new Date(slot.startsAt));
    const byStage = days.get(date) ?? new Map<number, SlotView[]>();
    byStage.set(slot.stageId, [...(byStage.get(slot.stageId) ?? []), slot]);
    days.set(date, byStage);
  }
  const byTime = [...classes].sort(
    (a, b) => a.startsAt.localeCompare(b.startsAt) || a.title.localeCompare(b.title) || a.sessionId - b.sessionId,
  );
  for (const session of byTime) {
    const date = todayIn(timeZone, new Date(session.startsAt));
    classDays.set(date, [...(classDays.get(date) ?? []), session]);
  }
  return [...new Set([...days.keys(), ...classDays.keys()])].sort().map((date) => {
    const byStage = days.get(date) ?? new Map<number, SlotView[]>();
    return {
      date,
      stages: stages
        .filter((s) => byStage.has(s.id))
        .map((stage) => ({ stage, items: blocksOf(byStage.get(stage.id)!) })),
      classes: classDays.get(date) ?? [],
    };
  });
}

function blocksOf(slots: SlotView[]): ProgrammeItem[] {
  const items: ProgrammeItem[] = [];
  let order = 0;
  for (const slot of slots) {
    if (slot.kind === "break") {
      items.push(slot);
      continue;
    }
    const numbered = slot.withdrawn ? slot : { ...slot, order: ++order };
    const last = items[items.length - 1];
    const sameGroup =
      last?.kind === "block" &&
      last.performances[0]!.nominationId === slot.nominationId &&
      last.performances[0]!.ageGroup?.min === slot.ageGroup?.min &&
      last.performances[0]!.ageGroup?.max === slot.ageGroup?.max;
    if (sameGroup) last.performances.push(numbered);
    else
      items.push({
        kind: "block",
        key: `block-${slot.slotId}`,
        nomination: slot.nomination,
        nominationLang: slot.nominationLang,
        ageGroup: slot.ageGroup,
        performances: [numbered],
      });
  }
  return items;
}

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

// ---------------------------------------------------------------------------------------------
// Master classes

/** Every session of the events' master classes, in time order, each numbered within its class. */
async function classSessionRows(db: DB, eventIds: number[]) {
  if (eventIds.length === 0) return [];
  const rows = await db
    .selectFrom("master_class_sessions as s")
    .innerJoin("master_classes as c", "c.id", "s.master_class_id")
    .innerJoin("events as ev", "ev.id", "c.event_id")
    .select([
      "s.id as session_id",
      "s.starts_at",
      "s.ends_at",
      "c.id as class_id",
      "c.title_kk",
      "c.title_ru",
      "c.title_en",
      "c.teacher",
      "c.room",
      "c.min_age",
      "c.max_age",
      "ev.id as event_id",
      "ev.slug as event_slug",
      "ev.timezone",
      "ev.title_kk as event_title_kk",
      "ev.title_ru as event_title_ru",
      "ev.title_en as event_title_en",
      "ev.venue_kk",
      "ev.venue_ru",
      "ev.venue_en",
    ])
    .where("c.event_id", "in", eventIds)
    .orderBy("s.starts_at")
    .orderBy("c.id")
    .orderBy("s.id")
    .execute();
  const counted = new Map<number, number>();
  return rows.map((r) => {
    const number = (counted.get(r.class_id) ?? 0) + 1;
    counted.set(r.class_id, number);
    return { ...r, number };
  });
}
type ClassRow = Awaited<ReturnType<typeof classSessionRows>>[number];

function classSessionOf(row: ClassRow, locale: Locale): ClassSessionView {
  return {
    kind: "class",
    classId: row.class_id,
    sessionId: row.session_id,
    number: row.number,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    title: localized(row, "title", locale),
    titleLang: localizedLang(row, "title", locale),
    teacher: row.teacher,
    room: row.room,
    ages: row.min_age === null && row.max_age === null ? null : { min: row.min_age, max: row.max_age },
  };
}

const eventTitleOf = (row: ClassRow) => ({
  title_kk: row.event_title_kk,
  title_ru: row.event_title_ru,
  title_en: row.event_title_en,
});

/**
 * The classes the guardian's children have places in, in published events, by class: whole names
 * of the family's own children only. A child whose entry is no longer confirmed is no longer a
 * participant of the academy and drops out, as on the family's classes page.
 */
async function familyEnrolments(db: DB, guardianId: number): Promise<Map<number, string[]>> {
  const rows = await db
    .selectFrom("master_class_enrolments as en")
    .innerJoin("participants as p", "p.id", "en.participant_id")
    .innerJoin("master_classes as c", "c.id", "en.master_class_id")
    .innerJoin("events as ev", "ev.id", "c.event_id")
    .select(["en.master_class_id", "p.first_name", "p.last_name", "p.public_name", "p.anonymised_at"])
    .where("p.guardian_user_id", "=", guardianId)
    .where("p.anonymised_at", "is", null)
    .where("ev.status", "=", "published")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("entry_members as m")
          .innerJoin("entries as e", "e.id", "m.entry_id")
          .select("m.entry_id")
          .whereRef("m.participant_id", "=", "p.id")
          .whereRef("e.event_id", "=", "c.event_id")
          .where("m.active", "=", true)
          .where("e.status", "=", "confirmed"),
      ),
    )
    .orderBy("p.last_name")
    .orderBy("p.first_name")
    .orderBy("p.id")
    .execute();
  const byClass = new Map<number, string[]>();
  for (const r of rows) {
    const name = fullName(r);
    if (name) byClass.set(r.master_class_id, [...(byClass.get(r.master_class_id) ?? []), name]);
  }
  return byClass;
}

async function familyClassRows(db: DB, guardianId: number) {
  const children = await familyEnrolments(db, guardianId);
  if (children.size === 0) return [];
  const events = await db
    .selectFrom("master_classes")
    .select("event_id")
    .distinct()
    .where("id", "in", [...children.keys()])
    .execute();
  const rows = await classSessionRows(
    db,
    events.map((e) => e.event_id),
  );
  return rows.filter((r) => children.has(r.class_id)).map((r) => ({ ...r, children: children.get(r.class_id)! }));
}

/** Does the event have master class sessions to show? */
async function hasClassSessions(db: DB, eventId: number): Promise<boolean> {
  const row = await db
    .selectFrom("master_class_sessions as s")
    .innerJoin("master_classes as c", "c.id", "s.master_class_id")
    .select("s.id")
    .where("c.event_id", "=", eventId)
    .executeTakeFirst();
  return Boolean(row);
}

// ---------------------------------------------------------------------------------------------
// Pages

/** `?stage=<id>` picks one stage; without it, none is picked. Anything else is no such page. */
export function stageIdParam(request: Request): number | null {
  const raw = new URL(request.url).searchParams.get("stage");
  if (raw === null || raw === "") return null;
  return requireId(raw);
}

type CanPreview = (eventId: number) => Promise<boolean>;

/** May the reader of `request` preview an unpublished event? Its organisers and admins may, as on the event page. */
export function previewFor(db: DB, request: Request): CanPreview {
  return async (eventId) => {
    const user = await getSessionUser(request);
    return user ? canManageEvent(await rolesOf(db, user.id), eventId) : false;
  };
}

/** The event, if this reader may see it at all: published, or a preview for those who manage it. */
async function visibleEvent(db: DB, slug: string, canPreview: CanPreview) {
  const event = await findEventBySlug(db, slug);
  if (!event) return null;
  if (event.status !== "published" && !(await canPreview(event.id))) return null;
  return event;
}
type VisibleEvent = NonNullable<Awaited<ReturnType<typeof visibleEvent>>>;

function eventHeader(event: VisibleEvent, locale: Locale) {
  return {
    id: event.id,
    slug: event.slug,
    status: event.status,
    title: localized(event, "title", locale),
    titleLang: localizedLang(event, "title", locale),
    city: event.city,
    venue: localized(event, "venue", locale),
    timezone: event.timezone,
  };
}

function stagesIn(rows: SlotRow[], locale: Locale): StageView[] {
  const seen = new Map<number, { stage: StageView; round: number; position: number }>();
  for (const row of rows) {
    if (!seen.has(row.stage_id))
      seen.set(row.stage_id, { stage: stageOf(row, locale), round: row.round_position, position: row.stage_position });
  }
  return [...seen.values()]
    .sort((a, b) => a.round - b.round || a.position - b.position || a.stage.id - b.stage.id)
    .map((s) => s.stage);
}

const lastPublished = (rows: SlotRow[]) =>
  rows
    .reduce<Date | null>(
      (latest, r) => (r.published_at && (!latest || r.published_at > latest) ? r.published_at : latest),
      null,
    )
    ?.toISOString() ?? null;

async function programmeOf(
  db: DB,
  event: VisibleEvent,
  locale: Locale,
  options: { stageId?: number | null; forStageManagers?: boolean; withClasses?: boolean },
) {
  const rows = await publishedSlotRows(db, { eventId: event.id }, { includeWithdrawn: options.forStageManagers });
  const members = await membersOf(db, entryIdsOf(rows));
  const nameOf = options.forStageManagers ? fullName : publicName;
  const stages = stagesIn(rows, locale);
  const shown = options.stageId ? rows.filter((r) => r.stage_id === options.stageId) : rows;
  const slots = shown.map((r) => slotOf(r, members.get(r.entry_id ?? -1) ?? [], locale, nameOf));
  const classes = options.withClasses
    ? (await classSessionRows(db, [event.id])).map((r) => classSessionOf(r, locale))
    : [];
  const days = arrangeProgramme(
    stages.filter((s) => !options.stageId || s.id === options.stageId),
    slots,
    event.timezone,
    classes,
  );
  return { stages, days, updatedAt: lastPublished(rows) };
}

/** The public programme of an event, master classes included: null when the event is not visible to this reader. */
export async function programmePage(db: DB, slug: string, locale: Locale, canPreview: CanPreview) {
  const event = await visibleEvent(db, slug, canPreview);
  if (!event) return null;
  return { event: eventHeader(event, locale), ...(await programmeOf(db, event, locale, { withClasses: true })) };
}
export type ProgrammePageView = NonNullable<Awaited<ReturnType<typeof programmePage>>>;

/** Does the event have a published running order in any round, or master classes? (The event page links to the programme.) */
export async function hasPublishedProgramme(db: DB, eventId: number): Promise<boolean> {
  const row = await db
    .selectFrom("schedule_versions as v")
    .innerJoin("rounds as r", "r.id", "v.round_id")
    .select("v.id")
    .where("r.event_id", "=", eventId)
    .where("v.status", "=", "published")
    .where((eb) => eb.exists(eb.selectFrom("schedule_slots as s").select("s.id").whereRef("s.version_id", "=", "v.id")))
    .executeTakeFirst();
  return Boolean(row) || hasClassSessions(db, eventId);
}

/**
 * The stage managers' running order: whole names, withdrawn entries marked, one stage or all
 * (`stages` always lists them all). The caller must already have checked that the reader organises
 * this event. Null when the stage has no published running order in this event.
 */
export async function runningOrder(db: DB, eventId: number, locale: Locale, stageId: number | null) {
  const event = await db.selectFrom("events").selectAll().where("id", "=", eventId).executeTakeFirst();
  if (!event) return null;
  const programme = await programmeOf(db, event, locale, { stageId, forStageManagers: true });
  if (stageId !== null && !programme.stages.some((s) => s.id === stageId)) return null;
  return { event: eventHeader(event, locale), ...programme };
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

// ---------------------------------------------------------------------------------------------
// iCalendar

interface CalendarItem {
  uid: string;
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  location: string;
  description: string;
  publishedAt: Date | null;
}

/**
 * An iCalendar file, every time in UTC (ics@3 has no TZID support and would read date arrays in
 * the server's own timezone). A performance's UID names the entry in one round (an entry can
 * perform in a heat and again in the final), so a republished time updates the same calendar
 * event; the schedule version, whose id only grows, is its SEQUENCE. A master class session's UID
 * is the class and the session's number in it; saving a class writes its sessions anew, so the
 * session id, which only grows, is its SEQUENCE.
 */
export function calendarText(items: CalendarItem[], calendarName: string): string {
  const events: EventAttributes[] = items.map((item) => ({
    uid: item.uid,
    sequence: item.sequence,
    start: item.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: item.endsAt.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    title: item.summary,
    location: item.location,
    description: item.description,
    ...(item.publishedAt ? { lastModified: item.publishedAt.getTime() } : {}),
  }));
  const { error, value } = createEvents(events, { productId: "-//Toi//Programme//EN", calName: calendarName });
  if (error || value === null) throw error ?? new Error("The calendar could not be written.");
  return value;
}

function calendarItems(
  rows: SlotRow[],
  members: Map<number, MemberRow[]>,
  locale: Locale,
  nameOf: (m: MemberRow) => string | null,
): CalendarItem[] {
  const t = createI18n(locale).t;
  return rows.flatMap((r) => {
    const slot = slotOf(r, members.get(r.entry_id ?? -1) ?? [], locale, nameOf);
    if (slot.kind !== "performance") return [];
    const stage = stageOf(r, locale);
    const names = slot.performers.map((n) => n ?? t("programme.participant")).join(", ");
    const age = slot.ageGroup
      ? slot.ageGroup.max >= 99
        ? t("event.ageFrom", { min: slot.ageGroup.min })
        : t("event.ageRange", { min: slot.ageGroup.min, max: slot.ageGroup.max })
      : null;
    const cities = slot.cities.map((c) => t(`city.${c}`, { defaultValue: c }));
    return [
      {
        uid: `slot-${slot.entryId}-${r.round_id}@toi`,
        sequence: r.version_id,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        summary: `${slot.nomination} · ${names}`,
        location: [stage.name, stage.venue].filter(Boolean).join(", "),
        description: [
          localized(r, "title", locale),
          age,
          slot.title ? `«${slot.title}»` : null,
          [...slot.clubs, ...cities].join(", ") || null,
        ]
          .filter(Boolean)
          .join("\n"),
        publishedAt: r.published_at,
      },
    ];
  });
}

/** A master class session as a calendar event; `children` (the family's own) when it is for one family. */
function classCalendarItem(row: ClassRow, locale: Locale, children: string[] = []): CalendarItem {
  const t = createI18n(locale).t;
  const session = classSessionOf(row, locale);
  const ages = session.ages
    ? session.ages.min !== null && session.ages.max !== null
      ? t("academy.ages", { min: session.ages.min, max: session.ages.max })
      : session.ages.min !== null
        ? t("academy.agesFrom", { min: session.ages.min })
        : t("academy.agesUpTo", { max: session.ages.max })
    : null;
  return {
    uid: `class-${row.class_id}-${row.number}@toi`,
    sequence: row.session_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    summary: [`${t("programme.masterClass")}: ${session.title}`, children.join(", ")].filter(Boolean).join(" · "),
    location: [row.room ? t("programme.room", { room: row.room }) : null, localized(row, "venue", locale)]
      .filter(Boolean)
      .join(", "),
    description: [
      localized(eventTitleOf(row), "title", locale),
      row.teacher ? t("programme.teacher", { name: row.teacher }) : null,
      ages,
    ]
      .filter(Boolean)
      .join("\n"),
    publishedAt: null,
  };
}

const byStart = (a: CalendarItem, b: CalendarItem) => a.startsAt.getTime() - b.startsAt.getTime();

/** The whole event's programme as iCalendar, or null when the event is not visible to this reader. */
export async function eventCalendar(
  db: DB,
  slug: string,
  locale: Locale,
  canPreview: CanPreview,
): Promise<{ fileName: string; text: string } | null> {
  const event = await visibleEvent(db, slug, canPreview);
  if (!event) return null;
  const rows = await publishedSlotRows(db, { eventId: event.id });
  const members = await membersOf(db, entryIdsOf(rows));
  const t = createI18n(locale).t;
  const name = `${localized(event, "title", locale)} — ${t("programme.title")}`;
  const classes = (await classSessionRows(db, [event.id])).map((r) => classCalendarItem(r, locale));
  return {
    fileName: `${event.slug}.ics`,
    text: calendarText([...calendarItems(rows, members, locale, publicName), ...classes].sort(byStart), name),
  };
}

/** The family's own performances and master classes as iCalendar. */
export async function familyCalendar(db: DB, guardianId: number, locale: Locale): Promise<string> {
  const rows = await publishedSlotRows(db, { guardianId });
  const members = await membersOf(db, entryIdsOf(rows));
  const t = createI18n(locale).t;
  const nameOf = (m: MemberRow) => (m.guardian_user_id === guardianId ? fullName(m) : publicName(m));
  const classes = (await familyClassRows(db, guardianId)).map((r) => classCalendarItem(r, locale, r.children));
  return calendarText(
    [...calendarItems(rows, members, locale, nameOf), ...classes].sort(byStart),
    `Toi — ${t("programme.mySchedule")}`,
  );
}
