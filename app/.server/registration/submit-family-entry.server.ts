import type { Locale } from "~/domain/locale";
import type { EntryFormData } from "~/schemas/entry";

import { setAccountPhone } from "../accounts/users.server";
import type { DB } from "../platform/db.server";
import type { ArtworkProblem } from "../platform/uploads/artwork.server";
import type { Uploads } from "../platform/uploads/store.server";
import { submitWithArtwork } from "./artwork-entry.server";
import type { EntryFormContext } from "./entry-forms.server";
import { entryProblemMessage, type ShownMessage } from "./problem-messages.server";

export type FamilyEntryOutcome =
  /** The nomination is not the event's, or a child is not this family's. */
  | { status: "missing" }
  /** The artwork could not be stored: nothing was entered. */
  | { status: "artwork_refused"; problem: ArtworkProblem }
  | { status: "refused"; messages: ShownMessage[] }
  | { status: "entered"; reference: string; notice: "confirmed" | "waitlisted" | "duplicate" };

/**
 * The family's entry form (`page`, from entryFormContext), posted: enters the children with the
 * artwork (for an artwork nomination) by submitWithArtwork, so a refused post leaves nothing behind.
 * The refusals come back as messages in the family's language. An entered post also keeps the
 * guardian's phone, when the form offered it (the account had none) and one was given.
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

  const { form } = post;
  const outcome = await submitWithArtwork(
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
      idempotencyKey: form.idempotencyKey,
    },
    nomination.entryKind === "artwork" ? { file: post.artwork, uploads: options.uploads } : null,
    options.baseUrl,
  );
  if ("artworkRefused" in outcome) return { status: "artwork_refused", problem: outcome.artworkRefused };
  if ("notFound" in outcome) return { status: "missing" };
  if (!outcome.ok) {
    const names = new Map(page.children.map((c) => [c.id, c.name]));
    const nameOf = (id: number) => names.get(id) ?? "";
    return {
      status: "refused",
      messages: outcome.problems.map((p) => entryProblemMessage(p, { locale: options.locale, nameOf })),
    };
  }
  // The guardian's phone for the organisers, offered by the form while the account had none.
  if (!page.hasPhone && form.phone) await setAccountPhone(db, guardian.userId, form.phone);
  return { status: "entered", reference: outcome.reference, notice: outcome.duplicate ? "duplicate" : outcome.status };
}
