import { sql } from "kysely";

import type { DB } from "../platform/db.server";

/**
 * The entries with a performer who has no standing consent to photos and video (they must not be
 * filmed or published). Shared by the results export, the organiser's results review and the
 * running-order editor, so every organiser view reads consent alike; public pages never call it.
 */
export async function entriesWithoutPhotoConsent(db: DB, entryIds: readonly number[]): Promise<Set<number>> {
  if (!entryIds.length) return new Set();
  const rows = await db
    .selectFrom("entry_members as m")
    .select("m.entry_id")
    .distinct()
    .where(sql<boolean>`m.entry_id = any(${sql`${[...new Set(entryIds)]}::int[]`})`)
    .where("m.active", "=", true)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("consents as c")
            .select("c.id")
            .whereRef("c.participant_id", "=", "m.participant_id")
            .where("c.kind", "=", "photo_video")
            .where("c.withdrawn_at", "is", null),
        ),
      ),
    )
    .execute();
  return new Set(rows.map((r) => r.entry_id));
}
