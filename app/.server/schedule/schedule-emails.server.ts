import { localized } from "~/domain/locale";
import type { Slot } from "~/domain/schedule";

import type { DB } from "../platform/db.server";
import { enqueueEmail, recipientsById } from "../platform/email/outbox.server";
import { minutesToLocal, type RoundScope } from "./schedule-clock.server";
import type { StageWithWindows } from "./stages.server";

/* The emails publishing a running order sends: to families whose times changed, and to those dropped from it. */

/**
 * The families to write to about some entries: the guardians of the entries' active performers and
 * whoever submitted them, each with their entries, and a label per entry ("Aruzhan «Aldi»").
 */
async function familiesOf(tx: DB, entryIds: readonly number[]) {
  if (entryIds.length === 0) return [];
  const entries = await tx
    .selectFrom("entries")
    .select(["id", "title", "reference", "submitted_by_user_id"])
    .where("id", "in", entryIds)
    .execute();
  const members = await tx
    .selectFrom("entry_members")
    .innerJoin("participants", "participants.id", "entry_members.participant_id")
    .select(["entry_members.entry_id", "participants.first_name", "participants.guardian_user_id"])
    .where("entry_members.entry_id", "in", entryIds)
    .where("entry_members.active", "=", true)
    .orderBy("participants.first_name")
    .execute();
  const entriesByUser = new Map<number, Set<number>>();
  const add = (userId: number | null, entryId: number) => {
    if (userId === null) return;
    if (!entriesByUser.has(userId)) entriesByUser.set(userId, new Set());
    entriesByUser.get(userId)!.add(entryId);
  };
  for (const e of entries) add(e.submitted_by_user_id, e.id);
  for (const m of members) add(m.guardian_user_id, m.entry_id);
  if (entriesByUser.size === 0) return [];
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const namesOf = new Map<number, string[]>();
  for (const m of members) namesOf.set(m.entry_id, [...(namesOf.get(m.entry_id) ?? []), m.first_name]);
  const labelOf = (entryId: number) => {
    const entry = entryById.get(entryId)!;
    const names = (namesOf.get(entryId) ?? []).join(", ");
    return [names, entry.title ? `«${entry.title}»` : entry.reference].filter(Boolean).join(" ");
  };
  const users = await recipientsById(tx, entriesByUser.keys());
  return users.map((user) => ({ user, entryIds: [...entriesByUser.get(user.id)!], labelOf }));
}

async function eventTitles(tx: DB, eventId: number) {
  return tx
    .selectFrom("events")
    .select(["title_kk", "title_ru", "title_en"])
    .where("id", "=", eventId)
    .executeTakeFirstOrThrow();
}

export async function emailChangedFamilies(
  tx: DB,
  scope: RoundScope & { programmeUrl: string },
  changed: readonly Slot[],
  stages: readonly StageWithWindows[],
): Promise<number> {
  const families = await familiesOf(
    tx,
    changed.map((s) => s.entryId),
  );
  if (families.length === 0) return 0;
  const event = await eventTitles(tx, scope.eventId);
  const slotOf = new Map(changed.map((s) => [s.entryId, s]));
  for (const { user, entryIds, labelOf } of families) {
    const lines = entryIds
      .sort((a, b) => slotOf.get(a)!.start - slotOf.get(b)!.start)
      .map((entryId) => {
        const slot = slotOf.get(entryId)!;
        const stage = stages.find((s) => s.id === slot.stageId);
        const { date, time } = minutesToLocal(scope.clock, slot.start);
        return `${labelOf(entryId)}: ${date.split("-").reverse().join(".")} ${time}, ${stage ? localized(stage, "name", user.locale) : ""}`;
      });
    await enqueueEmail(tx, {
      to: user.email,
      locale: user.locale,
      userId: user.id,
      template: "schedule_changed",
      params: {
        name: user.name,
        event: localized(event, "title", user.locale),
        url: scope.programmeUrl,
        changes: lines.join("; "),
      },
    });
  }
  return families.length;
}

export async function emailDroppedFamilies(
  tx: DB,
  scope: RoundScope & { programmeUrl: string },
  dropped: readonly number[],
): Promise<number> {
  const families = await familiesOf(tx, dropped);
  if (families.length === 0) return 0;
  const event = await eventTitles(tx, scope.eventId);
  const order = new Map(dropped.map((id, i) => [id, i]));
  for (const { user, entryIds, labelOf } of families) {
    const entries = entryIds.sort((a, b) => order.get(a)! - order.get(b)!).map(labelOf);
    await enqueueEmail(tx, {
      to: user.email,
      locale: user.locale,
      userId: user.id,
      template: "schedule_dropped",
      params: {
        name: user.name,
        event: localized(event, "title", user.locale),
        url: scope.programmeUrl,
        entries: entries.join("; "),
      },
    });
  }
  return families.length;
}
