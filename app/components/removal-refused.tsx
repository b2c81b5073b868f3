import { useTranslation } from "react-i18next";

import type { Locale } from "~/domain/locale";
import { heldBy, type Holdings } from "~/domain/removals";
import { formatList, formatNumber } from "~/i18n/format";

/** "The round “Final” cannot be removed while it holds entries advanced into it (5,062), scores (60,744) …". */
export function RemovalRefused({
  what,
  name,
  holdings,
}: {
  what: "round" | "nomination" | "ageGroup" | "stage";
  name: string;
  holdings: Holdings;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const held = heldBy(holdings).map(([kind, count]) => t(`removal.holds.${kind}`, { n: formatNumber(count, locale) }));
  return <>{t(`removal.${what}`, { name, holdings: formatList(held, locale) })}</>;
}
