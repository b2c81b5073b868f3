import type { Locale } from "~/domain/locale";
import type { ConflictData } from "~/schemas/jury";

import { numberBlindRoundsOfEvent } from "../judging/blind-numbers.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { type JuryEvent, juryEvent } from "./event-outline.server";
import {
  type Frozen,
  frozenBy,
  lockedSectionsView,
  type LockedSectionView,
  panelCovers,
  type SectionKey,
} from "./frozen-sections.server";

/*
 * Conflicts of interest: a judge must not score a club's entries, or a participant's. Scoped by the
 * event; a conflict is frozen when adding or removing it would change a locked results section
 * (frozen-sections.server.ts). Who may then score what is worked out in judging/eligible-judges.server.ts.
 */

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
  const result = await db.transaction().execute(async (tx) => {
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
    return "removed" as const;
  });
  // The judge may now see entries the conflict hid: they take the next numbers of a blind round.
  if (result === "removed") await numberBlindRoundsOfEvent(db, eventId);
  return result;
}

export interface JudgeConflicts {
  id: number;
  name: string;
  email: string;
  /** `frozen`: removing it would change locked results. */
  conflicts: { id: number; kind: "club" | "participant"; label: string; note: string; frozen: boolean }[];
  /** Clubs with entries in the event that this judge leads and has no conflict recorded with; `frozen` as above. */
  suggestions: { clubId: number; club: string; frozen: boolean }[];
}

export interface ConflictsPage {
  event: JuryEvent;
  /** The event's locked sections: conflicts that would change them are frozen. */
  locked: LockedSectionView[];
  judges: JudgeConflicts[];
  clubsWithEntries: { id: number; label: string }[];
  otherClubs: { id: number; label: string }[];
  entrants: { id: number; label: string }[];
}

export async function loadConflictsPage(db: DB, eventId: number, locale: Locale): Promise<ConflictsPage> {
  const collator = new Intl.Collator(locale);
  const [event, judges, conflicts, clubs, withEntries, entrants, locked, reach] = await Promise.all([
    juryEvent(db, eventId, locale),
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
    lockedSectionsView(db, eventId, locale),
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
    event,
    locked,
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
