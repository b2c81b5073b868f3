import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { Locale } from "~/domain/locale";
import { formatNumber } from "~/i18n/format";

import { ListPager } from "./academy-lists";

export interface AllocationView {
  participantCount: number;
  rankedCount: number;
  seats: number;
  taken: number;
  allocated: boolean;
  current: boolean;
  report: {
    stats: { firstChoiceShare: number; anyChoiceShare: number; emptyParticipants: number };
    unmetTotal: number;
    unmetPage: { page: number; pages: number; first: number };
    unmet: readonly {
      participantId: number;
      classId: number;
      rank: number;
      reason: string;
      name: string;
      title: string;
    }[];
  } | null;
}

/** The allocation's state and report (unmet wishes a page at a time, `?unmet=`), and the button that runs it. */
export function AcademyAllocation({
  view,
  locale,
  busy,
  canAllocate,
}: {
  view: AllocationView;
  locale: Locale;
  busy: boolean;
  canAllocate: boolean;
}) {
  const { t } = useTranslation();
  const { report } = view;
  const n = (x: number) => formatNumber(x, locale);
  const percent = (share: number) =>
    new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(share);
  return (
    <section className="card stack academy-allocation" aria-labelledby="allocation-title">
      <h2 id="allocation-title">{t("academy.allocationTitle")}</h2>
      <p>{t("academy.participants", { count: view.participantCount, ranked: view.rankedCount })}</p>
      <p>{t("academy.list.seats", { taken: n(view.taken), seats: n(view.seats) })}</p>
      {!view.allocated ? <p className="muted">{t("academy.notAllocated")}</p> : null}
      {view.allocated && !view.current ? (
        <p className="alert alert--warning" role="status">
          {t("academy.stale")}
        </p>
      ) : null}
      {report ? (
        <>
          <ul className="academy-stats">
            <li>{t("academy.firstChoice", { share: percent(report.stats.firstChoiceShare) })}</li>
            <li>{t("academy.anyChoice", { share: percent(report.stats.anyChoiceShare) })}</li>
            <li>{t("academy.empty", { count: report.stats.emptyParticipants })}</li>
          </ul>
          <h3 id="unmet">{t("academy.unmetTitle")}</h3>
          {report.unmetTotal === 0 ? (
            <p className="muted">{t("academy.unmetNone")}</p>
          ) : (
            <>
              <ol className="academy-unmet small" start={report.unmetPage.first}>
                {report.unmet.map((u) => (
                  <li key={`${u.participantId}-${u.classId}`}>
                    {t("academy.unmetRow", { name: u.name, rank: u.rank, title: u.title })} —{" "}
                    <span className={`academy-reason academy-reason--${u.reason}`}>
                      {t(`academy.reason.${u.reason}`)}
                    </span>
                  </li>
                ))}
              </ol>
              <ListPager
                page={report.unmetPage.page}
                pages={report.unmetPage.pages}
                first={report.unmetPage.first}
                last={report.unmetPage.first + report.unmet.length - 1}
                total={report.unmetTotal}
                label={t("academy.unmetPages")}
                locale={locale}
                param="unmet"
              />
            </>
          )}
        </>
      ) : null}
      <Form method="post" className="stack">
        <p className="field__hint">{t("academy.allocateHint")}</p>
        <div>
          <button
            type="submit"
            name="intent"
            value="allocate"
            className="button button--primary"
            disabled={busy || !canAllocate}
          >
            {t("academy.allocate")}
          </button>
        </div>
      </Form>
    </section>
  );
}
