import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUser } from "~/.server/accounts/auth.server";
import { artworkForJudge } from "~/.server/judging/panel-entries.server";
import { getDb } from "~/.server/platform/runtime.server";
import { artworkResponse } from "~/.server/platform/uploads/artwork-response.server";
import { requireId } from "~/forms/ids";
import { notFound } from "~/http/responses";

// The artwork of an entry on the judge's own panel (not for a conflicted judge). By entry id, not
// reference, so a blind round's screen carries nothing that names the child.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [assignmentId, entryId] = [requireId(params.assignmentId), requireId(params.entryId)];
  const file = await artworkForJudge(await getDb(), user.id, assignmentId, entryId);
  if (!file) throw notFound();
  return artworkResponse(request, file);
}
