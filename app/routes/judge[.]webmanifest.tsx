import type { LoaderFunctionArgs } from "@remix-run/node";

import { getLocale } from "~/.server/platform/locale.server";
import { createI18n } from "~/i18n";
import { judgeManifest } from "~/judge-offline/install";

// Public: the judge's screen as an installable app (names and icons only, no data).
export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const { t } = createI18n(locale);
  return new Response(JSON.stringify(judgeManifest(t, locale)), {
    headers: {
      "Content-Type": "application/manifest+json; charset=utf-8",
      "Cache-Control": "private, max-age=3600",
      Vary: "Cookie, Accept-Language",
    },
  });
}
