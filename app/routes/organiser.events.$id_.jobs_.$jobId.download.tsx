import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { eventJobFile } from "~/.server/jobs/event-jobs.server";
import { getLocale } from "~/.server/platform/locale.server";
import { runtime } from "~/.server/platform/runtime.server";
import { openStoredFile } from "~/.server/platform/uploads/files.server";
import { diplomaProblem, guardResource } from "~/.server/results/diplomas/response.server";
import { requireId } from "~/forms/ids";

// The event's organisers: the file a finished background job made (diplomas, an export). Private:
// never cached by shared caches; a refusal is one line in the reader's language.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const eventId = await guardResource(request, async () => requireId(params.id));
  await guardResource(request, () => requireEventRole(request, eventId, "organiser"));
  const jobId = await guardResource(request, async () => requireId(params.jobId));
  const { db, uploads } = await runtime();
  const file = await eventJobFile(db, { eventId, jobId });
  const stored = file ? await openStoredFile(uploads, file.file) : null;
  if (!file || !stored) return diplomaProblem(404, "jobs.errors.missingFile", await getLocale(request));
  return new Response(stored.stream, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(stored.size),
      "Content-Disposition": `attachment; filename="${file.name}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
