import type { LoaderFunction } from "@remix-run/node";
import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";

import { LOCALES } from "~/domain/locale";
import Privacy from "~/routes/privacy";

import { WithLocale } from "../../tests/setup/i18n";
import { SiteFooter, SiteHeader } from "./site-chrome";

function renderAt(locale: (typeof LOCALES)[number], node: ReactNode, loader?: LoaderFunction) {
  const Stub = createRemixStub([{ path: "/", Component: () => <>{node}</>, loader }]);
  return render(
    <WithLocale locale={locale}>
      <Stub />
    </WithLocale>,
  );
}

describe("the federation's identity", () => {
  it("marks the header with the SVG logo and the federation's name, not a generic symbol", () => {
    const { container } = renderAt("en", <SiteHeader locale="en" user={null} returnTo="/" />);
    const brand = screen.getByRole("link", { name: "Toi — Kazakhstan National Federation of UNESCO Clubs" });
    expect(brand.querySelector("svg.logo-mark")).not.toBeNull();
    expect(container.textContent).not.toContain("◎");
  });

  it.each(LOCALES)("links the about, contact and privacy pages from the footer (%s)", (locale) => {
    renderAt(locale, <SiteFooter />);
    const links = within(screen.getByRole("contentinfo")).getAllByRole("link");
    expect(links.map((a) => a.getAttribute("href"))).toEqual(["/about", "/contact", "/privacy"]);
  });

  it.each(LOCALES)(
    "gives a privacy notice in %s: what, why, who, how long, export and deletion, under the Law",
    async (locale) => {
      renderAt(locale, <Privacy />, () => ({ emailRetentionDays: 45 }));
      expect(await screen.findAllByRole("heading", { level: 2 })).toHaveLength(7);
      // The retention this deployment is set to.
      expect(document.body.textContent).toMatch(/45/);
      expect(screen.getByText(/94-V/)).toBeInTheDocument();
      expect(document.body.textContent).not.toMatch(/privacy\.sections/);
    },
  );
});
