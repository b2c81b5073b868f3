import type { DB } from "../platform/db.server";
import { type ArtworkProblem, deleteArtwork, storeArtwork } from "../platform/uploads/artwork.server";
import type { Uploads } from "../platform/uploads/store.server";
import { submitEntry, type SubmitEntryInput, type SubmitResult, type Submitter } from "./submit-entry.server";

export type ArtworkEntryResult = SubmitResult | { ok: false; artworkRefused: ArtworkProblem };

/**
 * Submits one entry with its artwork, for a family's form and a club's batch alike. For an artwork
 * nomination the image is checked and stored first (same checks, same store); the stored file
 * belongs to the entry only if this very submission created it: on a refusal, a replay of an
 * earlier post (duplicate) or a failure (the database gone), it is removed again, so nothing is
 * left behind. No image for an artwork nomination is left to eligibility to refuse.
 */
export async function submitWithArtwork(
  db: DB,
  submitter: Submitter,
  input: Omit<SubmitEntryInput, "artworkFile">,
  /** Null for a nomination that takes no image. */
  artwork: { file: FormDataEntryValue | null | undefined; uploads: Uploads } | null,
  baseUrl: string,
  now?: Date,
): Promise<ArtworkEntryResult> {
  let artworkFile: string | null = null;
  const file = artwork?.file;
  if (artwork && file instanceof File && file.size > 0) {
    const stored = await storeArtwork(new Uint8Array(await file.arrayBuffer()), artwork.uploads);
    if (!stored.ok) return { ok: false, artworkRefused: stored.problem };
    artworkFile = stored.file;
  }
  const discardArtwork = async () => {
    if (artwork && artworkFile) await deleteArtwork(artwork.uploads, artworkFile);
  };
  const outcome = await submitEntry(db, submitter, { ...input, artworkFile }, baseUrl, now).catch(
    async (err: unknown) => {
      await discardArtwork();
      throw err;
    },
  );
  if (!outcome.ok || outcome.duplicate) await discardArtwork();
  return outcome;
}
