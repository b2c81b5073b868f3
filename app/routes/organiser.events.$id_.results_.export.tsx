import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { diplomaProblem, guardResource } from "~/.server/results/diplomas/response.server";
import { exportRoundResults } from "~/.server/results/export.server";
import { requireId } from "~/forms/ids";
import { resultsExportSchema } from "~/schemas/publication";

// The event's organisers: one round's results (every section, published or not) as CSV or XLSX.
// A file address cannot show the app's error page: refusals are one line in the reader's language.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const eventId = await guardResource(request, async () => requireId(params.id));
  await guardResource(request, () => requireEventRole(request, eventId, "organiser"));
  const locale = await getLocale(request);
  const query = resultsExportSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return diplomaProblem(400, "results.export.errors.query", locale);
  const file = await exportRoundResults(await getDb(), {
    eventId,
    roundId: query.data.round,
    locale,
    format: query.data.format,
  });
  if (!file) return diplomaProblem(404, "results.export.errors.notFound", locale);
  return new Response(new Uint8Array(file.body), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
