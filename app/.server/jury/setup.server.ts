import { type ExpressionBuilder, sql } from "kysely";

import type { Database, ScoringRules } from "#db/types";
import { type Locale, localized } from "~/domain/locale";
import type { ConflictData, CriterionData, JudgeData } from "~/schemas/jury";

import { grantRole, inviteStaff } from "../accounts/accounts.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";

/*
 * Jury setup for an event's organisers: criteria per nomination, panels (round × nomination × age
 * group), conflicts of interest, blind rounds and the event's scoring rules. Every function is scoped
 * by the event: an id from another event is "missing", so a guard on the event covers the rest.
 * Panel changes lock the event row (FOR NO KEY UPDATE: registrations, which only take a key-share
 * lock on it, are not held up), so chairs and judges' memberships never race.
 *
 * Locked results freeze what they were computed from (ADR 0009): a nomination's criteria while any
 * of its results sections is locked; a panel, and a conflict of interest, when they would change a
 * locked section; the event's scoring rules while any of its sections is locked. Each change reads
 * the sections FOR SHARE in its own transaction: a lock taken meanwhile waits for the change, or the change sees it.
 */

// ---------------------------------------------------------------------------------------------
// Locked results freeze what they were computed from

/** A results section (round × nomination × age group; null = entries without an age group). */
export interface SectionKey {
  roundId: number;
  nominationId: number;
  ageGroupId: number | null;
}

/** Refused: the change would alter the results of these locked sections. */
export interface Frozen {
  status: "locked";
  sections: SectionKey[];
}

/**
 * The event's results sections, read FOR SHARE: a section being locked meanwhile (FOR UPDATE in
 * publication.server.ts) waits for this transaction, or this one sees its lock.
 */
async function eventSections(tx: DB, eventId: number): Promise<(SectionKey & { locked: boolean })[]> {
  const rows = await tx
    .selectFrom("result_sections")
    .select(["round_id", "nomination_id", "age_group_id", "locked_at"])
    .where("round_id", "in", tx.selectFrom("rounds").select("id").where("event_id", "=", eventId))
    .orderBy("id")
    .forShare()
    .execute();
  return rows.map((r) => ({
    roundId: r.round_id,
    nominationId: r.nomination_id,
    ageGroupId: r.age_group_id,
    locked: r.locked_at !== null,
  }));
}

/** The locked sections among the event's that `touches` says a change would alter; null when none. */
async function frozenBy(tx: DB, eventId: number, touches: (s: SectionKey) => boolean): Promise<Frozen | null> {
  const sections = (await eventSections(tx, eventId))
    .filter((s) => s.locked && touches(s))
    .map(({ locked: _, ...key }) => key);
  return sections.length ? { status: "locked", sections } : null;
}

/** A panel covers a section: same round and nomination, and its age group (or every age group). */
const panelCovers = (panel: Omit<PanelScope, "eventId">) => (s: SectionKey) =>
  s.roundId === panel.roundId &&
  s.nominationId === panel.nominationId &&
  (panel.ageGroupId === null || s.ageGroupId === panel.ageGroupId);

/** Criteria are frozen while any results section of their nomination is locked (totals and the first-criterion tie-break use them). */
const ofNomination = (nominationId: number) => (s: SectionKey) => s.nominationId === nominationId;

/** The event's locked sections, to show which parts of the jury setup are frozen. */
export async function lockedSections(db: DB, eventId: number): Promise<SectionKey[]> {
  const rows = await db
    .selectFrom("result_sections")
    .innerJoin("rounds", "rounds.id", "result_sections.round_id")
    .select(["result_sections.round_id", "result_sections.nomination_id", "result_sections.age_group_id"])
    .where("rounds.event_id", "=", eventId)
    .where("result_sections.locked_at", "is not", null)
    .orderBy("result_sections.id")
    .execute();
  return rows.map((r) => ({ roundId: r.round_id, nominationId: r.nomination_id, ageGroupId: r.age_group_id }));
}

/** A locked section as the jury pages name it. */
export interface LockedSectionView extends SectionKey {
  /** 1 for the event's first round. */
  roundNumber: number;
  roundKind: string;
  nomination: string;
  ageGroup: { min: number; max: number } | null;
}

/** The event's locked sections with their names, in round, nomination and age order. */
export async function lockedSectionsView(db: DB, eventId: number, locale: Locale): Promise<LockedSectionView[]> {
  const [locked, rounds, nominations, ageGroups] = await Promise.all([
    lockedSections(db, eventId),
    db
      .selectFrom("rounds")
      .select(["id", "kind"])
      .where("event_id", "=", eventId)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("nominations")
      .select(["id", "name_kk", "name_ru", "name_en"])
      .where("event_id", "=", eventId)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("age_groups")
      .select(["id", "min_age", "max_age"])
      .where("event_id", "=", eventId)
      .orderBy("min_age")
      .orderBy("id")
      .execute(),
  ]);
  const index = <T extends { id: number }>(list: T[], id: number | null) =>
    id === null ? -1 : list.findIndex((x) => x.id === id);
  return locked
    .map((s) => {
      const nomination = nominations.find((n) => n.id === s.nominationId);
      const group = ageGroups.find((g) => g.id === s.ageGroupId);
      return {
        ...s,
        roundNumber: index(rounds, s.roundId) + 1,
        roundKind: rounds.find((r) => r.id === s.roundId)?.kind ?? "",
        nomination: nomination ? localized(nomination, "name", locale) : "",
        ageGroup: group ? { min: group.min_age, max: group.max_age } : null,
      };
    })
    .sort(
      (a, b) =>
        a.roundNumber - b.roundNumber ||
        index(nominations, a.nominationId) - index(nominations, b.nominationId) ||
        index(ageGroups, a.ageGroupId) - index(ageGroups, b.ageGroupId),
    );
}

/** A refusal's sections with their names, for the message. */
export async function describeFrozen(
  db: DB,
  eventId: number,
  locale: Locale,
  frozen: Frozen,
): Promise<LockedSectionView[]> {
  const named = await lockedSectionsView(db, eventId, locale);
  const same = (a: SectionKey) => (b: SectionKey) =>
    a.roundId === b.roundId && a.nominationId === b.nominationId && a.ageGroupId === b.ageGroupId;
  return named.filter((n) => frozen.sections.some(same(n)));
}

// ---------------------------------------------------------------------------------------------
// Criteria

type CriterionNames = Pick<CriterionData, "nameKk" | "nameRu" | "nameEn">;

/** Sensible starting criteria by discipline, each out of 10 with weight 1. */
const PERFORMANCE: CriterionNames[] = [
  { nameKk: "Орындау техникасы", nameRu: "Техника исполнения", nameEn: "Technique" },
  { nameKk: "Артистизм", nameRu: "Артистизм", nameEn: "Artistry" },
  { nameKk: "Репертуар", nameRu: "Репертуар", nameEn: "Repertoire" },
  { nameKk: "Сахналық мәдениет", nameRu: "Сценическая культура", nameEn: "Stage presence" },
];
const VISUAL: CriterionNames[] = [
  { nameKk: "Композиция", nameRu: "Композиция", nameEn: "Composition" },
  { nameKk: "Орындау техникасы", nameRu: "Техника исполнения", nameEn: "Technique" },
  { nameKk: "Идеяның өзіндігі", nameRu: "Оригинальность замысла", nameEn: "Originality" },
  { nameKk: "Мәнерлілік", nameRu: "Выразительность", nameEn: "Expressiveness" },
];
const LITERARY: CriterionNames[] = [
  { nameKk: "Мазмұны", nameRu: "Содержание", nameEn: "Content" },
  { nameKk: "Тілі мен стилі", nameRu: "Язык и стиль", nameEn: "Language and style" },
  { nameKk: "Идеяның өзіндігі", nameRu: "Оригинальность замысла", nameEn: "Originality" },
  { nameKk: "Мәнерлілік", nameRu: "Выразительность", nameEn: "Expressiveness" },
];
const VISUAL_DISCIPLINES = new Set(["fine_art", "decorative_art", "photography", "fashion", "film"]);

export function standardCriteria(discipline: string): CriterionData[] {
  const names = VISUAL_DISCIPLINES.has(discipline) ? VISUAL : discipline === "literature" ? LITERARY : PERFORMANCE;
  return names.map((n) => ({ ...n, maxScore: 10, weight: 1 }));
}

const criterionRow = (c: CriterionData) => ({
  name_kk: c.nameKk,
  name_ru: c.nameRu,
  name_en: c.nameEn,
  max_score: c.maxScore,
  weight: c.weight,
});

/** The event's nomination, locked for the transaction (criteria positions are assigned under it). */
async function lockNomination(tx: DB, eventId: number, nominationId: number) {
  return tx
    .selectFrom("nominations")
    .select(["id", "discipline"])
    .where("id", "=", nominationId)
    .where("event_id", "=", eventId)
    .forNoKeyUpdate()
    .executeTakeFirst();
}

async function findCriterion(tx: DB, eventId: number, criterionId: number) {
  return tx
    .selectFrom("criteria")
    .innerJoin("nominations", "nominations.id", "criteria.nomination_id")
    .selectAll("criteria")
    .where("criteria.id", "=", criterionId)
    .where("nominations.event_id", "=", eventId)
    .executeTakeFirst();
}

async function scoreCount(tx: DB, criterionIds: number[]): Promise<number> {
  if (criterionIds.length === 0) return 0;
  const row = await tx
    .selectFrom("scores")
    .select(sql<string>`count(*)`.as("n"))
    .where("criterion_id", "in", criterionIds)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function nextPosition(tx: DB, nominationId: number): Promise<number> {
  const row = await tx
    .selectFrom("criteria")
    .select(sql<number>`coalesce(max(position), -1) + 1`.as("next"))
    .where("nomination_id", "=", nominationId)
    .executeTakeFirstOrThrow();
  return Number(row.next);
}

export type CriterionChange<T extends string> = { status: T } | { status: "missing" } | Frozen;

export async function addCriterion(
  db: DB,
  actor: Actor,
  { eventId, nominationId }: { eventId: number; nominationId: number },
  fields: CriterionData,
): Promise<{ status: "added"; id: number } | { status: "missing" } | Frozen> {
  return db.transaction().execute(async (tx) => {
    if (!(await lockNomination(tx, eventId, nominationId))) return { status: "missing" as const };
    const frozen = await frozenBy(tx, eventId, ofNomination(nominationId));
    if (frozen) return frozen;
    const row = await tx
      .insertInto("criteria")
      .values({ nomination_id: nominationId, position: await nextPosition(tx, nominationId), ...criterionRow(fields) })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, actor, { action: "criterion.add", entityType: "criterion", entityId: row.id, eventId, after: row });
    return { status: "added" as const, id: row.id };
  });
}

export async function updateCriterion(
  db: DB,
  actor: Actor,
  { eventId, criterionId }: { eventId: number; criterionId: number },
  fields: CriterionData,
): Promise<CriterionChange<"saved">> {
  return db.transaction().execute(async (tx) => {
    const before = await findCriterion(tx, eventId, criterionId);
    if (!before || !(await lockNomination(tx, eventId, before.nomination_id))) return { status: "missing" as const };
    const frozen = await frozenBy(tx, eventId, ofNomination(before.nomination_id));
    if (frozen) return frozen;
    const after = await tx
      .updateTable("criteria")
      .set(criterionRow(fields))
      .where("id", "=", criterionId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, actor, {
      action: "criterion.update",
      entityType: "criterion",
      entityId: criterionId,
      eventId,
      before,
      after,
    });
    return { status: "saved" as const };
  });
}

export type RemoveCriterionResult =
  | { status: "removed"; nominationId: number }
  | { status: "missing" }
  /** Judges have scored it: removing it would delete those scores too, so it needs confirming. */
  | { status: "scored"; scores: number }
  /** A results section of the nomination is locked: its criteria are frozen. */
  | (Frozen & { scores: number });

/**
 * Removes a criterion. One that judges have already scored is kept unless `confirm` says the
 * organiser accepts losing those scores, and never removed while the nomination's results are locked.
 */
export async function removeCriterion(
  db: DB,
  actor: Actor,
  { eventId, criterionId, confirm }: { eventId: number; criterionId: number; confirm: boolean },
): Promise<RemoveCriterionResult> {
  return db.transaction().execute(async (tx) => {
    const found = await findCriterion(tx, eventId, criterionId);
    if (!found) return { status: "missing" };
    // The row lock waits for a judge's score being written, and keeps new ones out until the end.
    await tx.selectFrom("criteria").select("id").where("id", "=", criterionId).forUpdate().execute();
    const scores = await scoreCount(tx, [criterionId]);
    const frozen = await frozenBy(tx, eventId, ofNomination(found.nomination_id));
    if (frozen) return { ...frozen, scores };
    if (scores > 0 && !confirm) return { status: "scored", scores };
    await tx.deleteFrom("criteria").where("id", "=", criterionId).execute();
    await audit(tx, actor, {
      action: "criterion.remove",
      entityType: "criterion",
      entityId: criterionId,
      eventId,
      before: { ...found, scores },
    });
    return { status: "removed", nominationId: found.nomination_id };
  });
}

/** Moves a criterion one place up or down among its nomination's criteria (the first one breaks ties). */
export async function moveCriterion(
  db: DB,
  actor: Actor,
  { eventId, criterionId, direction }: { eventId: number; criterionId: number; direction: "up" | "down" },
): Promise<CriterionChange<"moved">> {
  return db.transaction().execute(async (tx) => {
    const found = await findCriterion(tx, eventId, criterionId);
    if (!found || !(await lockNomination(tx, eventId, found.nomination_id))) return { status: "missing" as const };
    const frozen = await frozenBy(tx, eventId, ofNomination(found.nomination_id));
    if (frozen) return frozen;
    const ids = (
      await tx
        .selectFrom("criteria")
        .select("id")
        .where("nomination_id", "=", found.nomination_id)
        .orderBy("position")
        .orderBy("id")
        .execute()
    ).map((r) => r.id);
    const from = ids.indexOf(criterionId);
    const to = direction === "up" ? from - 1 : from + 1;
    if (from < 0 || to < 0 || to >= ids.length) return { status: "moved" as const };
    [ids[from], ids[to]] = [ids[to]!, ids[from]!];
    for (const [position, id] of ids.entries())
      await tx.updateTable("criteria").set({ position }).where("id", "=", id).execute();
    await audit(tx, actor, {
      action: "criterion.move",
      entityType: "criterion",
      entityId: criterionId,
      eventId,
      before: { position: from },
      after: { position: to },
    });
    return { status: "moved" as const };
  });
}

/** Gives a nomination without criteria the standard ones for its discipline. */
export async function applyStandardCriteria(
  db: DB,
  actor: Actor,
  { eventId, nominationId }: { eventId: number; nominationId: number },
): Promise<"added" | "notEmpty" | "missing" | Frozen> {
  return db.transaction().execute(async (tx) => {
    const nomination = await lockNomination(tx, eventId, nominationId);
    if (!nomination) return "missing";
    const frozen = await frozenBy(tx, eventId, ofNomination(nominationId));
    if (frozen) return frozen;
    if (await tx.selectFrom("criteria").select("id").where("nomination_id", "=", nominationId).executeTakeFirst())
      return "notEmpty";
    const rows = standardCriteria(nomination.discipline).map((c, position) => ({
      nomination_id: nominationId,
      position,
      ...criterionRow(c),
    }));
    const inserted = await tx.insertInto("criteria").values(rows).returningAll().execute();
    await audit(tx, actor, {
      action: "criteria.standard",
      entityType: "nomination",
      entityId: nominationId,
      eventId,
      after: inserted,
    });
    return "added";
  });
}

/**
 * Gives every other nomination of the event a copy of this nomination's criteria, replacing theirs.
 * A nomination whose criteria already carry scores keeps them and is counted as skipped; one with
 * locked results keeps them too, and is counted as locked.
 */
export async function copyCriteriaToAll(
  db: DB,
  actor: Actor,
  { eventId, nominationId }: { eventId: number; nominationId: number },
): Promise<
  { status: "copied"; copied: number; skipped: number; locked: number } | { status: "missing" } | { status: "empty" }
> {
  return db.transaction().execute(async (tx) => {
    const nominations = await tx
      .selectFrom("nominations")
      .select("id")
      .where("event_id", "=", eventId)
      .orderBy("id")
      .forNoKeyUpdate()
      .execute();
    if (!nominations.some((n) => n.id === nominationId)) return { status: "missing" };
    const source = await tx
      .selectFrom("criteria")
      .selectAll()
      .where("nomination_id", "=", nominationId)
      .orderBy("position")
      .orderBy("id")
      .execute();
    if (source.length === 0) return { status: "empty" };
    const lockedNominations = new Set(
      (await eventSections(tx, eventId)).filter((s) => s.locked).map((s) => s.nominationId),
    );
    let copied = 0;
    let skipped = 0;
    let locked = 0;
    for (const { id: target } of nominations) {
      if (target === nominationId) continue;
      if (lockedNominations.has(target)) {
        locked++;
        continue;
      }
      const existing = await tx
        .selectFrom("criteria")
        .select("id")
        .where("nomination_id", "=", target)
        .forUpdate()
        .execute();
      if (
        (await scoreCount(
          tx,
          existing.map((c) => c.id),
        )) > 0
      ) {
        skipped++;
        continue;
      }
      await tx.deleteFrom("criteria").where("nomination_id", "=", target).execute();
      await tx
        .insertInto("criteria")
        .values(
          source.map((c, position) => ({
            nomination_id: target,
            position,
            name_kk: c.name_kk,
            name_ru: c.name_ru,
            name_en: c.name_en,
            max_score: c.max_score,
            weight: c.weight,
          })),
        )
        .execute();
      copied++;
    }
    await audit(tx, actor, {
      action: "criteria.copy",
      entityType: "nomination",
      entityId: nominationId,
      eventId,
      after: { criteria: source, copied, skipped, locked },
    });
    return { status: "copied", copied, skipped, locked };
  });
}

export interface CriterionView {
  id: number;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  /** The name in the reader's language, or the first other language that has one. */
  name: string;
  maxScore: string;
  weight: string;
  scores: number;
}

export interface NominationCriteria {
  id: number;
  name: string;
  discipline: string;
  criteria: CriterionView[];
}

export async function listCriteria(db: DB, eventId: number, locale: Locale): Promise<NominationCriteria[]> {
  const nominations = await db
    .selectFrom("nominations")
    .select(["id", "name_kk", "name_ru", "name_en", "discipline"])
    .where("event_id", "=", eventId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  const criteria = await db
    .selectFrom("criteria")
    .innerJoin("nominations", "nominations.id", "criteria.nomination_id")
    .leftJoin(
      (eb) =>
        eb
          .selectFrom("scores")
          .select(["criterion_id", sql<string>`count(*)`.as("n")])
          .groupBy("criterion_id")
          .as("s"),
      (join) => join.onRef("s.criterion_id", "=", "criteria.id"),
    )
    .select([
      "criteria.id",
      "criteria.nomination_id",
      "criteria.name_kk",
      "criteria.name_ru",
      "criteria.name_en",
      "criteria.max_score",
      "criteria.weight",
      "s.n",
    ])
    .where("nominations.event_id", "=", eventId)
    .orderBy("criteria.position")
    .orderBy("criteria.id")
    .execute();
  return nominations.map((n) => ({
    id: n.id,
    name: localized(n, "name", locale),
    discipline: n.discipline,
    criteria: criteria
      .filter((c) => c.nomination_id === n.id)
      .map((c) => ({
        id: c.id,
        nameKk: c.name_kk,
        nameRu: c.name_ru,
        nameEn: c.name_en,
        name: localized(c, "name", locale),
        maxScore: String(Number(c.max_score)),
        weight: String(Number(c.weight)),
        scores: Number(c.n ?? 0),
      })),
  }));
}

// ---------------------------------------------------------------------------------------------
// Panels

export interface PanelScope {
  eventId: number;
  roundId: number;
  nominationId: number;
  /** null = every age group of the nomination */
  ageGroupId: number | null;
}

export interface PanelJudge {
  assignmentId: number;
  userId: number;
  name: string;
  email: string;
  isChair: boolean;
}

export interface Panel {
  roundId: number;
  nominationId: number;
  ageGroupId: number | null;
  judges: PanelJudge[];
}

/** Locks the event row for a panel change; false when there is no such event. */
async function lockEvent(tx: DB, eventId: number): Promise<boolean> {
  return Boolean(
    await tx.selectFrom("events").select("id").where("id", "=", eventId).forNoKeyUpdate().executeTakeFirst(),
  );
}

/** Whether the round, the nomination and the age group (if any) all belong to the event. */
async function scopeExists(db: DB, { eventId, roundId, nominationId, ageGroupId }: PanelScope): Promise<boolean> {
  const [round, nomination, ageGroup] = await Promise.all([
    db.selectFrom("rounds").select("id").where("id", "=", roundId).where("event_id", "=", eventId).executeTakeFirst(),
    db
      .selectFrom("nominations")
      .select("id")
      .where("id", "=", nominationId)
      .where("event_id", "=", eventId)
      .executeTakeFirst(),
    ageGroupId === null
      ? Promise.resolve({ id: 0 })
      : db
          .selectFrom("age_groups")
          .select("id")
          .where("id", "=", ageGroupId)
          .where("event_id", "=", eventId)
          .executeTakeFirst(),
  ]);
  return Boolean(round && nomination && ageGroup);
}

/** The rows of one panel (round × nomination × age group, or the all-age-groups panel). */
const inPanel = (scope: Omit<PanelScope, "eventId">) => (eb: ExpressionBuilder<Database, "jury_assignments">) =>
  eb.and([
    eb("round_id", "=", scope.roundId),
    eb("nomination_id", "=", scope.nominationId),
    scope.ageGroupId === null ? eb("age_group_id", "is", null) : eb("age_group_id", "=", scope.ageGroupId),
  ]);

/** Makes one judge the panel's chair (and nobody else), or just drops their chair. */
async function setChairIn(
  tx: DB,
  assignment: { id: number; round_id: number; nomination_id: number; age_group_id: number | null },
  chair: boolean,
) {
  if (chair) {
    const scope = {
      roundId: assignment.round_id,
      nominationId: assignment.nomination_id,
      ageGroupId: assignment.age_group_id,
    };
    await tx
      .updateTable("jury_assignments")
      .set({ is_chair: false })
      .where(inPanel(scope))
      .where("id", "!=", assignment.id)
      .where("is_chair", "=", true)
      .execute();
  }
  await tx.updateTable("jury_assignments").set({ is_chair: chair }).where("id", "=", assignment.id).execute();
}

export type AddJudgeResult =
  | { status: "added"; userId: number; invited: boolean }
  | { status: "already" }
  | { status: "needName" }
  | { status: "missing" }
  | Frozen;

/**
 * Puts a person on a panel by email. An account that exists is made a judge of the event; an unknown
 * email (or an account that never set a password) is invited, and then needs a name. At most one
 * chair per panel: choosing a chair here takes the role from anyone else on the panel.
 */
export async function addJudge(
  db: DB,
  actor: Actor,
  input: PanelScope & Pick<JudgeData, "email" | "name" | "locale" | "chair">,
  baseUrl: string,
): Promise<AddJudgeResult> {
  const { eventId, roundId, nominationId, ageGroupId } = input;
  if (!(await scopeExists(db, input))) return { status: "missing" };
  // Checked before anyone is invited, and again with the panel change.
  const frozenBefore = await frozenBy(db, eventId, panelCovers(input));
  if (frozenBefore) return frozenBefore;
  const email = input.email.trim().toLowerCase();
  const existing = await db
    .selectFrom("users")
    .select(["id", "password_hash"])
    .where(sql`lower(email)`, "=", email)
    .executeTakeFirst();
  if (!existing && !input.name.trim()) return { status: "needName" };
  const invited = !existing?.password_hash;
  // The invitation grants the event's judge role itself; it commits first so the account exists.
  const userId = invited
    ? (await inviteStaff(db, actor, { email, name: input.name, locale: input.locale, role: "judge", eventId }, baseUrl))
        .userId
    : existing.id;
  const added = await db.transaction().execute(async (tx) => {
    await lockEvent(tx, eventId);
    const frozen = await frozenBy(tx, eventId, panelCovers(input));
    if (frozen) return frozen;
    const row = await tx
      .insertInto("jury_assignments")
      .values({ round_id: roundId, nomination_id: nominationId, age_group_id: ageGroupId, user_id: userId })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) return false;
    if (input.chair) await setChairIn(tx, row, true);
    await audit(tx, actor, {
      action: "jury.add_judge",
      entityType: "jury_assignment",
      entityId: row.id,
      eventId,
      after: { ...row, is_chair: input.chair, email },
    });
    return true;
  });
  if (typeof added === "object") return added;
  if (!added) return { status: "already" };
  // After the assignment commits, so a concurrent removal of the judge's last panel cannot leave
  // an assignment without the role (the removal sees this panel, or the grant comes after it).
  if (!invited) await grantRole(db, actor, userId, "judge", { eventId });
  return { status: "added", userId, invited };
}

async function findAssignment(tx: DB, eventId: number, assignmentId: number) {
  return tx
    .selectFrom("jury_assignments")
    .innerJoin("rounds", "rounds.id", "jury_assignments.round_id")
    .selectAll("jury_assignments")
    .where("jury_assignments.id", "=", assignmentId)
    .where("rounds.event_id", "=", eventId)
    .executeTakeFirst();
}

/** The event's panels a user sits on (any round). */
async function panelCount(tx: DB, eventId: number, userId: number): Promise<number> {
  const row = await tx
    .selectFrom("jury_assignments")
    .innerJoin("rounds", "rounds.id", "jury_assignments.round_id")
    .select(sql<string>`count(*)`.as("n"))
    .where("rounds.event_id", "=", eventId)
    .where("jury_assignments.user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const scopeOf = (a: { round_id: number; nomination_id: number; age_group_id: number | null }) => ({
  roundId: a.round_id,
  nominationId: a.nomination_id,
  ageGroupId: a.age_group_id,
});

/** Takes a judge off a panel; with no panel left in the event they stop being its judge. */
export async function removeJudge(
  db: DB,
  actor: Actor,
  { eventId, assignmentId }: { eventId: number; assignmentId: number },
): Promise<"removed" | "missing" | Frozen> {
  return db.transaction().execute(async (tx) => {
    if (!(await lockEvent(tx, eventId))) return "missing";
    const found = await findAssignment(tx, eventId, assignmentId);
    if (!found) return "missing";
    const frozen = await frozenBy(tx, eventId, panelCovers(scopeOf(found)));
    if (frozen) return frozen;
    await tx.deleteFrom("jury_assignments").where("id", "=", assignmentId).execute();
    await audit(tx, actor, {
      action: "jury.remove_judge",
      entityType: "jury_assignment",
      entityId: assignmentId,
      eventId,
      before: found,
    });
    if ((await panelCount(tx, eventId, found.user_id)) === 0) {
      const revoked = await tx
        .deleteFrom("memberships")
        .where("user_id", "=", found.user_id)
        .where("role", "=", "judge")
        .where("event_id", "=", eventId)
        .returningAll()
        .execute();
      for (const m of revoked)
        await audit(tx, actor, { action: "role.revoke", entityType: "membership", entityId: m.id, eventId, before: m });
    }
    return "removed";
  });
}

/** Makes a judge the chair of their panel (the previous chair stops being one), or drops the chair. */
export async function setChair(
  db: DB,
  actor: Actor,
  { eventId, assignmentId, chair }: { eventId: number; assignmentId: number; chair: boolean },
): Promise<"saved" | "missing" | Frozen> {
  return db.transaction().execute(async (tx) => {
    if (!(await lockEvent(tx, eventId))) return "missing";
    const found = await findAssignment(tx, eventId, assignmentId);
    if (!found) return "missing";
    // The chair's recorded order can break ties: a locked panel keeps its chair.
    const frozen = await frozenBy(tx, eventId, panelCovers(scopeOf(found)));
    if (frozen) return frozen;
    await setChairIn(tx, found, chair);
    await audit(tx, actor, {
      action: "jury.chair",
      entityType: "jury_assignment",
      entityId: assignmentId,
      eventId,
      before: { is_chair: found.is_chair },
      after: { is_chair: chair },
    });
    return "saved";
  });
}

/**
 * Puts this panel's judges on the same panel (same age group, or all age groups) of every other
 * nomination of the round. Nobody is removed; the chair is copied where a panel has none; a panel
 * whose results are locked is left as it is (counted as locked).
 */
export async function copyPanelToRound(
  db: DB,
  actor: Actor,
  scope: PanelScope,
): Promise<{ status: "copied"; added: number; locked: number } | { status: "missing" } | { status: "empty" }> {
  if (!(await scopeExists(db, scope))) return { status: "missing" };
  return db.transaction().execute(async (tx) => {
    await lockEvent(tx, scope.eventId);
    const judges = await tx
      .selectFrom("jury_assignments")
      .select(["user_id", "is_chair"])
      .where(inPanel(scope))
      .execute();
    if (judges.length === 0) return { status: "empty" as const };
    const targets = await tx
      .selectFrom("nominations")
      .select("id")
      .where("event_id", "=", scope.eventId)
      .where("id", "!=", scope.nominationId)
      .execute();
    const lockedSectionKeys = (await eventSections(tx, scope.eventId)).filter((s) => s.locked);
    let added = 0;
    let locked = 0;
    for (const { id: nominationId } of targets) {
      const target = { roundId: scope.roundId, nominationId, ageGroupId: scope.ageGroupId };
      if (lockedSectionKeys.some(panelCovers(target))) {
        locked++;
        continue;
      }
      const inserted = await tx
        .insertInto("jury_assignments")
        .values(
          judges.map((j) => ({
            round_id: scope.roundId,
            nomination_id: nominationId,
            age_group_id: scope.ageGroupId,
            user_id: j.user_id,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .returning("id")
        .execute();
      added += inserted.length;
      const chair = judges.find((j) => j.is_chair);
      const hasChair = await tx
        .selectFrom("jury_assignments")
        .select("id")
        .where(inPanel(target))
        .where("is_chair", "=", true)
        .executeTakeFirst();
      if (chair && !hasChair)
        await tx
          .updateTable("jury_assignments")
          .set({ is_chair: true })
          .where(inPanel(target))
          .where("user_id", "=", chair.user_id)
          .execute();
    }
    await audit(tx, actor, {
      action: "jury.copy_panel",
      entityType: "round",
      entityId: scope.roundId,
      eventId: scope.eventId,
      after: { ...scope, judges, added, locked },
    });
    return { status: "copied" as const, added, locked };
  });
}

/** Every panel of the event with its judges, chair first, in round and nomination order. */
export async function listPanels(db: DB, eventId: number): Promise<Panel[]> {
  const rows = await db
    .selectFrom("jury_assignments as a")
    .innerJoin("rounds", "rounds.id", "a.round_id")
    .innerJoin("nominations", "nominations.id", "a.nomination_id")
    .leftJoin("age_groups", "age_groups.id", "a.age_group_id")
    .innerJoin("users", "users.id", "a.user_id")
    .select([
      "a.id",
      "a.round_id",
      "a.nomination_id",
      "a.age_group_id",
      "a.user_id",
      "a.is_chair",
      "users.name",
      "users.email",
    ])
    .where("rounds.event_id", "=", eventId)
    .orderBy("rounds.position")
    .orderBy("rounds.id")
    .orderBy("nominations.position")
    .orderBy("nominations.id")
    .orderBy(sql`age_groups.min_age nulls first`)
    .orderBy("a.is_chair", "desc")
    .orderBy("users.name")
    .orderBy("a.id")
    .execute();
  const panels: Panel[] = [];
  for (const r of rows) {
    let panel = panels.at(-1);
    if (
      !panel ||
      panel.roundId !== r.round_id ||
      panel.nominationId !== r.nomination_id ||
      panel.ageGroupId !== r.age_group_id
    ) {
      panel = { roundId: r.round_id, nominationId: r.nomination_id, ageGroupId: r.age_group_id, judges: [] };
      panels.push(panel);
    }
    panel.judges.push({ assignmentId: r.id, userId: r.user_id, name: r.name, email: r.email, isChair: r.is_chair });
  }
  return panels;
}

export async function setRoundBlind(
  db: DB,
  actor: Actor,
  { eventId, roundId, blind }: { eventId: number; roundId: number; blind: boolean },
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom("rounds")
      .select(["id", "blind"])
      .where("id", "=", roundId)
      .where("event_id", "=", eventId)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!before) return false;
    await tx.updateTable("rounds").set({ blind }).where("id", "=", roundId).execute();
    await audit(tx, actor, {
      action: "round.blind",
      entityType: "round",
      entityId: roundId,
      eventId,
      before: { blind: before.blind },
      after: { blind },
    });
    return true;
  });
}

export interface PanelsPage {
  rounds: {
    id: number;
    number: number;
    kind: string;
    city: string | null;
    startsOn: string | null;
    endsOn: string | null;
    blind: boolean;
  }[];
  nominations: { id: number; name: string }[];
  ageGroups: { id: number; minAge: number; maxAge: number }[];
  panels: Panel[];
}

export async function loadPanelsPage(db: DB, eventId: number, locale: Locale): Promise<PanelsPage> {
  const [rounds, nominations, ageGroups, panels] = await Promise.all([
    db
      .selectFrom("rounds")
      .select(["id", "position", "kind", "city", "starts_on", "ends_on", "blind"])
      .where("event_id", "=", eventId)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("nominations")
      .select(["id", "name_kk", "name_ru", "name_en"])
      .where("event_id", "=", eventId)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("age_groups")
      .select(["id", "min_age", "max_age"])
      .where("event_id", "=", eventId)
      .orderBy("min_age")
      .orderBy("id")
      .execute(),
    listPanels(db, eventId),
  ]);
  return {
    rounds: rounds.map((r, i) => ({
      id: r.id,
      number: i + 1,
      kind: r.kind,
      city: r.city,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      blind: r.blind,
    })),
    nominations: nominations.map((n) => ({ id: n.id, name: localized(n, "name", locale) })),
    ageGroups: ageGroups.map((g) => ({ id: g.id, minAge: g.min_age, maxAge: g.max_age })),
    panels,
  };
}

// ---------------------------------------------------------------------------------------------
// Conflicts of interest

/** The event's judges: those on a panel and those given the role for the event. */
export async function eventJudges(db: DB, eventId: number): Promise<{ id: number; name: string; email: string }[]> {
  return db
    .selectFrom("users")
    .select(["users.id", "users.name", "users.email"])
    .where((eb) =>
      eb.or([
        eb(
          "users.id",
          "in",
          eb.selectFrom("memberships").select("user_id").where("role", "=", "judge").where("event_id", "=", eventId),
        ),
        eb(
          "users.id",
          "in",
          eb
            .selectFrom("jury_assignments")
            .innerJoin("rounds", "rounds.id", "jury_assignments.round_id")
            .select("jury_assignments.user_id")
            .where("rounds.event_id", "=", eventId),
        ),
      ]),
    )
    .orderBy("users.name")
    .orderBy("users.id")
    .execute();
}

/** Clubs with an entry in the event: entered by the club, or with a member child of the club. */
function clubsWithEntriesQuery(db: DB, eventId: number) {
  return db
    .selectFrom("entries")
    .select("entries.club_id as id")
    .where("entries.event_id", "=", eventId)
    .where("entries.club_id", "is not", null)
    .union(
      db
        .selectFrom("entry_members")
        .innerJoin("entries", "entries.id", "entry_members.entry_id")
        .innerJoin("participants", "participants.id", "entry_members.participant_id")
        .select("participants.club_id as id")
        .where("entries.event_id", "=", eventId)
        .where("participants.club_id", "is not", null),
    );
}

/** Children in the event's entries (not withdrawn or rejected), as organisers see them. */
async function eventEntrants(db: DB, eventId: number) {
  return db
    .selectFrom("participants")
    .leftJoin("clubs", "clubs.id", "participants.club_id")
    .select(["participants.id", "participants.last_name", "participants.first_name", "clubs.name as club"])
    .where("participants.anonymised_at", "is", null)
    .where(
      "participants.id",
      "in",
      db
        .selectFrom("entry_members")
        .innerJoin("entries", "entries.id", "entry_members.entry_id")
        .select("entry_members.participant_id")
        .where("entries.event_id", "=", eventId)
        .where("entries.status", "not in", ["withdrawn", "rejected"]),
    )
    .execute();
}

const entrantLabel = (p: { last_name: string; first_name: string; club: string | null }) =>
  `${p.last_name} ${p.first_name}${p.club ? ` — ${p.club}` : ""}`;

async function isEventJudge(tx: DB, eventId: number, userId: number): Promise<boolean> {
  const judges = await eventJudges(tx, eventId);
  return judges.some((j) => j.id === userId);
}

type ConflictTarget = ConflictData["target"];

/** What a conflict of interest can change: the judges' panels and the event's entries with their clubs and members. */
interface ConflictReach {
  panels: (SectionKey & { userId: number })[];
  entries: { nominationId: number; ageGroupId: number | null; clubs: Set<number>; people: Set<number> }[];
}

async function conflictReach(db: DB, eventId: number): Promise<ConflictReach> {
  const [panels, entries, members] = await Promise.all([
    db
      .selectFrom("jury_assignments")
      .innerJoin("rounds", "rounds.id", "jury_assignments.round_id")
      .select([
        "jury_assignments.user_id",
        "jury_assignments.round_id",
        "jury_assignments.nomination_id",
        "jury_assignments.age_group_id",
      ])
      .where("rounds.event_id", "=", eventId)
      .execute(),
    db
      .selectFrom("entries")
      .select(["id", "nomination_id", "age_group_id", "club_id"])
      .where("event_id", "=", eventId)
      .execute(),
    db
      .selectFrom("entry_members")
      .innerJoin("entries", "entries.id", "entry_members.entry_id")
      .innerJoin("participants", "participants.id", "entry_members.participant_id")
      .select(["entry_members.entry_id", "participants.id", "participants.club_id"])
      .where("entries.event_id", "=", eventId)
      .where("entry_members.active", "=", true)
      .execute(),
  ]);
  const byEntry = new Map(
    entries.map((e) => [
      e.id,
      {
        nominationId: e.nomination_id,
        ageGroupId: e.age_group_id,
        clubs: new Set<number>(e.club_id === null ? [] : [e.club_id]),
        people: new Set<number>(),
      },
    ]),
  );
  for (const m of members) {
    const entry = byEntry.get(m.entry_id);
    if (!entry) continue;
    entry.people.add(m.id);
    if (m.club_id !== null) entry.clubs.add(m.club_id);
  }
  return {
    panels: panels.map((p) => ({
      userId: p.user_id,
      roundId: p.round_id,
      nominationId: p.nomination_id,
      ageGroupId: p.age_group_id,
    })),
    entries: [...byEntry.values()],
  };
}

/**
 * The sections a judge's conflict changes: those of the judge's panels that hold an entry of the
 * club (entered by it, or with a member of it) or of the participant (see eligibleJudges).
 */
function conflictTouches(reach: ConflictReach, userId: number, target: ConflictTarget): (s: SectionKey) => boolean {
  const groups = new Set(
    reach.entries
      .filter(
        (e) =>
          (target.clubId !== null && e.clubs.has(target.clubId)) ||
          (target.participantId !== null && e.people.has(target.participantId)),
      )
      .map((e) => `${e.nominationId}:${e.ageGroupId ?? 0}`),
  );
  const panels = reach.panels.filter((p) => p.userId === userId);
  return (s) => groups.has(`${s.nominationId}:${s.ageGroupId ?? 0}`) && panels.some((p) => panelCovers(p)(s));
}

/** Records that a judge must not score a club's entries or a participant's. */
export async function addConflict(
  db: DB,
  actor: Actor,
  { eventId, ...input }: { eventId: number } & ConflictData,
): Promise<"added" | "exists" | "missing" | Frozen> {
  const { clubId, participantId } = input.target;
  return db.transaction().execute(async (tx) => {
    if (!(await isEventJudge(tx, eventId, input.userId))) return "missing";
    if (clubId !== null && !(await tx.selectFrom("clubs").select("id").where("id", "=", clubId).executeTakeFirst()))
      return "missing";
    if (participantId !== null && !(await eventEntrants(tx, eventId)).some((p) => p.id === participantId))
      return "missing";
    const frozen = await frozenBy(
      tx,
      eventId,
      conflictTouches(await conflictReach(tx, eventId), input.userId, input.target),
    );
    if (frozen) return frozen;
    const row = await tx
      .insertInto("judge_conflicts")
      .values({
        event_id: eventId,
        user_id: input.userId,
        club_id: clubId,
        participant_id: participantId,
        note: input.note,
      })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) return "exists";
    await audit(tx, actor, {
      action: "conflict.add",
      entityType: "judge_conflict",
      entityId: row.id,
      eventId,
      after: row,
    });
    return "added";
  });
}

export async function removeConflict(
  db: DB,
  actor: Actor,
  { eventId, conflictId }: { eventId: number; conflictId: number },
): Promise<"removed" | "missing" | Frozen> {
  return db.transaction().execute(async (tx) => {
    const found = await tx
      .selectFrom("judge_conflicts")
      .selectAll()
      .where("id", "=", conflictId)
      .where("event_id", "=", eventId)
      .forUpdate()
      .executeTakeFirst();
    if (!found) return "missing";
    const target = { clubId: found.club_id, participantId: found.participant_id };
    const frozen = await frozenBy(
      tx,
      eventId,
      conflictTouches(await conflictReach(tx, eventId), found.user_id, target),
    );
    if (frozen) return frozen;
    await tx.deleteFrom("judge_conflicts").where("id", "=", conflictId).execute();
    await audit(tx, actor, {
      action: "conflict.remove",
      entityType: "judge_conflict",
      entityId: conflictId,
      eventId,
      before: found,
    });
    return "removed";
  });
}

export interface ConflictsPage {
  judges: {
    id: number;
    name: string;
    email: string;
    /** `frozen`: removing it would change locked results. */
    conflicts: { id: number; kind: "club" | "participant"; label: string; note: string; frozen: boolean }[];
    /** Clubs with entries in the event that this judge leads and has no conflict recorded with; `frozen` as above. */
    suggestions: { clubId: number; club: string; frozen: boolean }[];
  }[];
  clubsWithEntries: { id: number; label: string }[];
  otherClubs: { id: number; label: string }[];
  entrants: { id: number; label: string }[];
}

export async function loadConflictsPage(db: DB, eventId: number, locale: Locale): Promise<ConflictsPage> {
  const collator = new Intl.Collator(locale);
  const [judges, conflicts, clubs, withEntries, entrants, locked, reach] = await Promise.all([
    eventJudges(db, eventId),
    db
      .selectFrom("judge_conflicts as c")
      .leftJoin("clubs", "clubs.id", "c.club_id")
      .leftJoin("participants as p", "p.id", "c.participant_id")
      .leftJoin("clubs as pc", "pc.id", "p.club_id")
      .select([
        "c.id",
        "c.user_id",
        "c.club_id",
        "c.participant_id",
        "c.note",
        "clubs.name as club_name",
        "clubs.city as club_city",
        "p.last_name",
        "p.first_name",
        "pc.name as participant_club",
      ])
      .where("c.event_id", "=", eventId)
      .orderBy("c.id")
      .execute(),
    db.selectFrom("clubs").select(["id", "name", "city"]).execute(),
    clubsWithEntriesQuery(db, eventId).execute(),
    eventEntrants(db, eventId),
    lockedSections(db, eventId),
    conflictReach(db, eventId),
  ]);
  const frozen = (userId: number, target: ConflictTarget) =>
    locked.length > 0 && locked.some(conflictTouches(reach, userId, target));
  const entered = new Set(withEntries.map((c) => c.id));
  const leaders = judges.length
    ? await db
        .selectFrom("memberships")
        .select(["user_id", "club_id"])
        .where("role", "=", "club_leader")
        .where(
          "user_id",
          "in",
          judges.map((j) => j.id),
        )
        .execute()
    : [];
  const clubName = new Map(clubs.map((c) => [c.id, c.name]));
  const byName = (a: { label: string }, b: { label: string }) => collator.compare(a.label, b.label);
  const clubChoice = (c: { id: number; name: string }) => ({ id: c.id, label: c.name });
  return {
    judges: judges.map((j) => {
      const own = conflicts.filter((c) => c.user_id === j.id);
      return {
        ...j,
        conflicts: own.map((c) => {
          const isFrozen = frozen(j.id, { clubId: c.club_id, participantId: c.participant_id });
          return c.club_id !== null
            ? { id: c.id, kind: "club" as const, label: c.club_name ?? "", note: c.note, frozen: isFrozen }
            : {
                id: c.id,
                kind: "participant" as const,
                label: entrantLabel({
                  last_name: c.last_name ?? "",
                  first_name: c.first_name ?? "",
                  club: c.participant_club,
                }),
                note: c.note,
                frozen: isFrozen,
              };
        }),
        suggestions: leaders
          .filter(
            (m) =>
              m.user_id === j.id &&
              m.club_id !== null &&
              entered.has(m.club_id) &&
              !own.some((c) => c.club_id === m.club_id),
          )
          .map((m) => ({
            clubId: m.club_id!,
            club: clubName.get(m.club_id!) ?? "",
            frozen: frozen(j.id, { clubId: m.club_id!, participantId: null }),
          })),
      };
    }),
    clubsWithEntries: clubs
      .filter((c) => entered.has(c.id))
      .map(clubChoice)
      .sort(byName),
    otherClubs: clubs
      .filter((c) => !entered.has(c.id))
      .map(clubChoice)
      .sort(byName),
    entrants: entrants.map((p) => ({ id: p.id, label: entrantLabel(p) })).sort(byName),
  };
}

// ---------------------------------------------------------------------------------------------
// Scoring rules

export async function readScoringRules(db: DB, eventId: number): Promise<ScoringRules | null> {
  const row = await db.selectFrom("events").select("scoring").where("id", "=", eventId).executeTakeFirst();
  return row ? row.scoring : null;
}

/** Saves the event's scoring rules; they are frozen while any results section of the event is locked. */
export async function saveScoringRules(
  db: DB,
  actor: Actor,
  eventId: number,
  rules: ScoringRules,
): Promise<"saved" | "missing" | Frozen> {
  return db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom("events")
      .select("scoring")
      .where("id", "=", eventId)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!before) return "missing";
    const frozen = await frozenBy(tx, eventId, () => true);
    if (frozen) return frozen;
    await tx
      .updateTable("events")
      .set({ scoring: JSON.stringify(rules) })
      .where("id", "=", eventId)
      .execute();
    await audit(tx, actor, {
      action: "event.scoring",
      entityType: "event",
      entityId: eventId,
      eventId,
      before: before.scoring,
      after: rules,
    });
    return "saved";
  });
}

/** The event's title for the jury pages' heading. */
export async function juryEvent(db: DB, eventId: number, locale: Locale) {
  const event = await db
    .selectFrom("events")
    .select(["id", "slug", "title_kk", "title_ru", "title_en"])
    .where("id", "=", eventId)
    .executeTakeFirstOrThrow();
  return { id: event.id, slug: event.slug, title: localized(event, "title", locale) };
}
