import type { City } from "~/domain/cities";
import { buildCityLookup, type PreviewRow, summariseRosterPreview, validateRosterRows } from "~/domain/roster";
import { todayIn } from "~/domain/time";
import { catalogues } from "~/i18n";

import { type FileProblem, parseRosterFile } from "./parse.server";

/** City names in all three catalogues, so "Алматы", "Almaty" and "Өскемен" each find their code. */
export const rosterCityLookup = buildCityLookup([catalogues.en.city, catalogues.ru.city, catalogues.kk.city]);

export interface RosterPreview {
  format: "csv" | "xlsx";
  fileProblems: FileProblem[];
  rows: PreviewRow[];
  summary: ReturnType<typeof summariseRosterPreview>;
}

/** Reads an uploaded roster and judges each row; saves nothing. */
export async function previewRoster(
  bytes: Buffer,
  filename: string,
  options: { today?: string; defaultCity?: City } = {},
): Promise<RosterPreview> {
  const parsed = await parseRosterFile(bytes, filename);
  const rows = validateRosterRows(parsed.rows, {
    cities: rosterCityLookup,
    today: options.today ?? todayIn(),
    defaultCity: options.defaultCity,
  });
  return { format: parsed.format, fileProblems: parsed.problems, rows, summary: summariseRosterPreview(rows) };
}
