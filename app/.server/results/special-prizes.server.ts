import { roundEntryIds } from "../events/rounds.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { decideOn, type Frozen, type SectionRow, sectionRow } from "./decisions.server";

/* The jury's special prizes: given to an entry of a section, they change no place or award. */

/** Whether the entry is one of the section's (nomination, age group, event, in the round). */
async function entryInSection(db: DB, section: SectionRow, entryId: number): Promise<boolean> {
  const entry = await db
    .selectFrom("entries")
    .select(["event_id", "nomination_id", "age_group_id"])
    .where("id", "=", entryId)
    .executeTakeFirst();
  if (
    !entry ||
    entry.event_id !== section.event_id ||
    entry.nomination_id !== section.nomination_id ||
    entry.age_group_id !== section.age_group_id
  )
    return false;
  return (await roundEntryIds(db, section.round_id)).includes(entryId);
}

export type AddSpecialPrizeResult =
  { ok: true; id: number } | { ok: false; reason: "missing" | "unknown_entry" } | Frozen;

/** A special prize of the jury for an entry of the section (it does not change places or awards). */
export async function addSpecialPrize(
  db: DB,
  actor: Actor,
  {
    sectionId,
    entryId,
    nameKk,
    nameRu,
    nameEn,
  }: { sectionId: number; entryId: number; nameKk: string; nameRu: string; nameEn: string },
): Promise<AddSpecialPrizeResult> {
  const section = await sectionRow(db, sectionId);
  if (!section) return { ok: false, reason: "missing" };
  if (!(await entryInSection(db, section, entryId))) return { ok: false, reason: "unknown_entry" };
  return decideOn<AddSpecialPrizeResult>(db, [sectionId], async (tx) => {
    const row = await tx
      .insertInto("special_prizes")
      .values({
        round_id: section.round_id,
        entry_id: entryId,
        name_kk: nameKk,
        name_ru: nameRu,
        name_en: nameEn,
        created_by_user_id: actor.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(tx, actor, {
      action: "results.special_prize_add",
      entityType: "special_prize",
      entityId: row.id,
      eventId: section.event_id,
      after: { sectionId, entryId, nameKk, nameRu, nameEn },
    });
    return { ok: true, id: row.id };
  });
}

export type RemoveSpecialPrizeResult = { ok: true } | { ok: false; reason: "missing" } | Frozen;

/** Removes a special prize given to an entry of this section. */
export async function removeSpecialPrize(
  db: DB,
  actor: Actor,
  { sectionId, prizeId }: { sectionId: number; prizeId: number },
): Promise<RemoveSpecialPrizeResult> {
  const section = await sectionRow(db, sectionId);
  if (!section) return { ok: false, reason: "missing" };
  const prize = await db
    .selectFrom("special_prizes")
    .selectAll()
    .where("id", "=", prizeId)
    .where("round_id", "=", section.round_id)
    .executeTakeFirst();
  if (!prize || !(await entryInSection(db, section, prize.entry_id))) return { ok: false, reason: "missing" };
  return decideOn<RemoveSpecialPrizeResult>(db, [sectionId], async (tx, refuse) => {
    const gone = await tx.deleteFrom("special_prizes").where("id", "=", prizeId).returning("id").executeTakeFirst();
    if (!gone) refuse({ ok: false, reason: "missing" });
    await audit(tx, actor, {
      action: "results.special_prize_remove",
      entityType: "special_prize",
      entityId: prizeId,
      eventId: section.event_id,
      before: prize,
    });
    return { ok: true };
  });
}
