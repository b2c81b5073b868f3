import type { EntryKind, EntryStatus, PerformanceFormat } from "#db/types";
import { type Locale, localized } from "~/domain/locale";
import { notFound } from "~/http/responses";

import { requireUser } from "../accounts/auth.server";
import type { DB } from "../platform/db.server";
import { getLocale } from "../platform/locale.server";
import { getDb } from "../platform/runtime.server";
import { membersByEntry } from "./entry-members.server";
import { registrationOpen } from "./registration-window.server";
import { isOpen, waitlistPositions } from "./waitlist.server";

export interface FamilyEntry {
  id: number;
  reference: string;
  status: EntryStatus;
  statusReason: string | null;
  eventId: number;
  eventSlug: string;
  eventTitle: string;
  eventTimezone: string;
  registrationClosesAt: Date | null;
  nominationId: number;
  nominationName: string;
  entryKind: EntryKind;
  maxDurationSeconds: number | null;
  format: PerformanceFormat;
  title: string;
  durationSeconds: number | null;
  videoUrl: string | null;
  /** "Last First" for the family's own children; other members (a club's ensemble) as their public name. */
  memberNames: string[];
  waitlistPosition: number | null;
  canWithdraw: boolean;
  /** Title, duration and video link can change in the same window as withdrawing (see updateEntry). */
  canEdit: boolean;
  submittedAt: Date;
}

/** Every entry any of the guardian's children is in, newest first. */
export async function listFamilyEntries(
  db: DB,
  guardianId: number,
  locale: Locale,
  now: Date = new Date(),
): Promise<FamilyEntry[]> {
  const rows = await db
    .selectFrom("entries")
    .innerJoin("events", "events.id", "entries.event_id")
    .innerJoin("nominations", "nominations.id", "entries.nomination_id")
    .select([
      "entries.id",
      "entries.reference",
      "entries.status",
      "entries.status_reason",
      "entries.format",
      "entries.title",
      "entries.duration_seconds",
      "entries.video_url",
      "entries.created_at",
      "entries.nomination_id",
      "events.id as event_id",
      "events.slug",
      "events.status as event_status",
      "events.timezone",
      "events.title_kk",
      "events.title_ru",
      "events.title_en",
      "events.registration_opens_at",
      "events.registration_closes_at",
      "nominations.name_kk",
      "nominations.name_ru",
      "nominations.name_en",
      "nominations.entry_kind",
      "nominations.max_duration_seconds",
    ])
    .where("entries.id", "in", (eb) =>
      eb
        .selectFrom("entry_members")
        .innerJoin("participants", "participants.id", "entry_members.participant_id")
        .select("entry_members.entry_id")
        .where("participants.guardian_user_id", "=", guardianId),
    )
    .orderBy("entries.created_at", "desc")
    .orderBy("entries.id", "desc")
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);

  const members = await membersByEntry(db, ids, { activeOnly: false });
  const positionOf = await waitlistPositions(db, ids);
  // Once results naming an entry are published, it is part of the record: no withdrawing or editing.
  const published = new Set(
    (
      await db
        .selectFrom("results")
        .innerJoin("result_sections", "result_sections.id", "results.section_id")
        .select("results.entry_id")
        .where("results.entry_id", "in", ids)
        .where("result_sections.published_at", "is not", null)
        .execute()
    ).map((r) => r.entry_id),
  );

  return rows.map((r) => {
    const changeable =
      isOpen(r.status) && registrationOpen({ ...r, status: r.event_status }, now) && !published.has(r.id);
    return {
      id: r.id,
      reference: r.reference,
      status: r.status,
      statusReason: r.status_reason,
      eventId: r.event_id,
      eventSlug: r.slug,
      eventTitle: localized(r, "title", locale),
      eventTimezone: r.timezone,
      registrationClosesAt: r.registration_closes_at,
      nominationId: r.nomination_id,
      nominationName: localized(r, "name", locale),
      entryKind: r.entry_kind,
      maxDurationSeconds: r.max_duration_seconds,
      format: r.format,
      title: r.title,
      durationSeconds: r.duration_seconds,
      videoUrl: r.video_url,
      memberNames: (members.get(r.id) ?? [])
        .filter((m) => m.first_name || m.last_name)
        .map((m) =>
          m.guardian_user_id === guardianId || m.public_name === "full"
            ? `${m.last_name} ${m.first_name}`
            : `${m.first_name} ${m.last_name.slice(0, 1)}.`,
        ),
      waitlistPosition: positionOf.get(r.id) ?? null,
      canWithdraw: changeable,
      canEdit: changeable,
      submittedAt: r.created_at,
    };
  });
}

/**
 * The signed-in family's entry by its reference, with the user and their language. Another
 * family's entry is indistinguishable from one that doesn't exist: both are a thrown 404.
 */
export async function requireFamilyEntry(request: Request, reference: string | undefined) {
  const user = await requireUser(request);
  const locale = await getLocale(request);
  const entries = await listFamilyEntries(await getDb(), user.id, locale);
  const entry = entries.find((e) => e.reference === reference);
  if (!entry) throw notFound();
  return { user, locale, entry };
}
