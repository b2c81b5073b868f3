import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { ENTRY_STATUSES, type EntryStatusCode } from "~/domain/entry-statuses";
import type { Locale } from "~/domain/locale";
import { queryWith } from "~/domain/paging";
import { formatNumber } from "~/i18n/format";

/**
 * How many entries of each status the other filters match, each a link that narrows the table to
 * that status ("All" lifts it). Statuses no entry has are left out.
 */
export function StatusCounts({
  byStatus,
  current,
  search,
  locale,
}: {
  byStatus: Record<EntryStatusCode, number>;
  current: EntryStatusCode | undefined;
  search: string;
  locale: Locale;
}) {
  const { t } = useTranslation();
  const all = ENTRY_STATUSES.reduce((sum, s) => sum + byStatus[s], 0);
  const chip = (status: EntryStatusCode | null, label: string, n: number) => (
    <li key={status ?? "all"}>
      <Link
        to={{ search: queryWith(search, { status, page: null }) }}
        className="chip status-counts__chip"
        aria-current={(status ?? undefined) === current ? "true" : undefined}
      >
        {label} <span className="status-counts__n">{formatNumber(n, locale)}</span>
      </Link>
    </li>
  );
  return (
    <nav aria-label={t("organiserEntries.byStatus")}>
      <ul className="chips status-counts">
        {chip(null, t("organiserEntries.all"), all)}
        {ENTRY_STATUSES.filter((s) => byStatus[s] > 0 || s === current).map((s) =>
          chip(s, t(`entryStatus.${s}`), byStatus[s]),
        )}
      </ul>
    </nav>
  );
}
