import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUser, rolesOf } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { diplomaForEntry } from "~/.server/results/diplomas/diplomas.server";
import { renderDiplomas } from "~/.server/results/diplomas/pdf.server";
import { diplomaLocale, diplomaProblem, idParam, pdfResponse } from "~/.server/results/diplomas/response.server";
import { isReferenceCode } from "~/domain/reference-code";

// An entry's diploma as a PDF for its family, its club's leader and the event's organisers; in the
// family's language unless ?lang= says otherwise. Anyone else, no published award yet, or an
// address that is not a reference code: 404, one line in the reader's language.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const pageLocale = await getLocale(request);
  const roundId = idParam(url, "round");
  if (!isReferenceCode(params.reference) || roundId === null)
    return diplomaProblem(404, "diplomas.errors.notFound", pageLocale);
  const db = await getDb();
  const found = await diplomaForEntry(
    db,
    { reference: params.reference, roundId },
    { userId: user.id, roles: await rolesOf(db, user.id) },
  );
  if (!found) return diplomaProblem(404, "diplomas.errors.notFound", pageLocale);
  const locale = diplomaLocale(url, user.locale);
  if (!locale) return diplomaProblem(400, "diplomas.errors.lang", pageLocale);
  const pdf = await renderDiplomas(found.diplomas, locale, { baseUrl: await publicBaseUrl(request) });
  return pdfResponse(pdf, `diploma-${found.reference.replace(/[^A-Za-z0-9-]/g, "")}-${locale}.pdf`, url);
}
