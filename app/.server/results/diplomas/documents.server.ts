import { type Locale, localized } from "~/domain/locale";
import { slugify } from "~/domain/slug";
import { createI18n } from "~/i18n";

import type { DB } from "../../platform/db.server";
import { diplomasForNomination, diplomasForRound } from "./diplomas.server";
import { type DiplomaRenderOptions, renderDiplomasOffThread } from "./render-off-thread.server";

/*
 * Diplomas as the PDF files the routes send: the organisers' batch for a nomination, named so a
 * folder of them sorts by event, nomination and age group.
 */

export type NominationDiplomasPdf =
  | { ok: true; pdf: Buffer; fileName: string }
  /** `key`: the catalogue key of the refusal, in the reader's language. */
  | { ok: false; status: 400 | 404; key: string };

export type BatchPdf = { ok: true; pdf: Buffer; fileName: string; count: number } | { ok: false; key: string };

/**
 * Every diploma of a round in one PDF, drawn off the event loop, in `locale`: the organisers'
 * background batch (a job). The caller must have checked that the viewer organises the event.
 */
export async function roundDiplomasPdf(
  db: DB,
  where: { eventId: number; roundId: number },
  locale: Locale,
  options: Omit<DiplomaRenderOptions, "title"> & { onTotal?: (total: number) => void } = {},
): Promise<BatchPdf> {
  const batch = await diplomasForRound(db, where);
  if (!batch.ok) return { ok: false, key: "diplomas.errors.round" };
  if (batch.diplomas.length === 0) return { ok: false, key: "diplomas.errors.empty" };
  options.onTotal?.(batch.diplomas.length);
  const { t } = createI18n(locale);
  const pdf = await renderDiplomasOffThread(batch.diplomas, locale, {
    ...options,
    title: t("diplomas.roundBatchTitle"),
  });
  const fileName = `diplomas-${slugify(batch.eventSlug, 40) || "event"}-round-${where.roundId}-${locale}.pdf`;
  return { ok: true, pdf, fileName, count: batch.diplomas.length };
}

/**
 * Every diploma of a nomination in a round (optionally one age group) in one PDF, in printing
 * order and in `locale`. The caller must have checked that the viewer organises the event.
 */
export async function nominationDiplomasPdf(
  db: DB,
  where: { eventId: number; nominationId: number; roundId: number; ageGroupId?: number },
  locale: Locale,
  options: Omit<DiplomaRenderOptions, "title"> = {},
): Promise<NominationDiplomasPdf> {
  const batch = await diplomasForNomination(db, where);
  if (!batch.ok) return { ok: false, status: 400, key: `diplomas.errors.${batch.problem}` };
  if (batch.diplomas.length === 0) return { ok: false, status: 404, key: "diplomas.errors.empty" };
  const { t } = createI18n(locale);
  const nomination = localized(
    { name_kk: batch.nomination.kk, name_ru: batch.nomination.ru, name_en: batch.nomination.en },
    "name",
    locale,
  );
  const group = batch.ageGroup ? `-${batch.ageGroup.min}-${batch.ageGroup.max}` : "";
  const pdf = await renderDiplomasOffThread(batch.diplomas, locale, {
    ...options,
    title: t("diplomas.batchTitle", { nomination }),
  });
  const fileName = `diplomas-${slugify(batch.eventSlug, 40) || "event"}-${slugify(nomination, 40) || "nomination"}${group}-${locale}.pdf`;
  return { ok: true, pdf, fileName };
}
