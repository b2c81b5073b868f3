/*
 * The season's picture, laid out for an SVG drawn on the server: steps as columns left to right,
 * each step's rounds as boxes top to bottom, an edge from every round of a step to every round of
 * the next (entries can go from any heat to any gala). Pure geometry: sizes in SVG user units.
 */

export const BOX = { width: 180, height: 44, columnGap: 56, rowGap: 10, margin: 8 } as const;

export interface DiagramBox<T> {
  round: T;
  step: number;
  x: number;
  y: number;
}

export interface DiagramEdge {
  from: { x: number; y: number };
  to: { x: number; y: number };
}

export interface SeasonLayout<T> {
  width: number;
  height: number;
  boxes: DiagramBox<T>[];
  edges: DiagramEdge[];
}

/** Lays out the steps (each a list of rounds, in order); each column is centred on the tallest. */
export function layoutSeason<T>(steps: readonly (readonly T[])[]): SeasonLayout<T> {
  const tallest = Math.max(1, ...steps.map((s) => s.length));
  const columnHeight = tallest * BOX.height + (tallest - 1) * BOX.rowGap;
  const columns = steps.map((rounds, i) => {
    const own = rounds.length * BOX.height + Math.max(0, rounds.length - 1) * BOX.rowGap;
    const top = BOX.margin + (columnHeight - own) / 2;
    const x = BOX.margin + i * (BOX.width + BOX.columnGap);
    return rounds.map((round, j) => ({ round, step: i + 1, x, y: top + j * (BOX.height + BOX.rowGap) }));
  });
  const edges = columns.slice(1).flatMap((column, i) =>
    columns[i]!.flatMap((from) =>
      column.map((to) => ({
        from: { x: from.x + BOX.width, y: from.y + BOX.height / 2 },
        to: { x: to.x, y: to.y + BOX.height / 2 },
      })),
    ),
  );
  return {
    width: BOX.margin * 2 + steps.length * BOX.width + Math.max(0, steps.length - 1) * BOX.columnGap,
    height: BOX.margin * 2 + columnHeight,
    boxes: columns.flat(),
    edges,
  };
}
