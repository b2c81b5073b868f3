import { sql } from "kysely";

import type { Problem } from "~/domain/eligibility";
import type { EntryEditData } from "~/schemas/entry-piece";

import { audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { entryProblems } from "./entry-problems.server";
import type { FamilyEntry } from "./family-entries.server";
import { registrationOpen } from "./registration-window.server";
import { isOpen, withRetries } from "./waitlist.server";
import { lockFamilyEntry, resultsPublishedFor } from "./withdraw-entry.server";

/** What may change until registration closes. Members, nomination and format are fixed: withdraw and enter again. */
export interface EntryChanges {
  title: string;
  durationSeconds: number | null;
  videoUrl: string | null;
}

export type UpdateEntryResult =
  | { ok: true; changed: boolean }
  /** missing: not an entry this user may change; closed: withdrawn or rejected; too_late: registration has closed. */
  | { ok: false; refused: "missing" | "closed" | "too_late" | "results_published" }
  | { ok: false; problems: Problem[] };

/**
 * What a family's edit form changes: it offers only what the nomination's kind of entry uses, and
 * the rest of the entry stays as it is.
 */
export function changesFromForm(
  entry: Pick<FamilyEntry, "entryKind" | "durationSeconds" | "videoUrl">,
  form: EntryEditData,
): EntryChanges {
  const usesDuration = entry.entryKind === "live" || entry.entryKind === "video";
  return {
    title: form.title,
    durationSeconds: usesDuration ? form.durationSeconds : entry.durationSeconds,
    videoUrl: entry.entryKind === "video" ? form.videoUrl : entry.videoUrl,
  };
}

/** The problems an edit can cause; the rest of eligibility concerns what an edit cannot change. */
const PIECE_PROBLEMS: ReadonlySet<string> = new Set([
  "duration_required",
  "duration_too_long",
  "video_url_required",
  "video_url_invalid",
]);

/**
 * A family (or the club leader who submitted it) changes an entry's title, duration or video link
 * while registration is open. The nomination's rules for these are checked again, against its
 * current maximum; the entry keeps its place and its position on the wait-list. Takes the same
 * locks as withdrawing, in the same order. A club leader's change is audited; a family's is not.
 */
export async function updateEntry(
  db: DB,
  who: { userId: number; email: string },
  entryId: number,
  changes: EntryChanges,
  now: Date = new Date(),
): Promise<UpdateEntryResult> {
  return withRetries(() =>
    db.transaction().execute(async (tx): Promise<UpdateEntryResult> => {
      const locked = await lockFamilyEntry(tx, who.userId, entryId);
      if (!locked) return { ok: false, refused: "missing" };
      const { event, nomination } = locked;
      const before = await tx
        .selectFrom("entries")
        .select(["status", "format", "title", "duration_seconds", "video_url", "artwork_file"])
        .where("id", "=", entryId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (!isOpen(before.status)) return { ok: false, refused: "closed" };
      if (await resultsPublishedFor(tx, entryId)) return { ok: false, refused: "results_published" };
      if (!registrationOpen(event, now)) return { ok: false, refused: "too_late" };

      const after = {
        title: changes.title.trim(),
        duration_seconds: changes.durationSeconds && changes.durationSeconds > 0 ? changes.durationSeconds : null,
        video_url: changes.videoUrl?.trim() || null,
      };
      const members = await tx
        .selectFrom("entry_members")
        .innerJoin("participants", "participants.id", "entry_members.participant_id")
        .select(["participants.id", "participants.birth_date", "participants.guardian_user_id"])
        .where("entry_members.entry_id", "=", entryId)
        .execute();
      const dated = members.filter((m) => m.birth_date !== null);
      const { problems } = await entryProblems(
        tx,
        event,
        nomination,
        dated,
        {
          eventId: event.id,
          nominationId: nomination.id,
          format: before.format,
          memberIds: dated.map((m) => m.id),
          title: after.title,
          durationSeconds: after.duration_seconds,
          videoUrl: after.video_url,
          artworkFile: before.artwork_file,
          idempotencyKey: "",
        },
        now,
      );
      const refused = problems.filter((p): p is Problem => PIECE_PROBLEMS.has(p.code));
      if (refused.length > 0) return { ok: false, problems: refused };

      const unchanged =
        after.title === before.title &&
        after.duration_seconds === before.duration_seconds &&
        after.video_url === before.video_url;
      if (unchanged) return { ok: true, changed: false };
      await tx
        .updateTable("entries")
        .set({ ...after, updated_at: sql`now()` })
        .where("id", "=", entryId)
        .execute();
      if (!members.some((m) => m.guardian_user_id === who.userId)) {
        const { title, duration_seconds, video_url } = before;
        await audit(
          tx,
          { id: who.userId, email: who.email },
          {
            action: "entry.update",
            entityType: "entry",
            entityId: entryId,
            eventId: event.id,
            before: { title, duration_seconds, video_url },
            after,
          },
        );
      }
      return { ok: true, changed: true };
    }),
  );
}
