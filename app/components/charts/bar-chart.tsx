import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { ScrollTable } from "../scroll-table";

/*
 * Charts drawn on the server as SVG, with no inline styles (the CSP forbids them): sizes are SVG
 * attributes, colours CSS classes. The picture is hidden from screen readers; the same numbers are
 * in a table under it (in a <details>, so it works without JavaScript).
 */

export interface BarRow {
  key: string;
  label: ReactNode;
  /** The label's language, when it is not the page's (a nomination named only in Russian, say). */
  lang?: string;
  value: number;
  /** More columns for the table (e.g. places), after the value. */
  more?: ReactNode[];
}

const percent = (value: number, max: number) => (max > 0 ? Math.round((value / max) * 1000) / 10 : 0);

/** Horizontal bars, one per row, each as long as its share of the largest value. */
export function BarChart({
  id,
  title,
  rows,
  columns,
  format = String,
  empty,
}: {
  id: string;
  title: string;
  rows: BarRow[];
  /** The table's column headings: the label's, the value's, then any `more`. */
  columns: readonly ReactNode[];
  format?: (value: number) => string;
  empty: string;
}) {
  const max = Math.max(0, ...rows.map((r) => r.value));
  return (
    <ChartFigure
      id={id}
      title={title}
      columns={columns}
      empty={rows.length === 0 ? empty : null}
      rows={tableRows(rows, format)}
    >
      <ul className="bar-chart" aria-hidden="true">
        {rows.map((r) => (
          <li key={r.key} className="bar-chart__row">
            <span className="bar-chart__label" lang={r.lang}>
              {r.label}
            </span>
            <svg className="bar-chart__bar" width="100%" height="16" focusable="false">
              <rect className="chart__fill" x="0" y="0" width={`${percent(r.value, max)}%`} height="16" rx="3" />
            </svg>
            <span className="bar-chart__value">{format(r.value)}</span>
          </li>
        ))}
      </ul>
    </ChartFigure>
  );
}

/** Columns over time (one per day), the tallest the busiest; the first and last day underneath. */
export function ColumnChart({
  id,
  title,
  columns,
  points,
  formatDay,
  format = String,
  empty,
}: {
  id: string;
  title: string;
  columns: readonly ReactNode[];
  points: { day: string; value: number }[];
  formatDay: (day: string) => string;
  format?: (value: number) => string;
  empty: string;
}) {
  const max = Math.max(0, ...points.map((p) => p.value));
  const height = 100;
  const rows = points.map((p) => ({ key: p.day, label: formatDay(p.day), value: p.value }));
  return (
    <ChartFigure
      id={id}
      title={title}
      columns={columns}
      empty={points.length === 0 ? empty : null}
      rows={tableRows(rows, format)}
    >
      <div className="column-chart" aria-hidden="true">
        <p className="column-chart__max small muted">{format(max)}</p>
        <svg
          className="column-chart__plot"
          viewBox={`0 0 ${points.length} ${height}`}
          preserveAspectRatio="none"
          width="100%"
          height="160"
          focusable="false"
        >
          <line className="chart__axis" x1="0" y1={height} x2={points.length} y2={height} />
          {points.map((p, i) => {
            const h = max > 0 ? (p.value / max) * height : 0;
            return (
              <rect key={p.day} className="chart__fill" x={i + 0.1} y={height - h} width="0.8" height={h}>
                <title>{`${formatDay(p.day)}: ${format(p.value)}`}</title>
              </rect>
            );
          })}
        </svg>
        {points.length > 0 ? (
          <p className="column-chart__days small muted">
            <span>{formatDay(points[0]!.day)}</span>
            <span>{formatDay(points[points.length - 1]!.day)}</span>
          </p>
        ) : null}
      </div>
    </ChartFigure>
  );
}

function tableRows(rows: BarRow[], format: (value: number) => string) {
  return rows.map((r) => (
    <tr key={r.key}>
      <th scope="row" lang={r.lang}>
        {r.label}
      </th>
      <td>{format(r.value)}</td>
      {r.more?.map((m, i) => (
        <td key={i}>{m}</td>
      ))}
    </tr>
  ));
}

/** A chart's frame: its title, the picture, and the table of the same numbers. */
function ChartFigure({
  id,
  title,
  columns,
  rows,
  empty,
  children,
}: {
  id: string;
  title: string;
  columns: readonly ReactNode[];
  rows: ReactNode;
  empty: string | null;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <figure className="card stack chart" aria-labelledby={`${id}-title`}>
      <figcaption>
        <h2 id={`${id}-title`}>{title}</h2>
      </figcaption>
      {empty ? (
        <p className="muted">{empty}</p>
      ) : (
        <>
          {children}
          <details className="chart__table">
            <summary>{t("dashboard.asTable")}</summary>
            <ScrollTable id={`${id}-caption`} caption={title} columns={columns}>
              {rows}
            </ScrollTable>
          </details>
        </>
      )}
    </figure>
  );
}
