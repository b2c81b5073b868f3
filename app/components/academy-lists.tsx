import { Form, Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { ListPage, ListQuery } from "~/domain/academy/lists";
import type { Locale } from "~/domain/locale";
import { PAGE_SIZES, queryWith } from "~/domain/paging";
import { formatNumber } from "~/i18n/format";

import { FilterActions, FilterInput, FilterSelect } from "./filters";
import { Pager } from "./pager";

/*
 * The pieces the organiser's academy lists share: a GET filter form (search, what to show with its
 * count, page size), sortable column headings as plain links, and the pager. All work without
 * JavaScript and keep the reader's other parameters.
 */

/** The filter form: text search, one of the `shows` (labelled with counts), rows per page. */
export function ListFilters<Show extends string>({
  query,
  searchLabel,
  shows,
  showLabel,
}: {
  query: ListQuery<string, Show>;
  searchLabel: string;
  shows: readonly Show[];
  showLabel: (show: Show) => string;
}) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="entries-filters academy-filters">
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <FilterInput name="q" type="search" label={searchLabel} query={{ q: query.q }} />
      <FilterSelect id="f-show" name="show" label={t("academy.list.show")} value={query.show}>
        {shows.map((s) => (
          <option key={s} value={s}>
            {showLabel(s)}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect id="f-size" name="size" label={t("academy.list.size")} value={String(query.size)}>
        {PAGE_SIZES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </FilterSelect>
      <FilterActions submit={t("academy.list.apply")} />
    </Form>
  );
}

/** A column heading that sorts by `sort`, or flips the direction when it already does. */
export function useSortHeading(query: ListQuery<string, string>) {
  const search = useLocation().search;
  return (sort: string | null, label: string) => {
    if (!sort) return label;
    const current = query.sort === sort;
    return (
      <Link
        to={{ search: queryWith(search, { sort, dir: current && query.dir === "asc" ? "desc" : "asc", page: null }) }}
        className={`sort-link${current ? ` sort-link--${query.dir}` : ""}`}
      >
        {label}
      </Link>
    );
  };
}

/** "Classes 1–50 of 312" above the table. */
export function ListShowing({ page, text, locale }: { page: ListPage<unknown>; text: string; locale: Locale }) {
  const { t } = useTranslation();
  const n = (x: number) => formatNumber(x, locale);
  return (
    <p className="entries-showing" aria-live="polite">
      {t(text, { first: n(page.first), last: n(page.last), total: n(page.total) })}
    </p>
  );
}

/** Previous and next pages of a list, keeping the other parameters (`param` is the page's name). */
export function ListPager({
  page,
  pages,
  first,
  last,
  total,
  label,
  locale,
  param = "page",
}: {
  page: number;
  pages: number;
  first: number;
  last: number;
  total: number;
  label: string;
  locale: Locale;
  param?: string;
}) {
  const { t } = useTranslation();
  const { pathname, search: current } = useLocation();
  const search = queryWith(current, { notice: null });
  const href = (to: number) => `${pathname}${queryWith(search, { [param]: to > 1 ? to : null })}`;
  const n = (x: number) => formatNumber(x, locale);
  return (
    <Pager
      label={label}
      status={t("pager.range", { first: n(first), last: n(last), total: n(total) })}
      previous={page > 1 ? href(page - 1) : null}
      next={page < pages ? href(page + 1) : null}
    />
  );
}
