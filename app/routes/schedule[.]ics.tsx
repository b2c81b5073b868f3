import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUser } from "~/.server/accounts/auth.server";
import { getFeedLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicHost } from "~/.server/platform/urls.server";
import { familyCalendar } from "~/.server/schedule/calendar.server";
import { badRequest } from "~/http/responses";

// The signed-in family's own performances as iCalendar (`?lang=kk|ru|en`): personal, never cached by others.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await getFeedLocale(request);
  if (!locale) throw badRequest();
  const text = await familyCalendar(await getDb(), { guardianId: user.id, locale, host: await publicHost(request) });
  return new Response(text, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="toi-schedule.ics"',
      "Cache-Control": "private, no-store",
    },
  });
}
