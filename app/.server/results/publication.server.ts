import { localized } from "~/domain/locale";
import { createI18n } from "~/i18n";

import { type Actor, audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import { enqueueEmail } from "../platform/email/outbox.server";
import { recomputeIn, sectionIsStale } from "./compute.server";
import { issueDiplomaCodes } from "./diplomas/verification.server";
import { staleGrandPrix } from "./grand-prix.server";
import { type EntryFacts, entryFacts, familiesOf, familyLabel, sectionLabel } from "./section-facts.server";

/*
 * Publication of results, section by section (round × nomination × age group): locking (scores
 * then change only through an organiser's override) and publishing (the section appears on the
 * public results page and the families are emailed).
 * A published section is always locked (a check constraint says so too), so it can be unlocked
 * only after it is unpublished.
 */

export interface SectionScope {
  eventId: number;
  sectionId: number;
}

export type SectionOutcome =
  | { status: "locked" | "unlocked" | "unpublished" | "not_found" | "already" }
  | { status: "published"; emailed: number }
  /** Published again after a correction: the families were emailed the first time, at `firstPublishedAt`. */
  | { status: "republished"; firstPublishedAt: Date }
  | { status: "refused"; reason: "published" | "not_locked" | "not_computed" | "grand_prix_stale" };

/** The section, if it belongs to this event, read FOR UPDATE so lock and publish changes queue up. */
async function sectionForUpdate(tx: DB, scope: SectionScope) {
  return tx
    .selectFrom("result_sections as s")
    .innerJoin("rounds as r", "r.id", "s.round_id")
    .selectAll("s")
    .where("s.id", "=", scope.sectionId)
    .where("r.event_id", "=", scope.eventId)
    .forUpdate("s")
    .executeTakeFirst();
}

const sectionState = (s: {
  computed_at: Date | null;
  locked_at: Date | null;
  published_at: Date | null;
  first_published_at: Date | null;
}) => ({
  computed_at: s.computed_at,
  locked_at: s.locked_at,
  published_at: s.published_at,
  first_published_at: s.first_published_at,
});

/** Audits a change of a section's state: the state before, and after with `changed`. */
async function auditState(
  tx: DB,
  actor: Actor,
  scope: SectionScope,
  section: Parameters<typeof sectionState>[0] & { id: number },
  action: string,
  changed: Partial<ReturnType<typeof sectionState>> & { emailed?: number },
): Promise<void> {
  await audit(tx, actor, {
    action,
    entityType: "result_section",
    entityId: section.id,
    eventId: scope.eventId,
    before: sectionState(section),
    after: { ...sectionState(section), ...changed },
  });
}

/**
 * Locks a section: judges can no longer change its scores (only an organiser's override can).
 * Stale stored results are brought up to date first, so what is locked is what the review page
 * showed (it shows an unlocked section's results as computed from the current scores).
 */
export async function lockSection(db: DB, actor: Actor, scope: SectionScope): Promise<SectionOutcome> {
  return db.transaction().execute((tx) => lockSectionIn(tx, actor, scope));
}

/** lockSection inside the caller's transaction (a whole round locked at once). */
export async function lockSectionIn(tx: DB, actor: Actor, scope: SectionScope): Promise<SectionOutcome> {
  const section = await sectionForUpdate(tx, scope);
  if (!section) return { status: "not_found" };
  if (section.locked_at) return { status: "already" };
  if (await sectionIsStale(tx, section.id)) await recomputeIn(tx, [section.id]);
  const now = new Date();
  await tx
    .updateTable("result_sections")
    .set({ locked_at: now, locked_by_user_id: actor.id })
    .where("id", "=", section.id)
    .execute();
  await auditState(tx, actor, scope, section, "results.lock", { locked_at: now });
  return { status: "locked" };
}

/** Unlocks a section, which must not be published: families may already be reading it. */
export async function unlockSection(db: DB, actor: Actor, scope: SectionScope): Promise<SectionOutcome> {
  return db.transaction().execute(async (tx) => {
    const section = await sectionForUpdate(tx, scope);
    if (!section) return { status: "not_found" as const };
    if (section.published_at) return { status: "refused" as const, reason: "published" as const };
    if (!section.locked_at) return { status: "already" as const };
    await tx
      .updateTable("result_sections")
      .set({ locked_at: null, locked_by_user_id: null })
      .where("id", "=", section.id)
      .execute();
    await auditState(tx, actor, scope, section, "results.unlock", { locked_at: null });
    return { status: "unlocked" as const };
  });
}

/**
 * Publishes a locked, computed section: it appears on the public results page. The first time,
 * each family of its entries (whoever submitted an entry and the guardians of its members) gets one
 * email in their own language, queued in the same transaction, naming each entry's award and, for
 * an awarded entry, the entry page where its diploma is. Published again after a correction, it
 * emails no one ("republished"): the families already know where the results are. Refused while
 * the Grand Prix chosen for it no longer holds Laureate I.
 */
export async function publishSection(
  db: DB,
  actor: Actor,
  scope: SectionScope & { baseUrl: string },
): Promise<SectionOutcome> {
  return db.transaction().execute((tx) => publishSectionIn(tx, actor, scope));
}

/** publishSection inside the caller's transaction (a whole round published at once). */
export async function publishSectionIn(
  tx: DB,
  actor: Actor,
  scope: SectionScope & { baseUrl: string },
): Promise<SectionOutcome> {
  const section = await sectionForUpdate(tx, scope);
  if (!section) return { status: "not_found" };
  if (section.published_at) return { status: "already" };
  if (!section.locked_at) return { status: "refused", reason: "not_locked" };
  if (!section.computed_at) return { status: "refused", reason: "not_computed" };
  if (await staleGrandPrix(tx, section.id)) return { status: "refused", reason: "grand_prix_stale" };
  const now = new Date();
  const first = section.first_published_at ?? now;
  await tx
    .updateTable("result_sections")
    .set({ published_at: now, published_by_user_id: actor.id, first_published_at: first })
    .where("id", "=", section.id)
    .execute();
  await issueDiplomaCodes(tx, section.id);
  const emailed = section.first_published_at ? null : await emailResults(tx, scope, section);
  await auditState(tx, actor, scope, section, "results.publish", {
    published_at: now,
    first_published_at: first,
    emailed: emailed ?? 0,
  });
  return emailed === null ? { status: "republished", firstPublishedAt: first } : { status: "published", emailed };
}

/** Takes a section off the public page; it stays locked. */
export async function unpublishSection(db: DB, actor: Actor, scope: SectionScope): Promise<SectionOutcome> {
  return db.transaction().execute(async (tx) => {
    const section = await sectionForUpdate(tx, scope);
    if (!section) return { status: "not_found" as const };
    if (!section.published_at) return { status: "already" as const };
    // first_published_at stays (set here too for a section published before it was recorded): the
    // families were emailed then, and publishing again will not email them twice.
    await tx
      .updateTable("result_sections")
      .set({
        published_at: null,
        published_by_user_id: null,
        first_published_at: section.first_published_at ?? section.published_at,
      })
      .where("id", "=", section.id)
      .execute();
    await auditState(tx, actor, scope, section, "results.unpublish", { published_at: null });
    return { status: "unpublished" as const };
  });
}

async function emailResults(
  tx: DB,
  scope: SectionScope & { baseUrl: string },
  section: { id: number; round_id: number; nomination_id: number; age_group_id: number | null },
): Promise<number> {
  const rows = await tx
    .selectFrom("results")
    .select(["entry_id", "rank", "award"])
    .where("section_id", "=", section.id)
    .execute();
  const facts = await entryFacts(
    tx,
    rows.map((r) => r.entry_id),
  );
  const outcome = new Map(rows.map((r) => [r.entry_id, { rank: r.rank, award: r.award }]));
  const families = await familiesOf(tx, [...facts.values()]);
  if (families.length === 0) return 0;
  const [event, nomination, ageGroup] = await Promise.all([
    tx
      .selectFrom("events")
      .select(["slug", "title_kk", "title_ru", "title_en"])
      .where("id", "=", scope.eventId)
      .executeTakeFirstOrThrow(),
    tx
      .selectFrom("nominations")
      .select(["name_kk", "name_ru", "name_en"])
      .where("id", "=", section.nomination_id)
      .executeTakeFirstOrThrow(),
    section.age_group_id === null
      ? undefined
      : tx
          .selectFrom("age_groups")
          .select(["min_age", "max_age"])
          .where("id", "=", section.age_group_id)
          .executeTakeFirst(),
  ]);
  const ages = ageGroup ? { min: ageGroup.min_age, max: ageGroup.max_age } : null;
  for (const { user, entries } of families) {
    const { t } = createI18n(user.locale);
    const line = (entry: EntryFacts) => {
      const o = outcome.get(entry.id);
      const what = familyLabel(entry);
      if (o?.award)
        return t("results.email.awarded", {
          what,
          award: t(`results.award.${o.award}`),
          url: `${scope.baseUrl}/entries/${entry.reference}`,
        });
      if (o?.rank) return t("results.email.placed", { what, place: o.rank });
      return t("results.email.listed", { what });
    };
    await enqueueEmail(tx, {
      to: user.email,
      locale: user.locale,
      userId: user.id,
      template: "results_published",
      params: {
        name: user.name,
        event: localized(event, "title", user.locale),
        section: sectionLabel(nomination, ages, user.locale),
        blocks: childBlocks(user.id, entries).map(({ heading, entries: own }) => ({
          heading,
          lines: own.map(line),
        })),
        url: `${scope.baseUrl}/events/${event.slug}/results`,
      },
    });
  }
  return families.length;
}

/**
 * A results email's blocks: one per child of the recipient, headed by the child's name, with each
 * entry the child is in (solo, duet, ensemble). Entries with none of the recipient's children (a
 * club leader's) get a block per entry, headed by its performers. In the order of the names.
 */
export function childBlocks(
  userId: number,
  entries: readonly EntryFacts[],
): { heading: string; entries: EntryFacts[] }[] {
  const blocks = new Map<string, { heading: string; entries: EntryFacts[] }>();
  const add = (key: string, heading: string, entry: EntryFacts) => {
    if (!blocks.has(key)) blocks.set(key, { heading, entries: [] });
    blocks.get(key)!.entries.push(entry);
  };
  for (const entry of entries) {
    const own = entry.members.filter((m) => m.guardianUserId === userId && !m.anonymisedAt);
    if (own.length > 0)
      for (const child of own) {
        const name = `${child.firstName} ${child.lastName}`.trim();
        add(`child:${name}`, name, entry);
      }
    else add(`entry:${entry.id}`, familyLabel(entry), entry);
  }
  return [...blocks.values()].sort((a, b) => BLOCK_ORDER.compare(a.heading, b.heading));
}
const BLOCK_ORDER = new Intl.Collator("kk");
