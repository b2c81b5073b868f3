/**
 * The responses a loader or action throws when it cannot go on. The root error boundary renders
 * each status as a translated page, so the body is only for tools that read raw HTTP.
 */
export function notFound(): Response {
  return new Response("Not found", { status: 404 });
}

export function badRequest(): Response {
  return new Response("Bad request", { status: 400 });
}

export function forbidden(): Response {
  return new Response("Forbidden", { status: 403 });
}

/** Throws a 404 (or the given status) unless `condition` holds: `invariantResponse(event, 404)`. */
export function invariantResponse(condition: unknown, status = 404): asserts condition {
  if (!condition) throw new Response(status === 404 ? "Not found" : "Bad request", { status });
}
