import type { addCriterion } from "~/.server/jury/criteria.server";
import type { DB } from "~/.server/platform/db.server";
import { criterionSchema } from "~/schemas/jury";

import { ageGroupForm, asActor, createEventWithParts, insertUser, nominationForm, roundForm } from "../factories";

export const BASE = "https://toi.example.kz";
export let seq = 0;

/**
 * A contest with a vocal and a fine-art nomination, two age groups and two rounds (remote, final);
 * two clubs, each with one child entered, and a third club with no entries.
 */
export async function contest(db: DB) {
  const organiser = asActor((await insertUser(db)).id);
  const {
    id: eventId,
    nominations: [vocal, art],
    ageGroups: [younger, older],
    rounds: [remote, final],
  } = await createEventWithParts(db, organiser.id, {
    titleEn: `Jury contest ${++seq}`,
    nominations: [
      nominationForm({ nameEn: "Vocal", formats: { solo: [1, 1] } }),
      nominationForm({
        nameRu: "Изобразительное искусство",
        nameEn: "",
        discipline: "fine_art",
        entryKind: "artwork",
        formats: { solo: [1, 1] },
      }),
    ],
    ageGroups: [ageGroupForm(7, 10), ageGroupForm(11, 14)],
    rounds: [roundForm({ kind: "remote" }), roundForm({ kind: "final" })],
  });
  const club = (name: string) =>
    db.insertInto("clubs").values({ name, city: "almaty" }).returning(["id", "name"]).executeTakeFirstOrThrow();
  const shanyrak = await club(`Shanyrak ${seq}`);
  const baiterek = await club(`Baiterek ${seq}`);
  const idle = await club(`Idle ${seq}`);
  const child = async (lastName: string, firstName: string, clubId: number) => {
    const p = await db
      .insertInto("participants")
      .values({ last_name: lastName, first_name: firstName, birth_date: "2015-01-01", city: "almaty", club_id: clubId })
      .returning("id")
      .executeTakeFirstOrThrow();
    const e = await db
      .insertInto("entries")
      .values({
        event_id: eventId,
        nomination_id: vocal!.id,
        age_group_id: younger!.id,
        format: "solo",
        status: "confirmed",
        reference: `JUR-${++seq}`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("entry_members")
      .values({ entry_id: e.id, participant_id: p.id, nomination_id: vocal!.id })
      .execute();
    return { participantId: p.id, entryId: e.id };
  };
  const aruzhan = await child("Ахметова", "Аружан", shanyrak.id);
  const dias = await child("Серіков", "Діас", baiterek.id);
  return {
    organiser,
    eventId,
    nominations: { vocal: vocal!.id, art: art!.id },
    ageGroups: { younger: younger!.id, older: older!.id },
    rounds: { remote: remote!.id, final: final!.id },
    clubs: { shanyrak: shanyrak.id, baiterek: baiterek.id, idle: idle.id },
    clubNames: { shanyrak: shanyrak.name, baiterek: baiterek.name },
    children: { aruzhan, dias },
  };
}

export const criterion = (fields: Record<string, string>) =>
  criterionSchema.parse({ nameKk: "", nameRu: "", nameEn: "", maxScore: "10", weight: "", ...fields });

/** The id of a criterion that was added (and a failure if it wasn't). */
export async function addedId(result: ReturnType<typeof addCriterion>): Promise<number> {
  const r = await result;
  if (r.status !== "added") throw new Error(`The criterion was not added: ${JSON.stringify(r)}`);
  return r.id;
}

export async function auditActions(db: DB, eventId: number) {
  return (
    await db.selectFrom("audit_log").select("action").where("event_id", "=", eventId).orderBy("id").execute()
  ).map((r) => r.action);
}
