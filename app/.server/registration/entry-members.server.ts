import { sql } from "kysely";

import type { DB } from "../platform/db.server";

/** One performer of an entry, with what the programme and the results may name of them. */
export interface MemberRow {
  entry_id: number;
  first_name: string;
  last_name: string;
  patronymic: string | null;
  public_name: "full" | "initial";
  anonymised_at: Date | null;
  guardian_user_id: number | null;
  city: string;
  club: string | null;
}

/**
 * The performers of each entry, in surname order, in one query. `activeOnly` leaves out members
 * taken off an entry (results name who performed; a published programme keeps its old line-up).
 */
export async function membersByEntry(
  db: DB,
  entryIds: readonly number[],
  { activeOnly }: { activeOnly: boolean },
): Promise<Map<number, MemberRow[]>> {
  const byEntry = new Map<number, MemberRow[]>();
  if (entryIds.length === 0) return byEntry;
  let query = db
    .selectFrom("entry_members as m")
    .innerJoin("participants as p", "p.id", "m.participant_id")
    .leftJoin("clubs as c", "c.id", "p.club_id")
    .select([
      "m.entry_id",
      "p.first_name",
      "p.last_name",
      "p.patronymic",
      "p.public_name",
      "p.anonymised_at",
      "p.guardian_user_id",
      "p.city",
      "c.name as club",
    ])
    .where(sql<boolean>`m.entry_id = any(${sql`${[...new Set(entryIds)]}::int[]`})`);
  if (activeOnly) query = query.where("m.active", "=", true);
  const rows = await query.orderBy("p.last_name").orderBy("p.first_name").orderBy("p.id").execute();
  for (const row of rows) {
    const list = byEntry.get(row.entry_id);
    if (list) list.push(row);
    else byEntry.set(row.entry_id, [row]);
  }
  return byEntry;
}
