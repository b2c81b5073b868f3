import { type ExpressionBuilder, sql } from "kysely";

import type { Database } from "#db/types";
import type { JudgeData } from "~/schemas/jury";

import { grantRole, inviteStaff } from "../accounts/accounts.server";
import { numberBlindRound } from "../judging/blind-numbers.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { eventSections, type Frozen, frozenBy, panelCovers } from "./frozen-sections.server";

/*
 * Jury panels (round × nomination × age group): who sits on them and who chairs them. Every
 * function is scoped by the event: an id from another event is "missing", so a guard on the event
 * covers the rest. Panel changes lock the event row (FOR NO KEY UPDATE: registrations, which only
 * take a key-share lock on it, are not held up), so chairs and judges' memberships never race. A
 * panel is frozen when a change would alter a locked results section (frozen-sections.server.ts).
 */

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
  await numberBlindRound(db, roundId);
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

/**
 * The event's assignment for a change, under the event's lock: "missing" when there is none, the
 * refusal when its panel's results are locked (the chair's recorded order can break ties, so a
 * locked panel keeps its judges and its chair).
 */
async function assignmentToChange(tx: DB, eventId: number, assignmentId: number) {
  if (!(await lockEvent(tx, eventId))) return "missing" as const;
  const found = await findAssignment(tx, eventId, assignmentId);
  if (!found) return "missing" as const;
  return (await frozenBy(tx, eventId, panelCovers(scopeOf(found)))) ?? found;
}

/** Takes a judge off a panel; with no panel left in the event they stop being its judge. */
export async function removeJudge(
  db: DB,
  actor: Actor,
  { eventId, assignmentId }: { eventId: number; assignmentId: number },
): Promise<"removed" | "missing" | Frozen> {
  return db.transaction().execute(async (tx) => {
    const found = await assignmentToChange(tx, eventId, assignmentId);
    if (found === "missing" || "sections" in found) return found;
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
    const found = await assignmentToChange(tx, eventId, assignmentId);
    if (found === "missing" || "sections" in found) return found;
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
  const result = await db.transaction().execute(async (tx) => {
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
  if (result.status === "copied") await numberBlindRound(db, scope.roundId);
  return result;
}

export type CopyRoundResult =
  | { status: "missing" }
  | { status: "no_next_round" }
  | {
      status: "copied";
      toRoundId: number;
      /** Panels made in the next round. */
      panels: number;
      judges: number;
      /** Panels the next round already had (any judge on them): left as they are. */
      existing: number;
      /** Panels whose results in the next round are locked: left as they are. */
      locked: number;
    };

/**
 * Copies every panel of a round (round × nomination × age group, with its judges and chair) to the
 * event's next round. A panel the next round already has, with anyone on it, is left as it is, and
 * so is one whose results there are locked. Conflicts of interest are the event's, not the panel's,
 * so they keep applying to the copied judges.
 */
export async function copyPanelsToNextRound(
  db: DB,
  actor: Actor,
  { eventId, roundId }: { eventId: number; roundId: number },
): Promise<CopyRoundResult> {
  const result = await db.transaction().execute(async (tx): Promise<CopyRoundResult> => {
    if (!(await lockEvent(tx, eventId))) return { status: "missing" };
    const rounds = await tx
      .selectFrom("rounds")
      .select("id")
      .where("event_id", "=", eventId)
      .orderBy("position")
      .orderBy("id")
      .execute();
    const index = rounds.findIndex((r) => r.id === roundId);
    if (index < 0) return { status: "missing" };
    const next = rounds[index + 1];
    if (!next) return { status: "no_next_round" };
    const [source, present, sections] = await Promise.all([
      tx
        .selectFrom("jury_assignments")
        .select(["nomination_id", "age_group_id", "user_id", "is_chair"])
        .where("round_id", "=", roundId)
        .orderBy("id")
        .execute(),
      tx
        .selectFrom("jury_assignments")
        .select(["nomination_id", "age_group_id"])
        .distinct()
        .where("round_id", "=", next.id)
        .execute(),
      eventSections(tx, eventId),
    ]);
    const key = (nominationId: number, ageGroupId: number | null) => `${nominationId}:${ageGroupId ?? 0}`;
    const taken = new Set(present.map((p) => key(p.nomination_id, p.age_group_id)));
    const lockedThere = sections.filter((s) => s.locked && s.roundId === next.id);
    const panels = new Map<string, typeof source>();
    for (const a of source) {
      const k = key(a.nomination_id, a.age_group_id);
      panels.set(k, [...(panels.get(k) ?? []), a]);
    }
    const rows: (typeof source)[number][] = [];
    let existing = 0;
    let locked = 0;
    for (const [k, judges] of panels) {
      const { nomination_id: nominationId, age_group_id: ageGroupId } = judges[0]!;
      if (taken.has(k)) existing++;
      else if (lockedThere.some(panelCovers({ roundId: next.id, nominationId, ageGroupId }))) locked++;
      else rows.push(...judges);
    }
    if (rows.length)
      await tx
        .insertInto("jury_assignments")
        .values(rows.map((r) => ({ ...r, round_id: next.id })))
        .execute();
    const result = {
      status: "copied" as const,
      toRoundId: next.id,
      panels: panels.size - existing - locked,
      judges: rows.length,
      existing,
      locked,
    };
    await audit(tx, actor, {
      action: "jury.copy_round",
      entityType: "round",
      entityId: next.id,
      eventId,
      after: { fromRoundId: roundId, ...result },
    });
    return result;
  });
  if (result.status === "copied") await numberBlindRound(db, result.toRoundId);
  return result;
}
