import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { CITIES } from "~/domain/cities";
import { DEFAULT_ENTRY_ORDER, type EntryOrder } from "~/domain/entry-list";
import { ENTRY_STATUSES } from "~/domain/entry-statuses";
import { DEFAULT_PAGE_SIZE, PAGE_SIZES } from "~/domain/paging";

export interface EntryFilterValues {
  nominationId?: number;
  ageGroupId?: number;
  clubId?: number;
  city?: string;
  region?: string;
  status?: string;
  q?: string;
}

export interface EntryFilterChoices {
  nominations: { id: number; name: string }[];
  ageGroups: { id: number; min: number; max: number }[];
  clubs: { id: number; name: string }[];
  regions: string[];
}

/**
 * The entries table's filters as a GET form: it works without JavaScript, the address can be
 * bookmarked or shared, and applying it starts again from the first page in the same order. The
 * search and the status come first; the rest fold away (open while one of them is set), so that on a
 * phone the table is not a screen away.
 */
export function EntryFilters({
  filters,
  order,
  size,
  choices,
}: {
  filters: EntryFilterValues;
  order: EntryOrder;
  size: number;
  choices: EntryFilterChoices;
}) {
  const { t } = useTranslation();
  const select = (
    id: string,
    name: string,
    label: string,
    value: string | number | undefined,
    options: { value: string | number; label: string }[],
  ) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ""}>
        <option value="">{t("organiserEntries.all")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  const narrowed = [filters.nominationId, filters.ageGroupId, filters.region, filters.clubId, filters.city].some(
    (f) => f !== undefined,
  );
  return (
    <Form method="get" className="entries-filters">
      {order.sort !== DEFAULT_ENTRY_ORDER.sort || order.dir !== DEFAULT_ENTRY_ORDER.dir ? (
        <>
          <input type="hidden" name="sort" value={order.sort} />
          <input type="hidden" name="dir" value={order.dir} />
        </>
      ) : null}
      <div className="field">
        <label htmlFor="f-q">{t("organiserEntries.search")}</label>
        <input id="f-q" name="q" type="search" defaultValue={filters.q ?? ""} />
      </div>
      {select(
        "f-status",
        "status",
        t("organiser.columns.status"),
        filters.status,
        ENTRY_STATUSES.map((s) => ({ value: s, label: t(`entryStatus.${s}`) })),
      )}
      <div className="entries-filters__actions">
        <button type="submit" className="button button--primary">
          {t("home.apply")}
        </button>
        <Link to={{ search: "" }}>{t("organiserEntries.clear")}</Link>
      </div>
      <details className="entries-filters__more" open={narrowed}>
        <summary>{t("organiserEntries.moreFilters")}</summary>
        <div className="filters filters--wide">
          {select(
            "f-nomination",
            "nomination",
            t("enter.nomination"),
            filters.nominationId,
            choices.nominations.map((n) => ({ value: n.id, label: n.name })),
          )}
          {select(
            "f-age",
            "ageGroup",
            t("event.ageGroups"),
            filters.ageGroupId,
            choices.ageGroups.map((g) => ({ value: g.id, label: t("event.ageRange", { min: g.min, max: g.max }) })),
          )}
          {select(
            "f-region",
            "region",
            t("organiserEntries.columns.region"),
            filters.region,
            choices.regions.map((r) => ({ value: r, label: r })),
          )}
          {select(
            "f-club",
            "club",
            t("children.club"),
            filters.clubId,
            choices.clubs.map((c) => ({ value: c.id, label: c.name })),
          )}
          {select(
            "f-city",
            "city",
            t("form.city"),
            filters.city,
            CITIES.map((c) => ({ value: c, label: t(`city.${c}`) })),
          )}
          <div className="field">
            <label htmlFor="f-size">{t("organiserEntries.pageSize")}</label>
            <select id="f-size" name="size" defaultValue={size === DEFAULT_PAGE_SIZE ? "" : size}>
              {PAGE_SIZES.map((s) => (
                <option key={s} value={s === DEFAULT_PAGE_SIZE ? "" : s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
        </div>
      </details>
    </Form>
  );
}
