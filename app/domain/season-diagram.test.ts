import fc from "fast-check";
import { describe, expect, test } from "vitest";

import { BOX, layoutSeason } from "./season-diagram";

describe("the season's picture", () => {
  test("a selection round, seventeen heats and two galas: three columns, edges from every round to every next one", () => {
    const heats = Array.from({ length: 17 }, (_, i) => `heat-${i}`);
    const layout = layoutSeason([["selection"], heats, ["almaty", "astana"]]);
    expect(new Set(layout.boxes.map((b) => b.x)).size).toBe(3);
    expect(layout.boxes).toHaveLength(20);
    expect(layout.edges).toHaveLength(17 + 17 * 2);
    expect(layout.height).toBe(BOX.margin * 2 + 17 * BOX.height + 16 * BOX.rowGap);
  });

  test("boxes never overlap and stay inside the picture", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 6 }), (sizes) => {
        const layout = layoutSeason(sizes.map((n) => Array.from({ length: n }, (_, i) => i)));
        for (const b of layout.boxes) {
          expect(b.x + BOX.width).toBeLessThanOrEqual(layout.width);
          expect(b.y + BOX.height).toBeLessThanOrEqual(layout.height + 1e-9);
          for (const o of layout.boxes)
            if (o !== b && o.x === b.x) expect(Math.abs(o.y - b.y)).toBeGreaterThanOrEqual(BOX.height);
        }
      }),
    );
  });
});
