import type { Locale } from "~/domain/locale";
import type { EntryFormData } from "~/schemas/entry";

import type { DB } from "../platform/db.server";
import { type ArtworkProblem, deleteArtwork, storeArtwork } from "../platform/uploads/artwork.server";
import type { Uploads } from "../platform/uploads/store.server";
import type { EntryFormContext } from "./entry-forms.server";
import { entryProblemMessage, type ShownMessage } from "./problem-messages.server";
import { submitEntry } from "./submit-entry.server";

export type FamilyEntryOutcome =
  /** The nomination is not the event's, or a child is not this family's. */
  | { status: "missing" }
  /** The artwork could not be stored: nothing was entered. */
  | { status: "artwork_refused"; problem: ArtworkProblem }
  | { status: "refused"; messages: ShownMessage[] }
  | { status: "entered"; reference: string; notice: "confirmed" | "waitlisted" | "duplicate" };

/**
 * The family's entry form (`page`, from entryFormContext), posted: stores the artwork (for an artwork nomination), enters the
 * children, and deletes the stored file again when the entry is refused, so a refused post leaves
 * nothing behind. The refusals come back as messages in the family's language.
 */
export async function submitFamilyEntry(
  db: DB,
  guardian: { userId: number; email: string },
  page: EntryFormContext,
  post: { form: EntryFormData; artwork: FormDataEntryValue | null },
  options: { locale: Locale; uploads: Uploads; baseUrl: string },
): Promise<FamilyEntryOutcome> {
  const nomination = page.nominations.find((n) => n.id === post.form.nominationId);
  if (!nomination) return { status: "missing" };

  let artworkFile: string | null = null;
  const file = post.artwork;
  if (nomination.entryKind === "artwork" && file instanceof File && file.size > 0) {
    const stored = await storeArtwork(new Uint8Array(await file.arrayBuffer()), options.uploads);
    if (!stored.ok) return { status: "artwork_refused", problem: stored.problem };
    artworkFile = stored.file;
  }
  const { form } = post;
  // The stored file belongs to the entry only if this very post created it: on a refusal, a replay
  // of an earlier post (duplicate) or a failure (the database gone), it is removed again.
  const discardArtwork = async () => {
    if (artworkFile) await deleteArtwork(options.uploads, artworkFile);
  };
  const outcome = await submitEntry(
    db,
    { ...guardian, role: "guardian" },
    {
      eventId: page.event.id,
      nominationId: nomination.id,
      format: form.format,
      memberIds: form.members,
      title: form.title,
      durationSeconds: form.totalSeconds,
      videoUrl: form.videoUrl ?? null,
      artworkFile,
      idempotencyKey: form.idempotencyKey,
    },
    options.baseUrl,
  ).catch(async (err: unknown) => {
    await discardArtwork();
    throw err;
  });
  if (!outcome.ok || outcome.duplicate) await discardArtwork();
  if ("notFound" in outcome) return { status: "missing" };
  if (!outcome.ok) {
    const names = new Map(page.children.map((c) => [c.id, c.name]));
    const nameOf = (id: number) => names.get(id) ?? "";
    return {
      status: "refused",
      messages: outcome.problems.map((p) => entryProblemMessage(p, { locale: options.locale, nameOf })),
    };
  }
  return { status: "entered", reference: outcome.reference, notice: outcome.duplicate ? "duplicate" : outcome.status };
}
