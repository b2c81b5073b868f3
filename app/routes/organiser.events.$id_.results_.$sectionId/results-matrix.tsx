import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { ReviewView } from "~/.server/results/review-page.server";
import { NoPhotoMark } from "~/components/no-photo-mark";
import type { Locale } from "~/domain/locale";
import { formatNumber } from "~/i18n/format";

/**
 * Places and every judge's scores of a section: one row per entry, one column per judge (their
 * weighted total over their scores in criteria order). Missing, incomplete and recused sheets and
 * outliers are marked in words, not only by colour; the table scrolls sideways on a phone.
 */
export function ResultsMatrix({ view }: { view: ReviewView }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const num = (x: number | null | undefined) => (x === null || x === undefined ? "—" : formatNumber(x, locale));
  const tiedNeedsChair = new Set(view.ties.filter((tie) => tie.needsChair).flatMap((tie) => tie.entryIds));
  const overrideLink = (entryId: number, judgeUserId: number) => `?entry=${entryId}&judge=${judgeUserId}#override`;
  const judgeName = new Map(view.judges.map((j) => [j.userId, j.name]));

  if (view.entries.length === 0) return <p className="muted">{t("results.review.noEntries")}</p>;
  return (
    <>
      <ol className="results-criteria small">
        {view.criteria.map((c) => (
          <li key={c.id}>
            <span lang={c.lang}>{c.name}</span>{" "}
            <span className="muted">
              ({t("results.review.criterionFacts", { max: num(c.max), weight: num(c.weight) })})
            </span>
          </li>
        ))}
      </ol>
      {view.judges.length === 0 ? <p className="alert alert--warning">{t("results.review.noJudges")}</p> : null}
      <p className="small muted results-matrix__hint">{t("results.review.scrollHint")}</p>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="matrix-title">
        <table className="data-table results-matrix">
          <thead>
            <tr>
              <th scope="col">{t("results.review.place")}</th>
              <th scope="col">{t("results.review.entry")}</th>
              <th scope="col">{t("results.review.total")}</th>
              <th scope="col">{t("results.review.award")}</th>
              {view.judges.map((j) => (
                <th scope="col" key={j.userId}>
                  {j.name}
                  {j.isChair ? <span className="results-matrix__chair"> · {t("results.review.chair")}</span> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.entries.map((e) => (
              <tr key={e.entryId}>
                <td className="results-matrix__place">
                  {e.result?.rank ?? "—"}
                  {e.result?.shared ? <span className="results-matrix__note">{t("results.review.shared")}</span> : null}
                  {tiedNeedsChair.has(e.entryId) ? (
                    <span className="results-matrix__note results-matrix__note--warn">{t("results.review.tied")}</span>
                  ) : null}
                </td>
                <th scope="row" className="results-matrix__entry">
                  <span className="entry-status__ref">{e.reference}</span>
                  {e.title ? <span>{e.title}</span> : null}
                  <NoPhotoMark show={e.noPhotoVideo} />
                  <span className="results-matrix__who">
                    {e.performers.join(", ")}
                    {e.club ? ` · ${e.club}` : ""}
                  </span>
                  {e.specialPrizes.map((p) => (
                    <span key={p.id} className="results-matrix__prize" lang={p.lang}>
                      ★ {p.name}
                    </span>
                  ))}
                </th>
                <td className="results-matrix__total">
                  <strong>{num(e.result?.total)}</strong>
                  {e.result?.percent !== null && e.result?.percent !== undefined ? (
                    <span className="results-matrix__note">{num(Math.round(e.result.percent * 100) / 100)} %</span>
                  ) : null}
                  {e.result ? (
                    <span className="results-matrix__note">
                      {t("results.review.judgesCounted", { count: e.result.judgeCount })}
                    </span>
                  ) : null}
                </td>
                <td>{e.result?.award ? t(`results.award.${e.result.award}`) : "—"}</td>
                {e.sheets.map((s) => (
                  <td
                    key={s.judgeUserId}
                    className={`results-sheet results-sheet--${s.status}${s.outlier ? " results-sheet--outlier" : ""}`}
                  >
                    {s.status === "recused" ? (
                      <span className="muted">{t("results.review.status.recused")}</span>
                    ) : (
                      <>
                        {s.status === "scored" ? <strong>{num(s.total)}</strong> : null}
                        {s.status !== "missing" ? (
                          <span className="results-sheet__scores">
                            {view.criteria.map((c) => num(s.scores[c.id])).join(" · ")}
                          </span>
                        ) : null}
                        {s.status === "incomplete" || s.status === "missing" ? (
                          <span className="results-sheet__flag">{t(`results.review.status.${s.status}`)}</span>
                        ) : null}
                        {s.outlier ? <span className="results-sheet__flag">{t("results.review.outlier")}</span> : null}
                        {view.frozen ? null : (
                          <Link
                            className="results-sheet__edit"
                            to={overrideLink(e.entryId, s.judgeUserId)}
                            preventScrollReset
                          >
                            {t("results.review.change")}
                            <span className="visually-hidden">
                              {" "}
                              ({e.reference}, {judgeName.get(s.judgeUserId)})
                            </span>
                          </Link>
                        )}
                      </>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
