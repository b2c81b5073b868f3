import { Link } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

import type { LockedSectionView, SectionKey } from "~/.server/jury/frozen-sections.server";

export const sameSection = (a: SectionKey) => (b: SectionKey) =>
  a.roundId === b.roundId && a.nominationId === b.nominationId && a.ageGroupId === b.ageGroupId;

/**
 * "«Vocal» (Round 2: Final): 7–10 years, 11–14 years" — sections grouped by nomination and round; at
 * most three groups, then "and N more".
 */
export function sectionList(t: TFunction, sections: readonly LockedSectionView[]): string {
  const groups: { nomination: string; round: string; ages: string[] }[] = [];
  for (const s of sections) {
    const round = t("jury.panels.round", { position: s.roundNumber, kind: t(`roundKind.${s.roundKind}`) });
    const age = s.ageGroup ? t("event.ageRange", s.ageGroup) : t("jury.locks.noAgeGroup");
    const group = groups.find((g) => g.nomination === s.nomination && g.round === round);
    if (group) group.ages.push(age);
    else groups.push({ nomination: s.nomination, round, ages: [age] });
  }
  const shown = groups
    .slice(0, 3)
    .map((g) => t("jury.locks.section", { nomination: g.nomination, round: g.round, ageGroups: g.ages.join(", ") }))
    .join("; ");
  return groups.length > 3 ? t("jury.locks.more", { list: shown, count: groups.length - 3 }) : shown;
}

type NoteKind = "criteria" | "panel" | "conflicts" | "rules";

/**
 * Says which locked results freeze this part of the jury setup, with the way out: unlocking them on
 * the results page. `refused` (after a refused change) is an error announced at once.
 */
export function LockedNote({
  kind,
  sections,
  eventId,
  refused = false,
}: {
  kind: NoteKind;
  sections: readonly LockedSectionView[];
  eventId: number;
  refused?: boolean;
}) {
  const { t } = useTranslation();
  if (sections.length === 0) return null;
  const list = sectionList(t, sections);
  return (
    <p
      className={`alert ${refused ? "alert--error" : "alert--warning"} jury-locked`}
      role={refused ? "alert" : undefined}
    >
      {refused ? t("jury.locks.refused", { sections: list }) : t(`jury.locks.${kind}`, { sections: list })}{" "}
      <Link to={`/organiser/events/${eventId}/results`}>
        {refused ? t("results.overview.title") : t("jury.locks.unlockFirst")}
      </Link>
    </p>
  );
}
