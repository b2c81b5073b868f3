import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireClubLeader } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { rosterTemplate } from "~/.server/registration/roster/import.server";
import { requireId } from "~/forms/ids";

// The club's leaders and admins: an empty roster to fill in, headed in the user's language.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const clubId = requireId(params.id);
  await requireClubLeader(request, clubId);
  const locale = await getLocale(request);
  return new Response(new Uint8Array(await rosterTemplate(locale)), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="roster-${locale}.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
}
