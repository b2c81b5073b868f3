import { useSearchParams } from "@remix-run/react";

type Extra = Record<string, string | number | undefined>;

/**
 * After a successful post, back to `path` with `?notice=…` (post/redirect/get), so a reload never
 * posts twice and the page can say what happened. `path` may carry its own query string.
 */
export function redirectWithNotice(path: string, notice: string, extra: Extra = {}, hash = ""): Response {
  const url = new URL(path, "http://toi.invalid");
  url.searchParams.set("notice", notice);
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) url.searchParams.set(key, String(value));
  const location = `${url.pathname}${url.search}${hash ? `#${hash}` : ""}`;
  return new Response(null, { status: 302, headers: { Location: location } });
}

/** The page's `?notice=` if it is one of `notices`: a notice the page does not know is ignored. */
export function useNotice<N extends string>(notices: readonly N[]): N | undefined {
  const [params] = useSearchParams();
  const raw = params.get("notice");
  return notices.find((n) => n === raw);
}
