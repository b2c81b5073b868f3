import { sql } from "kysely";

import { parseId } from "~/forms/ids";
import { readIntent } from "~/http/intents";
import { badRequest, invariantResponse, notFound } from "~/http/responses";

import { numberBlindRoundsOfEvent } from "../judging/blind-numbers.server";
import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { notify } from "./entry-emails.server";
import { closeEntry, fillFreePlaces, isOpen, lockEvent, lockNomination, withRetries } from "./waitlist.server";

/**
 * An organiser's decision. Approving confirms a wait-listed entry even beyond capacity (the
 * organiser's override); rejecting needs a reason, which the family is emailed, and a confirmed
 * entry's place goes to the wait-list. The caller checks that `organiser` runs the entry's event.
 */
export async function decideEntry(
  db: DB,
  organiser: Actor,
  entryId: number,
  decision: "approve" | "reject",
  reason: string | null,
  baseUrl: string,
): Promise<"done" | "missing" | "invalid"> {
  const why = reason?.trim() ?? "";
  if (decision === "reject" && why === "") return "invalid";
  let eventId: number | null = null;
  const outcome = await withRetries(() =>
    db.transaction().execute(async (tx) => {
      const entry = await tx
        .selectFrom("entries")
        .select(["event_id", "nomination_id"])
        .where("id", "=", entryId)
        .executeTakeFirst();
      if (!entry) return "missing";
      eventId = entry.event_id;
      const event = (await lockEvent(tx, entry.event_id))!;
      await lockNomination(tx, entry.event_id, entry.nomination_id);
      const before = await tx
        .selectFrom("entries")
        .select(["status", "status_reason"])
        .where("id", "=", entryId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const logged = {
        action: `entry.${decision}`,
        entityType: "entry",
        entityId: entryId,
        eventId: entry.event_id,
        before,
      };

      if (decision === "approve") {
        if (before.status !== "waitlisted" && before.status !== "submitted") return "invalid";
        await tx
          .updateTable("entries")
          .set({ status: "confirmed", status_reason: null, updated_at: sql`now()` })
          .where("id", "=", entryId)
          .execute();
        await notify(tx, entryId, "entry_promoted", baseUrl, { to: "family" });
        await audit(tx, organiser, { ...logged, after: { status: "confirmed" } });
        return "done";
      }
      if (!isOpen(before.status)) return "invalid";
      await closeEntry(tx, entryId, "rejected", why);
      await notify(tx, entryId, "entry_rejected", baseUrl, { to: "family", reason: why });
      const promoted = await fillFreePlaces(tx, event, entry.nomination_id, baseUrl);
      await audit(tx, organiser, {
        ...logged,
        after: { status: "rejected", status_reason: why, promotedEntries: promoted },
      });
      return "done";
    }),
  );
  // A confirmed entry (or one promoted into a freed place) takes its numbers in a blind round.
  if (outcome === "done" && eventId !== null) await numberBlindRoundsOfEvent(db, eventId);
  return outcome;
}

/** The event an entry belongs to, for the caller's permission check before decideEntry. */
export async function entryEventId(db: DB, entryId: number): Promise<number | null> {
  const row = await db.selectFrom("entries").select("event_id").where("id", "=", entryId).executeTakeFirst();
  return row?.event_id ?? null;
}

/** What an organiser's decision form gives: the notice to show, or the error to show beside the form. */
export type DecisionOutcome =
  { notice: "approve" | "reject" | "invalid" } | { error: "organiserEntries.reasonRequired"; entryId: number };

/**
 * An organiser's decision as posted from the entries table or an entry's page: `intent` (approve or
 * reject), `entryId` and `reason`. A malformed post is a 400, an entry of another event a 404; a
 * rejection without a reason is returned for the form to ask for one.
 */
export async function decideFromForm(
  db: DB,
  organiser: Actor,
  eventId: number,
  form: FormData,
  baseUrl: string,
): Promise<DecisionOutcome> {
  const decision = readIntent(form, ["approve", "reject"]);
  const entryId = parseId(String(form.get("entryId") ?? ""));
  if (!entryId) throw badRequest();
  if ((await entryEventId(db, entryId)) !== eventId) throw notFound();
  const reason =
    String(form.get("reason") ?? "")
      .trim()
      .slice(0, 1000) || null;
  if (decision === "reject" && !reason) return { error: "organiserEntries.reasonRequired", entryId };
  const outcome = await decideEntry(db, organiser, entryId, decision, reason, baseUrl);
  invariantResponse(outcome !== "missing");
  return { notice: outcome === "done" ? decision : "invalid" };
}
