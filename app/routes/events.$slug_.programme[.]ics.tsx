import type { LoaderFunctionArgs } from "@remix-run/node";

import { getLocale } from "~/.server/locale.server";
import { eventCalendar, previewFor } from "~/.server/programme.server";
import { getDb } from "~/.server/runtime.server";

// The whole event's published programme as iCalendar; visible to whoever may see the event.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const db = await getDb();
  const calendar = await eventCalendar(db, params.slug ?? "", locale, previewFor(db, request));
  if (!calendar) throw new Response("Not found", { status: 404 });
  return new Response(calendar.text, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${calendar.fileName}"`,
      "Cache-Control": "no-cache",
    },
  });
}
