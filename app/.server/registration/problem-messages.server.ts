import { ageRangeLabel, ageRangesLabel } from "~/domain/age";
import { type Finding, formatDuration } from "~/domain/eligibility";
import type { Locale } from "~/domain/locale";
import { formatDate, formatDateTime } from "~/i18n/format";

import type { EntryProblem } from "./entry-problems.server";

/*
 * What registration's problems say: the catalogue key and ready-to-show parameters for each code
 * that eligibility (app/domain, which stays free of formatting) and registration itself report.
 */

/** A message as a page shows it: `t(key, params)`. */
export type ShownMessage = { key: string; params: Record<string, string | number> };

export interface EligibilityMessage {
  key: `eligibility.${Finding["code"]}`;
  params: Record<string, string | number>;
}

/**
 * The catalogue key and ready-to-show parameters for a problem or notice: dates and times are
 * written in the reader's language, and members are named by the caller's `nameOf`.
 */
export function problemMessage(
  finding: Finding,
  options: { locale: Locale; nameOf: (participantId: number) => string },
): EligibilityMessage {
  const { locale, nameOf } = options;
  const key = `eligibility.${finding.code}` as const;
  const date = (isoDate: string) => formatDate(isoDate, locale);
  const childAge = (f: { memberId: number; params: { age: number; referenceDate: string } }) => ({
    name: nameOf(f.memberId),
    age: f.params.age,
    referenceDate: date(f.params.referenceDate),
  });
  switch (finding.code) {
    case "registration_not_open":
      return { key, params: { opensAt: formatDateTime(finding.params.opensAt, locale, finding.params.timeZone) } };
    case "registration_closed":
      return { key, params: { closedAt: formatDateTime(finding.params.closedAt, locale, finding.params.timeZone) } };
    case "format_not_allowed":
    case "too_few_members":
    case "too_many_members":
      return { key, params: { ...finding.params } };
    case "born_after_reference": {
      const { birthDate, referenceDate } = finding.params;
      return {
        key,
        params: { name: nameOf(finding.memberId), birthDate: date(birthDate), referenceDate: date(referenceDate) },
      };
    }
    case "no_age_group":
      return { key, params: { ...childAge(finding), groups: ageRangesLabel(finding.params.groups) } };
    case "mixed_age_groups":
      return { key, params: { ...childAge(finding), ageGroup: ageRangeLabel(finding.params.ageGroup) } };
    case "child_limit":
      return { key, params: { name: nameOf(finding.memberId), max: finding.params.max } };
    case "member_twice":
    case "already_entered":
      return { key, params: { name: nameOf(finding.memberId) } };
    case "duration_too_long": {
      const { durationSeconds, maxSeconds } = finding.params;
      return { key, params: { duration: formatDuration(durationSeconds), max: formatDuration(maxSeconds) } };
    }
    case "event_not_published":
    case "event_archived":
    case "registration_not_offered":
    case "duration_required":
    case "video_url_required":
    case "video_url_invalid":
    case "artwork_required":
      return { key, params: {} };
  }
}

export interface EntryProblemMessage {
  key: EligibilityMessage["key"] | "entries.consent_missing" | "entries.form_already_used";
  params: Record<string, string | number>;
}

/** The catalogue key and parameters for any problem submitEntry reports (problemMessage covers eligibility's own). */
export function entryProblemMessage(
  problem: EntryProblem,
  options: { locale: Locale; nameOf: (participantId: number) => string },
): EntryProblemMessage {
  switch (problem.code) {
    case "consent_missing":
      return { key: "entries.consent_missing", params: { name: options.nameOf(problem.memberId) } };
    case "form_already_used":
      return { key: "entries.form_already_used", params: { reference: problem.params.reference } };
    default:
      return problemMessage(problem, options);
  }
}
