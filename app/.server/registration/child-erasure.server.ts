import { sql } from "kysely";

import type { DB } from "../platform/db.server";

/** What a child's deletion leaves to do after its transaction commits: artwork files to remove. */
export interface Erased {
  artworkFiles: string[];
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Removes what a deleted child leaves behind besides their own row (see deleteChild), inside its
 * transaction:
 * - sent or failed emails whose parameters name the child (first and last name both) or one of
 *   their entries' references are scrubbed to `{"scrubbed": true}`; emails about them that have not
 *   gone yet are dropped;
 * - entries whose every member is now anonymised lose their title, video link and artwork (the
 *   entry itself stays for the results it holds); their artwork files are returned, to be removed
 *   once the transaction has committed.
 */
export async function eraseChildTraces(
  tx: DB,
  child: { firstName: string; lastName: string },
  entryIds: number[],
): Promise<Erased> {
  const references = entryIds.length
    ? (await tx.selectFrom("entries").select("reference").where("id", "in", entryIds).execute()).map((e) => e.reference)
    : [];
  const mentions = sql<boolean>`(${
    child.firstName && child.lastName
      ? sql`(params::text ilike ${likePattern(child.firstName)} and params::text ilike ${likePattern(child.lastName)})`
      : sql`false`
  } or ${
    references.length
      ? sql.join(
          references.map((r) => sql`params::text like ${likePattern(r)}`),
          sql` or `,
        )
      : sql`false`
  })`;
  await tx.deleteFrom("outbox").where("status", "=", "pending").where(mentions).execute();
  await tx
    .updateTable("outbox")
    .set({ params: JSON.stringify({ scrubbed: true }) })
    .where("status", "<>", "pending")
    .where(mentions)
    .execute();

  if (entryIds.length === 0) return { artworkFiles: [] };
  const orphaned = await tx
    .selectFrom("entries")
    .select(["id", "artwork_file"])
    .where("id", "in", entryIds)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("entry_members")
            .innerJoin("participants", "participants.id", "entry_members.participant_id")
            .select("entry_members.entry_id")
            .whereRef("entry_members.entry_id", "=", "entries.id")
            .where("participants.anonymised_at", "is", null),
        ),
      ),
    )
    .execute();
  if (orphaned.length)
    await tx
      .updateTable("entries")
      .set({ title: "", video_url: null, artwork_file: null })
      .where(
        "id",
        "in",
        orphaned.map((e) => e.id),
      )
      .execute();
  return { artworkFiles: orphaned.flatMap((e) => (e.artwork_file ? [e.artwork_file] : [])) };
}
