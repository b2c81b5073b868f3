import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { diplomasForNomination } from "~/.server/results/diplomas/diplomas.server";
import { renderDiplomas } from "~/.server/results/diplomas/pdf.server";
import {
  diplomaLocale,
  diplomaProblem,
  guardResource,
  idParam,
  pdfResponse,
} from "~/.server/results/diplomas/response.server";
import { localized } from "~/domain/locale";
import { slugify } from "~/domain/slug";
import { requireId } from "~/forms/ids";
import { createI18n } from "~/i18n";

// The event's organisers: every diploma of one nomination in one round (optionally one age group)
// in one PDF, in printing order; published or not, so they can be printed before the ceremony.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const eventId = await guardResource(request, async () => requireId(params.id));
  const { user } = await guardResource(request, () => requireEventRole(request, eventId, "organiser"));
  const url = new URL(request.url);
  const pageLocale = await getLocale(request);
  const roundId = idParam(url, "round");
  const nominationId = idParam(url, "nomination");
  const ageGroupId = idParam(url, "ageGroup");
  const locale = diplomaLocale(url, user.locale);
  if (!roundId) return diplomaProblem(400, "diplomas.errors.round", pageLocale);
  if (!nominationId) return diplomaProblem(400, "diplomas.errors.nomination", pageLocale);
  if (ageGroupId === null) return diplomaProblem(400, "diplomas.errors.ageGroup", pageLocale);
  if (!locale) return diplomaProblem(400, "diplomas.errors.lang", pageLocale);

  const batch = await diplomasForNomination(await getDb(), { eventId, roundId, nominationId, ageGroupId });
  if (!batch.ok) return diplomaProblem(400, `diplomas.errors.${batch.problem}`, pageLocale);
  if (batch.diplomas.length === 0) return diplomaProblem(404, "diplomas.errors.empty", pageLocale);

  const { t } = createI18n(locale);
  const nomination = localized(
    { name_kk: batch.nomination.kk, name_ru: batch.nomination.ru, name_en: batch.nomination.en },
    "name",
    locale,
  );
  const group = batch.ageGroup ? `-${batch.ageGroup.min}-${batch.ageGroup.max}` : "";
  const pdf = await renderDiplomas(batch.diplomas, locale, { title: t("diplomas.batchTitle", { nomination }) });
  const name = `diplomas-${slugify(batch.eventSlug, 40) || "event"}-${slugify(nomination, 40) || "nomination"}${group}-${locale}.pdf`;
  return pdfResponse(pdf, name, url);
}
