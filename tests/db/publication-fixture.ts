import type { Award, Locale, PerformanceFormat } from "#db/types";
import { ensureSection } from "~/.server/events/rounds.server";
import type { DB } from "~/.server/platform/db.server";
import { REFERENCE_ALPHABET } from "~/domain/reference-code";

import { ageGroupForm, asActor, createEventWithParts, insertUser, nominationForm, roundForm } from "./factories";

/*
 * A contest for the results tests (publication, public page, advancement): a remote round (the best
 * two of each section advance) and a final, two nominations and two age groups, families in each
 * language, and results rows written directly (the `results` table is the contract with the
 * computation, which has its own tests).
 */

let seq = 0;

/** A valid reference code, different each call. */
export function referenceCode(): string {
  let n = ++seq * 7919;
  let random = "";
  for (let i = 0; i < 6; i++) {
    random += REFERENCE_ALPHABET[n % REFERENCE_ALPHABET.length];
    n = Math.floor(n / REFERENCE_ALPHABET.length);
  }
  return `PF26-${random}`;
}

export async function contest(db: DB, { status = "published" as "published" | "draft" } = {}) {
  const organiser = asActor((await insertUser(db, { email: `organiser-${++seq}@example.kz` })).id);
  const {
    rounds: [remote, final],
    nominations: [vocal, dance],
    ageGroups: [younger, older],
    ...event
  } = await createEventWithParts(db, organiser.id, {
    titleEn: `Shabyt ${++seq}`,
    titleRu: `Шабыт ${seq}`,
    titleKk: `Шабыт ${seq}`,
    startsOn: "2026-12-10",
    endsOn: "2026-12-11",
    nominations: [
      nominationForm({
        nameEn: "Vocal",
        nameRu: "Вокал",
        nameKk: "Вокал",
        formats: { solo: [1, 1], ensemble: [3, 20] },
      }),
      nominationForm({
        nameEn: "Dance",
        nameRu: "Хореография",
        nameKk: "Хореография",
        discipline: "choreography",
        formats: { solo: [1, 1] },
      }),
    ],
    ageGroups: [ageGroupForm(7, 10), ageGroupForm(11, 14)],
    rounds: [
      roundForm({
        kind: "remote",
        startsOn: "2026-10-01",
        endsOn: "2026-10-31",
        advanceRule: "top_n",
        advanceValue: "2",
      }),
      roundForm({ kind: "final", city: "astana", startsOn: "2026-12-10", endsOn: "2026-12-11" }),
    ],
  });
  if (status === "published")
    await db.updateTable("events").set({ status: "published" }).where("id", "=", event.id).execute();
  const club = await db
    .insertInto("clubs")
    .values({ name: `Club Shanyrak ${seq}`, city: "almaty" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return {
    organiser,
    eventId: event.id,
    slug: event.slug,
    remote: remote!,
    final: final!,
    vocalId: vocal!.id,
    danceId: dance!.id,
    youngerId: younger!.id,
    olderId: older!.id,
    clubId: club.id,
  };
}
export type Contest = Awaited<ReturnType<typeof contest>>;

/** A guardian account in a language, with one child. */
export async function family(
  db: DB,
  c: Contest,
  {
    first,
    last,
    locale,
    publicName = "full",
    club = false,
  }: { first: string; last: string; locale: Locale; publicName?: "full" | "initial"; club?: boolean },
) {
  const guardian = await insertUser(db, {
    email: `${first.toLowerCase()}-parent-${++seq}@example.kz`,
    name: `${first}'s parent ${last}`,
  });
  await db.updateTable("users").set({ locale }).where("id", "=", guardian.id).execute();
  const child = await db
    .insertInto("participants")
    .values({
      guardian_user_id: guardian.id,
      last_name: last,
      first_name: first,
      birth_date: "2016-03-14",
      city: "almaty",
      public_name: publicName,
      club_id: club ? c.clubId : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { guardian, childId: child.id };
}

/** Another child of the same guardian. */
export async function sibling(db: DB, guardianId: number, first: string, last: string): Promise<number> {
  const child = await db
    .insertInto("participants")
    .values({
      guardian_user_id: guardianId,
      last_name: last,
      first_name: first,
      birth_date: "2017-05-20",
      city: "almaty",
      public_name: "initial",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return child.id;
}

/** A confirmed entry of these children. */
export async function entry(
  db: DB,
  c: Contest,
  {
    nominationId,
    ageGroupId,
    childIds,
    title,
    submittedBy = null,
    format = "solo",
    clubId = null,
  }: {
    nominationId: number;
    ageGroupId: number;
    childIds: number[];
    title: string;
    submittedBy?: number | null;
    format?: PerformanceFormat;
    clubId?: number | null;
  },
) {
  const row = await db
    .insertInto("entries")
    .values({
      event_id: c.eventId,
      nomination_id: nominationId,
      age_group_id: ageGroupId,
      format,
      title,
      status: "confirmed",
      reference: referenceCode(),
      submitted_by_user_id: submittedBy,
      club_id: clubId,
    })
    .returning(["id", "reference"])
    .executeTakeFirstOrThrow();
  await db
    .insertInto("entry_members")
    .values(childIds.map((participant_id) => ({ entry_id: row.id, participant_id, nomination_id: nominationId })))
    .execute();
  return row;
}

type EntryMore = Partial<Pick<Parameters<typeof entry>[2], "submittedBy" | "format" | "clubId">>;
/** A confirmed entry in Vocal 7–10. */
export const vocalEntry = (db: DB, c: Contest, childIds: number[], title: string, more: EntryMore = {}) =>
  entry(db, c, { nominationId: c.vocalId, ageGroupId: c.youngerId, childIds, title, ...more });
/** A confirmed entry in Dance 11–14. */
export const danceEntry = (db: DB, c: Contest, childIds: number[], title: string, more: EntryMore = {}) =>
  entry(db, c, { nominationId: c.danceId, ageGroupId: c.olderId, childIds, title, ...more });

export interface ResultRow {
  entryId: number;
  rank: number | null;
  percent: number | null;
  award?: Award | null;
  shared?: boolean;
  total?: number | null;
  judges?: number;
}

/** A computed section with these rows, optionally locked and published. Returns the section id. */
export async function section(
  db: DB,
  {
    roundId,
    nominationId,
    ageGroupId,
    rows,
    locked = false,
    published = false,
    computed = true,
    by,
  }: {
    roundId: number;
    nominationId: number;
    ageGroupId: number | null;
    rows: ResultRow[];
    locked?: boolean;
    published?: boolean;
    computed?: boolean;
    by?: number;
  },
): Promise<number> {
  const id = await ensureSection(db, roundId, nominationId, ageGroupId);
  const now = new Date();
  await db
    .updateTable("result_sections")
    .set({
      computed_at: computed ? now : null,
      locked_at: locked || published ? now : null,
      locked_by_user_id: locked || published ? (by ?? null) : null,
      published_at: published ? now : null,
      published_by_user_id: published ? (by ?? null) : null,
    })
    .where("id", "=", id)
    .execute();
  if (rows.length) {
    await db
      .insertInto("results")
      .values(
        rows.map((r) => ({
          round_id: roundId,
          entry_id: r.entryId,
          section_id: id,
          rank: r.rank,
          percent: r.percent,
          award: r.award ?? null,
          shared: r.shared ?? false,
          total: r.total ?? (r.percent === null ? null : r.percent * 0.4),
          judge_count: r.judges ?? 3,
        })),
      )
      .execute();
  }
  return id;
}

/** The emails queued after `afterId` (0: all), oldest first, with their params. */
export async function outbox(db: DB, template?: string, afterId = 0) {
  let q = db
    .selectFrom("outbox")
    .select(["id", "to_email", "locale", "template", "params", "user_id"])
    .where("id", ">", afterId)
    .orderBy("id");
  if (template) q = q.where("template", "=", template);
  return q.execute();
}

/** The newest outbox id, to read only what a step queues. */
export async function lastOutboxId(db: DB): Promise<number> {
  const row = await db
    .selectFrom("outbox")
    .select((eb) => eb.fn.max("id").as("id"))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}
