import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUser } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { familyCalendar } from "~/.server/schedule/calendar.server";

// The signed-in family's own performances as iCalendar: personal, never cached by others.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await getLocale(request);
  return new Response(await familyCalendar(await getDb(), user.id, locale), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="toi-schedule.ics"',
      "Cache-Control": "private, no-store",
    },
  });
}
