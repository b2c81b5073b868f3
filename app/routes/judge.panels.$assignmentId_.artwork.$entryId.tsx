import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUser } from "~/.server/accounts/auth.server";
import { artworkForJudge } from "~/.server/judging/judging.server";
import { getDb, runtime } from "~/.server/platform/runtime.server";
import {
  artworkThumbnail,
  readArtwork,
  THUMBNAIL_WIDTHS,
  type ThumbnailWidth,
} from "~/.server/platform/uploads/artwork.server";
import { requireId } from "~/forms/ids";
import { notFound } from "~/http/responses";

// The artwork of an entry on the judge's own panel (not for a conflicted judge). By entry id, not
// reference, so a blind round's screen carries nothing that names the child.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [assignmentId, entryId] = [requireId(params.assignmentId), requireId(params.entryId)];
  const file = await artworkForJudge(await getDb(), user.id, assignmentId, entryId);
  if (!file) throw notFound();
  const { env } = await runtime();
  const width = Number(new URL(request.url).searchParams.get("w"));
  const image = THUMBNAIL_WIDTHS.includes(width as ThumbnailWidth)
    ? await artworkThumbnail(env.UPLOAD_DIR, file, width as ThumbnailWidth)
    : await readArtwork(env.UPLOAD_DIR, file);
  if (!image) throw notFound();
  return new Response(image.stream, {
    headers: {
      "Content-Type": image.contentType,
      "Content-Length": String(image.size),
      "Cache-Control": "private, max-age=3600",
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": "inline",
    },
  });
}
