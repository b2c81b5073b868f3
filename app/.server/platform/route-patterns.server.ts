/**
 * Which route pattern a URL reached (`/events/:slug/results`), for the access log and for metrics:
 * a label per route, not per URL, keeps the number of time series bounded and keeps ids and tokens
 * out of both.
 */
import type { ServerBuild } from "@remix-run/node";

interface Pattern {
  pattern: string;
  regex: RegExp;
  staticSegments: number;
}

function fullPath(routes: ServerBuild["routes"], id: string): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  for (
    let route = routes[id];
    route && !seen.has(route.id);
    route = route.parentId ? routes[route.parentId] : undefined
  ) {
    seen.add(route.id);
    if (route.path) parts.unshift(route.path);
  }
  return "/" + parts.join("/").replace(/\/+/g, "/").replace(/^\//, "");
}

function toPattern(path: string): Pattern {
  const segments = path.split("/").filter(Boolean);
  const body = segments
    .map((s) => {
      if (s === "*") return "(?:/.*)?";
      if (s.startsWith(":")) return s.endsWith("?") ? "(?:/[^/]+)?" : "/[^/]+";
      return "/" + s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return {
    pattern: path,
    regex: new RegExp(`^${body || "/"}/?$`),
    staticSegments: segments.filter((s) => !s.startsWith(":") && s !== "*").length,
  };
}

/** A matcher over a build's routes: `match("/events/abc.data")` → `/events/:slug`. */
export function routeMatcher(routes: ServerBuild["routes"]): (pathname: string) => string {
  const patterns = [...new Set(Object.keys(routes).map((id) => fullPath(routes, id)))]
    .map(toPattern)
    .sort((a, b) => b.staticSegments - a.staticSegments || b.pattern.length - a.pattern.length);
  return (pathname) => {
    const path = pathname === "/_root.data" ? "/" : pathname.replace(/\.data$/, "");
    return patterns.find((p) => p.regex.test(path))?.pattern ?? "unmatched";
  };
}
