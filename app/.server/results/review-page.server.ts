import { type Locale, localized, localizedLang } from "~/domain/locale";
import { FEDERATION_TIMEZONE } from "~/domain/time";
import { formatDateTime } from "~/i18n/format";

import { eventHeading } from "../events/events.server";
import { eventRounds } from "../events/rounds.server";
import type { DB } from "../platform/db.server";
import { type ReviewEntry, sectionReview } from "./review.server";
import type { Names, SectionInfo } from "./sections.server";

/*
 * The organiser's review page of a section, in the reader's language. A GET: the review is read
 * with `current`, so an unlocked section whose scores moved on shows its results as computed now,
 * without writing them (they are stored by the write paths: recomputing, a decision, an override,
 * locking).
 */

/** A name in the reader's language, and the language it is really in (a missing translation falls back). */
interface Named {
  name: string;
  lang: string;
}

/** One section's review, as the results matrix shows it (names already in the reader's language). */
export interface ReviewView {
  eventId: number;
  sectionId: number;
  locked: boolean;
  /** Published: frozen until unpublished, so no score can be changed from here. */
  frozen: boolean;
  /** The tie-break chain ends with the chair's decision, so recording an order counts. */
  chairDecides: boolean;
  criteria: (Named & { id: number; max: number; weight: number })[];
  judges: { userId: number; name: string; isChair: boolean }[];
  entries: (Omit<ReviewEntry, "specialPrizes"> & { specialPrizes: (Named & { id: number })[] })[];
  ties: { rank: number; entryIds: number[]; needsChair: boolean }[];
}

/** The review page's data; null when the section is not one of the event's. */
export async function sectionReviewPage(db: DB, section: SectionInfo, locale: Locale) {
  const review = await sectionReview(db, section.id, { current: true });
  if (!review) return null;
  const event = (await eventHeading(db, section.eventId))!;
  const roundNumber = (await eventRounds(db, section.eventId)).findIndex((r) => r.id === section.round.id) + 1;
  const names = (row: Names): Named => ({
    name: localized(row, "name", locale),
    lang: localizedLang(row, "name", locale),
  });
  const when = (at: Date) => formatDateTime(at, locale, FEDERATION_TIMEZONE);
  const view: ReviewView = {
    eventId: section.eventId,
    sectionId: section.id,
    locked: review.section.lockedAt !== null,
    frozen: review.section.publishedAt !== null,
    chairDecides: review.rules.tieBreaks.includes("chair"),
    criteria: review.criteria.map((c) => ({ id: c.id, max: c.max, weight: c.weight, ...names(c) })),
    judges: review.judges,
    entries: review.entries.map((e) => ({
      ...e,
      specialPrizes: e.specialPrizes.map((p) => ({ id: p.id, ...names(p) })),
    })),
    ties: review.ties,
  };
  return {
    locale,
    event: { id: section.eventId, title: localized(event, "title", locale) },
    section: {
      nomination: names(review.section.nomination),
      ageGroup: review.section.ageGroup,
      round: { number: roundNumber, kind: review.section.round.kind },
      computedAt: review.section.computedAt ? when(review.section.computedAt) : null,
      lockedAt: review.section.lockedAt !== null,
      publishedAt: review.section.publishedAt !== null,
    },
    chairDecisions: review.chairDecisions.map((d) => ({
      entryIds: d.entryIds,
      decidedBy: d.decidedBy,
      decidedAt: when(d.decidedAt),
    })),
    stale: review.stale,
    rules: { aggregation: review.rules.aggregation, awardMode: review.rules.awardMode },
    maximum: review.maximum,
    grandPrix: review.grandPrix,
    view,
  };
}

export type SectionReviewPage = NonNullable<Awaited<ReturnType<typeof sectionReviewPage>>>;
