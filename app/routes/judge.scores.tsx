import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

import { requireUser } from "~/.server/accounts/auth.server";
import { isJudge } from "~/.server/judging/judge-panels.server";
import { saveScores } from "~/.server/judging/save-scores.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { forbidden } from "~/http/responses";
import { createI18n } from "~/i18n";
import { scoreBatchSchema } from "~/schemas/judge";

// Scores from a judge's device (app/judge-offline/score-queue.ts): JSON in, one outcome per item out.
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  if (!(await isJudge(db, user.id))) throw forbidden();
  const body: unknown = await request.json().catch(() => null);
  const parsed = scoreBatchSchema.safeParse(body);
  if (!parsed.success) return Response.json({ error: "bad_request" }, { status: 400 });
  return Response.json(
    { outcomes: await saveScores(db, user.id, parsed.data.items) },
    { headers: { "Cache-Control": "no-store" } },
  );
}

// Opened in a browser (a bookmark, a link shared by mistake): 405, in the reader's language, with the way to the judge's screen.
export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = createI18n(await getLocale(request));
  const url = new URL("/judge", request.url).href;
  return new Response(t("judge.postOnly", { url }), {
    status: 405,
    headers: { Allow: "POST", "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
