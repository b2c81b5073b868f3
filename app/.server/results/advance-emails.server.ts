import type { RoundKind } from "#db/types";
import { localized } from "~/domain/locale";

import type { DB } from "../platform/db.server";
import { enqueueEmail } from "../platform/email/outbox.server";
import { clubsOf, type EntryFacts, entryFacts, familiesOf, roundLabel } from "./section-facts.server";

/** What a family's email calls an entry: the children's first names, or an ensemble's title and club. */
function advancedLabel(entry: EntryFacts): string {
  if (entry.format === "ensemble" && entry.title) return [`«${entry.title}»`, ...clubsOf(entry)].join(", ");
  return (
    entry.members
      .filter((m) => !m.anonymisedAt)
      .map((m) => m.firstName)
      .join(", ") || entry.reference
  );
}

/** Tells the families of newly advanced entries, each in their language, which round they go to. */
export async function emailAdvanced(
  tx: DB,
  input: { eventId: number; baseUrl: string },
  next: { kind: RoundKind; starts_on: string | null; ends_on: string | null; city: string | null },
  entryIds: number[],
): Promise<number> {
  if (entryIds.length === 0) return 0;
  const facts = await entryFacts(tx, entryIds);
  const families = await familiesOf(tx, [...facts.values()]);
  const event = await tx
    .selectFrom("events")
    .select(["title_kk", "title_ru", "title_en"])
    .where("id", "=", input.eventId)
    .executeTakeFirstOrThrow();
  let sent = 0;
  for (const { user, entries } of families) {
    for (const entry of entries) {
      await enqueueEmail(tx, {
        to: user.email,
        locale: user.locale,
        userId: user.id,
        template: "entry_advanced",
        params: {
          name: user.name,
          childNames: advancedLabel(entry),
          event: localized(event, "title", user.locale),
          round: roundLabel(next, user.locale),
          reference: entry.reference,
          url: `${input.baseUrl}/entries/${entry.reference}`,
        },
      });
      sent++;
    }
  }
  return sent;
}
