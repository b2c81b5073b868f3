import type { LoaderFunctionArgs } from "@remix-run/node";

import { previewFor } from "~/.server/events/event-preview.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { eventCalendar } from "~/.server/schedule/calendar.server";
import { notFound } from "~/http/responses";

// The whole event's published programme as iCalendar; visible to whoever may see the event.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const db = await getDb();
  const calendar = await eventCalendar(db, params.slug ?? "", locale, previewFor(db, request));
  if (!calendar) throw notFound();
  return new Response(calendar.text, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${calendar.fileName}"`,
      "Cache-Control": "no-cache",
    },
  });
}
