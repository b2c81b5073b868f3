import { useTranslation } from "react-i18next";

import type { DiagramRound } from "~/.server/events/season-diagram.server";
import type { Locale } from "~/domain/locale";
import { BOX, layoutSeason } from "~/domain/season-diagram";
import { formatNumber } from "~/i18n/format";

/**
 * The season as a picture drawn on the server (an SVG: no script, no inline style, the CSP allows
 * it): steps as columns, each round a box with its name and count of entries, an edge from each
 * round to each of the next step's. The same facts as a table follow, for screen readers and print.
 * A wide season scrolls sideways on a phone.
 */
export function SeasonDiagram({
  steps,
  unrouted,
  locale,
}: {
  steps: DiagramRound[][];
  unrouted: number;
  locale: Locale;
}) {
  const { t } = useTranslation();
  if (steps.length === 0) return null;
  const layout = layoutSeason(steps);
  const number = (n: number) => formatNumber(n, locale);
  return (
    <section className="card stack" aria-labelledby="season-diagram-title">
      <h2 id="season-diagram-title">{t("seasonGraph.diagram.title")}</h2>
      {/* Scrolls sideways on a phone: focusable, so a keyboard can scroll it too. */}
      <div className="season-diagram" tabIndex={0} role="group" aria-labelledby="season-diagram-title">
        <svg
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          width={layout.width}
          height={layout.height}
          role="img"
          aria-labelledby="season-diagram-title"
          className="season-diagram__svg"
        >
          {layout.edges.map((e, i) => (
            <path
              key={i}
              className="season-diagram__edge"
              d={`M${e.from.x},${e.from.y} C${e.from.x + BOX.columnGap / 2},${e.from.y} ${e.to.x - BOX.columnGap / 2},${e.to.y} ${e.to.x},${e.to.y}`}
            />
          ))}
          {layout.boxes.map(({ round, x, y }) => (
            <g key={round.id} className="season-diagram__round">
              <title>{round.label}</title>
              <rect x={x} y={y} width={BOX.width} height={BOX.height} rx={6} className="season-diagram__box" />
              <text x={x + 8} y={y + 18} className="season-diagram__label">
                {clip(round.short, 28)}
              </text>
              <text x={x + 8} y={y + 36} className="season-diagram__count">
                {t("seasonGraph.diagram.entries", { n: number(round.entries) })}
              </text>
            </g>
          ))}
        </svg>
      </div>
      {unrouted > 0 ? (
        <p className="alert alert--warning">{t("seasonGraph.diagram.unrouted", { n: number(unrouted) })}</p>
      ) : null}
      <details>
        <summary>{t("seasonGraph.diagram.table")}</summary>
        <table className="season-diagram__table">
          <caption className="visually-hidden">{t("seasonGraph.diagram.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("seasonGraph.step")}</th>
              <th scope="col">{t("seasonGraph.diagram.round")}</th>
              <th scope="col">{t("seasonGraph.diagram.count")}</th>
            </tr>
          </thead>
          <tbody>
            {steps.flat().map((r) => (
              <tr key={r.id}>
                <td>{r.step}</td>
                <th scope="row">{r.label}</th>
                <td>{number(r.entries)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

/** A name cut to fit its box; the table below has it whole. */
function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
