import { sql } from "kysely";

import { localized } from "~/domain/locale";
import { instantToZonedLocal } from "~/domain/time";
import { createI18n } from "~/i18n";

import type { DB } from "../platform/db.server";
import { enqueueEmail, recipientsById } from "../platform/email/outbox.server";
import { membersByEntry } from "./entry-members.server";

/*
 * Club leaders hear about their club's entries once a day, in one digest, instead of one email per
 * entry (a club entering 195 children sent its leader 195 emails). The families still get their
 * own emails about their child's entry. Each club gets at most one digest per Almaty day: the
 * (club, day) row in `club_digests` is inserted in the transaction that queues the emails, so of
 * several app instances running this at once only one queues them.
 */

/** Digests go out in the first run at or after this hour, Almaty time: the day's entries are in by then. */
export const DIGEST_HOUR = 18;
/** A club's first digest covers at most the last day. */
const FIRST_WINDOW_MS = 24 * 60 * 60_000;

/**
 * Is this user a leader of the entry's club? Such a submitter hears about the entry in the club's
 * digest, not in an email of its own.
 */
export async function leadsEntryClub(tx: DB, userId: number, clubId: number | null): Promise<boolean> {
  if (clubId === null) return false;
  const row = await tx
    .selectFrom("memberships")
    .select("id")
    .where("user_id", "=", userId)
    .where("role", "=", "club_leader")
    .where("club_id", "=", clubId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Queues today's digest for every club with entries new or changed since its last digest, when the
 * Almaty clock has passed DIGEST_HOUR. Returns the clubs digested now. `db` must be the database,
 * not a transaction: each club is its own transaction.
 */
export async function queueClubDigests(
  db: DB,
  { now = new Date(), baseUrl }: { now?: Date; baseUrl: string },
): Promise<number> {
  const local = instantToZonedLocal(now);
  if (Number(local.slice(11, 13)) < DIGEST_HOUR) return 0;
  const day = local.slice(0, 10);
  const firstSince = new Date(now.getTime() - FIRST_WINDOW_MS);
  const clubs = await db
    .selectFrom("entries as e")
    .select("e.club_id")
    .distinct()
    .where("e.club_id", "is not", null)
    .where("e.updated_at", "<=", now)
    .where(
      "e.updated_at",
      ">",
      sql<Date>`coalesce((select max(d.covered_until) from club_digests d where d.club_id = e.club_id), ${firstSince})`,
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("club_digests as d")
            .select("d.club_id")
            .whereRef("d.club_id", "=", "e.club_id")
            .where("d.day", "=", day),
        ),
      ),
    )
    .execute();
  let digested = 0;
  for (const { club_id } of clubs) {
    if (await queueClubDigest(db, club_id!, { day, now, firstSince, baseUrl })) digested++;
  }
  return digested;
}

async function queueClubDigest(
  db: DB,
  clubId: number,
  { day, now, firstSince, baseUrl }: { day: string; now: Date; firstSince: Date; baseUrl: string },
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const last = await tx
      .selectFrom("club_digests")
      .select((eb) => eb.fn.max("covered_until").as("until"))
      .where("club_id", "=", clubId)
      .executeTakeFirst();
    const since = last?.until ? new Date(last.until) : firstSince;
    const entries = await tx
      .selectFrom("entries as e")
      .innerJoin("events as ev", "ev.id", "e.event_id")
      .innerJoin("nominations as n", "n.id", "e.nomination_id")
      .select([
        "e.id",
        "e.reference",
        "e.status",
        "ev.id as event_id",
        "ev.starts_on",
        "ev.title_kk",
        "ev.title_ru",
        "ev.title_en",
        "n.name_kk",
        "n.name_ru",
        "n.name_en",
      ])
      .where("e.club_id", "=", clubId)
      .where("e.updated_at", ">", since)
      .where("e.updated_at", "<=", now)
      .orderBy("ev.starts_on")
      .orderBy("ev.id")
      .orderBy("e.reference")
      .execute();
    if (entries.length === 0) return false;
    // Whoever inserts the (club, day) row sends the digest; another instance's insert waits for this
    // transaction, then finds the row and does nothing.
    const claimed = await tx
      .insertInto("club_digests")
      .values({ club_id: clubId, day, covered_until: now, entries: entries.length })
      .onConflict((oc) => oc.columns(["club_id", "day"]).doNothing())
      .returning("club_id")
      .executeTakeFirst();
    if (!claimed) return false;

    const club = await tx.selectFrom("clubs").select("name").where("id", "=", clubId).executeTakeFirstOrThrow();
    const leaders = await tx
      .selectFrom("memberships")
      .select("user_id")
      .where("role", "=", "club_leader")
      .where("club_id", "=", clubId)
      .execute();
    if (leaders.length === 0) return true;
    const members = await membersByEntry(
      tx,
      entries.map((e) => e.id),
      { activeOnly: true },
    );
    for (const user of await recipientsById(
      tx,
      leaders.map((l) => l.user_id),
    )) {
      const { t } = createI18n(user.locale);
      const byEvent = new Map<number, { heading: string; lines: string[] }>();
      for (const e of entries) {
        if (!byEvent.has(e.event_id))
          byEvent.set(e.event_id, { heading: localized(e, "title", user.locale), lines: [] });
        const names = (members.get(e.id) ?? [])
          .map((m) => `${m.first_name} ${m.last_name}`.trim())
          .filter(Boolean)
          .join(", ");
        byEvent.get(e.event_id)!.lines.push(
          t("email.club_digest.line", {
            reference: e.reference,
            names: names || "—",
            nomination: localized(e, "name", user.locale),
            status: t(`entryStatus.${e.status}`),
          }),
        );
      }
      await enqueueEmail(tx, {
        to: user.email,
        locale: user.locale,
        userId: user.id,
        template: "club_digest",
        params: {
          name: user.name,
          club: club.name,
          count: entries.length,
          url: `${baseUrl}/clubs/${clubId}`,
          blocks: [...byEvent.values()],
        },
      });
    }
    return true;
  });
}
