import { sql } from "kysely";

import type { EventStatus, PerformanceFormat } from "#db/types";
import { FORMATS } from "~/domain/event-kinds";
import { isRegion } from "~/domain/regions";
import type { Holdings } from "~/domain/removals";
import { slugify } from "~/domain/slug";
import { instantToZonedLocal, zonedLocalToInstant } from "~/domain/time";
import { blankNomination, type EventData, type EventFormValues, roundSteps } from "~/schemas/event";

import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { deleteUnheld, lockAndCountHoldings } from "./removals.server";

/* An event's own record: finding it, its details, and the organiser creating, editing and publishing it. */

export async function findEventBySlug(db: DB, slug: string) {
  return db.selectFrom("events").selectAll().where("slug", "=", slug).executeTakeFirst();
}

/** What an organiser's page shows at its top: the event's slug and titles. */
export async function eventHeading(db: DB, eventId: number) {
  return db
    .selectFrom("events")
    .select(["id", "slug", "title_kk", "title_ru", "title_en", "timezone"])
    .where("id", "=", eventId)
    .executeTakeFirst();
}

/** A published (or archived) event's id by its slug: drafts are not found. */
export async function visibleEventId(db: DB, slug: string): Promise<number | undefined> {
  const row = await db
    .selectFrom("events")
    .select("id")
    .where("slug", "=", slug)
    .where("status", "!=", "draft")
    .executeTakeFirst();
  return row?.id;
}

/** Everything an event page shows, in display order. No personal data lives in these tables. */
export async function loadEventDetails(db: DB, eventId: number) {
  const [nominations, formats, ageGroups, rounds] = await Promise.all([
    db
      .selectFrom("nominations")
      .selectAll()
      .where("event_id", "=", eventId)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("nomination_formats")
      .innerJoin("nominations", "nominations.id", "nomination_formats.nomination_id")
      .select(["nomination_formats.nomination_id", "format", "min_members", "max_members"])
      .where("nominations.event_id", "=", eventId)
      .execute(),
    db.selectFrom("age_groups").selectAll().where("event_id", "=", eventId).orderBy("min_age").orderBy("id").execute(),
    db.selectFrom("rounds").selectAll().where("event_id", "=", eventId).orderBy("position").orderBy("id").execute(),
  ]);
  const formatOrder = (f: PerformanceFormat) => FORMATS.indexOf(f);
  return {
    nominations: nominations.map((n) => ({
      ...n,
      formats: formats
        .filter((f) => f.nomination_id === n.id)
        .sort((a, b) => formatOrder(a.format) - formatOrder(b.format))
        .map(({ format, min_members, max_members }) => ({ format, min_members, max_members })),
    })),
    ageGroups,
    rounds,
  };
}

export class SlugTakenError extends Error {
  constructor() {
    super("slug taken");
  }
}

function eventRow(data: EventData) {
  return {
    kind: data.kind,
    city: data.city,
    title_kk: data.titleKk,
    title_ru: data.titleRu,
    title_en: data.titleEn,
    description_kk: data.descriptionKk,
    description_ru: data.descriptionRu,
    description_en: data.descriptionEn,
    venue_kk: data.venueKk,
    venue_ru: data.venueRu,
    venue_en: data.venueEn,
    starts_on: data.startsOn,
    ends_on: data.endsOn,
    registration_opens_at: data.registrationOpensAt ? zonedLocalToInstant(data.registrationOpensAt) : null,
    registration_closes_at: data.registrationClosesAt ? zonedLocalToInstant(data.registrationClosesAt) : null,
    age_reference_date: data.ageReferenceDate ?? null,
    capacity: data.capacity ?? null,
    one_entry_per_nomination: data.oneEntryPerNomination,
    several_rounds_per_step: data.severalRoundsPerStep,
  };
}

async function uniqueSlug(db: DB, data: EventData): Promise<string> {
  const base = slugify(data.titleEn || data.titleRu || data.titleKk) || "event";
  const taken = await db.selectFrom("events").select("slug").where("slug", "like", `${base}%`).execute();
  const used = new Set(taken.map((r) => r.slug));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === "23505";

/** Creates a draft event and makes its creator one of its organisers. */
export async function createEvent(db: DB, data: EventData, creator: Actor): Promise<{ id: number; slug: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (tx) => {
        const slug = data.slug ?? (await uniqueSlug(tx, data));
        const event = await tx
          .insertInto("events")
          .values({ ...eventRow(data), slug })
          .returning(["id", "slug"])
          .executeTakeFirstOrThrow();
        await tx
          .insertInto("memberships")
          .values({ user_id: creator.id, role: "organiser", event_id: event.id })
          .execute();
        await saveChildren(tx, event.id, data);
        await audit(tx, creator, {
          action: "event.create",
          entityType: "event",
          entityId: event.id,
          eventId: event.id,
          after: { ...data, slug },
        });
        return event;
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Two events with one title created at once can pick the same free slug: the loser picks again.
      if (data.slug === undefined && attempt < 5) continue;
      throw new SlugTakenError();
    }
  }
}

export async function updateEvent(db: DB, eventId: number, data: EventData, actor: Actor): Promise<{ slug: string }> {
  try {
    return await db.transaction().execute(async (tx) => {
      await tx.selectFrom("events").select("id").where("id", "=", eventId).forUpdate().executeTakeFirstOrThrow();
      const before = await eventFormValues(tx, eventId);
      const slug = data.slug ?? before.slug;
      await tx
        .updateTable("events")
        .set({ ...eventRow(data), slug, updated_at: sql`now()` })
        .where("id", "=", eventId)
        .execute();
      await saveChildren(tx, eventId, data);
      await audit(tx, actor, {
        action: "event.update",
        entityType: "event",
        entityId: eventId,
        eventId,
        before,
        after: await eventFormValues(tx, eventId),
      });
      return { slug };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new SlugTakenError();
    throw err;
  }
}

export async function setEventStatus(db: DB, eventId: number, status: EventStatus, actor: Actor): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom("events")
      .select("status")
      .where("id", "=", eventId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (before.status === status) return;
    await tx
      .updateTable("events")
      .set({ status, updated_at: sql`now()` })
      .where("id", "=", eventId)
      .execute();
    await audit(tx, actor, {
      action: "event.status",
      entityType: "event",
      entityId: eventId,
      eventId,
      before,
      after: { status },
    });
  });
}

/** A list of the event form whose rows are rows of a table of their own. */
export type EventList = "nominations" | "ageGroups" | "rounds";

const LIST_TABLES = { nominations: "nominations", ageGroups: "age_groups", rounds: "rounds" } as const;
const LISTS = Object.keys(LIST_TABLES) as EventList[];

/** A row the form left out that cannot be removed: where it stood in the saved form, its values, and what holds it. */
export type RefusedRemoval = {
  [L in EventList]: { list: L; index: number; row: EventFormValues[L][number]; holdings: Holdings };
}[EventList];

/** The form left out rows that something holds (ADR 0011): nothing of the save is kept. */
export class RemovalRefusedError extends Error {
  constructor(readonly refused: RefusedRemoval[]) {
    super("removal refused");
  }
}

/**
 * Nominations, age groups and rounds keep their ids across edits (later entries point at them):
 * rows sent back with an id of this event are updated and new rows inserted. A row left out is
 * removed only when nothing holds it; otherwise the whole save is refused (RemovalRefusedError).
 */
async function saveChildren(tx: DB, eventId: number, data: EventData): Promise<void> {
  const own = {} as Record<EventList, Set<number>>;
  const held: { list: EventList; id: number; holdings: Holdings }[] = [];
  const gone = {} as Record<EventList, number[]>;
  for (const list of LISTS) {
    const rows = await tx.selectFrom(LIST_TABLES[list]).select("id").where("event_id", "=", eventId).execute();
    const wanted = new Set(data[list].map((row) => row.id));
    own[list] = new Set(rows.map((r) => r.id));
    gone[list] = [...own[list]].filter((id) => !wanted.has(id));
    const counted = await lockAndCountHoldings(tx, LIST_TABLES[list], gone[list]);
    for (const [id, holdings] of counted) held.push({ list, id, holdings });
  }
  if (held.length > 0) throw new RemovalRefusedError(await refusedRemovals(tx, eventId, held));
  for (const list of LISTS) await deleteUnheld(tx, LIST_TABLES[list], gone[list]);

  for (const [position, n] of data.nominations.entries()) {
    const row = {
      position,
      name_kk: n.nameKk,
      name_ru: n.nameRu,
      name_en: n.nameEn,
      discipline: n.discipline,
      entry_kind: n.entryKind,
      max_duration_seconds: n.maxDurationMinutes ? Math.round(n.maxDurationMinutes * 60) : null,
      capacity: n.capacity ?? null,
    };
    let id = n.id;
    if (id !== undefined && own.nominations.has(id)) {
      await tx.updateTable("nominations").set(row).where("id", "=", id).execute();
      await tx.deleteFrom("nomination_formats").where("nomination_id", "=", id).execute();
    } else {
      id = (
        await tx
          .insertInto("nominations")
          .values({ ...row, event_id: eventId })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    }
    const formats = n.formats.filter((f) => f.enabled);
    await tx
      .insertInto("nomination_formats")
      .values(
        formats.map((f) => ({
          nomination_id: id!,
          format: f.format,
          min_members: f.minMembers,
          max_members: f.maxMembers,
        })),
      )
      .execute();
  }

  for (const g of data.ageGroups) {
    const row = { min_age: g.minAge, max_age: g.maxAge };
    if (g.id !== undefined && own.ageGroups.has(g.id))
      await tx.updateTable("age_groups").set(row).where("id", "=", g.id).execute();
    else
      await tx
        .insertInto("age_groups")
        .values({ ...row, event_id: eventId })
        .execute();
  }

  const steps = roundSteps(data.rounds);
  for (const [i, r] of data.rounds.entries()) {
    const row = {
      // Steps count from 1 in the form; positions from 0, so a chain of rounds keeps its positions.
      position: steps[i]! - 1,
      kind: r.kind,
      city: r.city ?? null,
      venue_kk: r.venueKk,
      venue_ru: r.venueRu,
      venue_en: r.venueEn,
      starts_on: r.startsOn ?? null,
      ends_on: r.endsOn ?? null,
      advance_rule: r.advanceRule,
      advance_value: r.advanceRule === "none" ? null : (r.advanceValue ?? null),
      regions: r.regions,
      towns: r.towns,
      intake_rule: r.intakeRule === "none" ? null : r.intakeRule,
      intake_value: r.intakeRule === "none" ? null : (r.intakeValue ?? null),
    };
    if (r.id !== undefined && own.rounds.has(r.id))
      await tx.updateTable("rounds").set(row).where("id", "=", r.id).execute();
    else
      await tx
        .insertInto("rounds")
        .values({ ...row, event_id: eventId })
        .execute();
  }
}

/** The held rows as the saved form shows them, so the form can put them back where they were. */
async function refusedRemovals(
  tx: DB,
  eventId: number,
  held: { list: EventList; id: number; holdings: Holdings }[],
): Promise<RefusedRemoval[]> {
  const saved = await eventFormValues(tx, eventId);
  return held
    .map(({ list, id, holdings }) => {
      const index = saved[list].findIndex((row) => row.id === String(id));
      return { list, index, row: saved[list][index]!, holdings } as RefusedRemoval;
    })
    .sort((a, b) => LISTS.indexOf(a.list) - LISTS.indexOf(b.list) || a.index - b.index);
}

/** An event as the edit form's values (strings, as inputs hold them). */
export async function eventFormValues(
  db: DB,
  eventId: number,
): Promise<EventFormValues & { id: number; status: EventStatus; version: string }> {
  const event = await db.selectFrom("events").selectAll().where("id", "=", eventId).executeTakeFirstOrThrow();
  const details = await loadEventDetails(db, eventId);
  const str = (v: number | string | null) => (v === null ? "" : String(v));
  return {
    id: event.id,
    status: event.status,
    version: event.updated_at.toISOString(),
    slug: event.slug,
    kind: event.kind,
    city: event.city,
    titleKk: event.title_kk,
    titleRu: event.title_ru,
    titleEn: event.title_en,
    descriptionKk: event.description_kk,
    descriptionRu: event.description_ru,
    descriptionEn: event.description_en,
    venueKk: event.venue_kk,
    venueRu: event.venue_ru,
    venueEn: event.venue_en,
    startsOn: event.starts_on,
    endsOn: event.ends_on,
    registrationOpensAt: event.registration_opens_at
      ? instantToZonedLocal(event.registration_opens_at, event.timezone)
      : "",
    registrationClosesAt: event.registration_closes_at
      ? instantToZonedLocal(event.registration_closes_at, event.timezone)
      : "",
    ageReferenceDate: event.age_reference_date ?? "",
    capacity: str(event.capacity),
    oneEntryPerNomination: event.one_entry_per_nomination,
    severalRoundsPerStep: event.several_rounds_per_step,
    nominations: details.nominations.map((n) => ({
      id: String(n.id),
      nameKk: n.name_kk,
      nameRu: n.name_ru,
      nameEn: n.name_en,
      discipline: n.discipline,
      entryKind: n.entry_kind,
      maxDurationMinutes: n.max_duration_seconds ? String(n.max_duration_seconds / 60) : "",
      capacity: str(n.capacity),
      formats: FORMATS.map((format) => {
        const f = n.formats.find((x) => x.format === format);
        const defaults = blankNomination().formats[FORMATS.indexOf(format)]!;
        return f
          ? { format, enabled: true, minMembers: String(f.min_members), maxMembers: String(f.max_members) }
          : { ...defaults, enabled: false };
      }),
    })),
    ageGroups: details.ageGroups.map((g) => ({
      id: String(g.id),
      minAge: String(g.min_age),
      maxAge: String(g.max_age),
    })),
    rounds: details.rounds.map((r) => ({
      id: String(r.id),
      kind: r.kind,
      city: r.city ?? "",
      venueKk: r.venue_kk,
      venueRu: r.venue_ru,
      venueEn: r.venue_en,
      startsOn: r.starts_on ?? "",
      endsOn: r.ends_on ?? "",
      advanceRule: r.advance_rule,
      advanceValue: r.advance_value === null ? "" : String(Number(r.advance_value)),
      step: String(r.position + 1),
      regions: Object.fromEntries(r.regions.filter(isRegion).map((code) => [code, true])),
      towns: r.towns.join("\n"),
      intakeRule: r.intake_rule ?? "none",
      intakeValue: r.intake_value === null ? "" : String(Number(r.intake_value)),
    })),
  };
}
