import { Form, Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { AdvanceSectionPage } from "~/.server/results/advancement.server";
import { Pager } from "~/components/pager";
import type { Locale } from "~/domain/locale";
import { formatNumber } from "~/i18n/format";

import { SectionName } from "./section-name";

/**
 * One locked section a page at a time, best first: the rule applied to it alone, and a box per
 * entry, ticked when it advances now. Saving a page changes only the entries on it.
 */
export function SectionEntries({
  view,
}: {
  view: AdvanceSectionPage & { round: { id: number }; next: { id: number } | null };
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  // A new form after each save: the boxes show what the server holds, not what was ticked before.
  const { key } = useLocation();
  const { section, rows, page } = view;
  const roundId = view.round.id;
  const to = view.next ? `&to=${view.next.id}` : "";
  const pageUrl = (n: number) => `?round=${roundId}${to}&section=${section.id}${n > 1 ? `&page=${n}` : ""}`;
  const target = view.next ? <input type="hidden" name="targetId" value={view.next.id} /> : null;
  return (
    <section className="stack" aria-labelledby="advance-section-title">
      <p className="back-link">
        <Link to={`?round=${roundId}${to}`}>← {t("results.advance.backToSections")}</Link>
      </p>
      <header>
        <h2 id="advance-section-title">
          <SectionName section={section} />
        </h2>
        <p className="muted">
          {t("results.advance.sectionCounts", {
            entries: section.entries,
            proposed: section.proposed,
            chosen: section.chosen,
          })}
        </p>
      </header>
      <Form method="post" className="advance-rule">
        <input type="hidden" name="roundId" value={roundId} />
        {target}
        <input type="hidden" name="sectionId" value={section.id} />
        <button className="button" name="intent" value="rule">
          {t("results.advance.applyRuleSection")}
        </button>
        <p className="muted small">{t("results.advance.applyRuleSectionNote")}</p>
      </Form>
      {section.chosen === 0 ? <p className="alert alert--warning">{t("results.advance.nothingChosen")}</p> : null}
      <Form method="post" className="stack" key={key}>
        <input type="hidden" name="roundId" value={roundId} />
        {target}
        <input type="hidden" name="sectionId" value={section.id} />
        <div className="card">
          <ul className="advance-list">
            {rows.map((r) => {
              const fixed = r.advanced && r.scoredInNext;
              return (
                <li key={r.entryId}>
                  <input type="hidden" name="shownId" value={r.entryId} />
                  <label className="advance-row">
                    <input
                      type="checkbox"
                      name="entryId"
                      value={r.entryId}
                      defaultChecked={r.advanced}
                      disabled={fixed}
                    />
                    <span className="advance-row__place" aria-label={t("results.advance.place")}>
                      {r.place ?? t("results.public.noPlace")}
                    </span>
                    <span className="advance-row__who">
                      <strong>{r.performers || r.reference}</strong>
                      <span className="muted small">
                        {[r.title ? `«${r.title}»` : null, ...r.clubs, r.reference].filter(Boolean).join(" · ")}
                      </span>
                    </span>
                    <span className="advance-row__score small">
                      {r.percent === null ? "" : `${formatNumber(r.percent, locale)}%`}
                      {r.award ? <span className="badge">{t(`results.award.${r.award}`)}</span> : null}
                      {r.proposed ? <span className="pill pill--open">{t("results.advance.proposed")}</span> : null}
                    </span>
                  </label>
                  {r.elsewhere ? (
                    <p className="muted small advance-row__note">
                      {t("results.advance.elsewhere", { round: r.elsewhere })}
                    </p>
                  ) : null}
                  {fixed ? (
                    <>
                      <input type="hidden" name="entryId" value={r.entryId} />
                      <p className="muted small advance-row__note">{t("results.advance.scoredInNext")}</p>
                    </>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </div>
        <div className="advance-actions">
          <button className="button button--primary" name="intent" value="choose">
            {t("results.advance.confirmPage")}
          </button>
        </div>
      </Form>
      <Pager
        label={t("results.advance.pages")}
        status={t("pager.range", {
          first: rows.length ? page.offset + 1 : 0,
          last: page.offset + rows.length,
          total: section.entries,
        })}
        previous={page.page > 1 ? pageUrl(page.page - 1) : null}
        next={page.page < page.pages ? pageUrl(page.page + 1) : null}
      />
    </section>
  );
}
