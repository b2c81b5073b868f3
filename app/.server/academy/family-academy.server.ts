import { type Locale, localized } from "~/domain/locale";
import { numberedPage } from "~/domain/paging";

import type { DB } from "../platform/db.server";
import { academyParticipants, preferencesOf } from "./academy-participants.server";
import { academySettings } from "./academy-settings.server";
import { academyEvent, listMasterClasses } from "./master-classes.server";

/*
 * Ranking the academy's classes for a child: a family for its own children, or a club leader for
 * the club's roster children who have no family account (issue 13). Both use one form and one rule
 * set: the finalists only, at most the organiser's number of choices, the event's classes only.
 */

/** Who ranks: a guardian (their own children), or a club (its children without a guardian). */
export type Ranker = { guardianId: number } | { clubId: number };

export type SavePreferencesResult = "saved" | "missing" | "unknown_class" | "too_many";

const ranks =
  (ranker: Ranker) =>
  (child: { guardianId: number | null; clubId: number | null }): boolean =>
    "guardianId" in ranker
      ? child.guardianId === ranker.guardianId
      : child.guardianId === null && child.clubId === ranker.clubId;

/**
 * Replaces one child's ranked wishes for the event's classes (first = rank 1), in one transaction.
 * "missing" when the ranker may not rank for the child or the child is not a finalist: the caller
 * answers 404, so another family's child is indistinguishable from no child at all.
 */
export async function savePreferences(
  db: DB,
  ranker: Ranker,
  input: { eventId: number; childId: number; classIds: number[] },
): Promise<SavePreferencesResult> {
  return db.transaction().execute(async (tx) => {
    // SHARE waits for a running allocation (which holds NO KEY UPDATE) and lets other families save alongside.
    const event = await tx
      .selectFrom("events")
      .select(["id", "starts_on", "age_reference_date"])
      .where("id", "=", input.eventId)
      .forShare()
      .executeTakeFirst();
    if (!event) return "missing";
    const child = (await academyParticipants(tx, event)).find((p) => p.id === input.childId && ranks(ranker)(p));
    if (!child) return "missing";
    const classIds = (
      await tx.selectFrom("master_classes").select("id").where("event_id", "=", input.eventId).execute()
    ).map((c) => c.id);
    if (input.classIds.some((id) => !classIds.includes(id)) || new Set(input.classIds).size !== input.classIds.length)
      return "unknown_class";
    if (input.classIds.length > (await academySettings(tx, input.eventId)).maxRanks) return "too_many";
    if (classIds.length) {
      await tx
        .deleteFrom("master_class_preferences")
        .where("participant_id", "=", child.id)
        .where("master_class_id", "in", classIds)
        .execute();
    }
    if (input.classIds.length) {
      await tx
        .insertInto("master_class_preferences")
        .values(input.classIds.map((id, i) => ({ master_class_id: id, participant_id: child.id, rank: i + 1 })))
        .execute();
    }
    return "saved";
  });
}

/**
 * The ranker's view of an academy: its classes, the choices allowed, and each child they rank for
 * among the finalists, with the child's wishes and allocated classes. Undefined for an unknown or
 * draft event.
 */
export async function familyAcademy(db: DB, ranker: Ranker, slug: string) {
  const found = await db
    .selectFrom("events")
    .select("id")
    .where("slug", "=", slug)
    .where("status", "!=", "draft")
    .executeTakeFirst();
  if (!found) return undefined;
  const event = (await academyEvent(db, found.id))!;
  const classes = await listMasterClasses(db, event.id);
  const children = (await academyParticipants(db, event)).filter(ranks(ranker));
  const preferences = await preferencesOf(db, event.id);
  const { maxRanks } = await academySettings(db, event.id);
  return {
    event,
    maxRanks,
    classes: classes.map(({ enrolled, ...c }) => ({ ...c, taken: enrolled.length })),
    children: children.map((child) => ({
      id: child.id,
      name: child.name,
      age: child.age,
      ranks: preferences.filter((p) => p.participant_id === child.id).map((p) => p.master_class_id),
      allocated: classes.filter((c) => c.enrolled.some((e) => e.participantId === child.id)).map((c) => c.id),
    })),
  };
}

/** Choice boxes a club's ranking page holds at most (each lists every class): 10 children of 5 choices. */
const CHOICES_PER_PAGE = 50;

/**
 * The ranking page, titles in the reader's language; undefined for an unknown or draft event.
 * With `params` (a club's page) the children are filtered by `?q=` (name) and paged by `?page=`, as many
 * a page as keeps it to CHOICES_PER_PAGE choice boxes.
 */
export async function familyAcademyPage(
  db: DB,
  ranker: Ranker,
  slug: string,
  locale: Locale,
  params?: URLSearchParams,
) {
  const page = await familyAcademy(db, ranker, slug);
  if (!page) return undefined;
  const q = (params?.get("q") ?? "").trim().slice(0, 100);
  const needle = q.toLocaleLowerCase();
  const matching = needle ? page.children.filter((c) => c.name.toLocaleLowerCase().includes(needle)) : page.children;
  const size = params ? Math.max(1, Math.floor(CHOICES_PER_PAGE / page.maxRanks)) : Math.max(1, matching.length);
  const at = numberedPage(matching.length, Number(params?.get("page")) || 1, size);
  const children = matching.slice(at.offset, at.offset + size);
  return {
    q,
    paging: {
      page: at.page,
      pages: at.pages,
      first: children.length ? at.offset + 1 : 0,
      last: at.offset + children.length,
      total: matching.length,
    },
    locale,
    maxRanks: page.maxRanks,
    event: { slug: page.event.slug, title: localized(page.event, "title", locale), timezone: page.event.timezone },
    classes: page.classes.map((c) => ({
      id: c.id,
      title: localized(c, "title", locale),
      teacher: c.teacher,
      room: c.room,
      sessions: c.sessions,
    })),
    allocated: page.classes.some((c) => c.taken > 0),
    children,
  };
}

/** The clubs a leader leads that have roster finalists in this academy (for links to their ranking pages). */
export async function clubsRankingIn(db: DB, clubIds: readonly number[], slug: string) {
  if (clubIds.length === 0) return [];
  const found = await db.selectFrom("events").select("id").where("slug", "=", slug).executeTakeFirst();
  if (!found) return [];
  const event = (await academyEvent(db, found.id))!;
  const withChildren = new Set(
    (await academyParticipants(db, event)).filter((p) => p.guardianId === null).map((p) => p.clubId),
  );
  const clubs = await db
    .selectFrom("clubs")
    .select(["id", "name"])
    .where("id", "in", [...clubIds])
    .orderBy("name")
    .execute();
  return clubs.filter((c) => withChildren.has(c.id));
}
