import fs from "node:fs";
import path from "node:path";

import sharp from "sharp";
import { describe, expect, test } from "vitest";

import * as homeRoute from "~/routes/judge._index";
import * as panelRoute from "~/routes/judge.panels.$assignmentId";
import { loader } from "~/routes/judge[.]webmanifest";

import { JUDGE_APP_SCOPE, JUDGE_ICONS } from "./install";

const publicDir = path.resolve(__dirname, "../../public");
const manifestIn = async (lang: string) => {
  const res = await loader({
    request: new Request("http://toi.test/judge.webmanifest", { headers: { "Accept-Language": lang } }),
    params: {},
    context: {} as never,
  });
  return { res, body: (await res.json()) as Record<string, unknown> & { icons: { src: string; sizes: string }[] } };
};

describe("the judge's screen as an installable app", () => {
  test("serves a manifest in the reader's language, scoped like the offline worker", async () => {
    const { res, body } = await manifestIn("kk");
    expect(res.headers.get("Content-Type")).toMatch(/^application\/manifest\+json/);
    expect(body).toMatchObject({
      name: "Той — қазылар алқасы",
      short_name: "Той қазы",
      lang: "kk",
      start_url: "/judge",
      scope: "/judge",
      display: "standalone",
    });
    // The service worker registers with this scope (app/judge-offline/offline.ts): the installed
    // app must open inside it to work offline.
    const offline = fs.readFileSync(path.join(__dirname, "offline.ts"), "utf8");
    expect(offline).toContain(`const SCOPE = "${JUDGE_APP_SCOPE}";`);
    expect((await manifestIn("en")).body.name).toBe("Toi — judging");
  });

  test("has an SVG icon and PNG icons of the sizes it names", async () => {
    const { body } = await manifestIn("ru");
    expect(body.icons.map((i) => i.sizes)).toEqual(["any", "192x192", "512x512"]);
    for (const icon of JUDGE_ICONS) {
      const file = path.join(publicDir, icon.src);
      expect(fs.existsSync(file), icon.src).toBe(true);
      if (icon.type !== "image/png") continue;
      const { width, height, format } = await sharp(file).metadata();
      expect(`${width}x${height}`).toBe(icon.sizes);
      expect(format).toBe("png");
    }
  });

  test("every judge page links the manifest and sets a theme colour", () => {
    for (const route of [homeRoute, panelRoute]) {
      expect(route.links()).toContainEqual({ rel: "manifest", href: "/judge.webmanifest" });
      const meta = route.meta({ matches: [], data: undefined } as never);
      expect(meta).toContainEqual({ name: "theme-color", content: "#0b6e6e" });
    }
  });
});
