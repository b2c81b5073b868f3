import type { ActionFunctionArgs } from "@remix-run/node";
import { forbidden, requireUser } from "~/.server/auth.server";
import { isJudge, saveScores } from "~/.server/jury-access.server";
import { getDb } from "~/.server/runtime.server";
import { scoreBatchSchema } from "~/schemas/judge";

// Scores from a judge's device (app/components/judge/score-queue.ts): JSON in, one outcome per item out.
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  if (!(await isJudge(db, user.id))) throw forbidden();
  const body: unknown = await request.json().catch(() => null);
  const parsed = scoreBatchSchema.safeParse(body);
  if (!parsed.success) return Response.json({ error: "bad_request" }, { status: 400 });
  return Response.json({ outcomes: await saveScores(db, user.id, parsed.data.items) }, { headers: { "Cache-Control": "no-store" } });
}
