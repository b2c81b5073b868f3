import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { CITIES } from "~/domain/cities";
import { DEFAULT_ENTRY_ORDER, type EntryOrder } from "~/domain/entry-list";
import { ENTRY_STATUSES } from "~/domain/entry-statuses";
import { DEFAULT_PAGE_SIZE, PAGE_SIZES } from "~/domain/paging";

import { FilterActions, FilterInput, FilterSelect } from "../filters";
import { Options } from "../options";

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
  const all = t("organiserEntries.all");
  const value = (v: string | number | undefined) => (v === undefined ? "" : String(v));
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
      <FilterInput name="q" type="search" label={t("organiserEntries.search")} query={{ q: filters.q ?? "" }} />
      <FilterSelect id="f-status" name="status" label={t("organiser.columns.status")} value={filters.status}>
        <Options blank={all} items={ENTRY_STATUSES} label={(s) => t(`entryStatus.${s}`)} />
      </FilterSelect>
      <FilterActions submit={t("home.apply")}>
        <Link to={{ search: "" }}>{t("organiserEntries.clear")}</Link>
      </FilterActions>
      <details className="entries-filters__more" open={narrowed}>
        <summary>{t("organiserEntries.moreFilters")}</summary>
        <div className="filters filters--wide">
          <FilterSelect
            id="f-nomination"
            name="nomination"
            label={t("enter.nomination")}
            value={value(filters.nominationId)}
          >
            <Options blank={all} items={choices.nominations} value={(n) => n.id} label={(n) => n.name} />
          </FilterSelect>
          <FilterSelect id="f-age" name="ageGroup" label={t("event.ageGroups")} value={value(filters.ageGroupId)}>
            <Options
              blank={all}
              items={choices.ageGroups}
              value={(g) => g.id}
              label={(g) => t("event.ageRange", { min: g.min, max: g.max })}
            />
          </FilterSelect>
          <FilterSelect id="f-region" name="region" label={t("organiserEntries.columns.region")} value={filters.region}>
            <Options blank={all} items={choices.regions} label={(r) => t(`region.${r}`, { defaultValue: r })} />
          </FilterSelect>
          <FilterSelect id="f-club" name="club" label={t("children.club")} value={value(filters.clubId)}>
            <Options blank={all} items={choices.clubs} value={(c) => c.id} label={(c) => c.name} />
          </FilterSelect>
          <FilterSelect id="f-city" name="city" label={t("form.city")} value={filters.city}>
            <Options blank={all} items={CITIES} label={(c) => t(`city.${c}`)} />
          </FilterSelect>
          <FilterSelect
            id="f-size"
            name="size"
            label={t("organiserEntries.pageSize")}
            value={size === DEFAULT_PAGE_SIZE ? "" : String(size)}
          >
            <Options items={PAGE_SIZES} value={(s) => (s === DEFAULT_PAGE_SIZE ? "" : s)} label={(s) => s} />
          </FilterSelect>
        </div>
      </details>
    </Form>
  );
}
