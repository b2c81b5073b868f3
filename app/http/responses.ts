/**
 * The responses a loader or action throws when it cannot go on. The root error boundary renders
 * each status as a translated page, so the body is only for tools that read raw HTTP.
 */
export function notFound(): Response {
  return new Response("Not found", { status: 404 });
}

/**
 * Why a request was refused, when the reader can do something about it: the error page says so in
 * the reader's language (`errors.badRequest_<reason>`).
 */
export const BAD_REQUEST_REASONS = ["controlCharacters", "malformedForm"] as const;
export type BadRequestReason = (typeof BAD_REQUEST_REASONS)[number];

export function badRequest(reason?: BadRequestReason): Response {
  return new Response(reason ?? "Bad request", { status: 400 });
}

/** The reason a 400 carries, if it is one the error page can explain. */
export function badRequestReason(body: unknown): BadRequestReason | undefined {
  return BAD_REQUEST_REASONS.find((r) => r === body);
}

/** The body was not a form (JSON, XML, text, or no type at all) where a form was expected. */
export function unsupportedMediaType(): Response {
  return new Response("Unsupported media type", { status: 415 });
}

export function forbidden(): Response {
  return new Response("Forbidden", { status: 403 });
}

/** Throws a 404 (or the given status) unless `condition` holds: `invariantResponse(event, 404)`. */
export function invariantResponse(condition: unknown, status = 404): asserts condition {
  if (!condition) throw new Response(status === 404 ? "Not found" : "Bad request", { status });
}
