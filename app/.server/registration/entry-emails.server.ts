import { type Locale, localized } from "~/domain/locale";

import type { DB } from "../platform/db.server";
import { enqueueEmail, recipientsById } from "../platform/email/outbox.server";
import { leadsEntryClub } from "./club-digest.server";
import { membersByEntry } from "./entry-members.server";

/** Where entry emails send the family: the entry itself. */
export const entryPath = (reference: string) => `/entries/${reference}`;
type EntryEmail =
  "entry_confirmed" | "entry_waitlisted" | "entry_promoted" | "entry_rejected" | "entry_withdrawn" | "entry_moved";

/** What an entry email says beyond the entry's own facts. */
export interface EntryEmailOptions {
  position?: number | null;
  reason?: string;
  /** The round an entry is now in, named in each recipient's language (entry_moved). */
  round?: (locale: Locale) => string;
}

/**
 * Emails about one entry, each recipient in their own language: the submitter only, or the family —
 * the submitter and every member's guardian (a club leader's entry also tells the parents). A
 * submitter who leads the entry's club is left out: the club's daily digest tells them.
 */
export async function notify(
  tx: DB,
  entryId: number,
  template: EntryEmail,
  baseUrl: string,
  options: EntryEmailOptions & { to: "submitter" | "family" },
): Promise<void> {
  const send = await prepareEntryEmails(tx, entryId, baseUrl, options.to);
  await send(tx, template, options);
}

/**
 * notify in two steps: reads who hears about the entry and what the emails say, then answers a
 * function that writes them to the outbox. Registration reads first and writes after it has decided
 * the entry's place, so the capacity lock is held for as little as possible.
 */
export async function prepareEntryEmails(
  tx: DB,
  entryId: number,
  baseUrl: string,
  to: "submitter" | "family",
): Promise<(tx: DB, template: EntryEmail, options: EntryEmailOptions) => Promise<void>> {
  const entry = await tx
    .selectFrom("entries")
    .innerJoin("events", "events.id", "entries.event_id")
    .innerJoin("nominations", "nominations.id", "entries.nomination_id")
    .select([
      "entries.reference",
      "entries.submitted_by_user_id",
      "entries.club_id",
      "events.title_kk",
      "events.title_ru",
      "events.title_en",
      "nominations.name_kk",
      "nominations.name_ru",
      "nominations.name_en",
    ])
    .where("entries.id", "=", entryId)
    .executeTakeFirstOrThrow();
  const members = (await membersByEntry(tx, [entryId], { activeOnly: false })).get(entryId) ?? [];
  const userIds = new Set<number>();
  // A club leader who entered the club's children hears about it in the club's daily digest.
  if (entry.submitted_by_user_id !== null && !(await leadsEntryClub(tx, entry.submitted_by_user_id, entry.club_id)))
    userIds.add(entry.submitted_by_user_id);
  if (to === "family") for (const m of members) if (m.guardian_user_id !== null) userIds.add(m.guardian_user_id);
  const recipients = userIds.size === 0 ? [] : await recipientsById(tx, userIds);
  // Anonymised members have no name left to show.
  const names = members.map((m) => `${m.last_name} ${m.first_name}`.trim()).filter(Boolean);
  return async (db, template, options) => {
    for (const user of recipients) {
      const facts = {
        name: user.name,
        childNames: new Intl.ListFormat(user.locale, { type: "conjunction" }).format(names),
        event: localized(entry, "title", user.locale),
        nomination: localized(entry, "name", user.locale),
        reference: entry.reference,
        url: `${baseUrl}${entryPath(entry.reference)}`,
      };
      const base = { to: user.email, locale: user.locale, userId: user.id };
      if (template === "entry_waitlisted")
        await enqueueEmail(db, { ...base, template, params: { ...facts, position: options.position ?? 1 } });
      else if (template === "entry_rejected")
        await enqueueEmail(db, { ...base, template, params: { ...facts, reason: options.reason ?? "" } });
      else if (template === "entry_moved")
        await enqueueEmail(db, {
          ...base,
          template,
          params: { ...facts, reason: options.reason ?? "", round: options.round?.(user.locale) ?? "" },
        });
      else await enqueueEmail(db, { ...base, template, params: facts });
    }
  };
}
