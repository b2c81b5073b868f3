import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

import type { AdvanceSection } from "~/.server/results/advancement.server";

type Named = Pick<AdvanceSection, "nomination" | "nominationLang" | "ageGroup">;

/** "Vocal, 7–10 years", the nomination marked with the language its name is in. */
export function SectionName({ section: s }: { section: Named }) {
  const { t } = useTranslation();
  return (
    <>
      <span lang={s.nominationLang}>{s.nomination}</span>
      {s.ageGroup ? `, ${t("event.ageRange", { min: s.ageGroup.min, max: s.ageGroup.max })}` : ""}
    </>
  );
}

/** The same as plain text, for a label. */
export function sectionText(s: Named, t: TFunction): string {
  return s.ageGroup
    ? `${s.nomination}, ${t("event.ageRange", { min: s.ageGroup.min, max: s.ageGroup.max })}`
    : s.nomination;
}
