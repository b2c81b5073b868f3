import { runtime } from "./runtime.server";

/**
 * Where links in emails point. PUBLIC_URL wins: a request's Host header is chosen by whoever sends
 * it, and a reset link built from it could be steered to another site.
 */
export async function publicBaseUrl(request: Request): Promise<string> {
  const { env } = await runtime();
  return (env.PUBLIC_URL ?? new URL(request.url).origin).replace(/\/+$/, "");
}

/** The host that names this deployment, as in calendar UIDs: PUBLIC_URL's, else the request's. */
export async function publicHost(request: Request): Promise<string> {
  return new URL(await publicBaseUrl(request)).host;
}
