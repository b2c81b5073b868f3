import type { PerformanceFormat } from "#db/types";
import type { Locale } from "~/domain/locale";
import type { ClubEntryFormData } from "~/schemas/entry-piece";

import type { DB } from "../platform/db.server";
import { ARTWORK_LIMITS } from "../platform/uploads/artwork.server";
import type { Uploads } from "../platform/uploads/store.server";
import { type ArtworkEntryResult, submitWithArtwork } from "./artwork-entry.server";
import { clubEntryFormContext } from "./entry-forms.server";
import type { EntryProblem } from "./entry-problems.server";
import { entryProblemMessage, type ShownMessage } from "./problem-messages.server";
import type { SubmitEntryInput, Submitter } from "./submit-entry.server";

type ClubLeader = Extract<Submitter, { role: "club_leader" }>;

/** One entry of a club leader's batch: a child's solo, or the whole group, with its piece. */
export interface ClubBatchEntry {
  memberIds: number[];
  title: string;
  durationSeconds: number | null;
  videoUrl: string | null;
  /** The image of an artwork entry, as posted. */
  artwork?: FormDataEntryValue | null;
}

export interface ClubBatch {
  eventId: number;
  nominationId: number;
  /** Solo: one entry per batch entry. A group format: the batch holds the one group entry. */
  format: PerformanceFormat;
  /** The form's key; each entry's own is derived from it and its child (or "group"). */
  idempotencyKey: string;
  entries: ClubBatchEntry[];
  /** For an artwork nomination: where each entry's image is stored. */
  artworks?: { uploads: Uploads };
}

/**
 * All the images of one batch post together: a leader entering a class's drawings sends many at
 * once, each checked as a family's (ARTWORK_LIMITS), but the post as a whole stays this small.
 */
export const CLUB_BATCH_UPLOAD_BYTES = 100 * 1024 * 1024;
export const CLUB_BATCH_LIMITS = {
  maxTotalMb: CLUB_BATCH_UPLOAD_BYTES / 1024 / 1024,
  maxFileMb: ARTWORK_LIMITS.maxBytes / 1024 / 1024,
} as const;

/** Takes the posted images out of a batch form: `children.c<id>.artwork` for a child, `artwork` for a group. */
export function takeBatchArtworks(formData: FormData): { byChild: Map<number, File>; group: File | null } {
  const byChild = new Map<number, File>();
  let group: File | null = null;
  for (const [name, value] of [...formData.entries()]) {
    if (!(value instanceof File)) continue;
    formData.delete(name);
    const child = /^children\.c(\d{1,10})\.artwork$/.exec(name);
    if (child) byChild.set(Number(child[1]), value);
    else if (name === "artwork") group = value;
  }
  return { byChild, group };
}

/**
 * A club leader enters many children from one form. Each entry is submitted on its own, in the
 * order given, so one child's refusal leaves the others' entries standing (and places are given
 * out in roster order). Each entry's idempotency key is the form's key plus its child, so a double
 * click or a retry answers with the entries already made, and makes only those that were refused.
 * An entry's image is stored with it and removed again whenever that entry is not made.
 */
export async function submitClubEntries(
  db: DB,
  submitter: ClubLeader,
  batch: ClubBatch,
  baseUrl: string,
  now: Date = new Date(),
): Promise<{ memberIds: number[]; result: ArtworkEntryResult }[]> {
  if (batch.format !== "solo" && batch.entries.length > 1) throw new Error("A group batch makes one entry.");
  const results: { memberIds: number[]; result: ArtworkEntryResult }[] = [];
  for (const entry of batch.entries) {
    const idempotencyKey =
      batch.format === "solo" ? `${batch.idempotencyKey}-c${entry.memberIds[0]}` : `${batch.idempotencyKey}-group`;
    const input: Omit<SubmitEntryInput, "artworkFile"> = {
      eventId: batch.eventId,
      nominationId: batch.nominationId,
      format: batch.format,
      memberIds: entry.memberIds,
      title: entry.title,
      durationSeconds: entry.durationSeconds,
      videoUrl: entry.videoUrl,
      idempotencyKey,
    };
    const artwork = batch.artworks ? { file: entry.artwork, uploads: batch.artworks.uploads } : null;
    results.push({
      memberIds: entry.memberIds,
      result: await submitWithArtwork(db, submitter, input, artwork, baseUrl, now),
    });
  }
  return results;
}

/** What became of one entry of the batch, as the result page lists it. */
export type BatchOutcome = {
  names: string[];
  status: "confirmed" | "waitlisted" | "refused";
  reference: string | null;
  position: number | null;
  duplicate: boolean;
  messages: ShownMessage[];
};

const NOT_ON_ROSTER: ShownMessage = { key: "clubs.enterBatch.notFound", params: {} };

/**
 * The club's batch form, posted: the ticked children of the club's own roster (a family's child is
 * the family's to enter), in roster order, as one entry each for solos or one group entry, entered
 * by submitClubEntries. Null when the event or the nomination is not one the form offers.
 */
export async function submitClubBatch(
  db: DB,
  leader: ClubLeader,
  form: ClubEntryFormData,
  options: {
    locale: Locale;
    baseUrl: string;
    uploads: Uploads;
    artworks?: ReturnType<typeof takeBatchArtworks>;
  },
): Promise<BatchOutcome[] | null> {
  const page = await clubEntryFormContext(db, leader.clubId, form.event, options.locale);
  const nomination = page?.nominations.find((n) => n.id === form.nominationId);
  if (!page?.event || !nomination) return null;

  const roster = new Map(page.children.map((c, i) => [c.id, { ...c, order: i }]));
  const ticked = form.ticked
    .filter((r) => roster.has(r.childId))
    .sort((a, b) => roster.get(a.childId)!.order - roster.get(b.childId)!.order);
  const entries: ClubBatchEntry[] =
    form.format === "solo"
      ? ticked.map((r) => ({
          memberIds: [r.childId],
          title: r.title,
          durationSeconds: r.durationSeconds,
          videoUrl: r.videoUrl,
          artwork: options.artworks?.byChild.get(r.childId) ?? null,
        }))
      : ticked.length > 0
        ? [{ memberIds: ticked.map((r) => r.childId), ...form.group, artwork: options.artworks?.group ?? null }]
        : [];
  const made = await submitClubEntries(
    db,
    leader,
    {
      eventId: page.event.id,
      nominationId: nomination.id,
      format: form.format,
      idempotencyKey: form.idempotencyKey,
      entries,
      artworks: nomination.entryKind === "artwork" ? { uploads: options.uploads } : undefined,
    },
    options.baseUrl,
  );

  const nameOf = (id: number) => roster.get(id)?.name ?? "";
  const outcomes = made.map(({ memberIds, result }) =>
    outcomeOf(memberIds.map(nameOf), result, (p) => clubProblemMessage(p, options.locale, nameOf)),
  );
  // A ticked child the roster no longer has (deleted meanwhile, or a crafted post) is reported, not entered.
  if (form.ticked.some((r) => !roster.has(r.childId)))
    outcomes.push(outcomeOf([], { ok: false, notFound: true }, () => NOT_ON_ROSTER));
  return outcomes;
}

function outcomeOf(names: string[], r: ArtworkEntryResult, message: (p: EntryProblem) => ShownMessage): BatchOutcome {
  if (r.ok)
    return {
      names,
      status: r.status,
      reference: r.reference,
      position: r.waitlistPosition,
      duplicate: r.duplicate,
      messages: [],
    };
  const messages =
    "notFound" in r
      ? [NOT_ON_ROSTER]
      : "artworkRefused" in r
        ? [{ key: `upload.${r.artworkRefused}`, params: {} }]
        : r.problems.map(message);
  return { names, status: "refused", reference: null, position: null, duplicate: false, messages };
}

/** Like the family's messages, except that a club child's consent is attested by its leader, not given on a page. */
function clubProblemMessage(problem: EntryProblem, locale: Locale, nameOf: (id: number) => string): ShownMessage {
  if (problem.code === "consent_missing")
    return { key: "clubs.enterBatch.consentMissing", params: { name: nameOf(problem.memberId) } };
  return entryProblemMessage(problem, { locale, nameOf });
}
