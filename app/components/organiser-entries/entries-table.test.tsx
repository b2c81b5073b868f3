import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { EntryOrder } from "~/domain/entry-list";
import type { Locale } from "~/domain/locale";

import { WithLocale } from "../../../tests/setup/i18n";
import { EntriesTable, type EntryRowView } from "./entries-table";
import { StatusCounts } from "./status-counts";

const solo: EntryRowView = {
  id: 7,
  reference: "DR17-7K3M9Q",
  status: "waitlisted",
  format: "solo",
  nomination: "Вокал",
  ageGroup: { min: 7, max: 10 },
  club: "UNESCO Club «Shanyrak»",
  region: "Almaty",
  createdAt: "2026-11-30T20:30:00.000Z",
  performers: ["Серікова Ұлжан"],
  performerCount: 1,
  photoConsents: 1,
};
const choir: EntryRowView = {
  ...solo,
  id: 8,
  reference: "DR17-ABCDEF",
  status: "withdrawn",
  format: "ensemble",
  ageGroup: null,
  club: null,
  region: null,
  performers: ["Әбдірахманов Ерасыл", null, "Ахметова Аружан"],
  performerCount: 12,
  photoConsents: 9,
};

function renderTable(locale: Locale, order: EntryOrder = { sort: "nomination", dir: "asc" }) {
  const search = "?status=waitlisted&page=3";
  const Stub = createRemixStub([
    {
      path: "/organiser/events/1/entries",
      Component: () => (
        <EntriesTable
          entries={[solo, choir]}
          order={order}
          search={search}
          entryHref={(id) => `/organiser/events/1/entries/${id}${search}`}
          caption="Entries"
          locale={locale}
          timeZone="Asia/Almaty"
        />
      ),
    },
  ]);
  return render(
    <WithLocale locale={locale}>
      <Stub initialEntries={[`/organiser/events/1/entries${search}`]} />
    </WithLocale>,
  );
}

describe("EntriesTable", () => {
  it("gives each entry one row with its performers, club, region, photo consent and submission time", async () => {
    renderTable("en");
    const table = await screen.findByRole("table", { name: "Entries" });
    const [, first, second] = within(table).getAllByRole("row");
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole("cell")
        .map((c) => c.textContent);
    expect(within(first!).getByRole("rowheader")).toHaveTextContent("DR17-7K3M9Q");
    expect(cells(first!)).toEqual([
      "Серікова Ұлжан",
      "UNESCO Club «Shanyrak»",
      "Almaty",
      "Вокал",
      "Solo",
      "7–10 years",
      "Wait-list",
      "Yes",
      "01/12/2026 01:30",
      "Decide DR17-7K3M9Q",
    ]);
    // A choir names three and counts the rest; a missing region or club shows a dash.
    expect(cells(second!)).toEqual([
      "Әбдірахманов Ерасыл, Participant, Ахметова Аружан +9 more",
      "—",
      "—",
      "Вокал",
      "Ensemble",
      "—",
      "Withdrawn",
      "9 of 12",
      "01/12/2026 01:30",
      "Open DR17-ABCDEF",
    ]);
  });

  it("links each entry to its own page, keeping the table's filters for the way back", async () => {
    renderTable("en");
    const decide = await screen.findByRole("link", { name: "Decide DR17-7K3M9Q" });
    expect(decide).toHaveAttribute("href", "/organiser/events/1/entries/7?status=waitlisted&page=3");
    expect(screen.getByRole("link", { name: "DR17-ABCDEF" })).toHaveAttribute(
      "href",
      "/organiser/events/1/entries/8?status=waitlisted&page=3",
    );
  });

  it("marks the sorted column and links each sortable header to the other direction, from page one", async () => {
    renderTable("ru", { sort: "name", dir: "asc" });
    const sorted = await screen.findByRole("columnheader", { name: "Участники" });
    expect(sorted).toHaveAttribute("aria-sort", "ascending");
    expect(within(sorted).getByRole("link")).toHaveAttribute("href", expect.stringContaining("sort=name&dir=desc"));
    expect(within(sorted).getByRole("link").getAttribute("href")).not.toContain("page=");
    const submitted = screen.getByRole("columnheader", { name: "Подана" });
    expect(submitted).not.toHaveAttribute("aria-sort");
    expect(within(submitted).getByRole("link")).toHaveAttribute(
      "href",
      expect.stringContaining("sort=submitted&dir=asc"),
    );
    // Columns that do not sort are plain headers.
    expect(within(screen.getByRole("columnheader", { name: "Регион" })).queryByRole("link")).toBeNull();
  });
});

describe("StatusCounts", () => {
  it("counts entries by status, each a link to that status from page one", async () => {
    const search = "?status=confirmed&page=3&sort=name";
    const Stub = createRemixStub([
      {
        path: "/",
        Component: () => (
          <StatusCounts
            byStatus={{ submitted: 0, confirmed: 10_000, waitlisted: 86, withdrawn: 0, rejected: 0 }}
            current="confirmed"
            search={search}
            locale="kk"
          />
        ),
      },
    ]);
    render(
      <WithLocale locale="kk">
        <Stub initialEntries={[`/${search}`]} />
      </WithLocale>,
    );
    const nav = await screen.findByRole("navigation", { name: "Күйі бойынша өтінімдер" });
    const links = within(nav).getAllByRole("link");
    expect(links.map((l) => l.textContent)).toEqual(["Барлығы 10\u00a0086", "Расталды 10\u00a0000", "Күту тізімі 86"]);
    expect(links[1]).toHaveAttribute("aria-current", "true");
    expect(links[0]).toHaveAttribute("href", "/?sort=name");
    expect(links[2]).toHaveAttribute("href", "/?status=waitlisted&sort=name");
  });
});
