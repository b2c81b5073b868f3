import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { JudgePanelPage, PanelShow } from "~/.server/judging/panel-entries.server";

import { Pager } from "../pager";

type List = JudgePanelPage["list"];

const SHOWS: readonly PanelShow[] = ["todo", "done", "all"];

const pageUrl = (show: PanelShow, from?: number | null) => `?show=${show}${from ? `&from=${from}` : ""}`;

/**
 * Which of the panel's entries the judge sees: not yet scored, scored or all, each with its count,
 * and a running-order number to jump to (the entry on stage now).
 */
export function PanelFilters({ list }: { list: List }) {
  const { t } = useTranslation();
  return (
    <div className="panel-filters">
      <nav className="panel-filters__tabs" aria-label={t("judge.list.label")}>
        {SHOWS.map((show) => (
          <Link
            key={show}
            to={pageUrl(show)}
            aria-current={show === list.show ? "page" : undefined}
            className={show === list.show ? "button button--primary" : "button"}
          >
            {t(`judge.list.${show}`, { count: list.counts[show] })}
          </Link>
        ))}
      </nav>
      {list.counts.all > 0 ? (
        <Form method="get" className="panel-filters__jump">
          <input type="hidden" name="show" value={list.show} />
          <label htmlFor="panel-from">{t("judge.list.goTo")}</label>
          <input
            id="panel-from"
            name="from"
            type="number"
            inputMode="numeric"
            min={1}
            className="panel-filters__from"
          />
          <button type="submit" className="button">
            {t("judge.list.go")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

/** The links to the previous and next pages of the list, and which of its entries this page holds. */
export function PanelPager({ list }: { list: List }) {
  const { t } = useTranslation();
  if (list.total === 0) return null;
  return (
    <Pager
      label={t("judge.list.pages")}
      status={t("pager.range", { first: list.first, last: list.last, total: list.total })}
      previous={list.previous === null ? null : pageUrl(list.show, list.previous)}
      next={list.next === null ? null : pageUrl(list.show, list.next)}
    />
  );
}
