import { createRemixStub } from "@remix-run/testing";
import { type ComponentType, createElement } from "react";
import { renderToString } from "react-dom/server";

import type { Locale } from "~/domain/locale";

import { WithLocale } from "../setup/i18n";

/**
 * A route's page as the server sends it, without the site's frame: its component rendered to HTML
 * from this loader data, and the data itself as the document carries it for hydration. `bytes` is
 * what the two weigh together in UTF-8.
 */
export function renderPage(
  Page: ComponentType,
  { path, url, loaderData, locale }: { path: string; url: string; loaderData: unknown; locale: Locale },
) {
  const Stub = createRemixStub([{ id: "page", path, Component: Page }]);
  // The stub's memory router runs links' layout effects, which React warns do nothing on a server
  // (Remix's own server router skips them): noise here, so that one warning is left out.
  const warn = console.error;
  console.error = (...args: unknown[]) => {
    if (!String(args[0]).includes("useLayoutEffect does nothing on the server")) warn(...args);
  };
  let html: string;
  try {
    html = renderToString(
      createElement(WithLocale, {
        locale,
        children: createElement(Stub, {
          initialEntries: [url],
          hydrationData: { loaderData: { page: loaderData } },
        }),
      }),
    );
  } finally {
    console.error = warn;
  }
  const json = JSON.stringify(loaderData);
  return { html, bytes: Buffer.byteLength(html, "utf8") + Buffer.byteLength(json, "utf8") };
}
