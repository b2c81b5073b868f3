/**
 * Text typed into a search box or carried in a link's query string, ready for a query: trimmed and
 * cut to `max` characters (whole ones: a cut emoji would be a lone surrogate); undefined when
 * nothing is left. Control characters never get this far: the address guard refuses them (ADR 0013).
 */
export function parseSearchText(raw: string | null | undefined, max = 100): string | undefined {
  return [...(raw ?? "").trim()].slice(0, max).join("").trim() || undefined;
}
