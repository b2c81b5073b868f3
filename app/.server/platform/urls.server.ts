import { publicUrl } from "./env.server";
import { runtime } from "./runtime.server";

/** Where links in emails point: the configured public address (`publicUrl`), in development the request's origin. */
export async function publicBaseUrl(request: Request): Promise<string> {
  const { env } = await runtime();
  return publicUrl(env) ?? new URL(request.url).origin;
}

/** Toi's own origin, which a redirect target must share (see `safeRedirect`). */
export async function siteOrigin(request: Request): Promise<string> {
  return new URL(await publicBaseUrl(request)).origin;
}

/** The host that names this deployment, as in calendar UIDs: PUBLIC_URL's, else the request's. */
export async function publicHost(request: Request): Promise<string> {
  return new URL(await publicBaseUrl(request)).host;
}
