import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

import type { PerformanceFormat, RoundKind } from "#db/types";
import { type Locale, localized } from "~/domain/locale";

import type { JudgePanelPage, JudgeScore } from "./panel-entries.server";

/*
 * A page of one of the judge's panels as the judge's sheet shows it: names in the reader's language, times on
 * the event's clock, and the artwork behind the judge's own panel URL (by entry id, so a blind
 * round's screen carries nothing that names the child).
 */

export interface SheetCriterion {
  id: number;
  name: string;
  maxScore: number;
  weight: number;
}

/** An entry as the judge sees it; names, club and reference are absent in a blind round. */
export interface SheetEntry {
  entryId: number;
  /** Place in the running order: the neutral "No. 7" of a blind round. */
  number: number;
  reference: string | null;
  title: string;
  format: PerformanceFormat;
  /** "3:05" */
  duration: string | null;
  videoUrl: string | null;
  artworkUrl: string | null;
  performers: string[];
  club: string | null;
  ageGroup: { min: number; max: number } | null;
  /** "10:05" on the event's clock */
  time: string | null;
  locked: boolean;
}

export interface JudgeSheetPage {
  /** Where a card posts without JavaScript: this page of the panel, to come back to. */
  formAction: string;
  list: JudgePanelPage["list"];
  panel: {
    event: string;
    roundId: number;
    roundKind: RoundKind;
    blind: boolean;
    nomination: string;
    ageGroup: { min: number; max: number } | null;
    /** Over the whole panel, not only the entries shown. */
    scored: number;
    total: number;
    hidden: number;
  };
  criteria: SheetCriterion[];
  entries: (SheetEntry & { scores: Record<number, JudgeScore> })[];
}

/** The judge's panel URL, which the sheet posts to and the artwork hangs under. */
export const judgePanelPath = (assignmentId: number) => `/judge/panels/${assignmentId}`;

const duration = (seconds: number | null) =>
  seconds === null ? null : `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

export function judgeSheetPage(view: JudgePanelPage, locale: Locale): JudgeSheetPage {
  const { panel, list } = view;
  const base = judgePanelPath(panel.assignmentId);
  const from = list.first > 1 ? view.entries[0]?.number : undefined;
  return {
    formAction: `${base}?show=${list.show}${from ? `&from=${from}` : ""}`,
    list,
    panel: {
      event: localized(panel.event, "title", locale),
      roundId: panel.round.id,
      roundKind: panel.round.kind,
      blind: panel.round.blind,
      nomination: localized(panel.nomination, "name", locale),
      ageGroup: panel.ageGroup,
      scored: panel.scored,
      total: panel.total,
      hidden: panel.hidden,
    },
    criteria: view.criteria.map((c) => ({
      id: c.id,
      name: localized(c, "name", locale),
      maxScore: c.maxScore,
      weight: c.weight,
    })),
    entries: view.entries.map((e) => ({
      entryId: e.entryId,
      number: e.number,
      reference: e.reference,
      title: e.title,
      format: e.format,
      duration: duration(e.durationSeconds),
      videoUrl: e.videoUrl,
      artworkUrl: e.hasArtwork ? `${base}/artwork/${e.entryId}` : null,
      performers: e.performers,
      club: e.club,
      ageGroup: e.ageGroup,
      time: e.startsAt ? format(new TZDate(e.startsAt.getTime(), panel.event.timezone), "HH:mm") : null,
      locked: e.locked,
      scores: e.scores,
    })),
  };
}
