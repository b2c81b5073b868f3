import type { ReactNode } from "react";

interface Props {
  /** The caption's id, which also names the scrolling region for screen readers. */
  id: string;
  caption: ReactNode;
  /** Extra classes besides data-table. */
  className?: string;
  /** The column headings, in order. */
  columns: readonly ReactNode[];
  /** The column the rows are sorted by, announced on its heading (aria-sort). */
  sorted?: { column: number; direction: "ascending" | "descending" };
  /** The table's rows. */
  children: ReactNode;
}

/**
 * A data table that scrolls sideways on narrow screens: a focusable region named by the table's
 * visually hidden caption, so keyboard users can scroll it too.
 */
export function ScrollTable({ id, caption, className, columns, sorted, children }: Props) {
  return (
    <div className="table-scroll" role="region" aria-labelledby={id} tabIndex={0}>
      <table className={className ? `data-table ${className}` : "data-table"}>
        <caption id={id} className="visually-hidden">
          {caption}
        </caption>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col" aria-sort={sorted?.column === i ? sorted.direction : undefined}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
