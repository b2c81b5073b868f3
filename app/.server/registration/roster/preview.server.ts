import type { City } from "~/domain/cities";
import type { Region } from "~/domain/regions";
import {
  buildCityLookup,
  buildRegionLookup,
  type PreviewRow,
  summariseRosterPreview,
  validateRosterRows,
} from "~/domain/roster";
import { todayIn } from "~/domain/time";
import { catalogues } from "~/i18n";

import { type FileProblem, parseRosterFile } from "./parse.server";

/** City names in all three catalogues, so "Алматы", "Almaty" and "Өскемен" each find their code. */
export const rosterCityLookup = buildCityLookup([catalogues.en.city, catalogues.ru.city, catalogues.kk.city]);
/** Region names likewise: "Павлодарская область", "Павлодар облысы", "Pavlodar Region". */
export const rosterRegionLookup = buildRegionLookup([catalogues.en.region, catalogues.ru.region, catalogues.kk.region]);

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
  options: { today?: string; defaultCity?: City; defaultRegion?: Region } = {},
): Promise<RosterPreview> {
  const parsed = await parseRosterFile(bytes, filename);
  const rows = validateRosterRows(parsed.rows, {
    cities: rosterCityLookup,
    regions: rosterRegionLookup,
    today: options.today ?? todayIn(),
    defaultCity: options.defaultCity,
    defaultRegion: options.defaultRegion,
  });
  return { format: parsed.format, fileProblems: parsed.problems, rows, summary: summariseRosterPreview(rows) };
}
