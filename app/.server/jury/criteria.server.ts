import { sql } from "kysely";

import type { CriterionData } from "~/schemas/jury";

import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { eventSections, type Frozen, frozenBy, ofNomination } from "./frozen-sections.server";
import { standardCriteria } from "./standard-criteria.server";

/*
 * A nomination's criteria, as organisers set them up: add, edit, reorder (the first one breaks
 * ties), remove, the standard set for the discipline, and a copy to every other nomination. Every
 * function is scoped by the event: an id from another event is "missing". Criteria are frozen while
 * any results section of their nomination is locked (frozen-sections.server.ts).
 */

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
