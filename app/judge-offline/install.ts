import type { LinksFunction, MetaDescriptor } from "@remix-run/node";

/*
 * The judge's screen as an installable app: a tablet adds /judge to its home screen and opens it
 * full screen. The manifest's scope is the service worker's ("/judge", public/judge-sw.js), so the
 * installed app and the offline copy cover the same pages.
 */

export const JUDGE_APP_SCOPE = "/judge";
export const JUDGE_THEME_COLOR = "#0b6e6e";
export const JUDGE_ICONS = [
  { src: "/icons/judge.svg", sizes: "any", type: "image/svg+xml" },
  { src: "/icons/judge-192.png", sizes: "192x192", type: "image/png" },
  { src: "/icons/judge-512.png", sizes: "512x512", type: "image/png" },
] as const;

/** The judge pages' `links`: the manifest and the icon a home screen shows. */
export const judgeAppLinks: LinksFunction = () => [
  { rel: "manifest", href: "/judge.webmanifest" },
  { rel: "apple-touch-icon", href: "/icons/judge-192.png" },
];

/** The judge pages' extra `meta`: the colour of the app's title bar. */
export const judgeAppMeta: MetaDescriptor[] = [{ name: "theme-color", content: JUDGE_THEME_COLOR }];

/** The web app manifest in the reader's language. */
export function judgeManifest(t: (key: string) => string, lang: string) {
  return {
    name: t("judge.appName"),
    short_name: t("judge.appShortName"),
    description: t("judge.lead"),
    lang,
    start_url: JUDGE_APP_SCOPE,
    scope: JUDGE_APP_SCOPE,
    display: "standalone",
    orientation: "any",
    background_color: "#ffffff",
    theme_color: JUDGE_THEME_COLOR,
    icons: JUDGE_ICONS.map((icon) => ({ ...icon, purpose: "any maskable" })),
  };
}
