import type { PerformanceFormat } from "#db/types";

import type { DB } from "../platform/db.server";
import { submitEntry, type SubmitEntryInput, type SubmitResult, type Submitter } from "./submit-entry.server";

/** One entry of a club leader's batch: a child's solo, or the whole group, with its piece. */
export interface ClubBatchEntry {
  memberIds: number[];
  title: string;
  durationSeconds: number | null;
  videoUrl: string | null;
}

export interface ClubBatch {
  eventId: number;
  nominationId: number;
  /** Solo: one entry per batch entry. A group format: the batch holds the one group entry. */
  format: PerformanceFormat;
  /** The form's key; each entry's own is derived from it and its child (or "group"). */
  idempotencyKey: string;
  entries: ClubBatchEntry[];
}

/**
 * A club leader enters many children from one form. Each entry is submitted on its own, in the
 * order given, so one child's refusal leaves the others' entries standing (and places are given
 * out in roster order). Each entry's idempotency key is the form's key plus its child, so a double
 * click or a retry answers with the entries already made, and makes only those that were refused.
 */
export async function submitClubEntries(
  db: DB,
  submitter: Extract<Submitter, { role: "club_leader" }>,
  batch: ClubBatch,
  baseUrl: string,
  now: Date = new Date(),
): Promise<{ memberIds: number[]; result: SubmitResult }[]> {
  if (batch.format !== "solo" && batch.entries.length > 1) throw new Error("A group batch makes one entry.");
  const results: { memberIds: number[]; result: SubmitResult }[] = [];
  for (const entry of batch.entries) {
    const idempotencyKey =
      batch.format === "solo" ? `${batch.idempotencyKey}-c${entry.memberIds[0]}` : `${batch.idempotencyKey}-group`;
    const input: SubmitEntryInput = {
      eventId: batch.eventId,
      nominationId: batch.nominationId,
      format: batch.format,
      memberIds: entry.memberIds,
      title: entry.title,
      durationSeconds: entry.durationSeconds,
      videoUrl: entry.videoUrl,
      artworkFile: null,
      idempotencyKey,
    };
    results.push({ memberIds: entry.memberIds, result: await submitEntry(db, submitter, input, baseUrl, now) });
  }
  return results;
}
