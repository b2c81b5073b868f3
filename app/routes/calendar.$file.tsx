import type { LoaderFunctionArgs } from "@remix-run/node";

import { getFeedLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicHost } from "~/.server/platform/urls.server";
import { familyCalendar } from "~/.server/schedule/calendar.server";
import { calendarFeedOwner } from "~/.server/schedule/calendar-feed.server";
import { badRequest, notFound } from "~/http/responses";

// A family's private calendar link (/calendar/<token>.ics?lang=kk|ru|en), for calendar apps that
// subscribe without a cookie: the token is the permission. Made and revoked on the account page.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = (params.file ?? "").replace(/\.ics$/, "");
  const db = await getDb();
  const guardianId = await calendarFeedOwner(db, token);
  if (guardianId === undefined) throw notFound();
  const locale = await getFeedLocale(request);
  if (!locale) throw badRequest();
  const text = await familyCalendar(db, { guardianId, locale, host: await publicHost(request) });
  return new Response(text, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Cache-Control": "private, no-store",
      "X-Robots-Tag": "noindex",
      "Referrer-Policy": "no-referrer",
    },
  });
}
