import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { EntryOrder, EntrySort } from "~/domain/entry-list";
import { type EntryStatusCode, isOpen } from "~/domain/entry-statuses";
import type { Locale } from "~/domain/locale";
import { queryWith } from "~/domain/paging";
import { formatShortDateTime } from "~/i18n/format";

import { ScrollTable } from "../scroll-table";

export interface EntryRowView {
  id: number;
  reference: string;
  status: EntryStatusCode;
  format: string;
  nomination: string;
  ageGroup: { min: number; max: number } | null;
  club: string | null;
  region: string | null;
  createdAt: string;
  /** The first performers' names (null once a child's data was deleted); the rest are counted. */
  performers: (string | null)[];
  performerCount: number;
  /** Performers with a standing consent to photos and video. */
  photoConsents: number;
}

const NONE = "—";

/**
 * One page of an event's entries for its organisers: one row each, sortable by the linked column
 * headers (plain links, so sorting works without JavaScript). Each row links to the entry's own
 * page: its piece, every performer, and the decision to confirm or reject.
 */
export function EntriesTable({
  entries,
  order,
  search,
  entryHref,
  caption,
  locale,
  timeZone,
  selectForm,
}: {
  entries: EntryRowView[];
  order: EntryOrder;
  /** The current query string, to keep the filters in the sort links. */
  search: string;
  /** Where an entry's own page is. */
  entryHref: (entryId: number) => string;
  caption: string;
  locale: Locale;
  timeZone: string;
  /** The id of a form that open entries can be ticked for (a checkbox column first), if any. */
  selectForm?: string;
}) {
  const { t } = useTranslation();
  const columns: [EntrySort | null, string][] = [
    ...(selectForm ? [[null, t("organiserEntries.bulk.select")] as [null, string]] : []),
    ["reference", t("organiserEntries.columns.reference")],
    ["name", t("organiserEntries.columns.performers")],
    [null, t("organiserEntries.columns.club")],
    [null, t("organiserEntries.columns.region")],
    ["nomination", t("organiserEntries.columns.nomination")],
    [null, t("organiserEntries.columns.format")],
    [null, t("organiserEntries.columns.ageGroup")],
    ["status", t("organiserEntries.columns.status")],
    [null, t("organiserEntries.columns.photo")],
    ["submitted", t("organiserEntries.columns.submitted")],
    [null, t("organiserEntries.columns.more")],
  ];
  const heading = ([sort, label]: [EntrySort | null, string]) => {
    if (!sort) return label;
    const current = order.sort === sort;
    return (
      <Link
        to={{ search: queryWith(search, { sort, dir: current && order.dir === "asc" ? "desc" : "asc", page: null }) }}
        className={`sort-link${current ? ` sort-link--${order.dir}` : ""}`}
      >
        {label}
      </Link>
    );
  };
  return (
    <ScrollTable
      id="entries-caption"
      caption={caption}
      className="entries-table"
      columns={columns.map(heading)}
      sorted={{
        column: columns.findIndex(([sort]) => sort === order.sort),
        direction: order.dir === "asc" ? "ascending" : "descending",
      }}
    >
      {entries.map((e) => (
        <EntryRow
          key={e.id}
          entry={e}
          href={entryHref(e.id)}
          locale={locale}
          timeZone={timeZone}
          selectForm={selectForm}
        />
      ))}
    </ScrollTable>
  );
}

function EntryRow({
  entry: e,
  href,
  locale,
  timeZone,
  selectForm,
}: {
  entry: EntryRowView;
  href: string;
  locale: Locale;
  timeZone: string;
  selectForm?: string;
}) {
  const { t } = useTranslation();
  const hidden = e.performerCount - e.performers.length;
  const everyone = e.photoConsents === e.performerCount;
  const photo = everyone
    ? t("organiserEntries.photoYes")
    : e.photoConsents === 0
      ? t("organiserEntries.photoNo")
      : t("organiserEntries.photoSome", { given: e.photoConsents, count: e.performerCount });
  return (
    <tr>
      {selectForm ? (
        <td>
          {isOpen(e.status) ? (
            <input
              type="checkbox"
              name="entryId"
              value={e.id}
              form={selectForm}
              aria-label={t("organiserEntries.bulk.selectEntry", { reference: e.reference })}
            />
          ) : null}
        </td>
      ) : null}
      <th scope="row" className="entry-status__ref">
        <Link to={href}>{e.reference}</Link>
      </th>
      <td className="entries-table__performers">
        {e.performers.map((name) => name ?? t("children.anonymous")).join(", ")}
        {hidden > 0 ? (
          <>
            {" "}
            <span className="muted entries-table__nowrap">{t("organiserEntries.moreMembers", { count: hidden })}</span>
          </>
        ) : null}
      </td>
      <td className="entries-table__club">{e.club ?? NONE}</td>
      <td>{e.region ? t(`region.${e.region}`, { defaultValue: e.region }) : NONE}</td>
      <td>{e.nomination}</td>
      <td>{t(`format.${e.format}`)}</td>
      <td>{e.ageGroup ? t("event.ageRange", { min: e.ageGroup.min, max: e.ageGroup.max }) : NONE}</td>
      <td>
        <span className={`pill pill--entry-${e.status}`}>{t(`entryStatus.${e.status}`)}</span>
      </td>
      <td className={`entries-table__nowrap${everyone ? "" : " entries-table__photo--no"}`}>{photo}</td>
      <td>
        <time dateTime={e.createdAt}>{formatShortDateTime(e.createdAt, locale, timeZone)}</time>
      </td>
      <td className="entries-table__nowrap">
        <Link to={href}>
          {isOpen(e.status) ? t("organiserEntries.decide") : t("organiserEntries.open")}{" "}
          <span className="visually-hidden">{e.reference}</span>
        </Link>
      </td>
    </tr>
  );
}
