import { Fragment } from "react";
import { useTranslation } from "react-i18next";

import type { EntryStatusCode } from "~/domain/entry-statuses";

import { ScrollTable } from "../scroll-table";

export interface NominationCount {
  nomination_id: number;
  age_group_id: number | null;
  status: EntryStatusCode;
  n: number;
}

/** Confirmed and wait-listed entries per nomination (and age group) beside the places it has. */
export function NominationCounts({
  nominations,
  ageGroups,
  counts,
}: {
  nominations: { id: number; name: string; capacity: number | null }[];
  ageGroups: { id: number; min: number; max: number }[];
  counts: NominationCount[];
}) {
  const { t } = useTranslation();
  const count = (nominationId: number, status: EntryStatusCode, ageGroupId?: number) =>
    counts
      .filter(
        (c) =>
          c.nomination_id === nominationId &&
          c.status === status &&
          (ageGroupId === undefined || c.age_group_id === ageGroupId),
      )
      .reduce((sum, c) => sum + Number(c.n), 0);
  return (
    <details className="card counts">
      <summary className="summary-button">{t("organiserEntries.counts")}</summary>
      <ScrollTable
        id="nomination-counts-caption"
        caption={t("organiserEntries.counts")}
        columns={[
          t("event.nominations"),
          t("entryStatus.confirmed"),
          t("entryStatus.waitlisted"),
          t("organiserEntries.capacity"),
        ]}
      >
        {nominations.map((n) => (
          <Fragment key={n.id}>
            <tr className="data-table__group">
              <th scope="row">{n.name}</th>
              <td>{count(n.id, "confirmed")}</td>
              <td>{count(n.id, "waitlisted")}</td>
              <td>{n.capacity ?? "—"}</td>
            </tr>
            {ageGroups.length > 1
              ? ageGroups.map((g) => (
                  <tr key={g.id}>
                    <th scope="row" className="data-table__sub">
                      {t("event.ageRange", { min: g.min, max: g.max })}
                    </th>
                    <td>{count(n.id, "confirmed", g.id)}</td>
                    <td>{count(n.id, "waitlisted", g.id)}</td>
                    <td />
                  </tr>
                ))
              : null}
          </Fragment>
        ))}
      </ScrollTable>
    </details>
  );
}
