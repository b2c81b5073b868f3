import type { LoaderFunctionArgs } from "@remix-run/node";

import { previewFor } from "~/.server/events/event-preview.server";
import { getFeedLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicHost } from "~/.server/platform/urls.server";
import { eventCalendar } from "~/.server/schedule/calendar.server";
import { badRequest, notFound } from "~/http/responses";

// The whole event's published programme as iCalendar (`?lang=kk|ru|en`); visible to whoever may see the event.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getFeedLocale(request);
  if (!locale) throw badRequest();
  const db = await getDb();
  const calendar = await eventCalendar(db, {
    slug: params.slug ?? "",
    locale,
    canPreview: previewFor(db, request),
    host: await publicHost(request),
  });
  if (!calendar) throw notFound();
  return new Response(calendar.text, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${calendar.fileName}"`,
      "Cache-Control": "no-cache",
    },
  });
}
