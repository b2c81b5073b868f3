import { sql } from "kysely";

import { OPEN_STATUSES } from "~/domain/entry-statuses";

import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { notify } from "./entry-emails.server";
import { closeEntry, fillFreePlaces, lockEvent, lockNomination, withRetries } from "./waitlist.server";

/*
 * Rejecting many entries with one reason (ticked on the organisers' entries table, or every entry
 * the filters match). Each is rejected as one rejection is (decide-entry.server.ts): closed with the
 * reason, its family emailed through the outbox, audited; freed places go to the wait-list once
 * per nomination, at the end. All in one transaction: either every chosen entry is rejected or none.
 */

export const MAX_BULK_REJECT = 10_000;

export type BulkRejectResult =
  | { status: "done"; rejected: number; skipped: number; promoted: number }
  | { status: "invalid"; reason: "no_reason" | "none_chosen" | "too_many" };

/**
 * Rejects the chosen entries of the event that are still open (submitted, confirmed or
 * wait-listed); ids of other events' entries or of closed ones are skipped.
 */
export async function rejectEntries(
  db: DB,
  organiser: Actor,
  { eventId, entryIds, reason, baseUrl }: { eventId: number; entryIds: number[]; reason: string; baseUrl: string },
): Promise<BulkRejectResult> {
  const why = reason.trim();
  if (why === "") return { status: "invalid", reason: "no_reason" };
  const ids = [...new Set(entryIds)];
  if (ids.length === 0) return { status: "invalid", reason: "none_chosen" };
  if (ids.length > MAX_BULK_REJECT) return { status: "invalid", reason: "too_many" };
  return withRetries(() =>
    db.transaction().execute(async (tx) => {
      const event = await lockEvent(tx, eventId);
      if (!event) return { status: "done" as const, rejected: 0, skipped: ids.length, promoted: 0 };
      const nominations = await tx
        .selectFrom("entries")
        .select("nomination_id")
        .distinct()
        .where("event_id", "=", eventId)
        .where(sql<boolean>`id = any(${sql`${ids}::int[]`})`)
        .orderBy("nomination_id")
        .execute();
      // Nominations in id order, as every writer locks them, so two bulk rejections never deadlock.
      for (const n of nominations) await lockNomination(tx, eventId, n.nomination_id);
      const open = await tx
        .selectFrom("entries")
        .select(["id", "status", "status_reason", "nomination_id"])
        .where("event_id", "=", eventId)
        .where("status", "in", OPEN_STATUSES)
        .where(sql<boolean>`id = any(${sql`${ids}::int[]`})`)
        .orderBy("id")
        .forUpdate()
        .execute();
      for (const entry of open) {
        await closeEntry(tx, entry.id, "rejected", why);
        await notify(tx, entry.id, "entry_rejected", baseUrl, { to: "family", reason: why });
        await audit(tx, organiser, {
          action: "entry.reject",
          entityType: "entry",
          entityId: entry.id,
          eventId,
          before: { status: entry.status, status_reason: entry.status_reason },
          after: { status: "rejected", status_reason: why, bulk: true },
        });
      }
      const promoted: number[] = [];
      for (const n of new Set(open.map((e) => e.nomination_id)))
        promoted.push(...(await fillFreePlaces(tx, event, n, baseUrl)));
      await audit(tx, organiser, {
        action: "entry.bulk_reject",
        entityType: "event",
        entityId: eventId,
        eventId,
        after: { reason: why, rejected: open.map((e) => e.id), promotedEntries: promoted },
      });
      return {
        status: "done" as const,
        rejected: open.length,
        skipped: ids.length - open.length,
        promoted: promoted.length,
      };
    }),
  );
}
