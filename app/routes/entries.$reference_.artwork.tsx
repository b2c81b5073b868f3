import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUser } from "~/.server/accounts/auth.server";
import { getDb, runtime } from "~/.server/platform/runtime.server";
import {
  artworkThumbnail,
  readArtwork,
  THUMBNAIL_WIDTHS,
  type ThumbnailWidth,
} from "~/.server/platform/uploads/artwork.server";
import { artworkFileForViewer } from "~/.server/registration/entry-forms.server";
import { isReferenceCode } from "~/domain/reference-code";
import { notFound } from "~/http/responses";

// An entry's artwork: for the family of a child in the entry and the event's organisers only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Not a reference code (a NUL byte would even be a database error): nothing to find.
  if (!isReferenceCode(params.reference)) throw notFound();
  const file = await artworkFileForViewer(await getDb(), user.id, params.reference!);
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
