import { sql } from "kysely";

import type { Award } from "#db/types";
import { AWARDS } from "~/domain/results/rules";

import { canManageEvent, type Roles } from "../../accounts/auth.server";
import type { DB } from "../../platform/db.server";
import type { DiplomaData, DiplomaPerson, Texts } from "./pdf.server";
import { diplomaCodes } from "./verification.server";

/**
 * Diplomas are private documents for the family: they carry whole names. They exist only for
 * published results sections, except that an event's organisers see them before publication.
 */

export interface DiplomaViewer {
  userId: number;
  roles: Roles;
}

const collator = new Intl.Collator("kk");

interface Scope {
  eventId?: number;
  entryId?: number;
  roundId?: number;
  nominationId?: number;
  ageGroupId?: number;
  /** Organisers' preview: sections not yet published too. */
  includeUnpublished: boolean;
}

interface DiplomaRow {
  data: DiplomaData;
  roundId: number;
  nominationId: number;
  roundPosition: number;
  published: boolean;
  /** For the printing order: awards by tier then place, special prizes after them. */
  order: number;
  rank: number | null;
}

/**
 * The scope as one condition on a query over `table` (results "r" or special prizes "sp", each with
 * its entry "e" and results section "rs").
 */
function inScope(scope: Scope, table: "r" | "sp") {
  const is = (column: string, value: number) => sql<boolean>`${sql.ref(column)} = ${value}`;
  const conditions = [
    scope.entryId !== undefined && is(`${table}.entry_id`, scope.entryId),
    scope.eventId !== undefined && is("e.event_id", scope.eventId),
    scope.roundId !== undefined && is(`${table}.round_id`, scope.roundId),
    scope.nominationId !== undefined && is("rs.nomination_id", scope.nominationId),
    scope.ageGroupId !== undefined && is("rs.age_group_id", scope.ageGroupId),
    !scope.includeUnpublished && sql<boolean>`rs.published_at is not null`,
  ].filter((c) => c !== false);
  return conditions.length ? sql<boolean>`${sql.join(conditions, sql` and `)}` : sql<boolean>`true`;
}

const texts = (row: Record<string, unknown>, field: string): Texts => ({
  kk: String(row[`${field}_kk`] ?? ""),
  ru: String(row[`${field}_ru`] ?? ""),
  en: String(row[`${field}_en`] ?? ""),
});

/** Awards of the results (the Grand Prix recorded by the jury replacing the entry's own award). */
async function awardRows(db: DB, scope: Scope) {
  const rows = await db
    .selectFrom("results as r")
    .innerJoin("result_sections as rs", "rs.id", "r.section_id")
    .innerJoin("entries as e", "e.id", "r.entry_id")
    // A recorded Grand Prix counts only while its entry holds Laureate I: a choice a later score
    // change left behind is not a Grand Prix (the results page asks the organiser to choose again).
    .leftJoin("grand_prix as gp", (join) =>
      join
        .onRef("gp.round_id", "=", "r.round_id")
        .onRef("gp.entry_id", "=", "r.entry_id")
        .on("r.award", "in", ["laureate_1", "grand_prix"]),
    )
    .select([
      "r.round_id",
      "r.entry_id",
      "r.award",
      "r.rank",
      "rs.published_at",
      "rs.nomination_id",
      "rs.age_group_id",
      "gp.id as grand_prix_id",
    ])
    .where("r.award", "is not", null)
    .where(inScope(scope, "r"))
    .execute();
  return rows.map((r) => ({
    roundId: r.round_id,
    entryId: r.entry_id,
    award: (r.grand_prix_id !== null ? "grand_prix" : r.award!) as Award,
    rank: r.rank,
    published: r.published_at !== null,
    nominationId: r.nomination_id,
    ageGroupId: r.age_group_id,
  }));
}

/** Special prizes, visible with the results section their entry falls in. */
async function specialPrizeRows(db: DB, scope: Scope) {
  const rows = await db
    .selectFrom("special_prizes as sp")
    .innerJoin("entries as e", "e.id", "sp.entry_id")
    .innerJoin("result_sections as rs", (join) =>
      join
        .onRef("rs.round_id", "=", "sp.round_id")
        .onRef("rs.nomination_id", "=", "e.nomination_id")
        .on(sql<boolean>`coalesce(rs.age_group_id, 0) = coalesce(e.age_group_id, 0)`),
    )
    .select([
      "sp.id",
      "sp.round_id",
      "sp.entry_id",
      "sp.name_kk",
      "sp.name_ru",
      "sp.name_en",
      "rs.published_at",
      "rs.nomination_id",
      "rs.age_group_id",
    ])
    .where(inScope(scope, "sp"))
    .orderBy("sp.id")
    .execute();
  return rows.map((r) => ({
    prizeId: r.id,
    roundId: r.round_id,
    entryId: r.entry_id,
    prize: texts(r, "name"),
    published: r.published_at !== null,
    nominationId: r.nomination_id,
    ageGroupId: r.age_group_id,
  }));
}

/** The diplomas in a scope, with what each page prints: event, round, nomination, age group, names, club. */
async function loadDiplomas(db: DB, scope: Scope): Promise<DiplomaRow[]> {
  const awards = await awardRows(db, scope);
  const prizes = await specialPrizeRows(db, scope);
  const all = [...awards, ...prizes];
  if (all.length === 0) return [];
  const entryIds = [...new Set(all.map((a) => a.entryId))];
  const roundIds = [...new Set(all.map((a) => a.roundId))];

  const entries = await db
    .selectFrom("entries as e")
    .innerJoin("events as ev", "ev.id", "e.event_id")
    .innerJoin("nominations as n", "n.id", "e.nomination_id")
    .leftJoin("clubs as c", "c.id", "e.club_id")
    .select([
      "e.id",
      "e.reference",
      "e.format",
      "e.title",
      "ev.title_kk",
      "ev.title_ru",
      "ev.title_en",
      "ev.city",
      "ev.starts_on",
      "ev.ends_on",
      "n.name_kk",
      "n.name_ru",
      "n.name_en",
      "n.entry_kind",
      "c.name as club_name",
      "c.city as club_city",
    ])
    .where("e.id", "in", entryIds)
    .execute();
  const rounds = await db
    .selectFrom("rounds")
    .select(["id", "position", "city", "starts_on", "ends_on"])
    .where("id", "in", roundIds)
    .execute();
  const ageGroupIds = [...new Set(all.map((a) => a.ageGroupId).filter((id): id is number => id !== null))];
  const ageGroups = ageGroupIds.length
    ? await db.selectFrom("age_groups").select(["id", "min_age", "max_age"]).where("id", "in", ageGroupIds).execute()
    : [];
  const members = await db
    .selectFrom("entry_members as m")
    .innerJoin("participants as p", "p.id", "m.participant_id")
    .select(["m.entry_id", "p.first_name", "p.last_name", "p.patronymic"])
    .where("m.entry_id", "in", entryIds)
    .where("m.active", "=", true)
    .where("p.anonymised_at", "is", null)
    .execute();
  members.sort((a, b) => collator.compare(a.last_name, b.last_name) || collator.compare(a.first_name, b.first_name));
  const chairs = await db
    .selectFrom("jury_assignments as j")
    .innerJoin("users as u", "u.id", "j.user_id")
    .select(["j.round_id", "j.nomination_id", "j.age_group_id", "u.name"])
    .where("j.round_id", "in", roundIds)
    .where("j.is_chair", "=", true)
    .orderBy("j.id")
    .execute();

  const entryById = new Map(entries.map((e) => [e.id, e]));
  const roundById = new Map(rounds.map((r) => [r.id, r]));
  const ageGroupById = new Map(ageGroups.map((g) => [g.id, g]));
  const membersOf = (entryId: number): DiplomaPerson[] =>
    members
      .filter((m) => m.entry_id === entryId)
      .map((m) => ({ firstName: m.first_name, lastName: m.last_name, patronymic: m.patronymic }));
  const chairOf = (roundId: number, nominationId: number, ageGroupId: number | null) => {
    const panel = chairs.filter((c) => c.round_id === roundId && c.nomination_id === nominationId);
    return (
      (panel.find((c) => c.age_group_id === ageGroupId) ?? panel.find((c) => c.age_group_id === null))?.name ?? null
    );
  };

  const codes = await diplomaCodes(db, entryIds, roundIds);

  const build = (a: (typeof all)[number] & { prizeId?: number }, prize: DiplomaData["prize"]): DiplomaData => {
    const e = entryById.get(a.entryId)!;
    const round = roundById.get(a.roundId)!;
    const group = a.ageGroupId === null ? undefined : ageGroupById.get(a.ageGroupId);
    const startsOn = round.starts_on ?? e.starts_on;
    const endsOn = round.ends_on ?? (round.starts_on ? round.starts_on : e.ends_on);
    return {
      reference: e.reference,
      verifyCode: codes.get("specialPrize" in prize ? `prize:${a.prizeId}` : `${a.roundId}:${a.entryId}`) ?? null,
      prize,
      event: { title: texts(e, "title") },
      city: round.city ?? e.city,
      startsOn,
      endsOn,
      nomination: texts(e, "name"),
      entryKind: e.entry_kind,
      ageGroup: group ? { min: group.min_age, max: group.max_age } : null,
      format: e.format,
      title: e.title,
      members: membersOf(e.id),
      club: e.club_name !== null ? { name: e.club_name, city: e.club_city ?? "" } : null,
      chair: chairOf(a.roundId, a.nominationId, a.ageGroupId),
      date: endsOn,
    };
  };
  const position = (roundId: number) => roundById.get(roundId)!.position;
  return [
    ...awards.map((a) => ({
      data: build(a, { award: a.award }),
      roundId: a.roundId,
      nominationId: a.nominationId,
      roundPosition: position(a.roundId),
      published: a.published,
      order: AWARDS.indexOf(a.award),
      rank: a.rank,
    })),
    ...prizes.map((p) => ({
      data: build(p, { specialPrize: p.prize }),
      roundId: p.roundId,
      nominationId: p.nominationId,
      roundPosition: position(p.roundId),
      published: p.published,
      order: AWARDS.length,
      rank: null,
    })),
  ];
}

/** Who may have this entry's diploma: its family, its club's leader, the event's organisers. */
async function entryAccess(db: DB, reference: string, viewer: DiplomaViewer) {
  const entry = await db
    .selectFrom("entries")
    .select(["id", "event_id", "club_id", "submitted_by_user_id", "reference"])
    .where("reference", "=", reference)
    .executeTakeFirst();
  if (!entry) return null;
  const organiser = canManageEvent(viewer.roles, entry.event_id);
  const leader = entry.club_id !== null && viewer.roles.clubLeaderOf.has(entry.club_id);
  const family =
    entry.submitted_by_user_id === viewer.userId ||
    (await db
      .selectFrom("entry_members as m")
      .innerJoin("participants as p", "p.id", "m.participant_id")
      .select("m.entry_id")
      .where("m.entry_id", "=", entry.id)
      .where("m.active", "=", true)
      .where("p.guardian_user_id", "=", viewer.userId)
      .executeTakeFirst()) !== undefined;
  if (!organiser && !leader && !family) return null;
  return { entry, organiser };
}

export interface EntryDiplomas {
  diplomas: DiplomaData[];
  /** Some diploma is of a section not yet published (only organisers get these). */
  preview: boolean;
  reference: string;
}

/**
 * An entry's diplomas (its award and any special prizes) of its latest round with one, or of the
 * given round. Null when the viewer may not have them or there is none yet: the route answers 404
 * alike, so nobody learns that an entry exists.
 */
export async function diplomaForEntry(
  db: DB,
  where: { reference: string; roundId?: number },
  viewer: DiplomaViewer,
): Promise<EntryDiplomas | null> {
  const access = await entryAccess(db, where.reference, viewer);
  if (!access) return null;
  const rows = await loadDiplomas(db, {
    entryId: access.entry.id,
    roundId: where.roundId,
    includeUnpublished: access.organiser,
  });
  if (rows.length === 0) return null;
  const latest = rows.reduce((a, b) =>
    b.roundPosition > a.roundPosition || (b.roundPosition === a.roundPosition && b.roundId > a.roundId) ? b : a,
  );
  const chosen = rows.filter((r) => r.roundId === latest.roundId).sort((a, b) => a.order - b.order);
  return {
    diplomas: chosen.map((r) => r.data),
    preview: chosen.some((r) => !r.published),
    reference: access.entry.reference,
  };
}

/** Whether the entry has a diploma in a published section (for the family's entry page). */
export async function hasPublishedDiploma(db: DB, entryId: number): Promise<boolean> {
  const honours = await publishedHonours(db, entryId);
  return honours.awards.length > 0 || honours.prizes.length > 0;
}

/** What an entry won in published results (each round's award, and special prizes), for the family's page. */
export async function publishedHonours(db: DB, entryId: number): Promise<{ awards: Award[]; prizes: Texts[] }> {
  const scope = { entryId, includeUnpublished: false };
  const [awards, prizes] = await Promise.all([awardRows(db, scope), specialPrizeRows(db, scope)]);
  return { awards: awards.map((a) => a.award), prizes: prizes.map((p) => p.prize) };
}

export type NominationDiplomas =
  | {
      ok: true;
      diplomas: DiplomaData[];
      eventSlug: string;
      nomination: Texts;
      ageGroup: { min: number; max: number } | null;
    }
  | { ok: false; problem: "round" | "nomination" | "ageGroup" };

/**
 * Every diploma of a nomination in a round (optionally one age group), for the organisers to
 * print: age groups from the youngest, then by award and place, special prizes last; published
 * or not. The caller must have checked that the viewer organises the event.
 */
export async function diplomasForNomination(
  db: DB,
  where: { eventId: number; nominationId: number; roundId: number; ageGroupId?: number },
): Promise<NominationDiplomas> {
  const round = await db
    .selectFrom("rounds")
    .select("id")
    .where("id", "=", where.roundId)
    .where("event_id", "=", where.eventId)
    .executeTakeFirst();
  if (!round) return { ok: false, problem: "round" };
  const nomination = await db
    .selectFrom("nominations")
    .innerJoin("events", "events.id", "nominations.event_id")
    .select(["nominations.name_kk", "nominations.name_ru", "nominations.name_en", "events.slug"])
    .where("nominations.id", "=", where.nominationId)
    .where("nominations.event_id", "=", where.eventId)
    .executeTakeFirst();
  if (!nomination) return { ok: false, problem: "nomination" };
  let ageGroup: { min: number; max: number } | null = null;
  if (where.ageGroupId !== undefined) {
    const group = await db
      .selectFrom("age_groups")
      .select(["min_age", "max_age"])
      .where("id", "=", where.ageGroupId)
      .where("event_id", "=", where.eventId)
      .executeTakeFirst();
    if (!group) return { ok: false, problem: "ageGroup" };
    ageGroup = { min: group.min_age, max: group.max_age };
  }
  const rows = await loadDiplomas(db, { ...where, includeUnpublished: true });
  rows.sort(printingOrder);
  return {
    ok: true,
    diplomas: rows.map((r) => r.data),
    eventSlug: nomination.slug,
    nomination: texts(nomination, "name"),
    ageGroup,
  };
}

const nameOf = (r: DiplomaRow) => r.data.members.map((m) => `${m.lastName} ${m.firstName}`).join(", ");

/** Age groups from the youngest, then by award and place, special prizes last, then by name. */
function printingOrder(a: DiplomaRow, b: DiplomaRow): number {
  return (
    (a.data.ageGroup?.min ?? -1) - (b.data.ageGroup?.min ?? -1) ||
    a.order - b.order ||
    (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
    collator.compare(nameOf(a), nameOf(b))
  );
}

export type RoundDiplomas = { ok: true; diplomas: DiplomaData[]; eventSlug: string } | { ok: false };

/**
 * Every diploma of a round, for the organisers to print in one go: nominations in the event's
 * order, each in printing order (see diplomasForNomination); published or not. Not ok when the round
 * is not the event's. The caller must have checked that the viewer organises the event.
 */
export async function diplomasForRound(db: DB, where: { eventId: number; roundId: number }): Promise<RoundDiplomas> {
  const round = await db
    .selectFrom("rounds")
    .innerJoin("events", "events.id", "rounds.event_id")
    .select("events.slug")
    .where("rounds.id", "=", where.roundId)
    .where("rounds.event_id", "=", where.eventId)
    .executeTakeFirst();
  if (!round) return { ok: false };
  const rows = await loadDiplomas(db, { ...where, includeUnpublished: true });
  const nominations = await db
    .selectFrom("nominations")
    .select(["id", "position"])
    .where("event_id", "=", where.eventId)
    .execute();
  const position = new Map(nominations.map((n) => [n.id, n.position]));
  rows.sort(
    (a, b) =>
      (position.get(a.nominationId) ?? 0) - (position.get(b.nominationId) ?? 0) ||
      a.nominationId - b.nominationId ||
      printingOrder(a, b),
  );
  return { ok: true, diplomas: rows.map((r) => r.data), eventSlug: round.slug };
}
