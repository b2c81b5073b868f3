import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { exportEventEntries } from "~/.server/registration/entries-export.server";
import { badRequest, notFound } from "~/http/responses";

// The event's organisers: entries as CSV or XLSX, one row per child, with the page's filters.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const eventId = Number(params.id);
  if (!Number.isSafeInteger(eventId) || eventId <= 0) throw notFound();
  await requireEventRole(request, eventId, "organiser");
  const url = new URL(request.url);
  const format = url.searchParams.get("format");
  if (format !== "csv" && format !== "xlsx") throw badRequest();
  const locale = await getLocale(request);
  const { fileName, body } = await exportEventEntries(await getDb(), eventId, url, format, locale);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type":
        format === "csv"
          ? "text/csv; charset=utf-8"
          : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
