/** Pages about signing in: coming back to one of them after signing in makes no sense. */
const AUTH_PATHS = [
  "/login",
  "/signup",
  "/forgot-password",
  "/set-password",
  "/verify-email",
  "/check-email",
  "/logout",
];

/**
 * Where to send a visitor who asked to go to `to` (a `redirectTo` from a link or a form): its path,
 * query and hash when it is a place on `origin`, Toi's own origin, else `fallback`.
 *
 * The target is read the way a browser would read it (WHATWG URL parsing: tabs and newlines
 * dropped, backslashes taken as slashes, `https:evil` as another host), so whatever passes here is
 * what the browser would open. The result is always a path, percent-encoded by the same parser, so
 * it is plain ASCII and safe in a `Location` header (Cyrillic paths arrive encoded, not dropped).
 */
export function safeRedirect(to: FormDataEntryValue | null | undefined, fallback: string, origin: string): string {
  if (typeof to !== "string" || to === "") return fallback;
  let url: URL;
  try {
    url = new URL(to, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin) return fallback;
  // `/.//evil.example` resolves here to the path `//evil.example`, which a browser reads as a host.
  if (url.pathname.startsWith("//")) return fallback;
  return url.pathname + url.search + url.hash;
}

/**
 * Where to go once signed in (or verified): `safeRedirect`, and never back to a sign-in page, which
 * is what a `/login?redirectTo=/login?…` chain or a stale link would otherwise lead to.
 */
export function afterSignIn(to: FormDataEntryValue | null | undefined, fallback: string, origin: string): string {
  const path = safeRedirect(to, fallback, origin);
  const pathname = new URL(path, origin).pathname.replace(/\/+$/, "");
  return AUTH_PATHS.includes(pathname) ? fallback : path;
}

/**
 * The header's "Sign in" link for a reader on `returnTo` (a path with its query): back to that page
 * afterwards. On the sign-in page itself the link keeps the place it already returns to, instead of
 * nesting `/login?redirectTo=/login?redirectTo=…` at every click; other sign-in pages return home.
 */
export function signInHref(returnTo: string): string {
  const url = new URL(returnTo, "http://toi.invalid");
  if (url.pathname === "/login") {
    const kept = afterSignIn(url.searchParams.get("redirectTo"), "", "http://toi.invalid");
    return kept ? `/login?redirectTo=${encodeURIComponent(kept)}` : "/login";
  }
  if (AUTH_PATHS.includes(url.pathname)) return "/login";
  return `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`;
}
