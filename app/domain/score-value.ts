/**
 * A judge's score for one criterion: 0 … the criterion's maximum, in hundredths at most (halves and
 * tenths are common on paper sheets). Shared by the judge's screen and the server.
 */
export function isScoreValue(value: number, max: number): boolean {
  return Number.isFinite(value) && value >= 0 && value <= max && Math.abs(Math.round(value * 100) - value * 100) < 1e-6;
}

/**
 * What a judge typed, as a score: a number (a decimal comma is fine, as Kazakh and Russian write
 * it), null for an empty field, or "invalid".
 */
export function parseScoreText(text: string, max: number): number | null | "invalid" {
  const trimmed = text.trim().replace(",", ".");
  if (trimmed === "") return null;
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(trimmed)) return "invalid";
  const value = Number(trimmed);
  return isScoreValue(value, max) ? value : "invalid";
}

/** The next value for a −/+ button: by `step`, kept within 0 … max. */
export function stepScore(current: number | null, direction: 1 | -1, max: number, step: number): number {
  if (current === null) return direction > 0 ? Math.min(step, max) : 0;
  const next = Math.round((current + direction * step) / step) * step;
  return Math.min(max, Math.max(0, Math.round(next * 100) / 100));
}

/** Buttons move by a half on scales up to 20, by one above (a 100-point scale is typed). */
export function scoreStep(max: number): number {
  return max <= 20 ? 0.5 : 1;
}
