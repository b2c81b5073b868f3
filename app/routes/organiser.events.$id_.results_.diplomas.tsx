import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { nominationDiplomasPdf } from "~/.server/results/diplomas/documents.server";
import {
  diplomaLocale,
  diplomaProblem,
  guardResource,
  idParam,
  pdfResponse,
} from "~/.server/results/diplomas/response.server";
import { requireId } from "~/forms/ids";

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

  const file = await nominationDiplomasPdf(await getDb(), { eventId, roundId, nominationId, ageGroupId }, locale, {
    baseUrl: await publicBaseUrl(request),
  });
  if (!file.ok) return diplomaProblem(file.status, file.key, pageLocale);
  return pdfResponse(file.pdf, file.fileName, url);
}
