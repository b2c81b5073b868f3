import { notFound } from "~/http/responses";

import { runtime } from "../runtime.server";
import { artworkThumbnail, readArtwork, THUMBNAIL_WIDTHS, type ThumbnailWidth } from "./artwork.server";

/**
 * A stored artwork as the image response, for a viewer the route has already allowed to see it: the
 * thumbnail `?w=` asks for when it is one of THUMBNAIL_WIDTHS, else the original. Private to the
 * viewer, never content-sniffed, shown inline. A file missing from the store (folder or bucket) is a 404.
 */
export async function artworkResponse(request: Request, file: string): Promise<Response> {
  const { uploads } = await runtime();
  const width = Number(new URL(request.url).searchParams.get("w"));
  const image = THUMBNAIL_WIDTHS.includes(width as ThumbnailWidth)
    ? await artworkThumbnail(uploads, file, width as ThumbnailWidth)
    : await readArtwork(uploads, file);
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
