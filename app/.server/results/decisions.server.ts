import type { DB } from "../platform/db.server";
import { recomputeIn } from "./compute.server";

/*
 * The organiser's decisions on a section (a tie's order, the Grand Prix, special prizes, score
 * overrides). Each runs in one transaction: the section rows it touches are locked (FOR UPDATE)
 * and checked not to be published — a published section is frozen until it is unpublished, so
 * families never see results change under them —, the decision is made and audited, and the
 * section (or, for a Grand Prix across age groups, the nomination's sections) is recomputed before
 * the transaction commits.
 */

/** Refused: the section (or one the decision reaches) is published. */
export type Frozen = { ok: false; reason: "published" };
const FROZEN: Frozen = { ok: false, reason: "published" };

/** Thrown inside a transaction to roll it back and answer with a refusal. */
class Refusal<R> extends Error {
  constructor(readonly result: R) {
    super("refused");
  }
}

/** Runs `work` in a transaction; a Refusal thrown inside rolls it back and becomes the answer. */
async function decide<T, R>(db: DB, work: (tx: DB, refuse: (result: R) => never) => Promise<T>): Promise<T | R> {
  try {
    return await db.transaction().execute((tx) =>
      work(tx, (result) => {
        throw new Refusal(result);
      }),
    );
  } catch (error) {
    if (error instanceof Refusal) return error.result as R;
    throw error;
  }
}

/** The section with its round and event, as a decision checks it. */
export async function sectionRow(db: DB, sectionId: number) {
  return db
    .selectFrom("result_sections")
    .innerJoin("rounds", "rounds.id", "result_sections.round_id")
    .select([
      "result_sections.id",
      "result_sections.round_id",
      "result_sections.nomination_id",
      "result_sections.age_group_id",
      "rounds.event_id",
    ])
    .where("result_sections.id", "=", sectionId)
    .executeTakeFirst();
}

/**
 * Locks these sections' rows for the caller's transaction (in id order, as every writer does) and
 * tells whether any of them is published: a published section is frozen, and publishing waits
 * for this transaction to end.
 */
async function anyPublished(tx: DB, sectionIds: readonly number[]): Promise<boolean> {
  if (sectionIds.length === 0) return false;
  const rows = await tx
    .selectFrom("result_sections")
    .select(["id", "published_at"])
    .where("id", "in", [...sectionIds])
    .orderBy("id")
    .forUpdate()
    .execute();
  return rows.some((r) => r.published_at !== null);
}

export type SectionRow = NonNullable<Awaited<ReturnType<typeof sectionRow>>>;

/**
 * Runs a decision on these sections: in one transaction, refused (FROZEN) when any of them is
 * published, else `work`, then the sections recomputed before the commit. `refuse` rolls the work
 * back and makes its argument the answer.
 */
export async function decideOn<R>(
  db: DB,
  sectionIds: readonly number[],
  work: (tx: DB, refuse: (result: R) => never) => Promise<R>,
): Promise<R | Frozen> {
  return decide<R, R | Frozen>(db, async (tx, refuse) => {
    if (await anyPublished(tx, sectionIds)) refuse(FROZEN);
    const result = await work(tx, refuse);
    await recomputeIn(tx, sectionIds);
    return result;
  });
}

/**
 * Recomputes an unlocked section before a decision is checked against its stored results. The
 * review page shows an unlocked section's results as computed from the current scores (a page
 * must not write), so the decision is checked against what the page showed. A locked section
 * keeps what it froze.
 */
export async function refreshUnlocked(tx: DB, sectionId: number): Promise<void> {
  const row = await tx.selectFrom("result_sections").select("locked_at").where("id", "=", sectionId).executeTakeFirst();
  if (row && row.locked_at === null) await recomputeIn(tx, [sectionId]);
}
