import { type Locale, localized } from "~/domain/locale";
import { slugify } from "~/domain/slug";
import { createI18n } from "~/i18n";

import type { DB } from "../../platform/db.server";
import { diplomasForNomination } from "./diplomas.server";
import { renderDiplomas } from "./pdf.server";

/*
 * Diplomas as the PDF files the routes send: the organisers' batch for a nomination, named so a
 * folder of them sorts by event, nomination and age group.
 */

export type NominationDiplomasPdf =
  | { ok: true; pdf: Buffer; fileName: string }
  /** `key`: the catalogue key of the refusal, in the reader's language. */
  | { ok: false; status: 400 | 404; key: string };

/**
 * Every diploma of a nomination in a round (optionally one age group) in one PDF, in printing
 * order and in `locale`. The caller must have checked that the viewer organises the event.
 */
export async function nominationDiplomasPdf(
  db: DB,
  where: { eventId: number; nominationId: number; roundId: number; ageGroupId?: number },
  locale: Locale,
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
  const pdf = await renderDiplomas(batch.diplomas, locale, { title: t("diplomas.batchTitle", { nomination }) });
  const fileName = `diplomas-${slugify(batch.eventSlug, 40) || "event"}-${slugify(nomination, 40) || "nomination"}${group}-${locale}.pdf`;
  return { ok: true, pdf, fileName };
}
