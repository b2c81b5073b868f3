import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser, rolesOf } from "~/.server/auth.server";
import { diplomaForEntry } from "~/.server/diplomas/diplomas.server";
import { renderDiplomas } from "~/.server/diplomas/pdf.server";
import { diplomaLocale, diplomaProblem, idParam, pdfResponse } from "~/.server/diplomas/response.server";
import { getLocale } from "~/.server/locale.server";
import { getDb } from "~/.server/runtime.server";

// An entry's diploma as a PDF for its family, its club's leader and the event's organisers; in the
// family's language unless ?lang= says otherwise. Anyone else, or no published award yet: 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const db = await getDb();
  const roundId = idParam(url, "round");
  const found =
    roundId === null ? null : await diplomaForEntry(db, { reference: params.reference ?? "", roundId }, { userId: user.id, roles: await rolesOf(db, user.id) });
  if (!found) throw new Response("Not found", { status: 404 });
  const locale = diplomaLocale(url, user.locale);
  if (!locale) return diplomaProblem(400, "diplomas.errors.lang", await getLocale(request));
  const pdf = await renderDiplomas(found.diplomas, locale);
  return pdfResponse(pdf, `diploma-${found.reference.replace(/[^A-Za-z0-9-]/g, "")}-${locale}.pdf`, url);
}
