import type { DB } from "~/.server/platform/db.server";

/** An event's rounds and nominations in position order, and its age groups youngest first: the rows tests pick by place. */
export async function eventIds(db: DB, eventId: number) {
  const [rounds, nominations, ageGroups] = await Promise.all([
    db.selectFrom("rounds").select("id").where("event_id", "=", eventId).orderBy("position").execute(),
    db.selectFrom("nominations").select("id").where("event_id", "=", eventId).orderBy("position").execute(),
    db.selectFrom("age_groups").select("id").where("event_id", "=", eventId).orderBy("min_age").execute(),
  ]);
  return { rounds, nominations, ageGroups };
}
