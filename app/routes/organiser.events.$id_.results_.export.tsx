import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireEventRole } from "~/.server/auth.server";
import { getLocale } from "~/.server/locale.server";
import { exportRoundResults } from "~/.server/results-export.server";
import { getDb } from "~/.server/runtime.server";
import { resultsExportSchema } from "~/schemas/publication";
import { requireId } from "~/forms/ids";

// The event's organisers: one round's results (every section, published or not) as CSV or XLSX.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const eventId = requireId(params.id);
  await requireEventRole(request, eventId, "organiser");
  const query = resultsExportSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new Response("Choose a format (csv or xlsx) and a round", { status: 400 });
  const file = await exportRoundResults(await getDb(), { eventId, roundId: query.data.round, locale: await getLocale(request), format: query.data.format });
  if (!file) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(file.body), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
