import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { parseListQuery, SEAT_SHOWS, SEAT_SORTS } from "~/domain/academy/lists";

import { WithLocale } from "../../tests/setup/i18n";
import { AcademyChildren } from "./academy-children";
import { AcademyClassTable } from "./academy-class-table";
import { ListFilters, ListPager } from "./academy-lists";
import { AcademySettingsForm } from "./academy-settings-form";

function show(ui: React.ReactNode, locale: "kk" | "ru" | "en" = "en", url = "/") {
  const Stub = createRemixStub([{ path: "/*", Component: () => ui }]);
  render(
    <WithLocale locale={locale}>
      <Stub initialEntries={[url]} />
    </WithLocale>,
  );
}

const classes = [
  { id: 11, title: "Watercolour", teacher: "Айгүл", room: "101", sessions: [] },
  { id: 12, title: "Clay", teacher: "Нұрлан", room: "", sessions: [] },
];

describe("the academy's pages", () => {
  it("offers as many choices as the organiser allows, and says why a post with more was refused", async () => {
    show(
      <AcademyChildren
        locale="en"
        timezone="Asia/Almaty"
        maxRanks={3}
        classes={classes}
        allocated={false}
        children={[{ id: 7, name: "Сейітова Әйгерім", ranks: [12], allocated: [] }]}
        savedChildId={null}
        failed={{ childId: 7, errors: { ranks: { type: "custom", message: "academy.errors.tooManyChoices" } } }}
        busy={false}
      />,
    );
    const child = (await screen.findByRole("heading", { name: "Сейітова Әйгерім" })).closest("article")!;
    expect(within(child).getAllByRole("combobox")).toHaveLength(3);
    expect(within(child).getByText("Choices allowed: 3.")).toBeInTheDocument();
    expect(within(child).getByRole("alert")).toHaveTextContent("Too many choices: the organiser allows fewer.");
    expect(within(child).getByLabelText("Choice 1")).toHaveValue("12");
  });

  it("shows the academy settings in Kazakh, the last step by default, with a refused value and its error", async () => {
    show(
      <AcademySettingsForm
        settings={{ roundId: null, maxRanks: 5, maxClasses: null, rounds: [{ id: 3, step: 2, label: "Финал" }] }}
        values={{ roundId: "", maxRanks: "0", maxClasses: "" }}
        errors={{ maxRanks: { type: "too_small", message: "errors.tooSmall" } }}
      />,
      "kk",
    );
    const round = await screen.findByLabelText("Академия кезеңі");
    expect(round).toHaveValue("");
    expect(within(round).getByRole("option", { name: "2-кезең: Финал" })).toBeInTheDocument();
    expect(screen.getByLabelText("Бір балаға таңдау саны")).toHaveValue(0);
    expect(screen.getByLabelText("Бір балаға таңдау саны")).toHaveAttribute("aria-invalid", "true");
  });

  it("sorts the class list by links that keep the filters, and marks the sorted column", async () => {
    const query = parseListQuery(
      new URLSearchParams("sort=taken&dir=asc&show=open&q=clay"),
      ["start", "title", "teacher", "taken", "free"] as const,
      ["all", "open", "full", "empty"] as const,
    );
    show(
      <AcademyClassTable
        classes={[
          {
            id: 12,
            title: "Clay",
            teacher: "Нұрлан",
            room: "",
            capacity: 12,
            taken: 12,
            minAge: 12,
            maxAge: null,
            sessions: [],
          },
        ]}
        query={query}
        caption="Master classes, page 1 of 1"
        eventId={5}
        locale="en"
        timeZone="Asia/Almaty"
        busy={false}
      />,
      "en",
      "/organiser/events/5/classes?sort=taken&dir=asc&show=open&q=clay",
    );
    const taken = await screen.findByRole("link", { name: "Taken" });
    expect(taken.getAttribute("href")).toBe("/organiser/events/5/classes?sort=taken&dir=desc&show=open&q=clay");
    expect(taken.closest("th")).toHaveAttribute("aria-sort", "ascending");
    expect(screen.getByRole("link", { name: "Clay" })).toHaveAttribute(
      "href",
      "/organiser/events/5/classes/12/participants",
    );
    expect(screen.getByText("12 of 12 places")).toHaveClass("pill--full");
  });

  it("pages a class's participants with links that keep the filters, and labels each filter with its count", async () => {
    const query = parseListQuery(new URLSearchParams("show=fillUp&page=2"), SEAT_SORTS, SEAT_SHOWS);
    show(
      <>
        <ListFilters
          query={query}
          searchLabel="Name"
          shows={SEAT_SHOWS}
          showLabel={(s) => `${s} (${{ all: 1000, choice: 500, fillUp: 500 }[s]})`}
        />
        <ListPager page={2} pages={10} first={51} last={100} total={500} label="Participants: pages" locale="ru" />
      </>,
      "ru",
      "/organiser/events/5/classes/12/participants?show=fillUp&page=2",
    );
    expect(await screen.findByRole("option", { name: "fillUp (500)" })).toBeInTheDocument();
    const pager = screen.getByRole("navigation", { name: "Participants: pages" });
    expect(within(pager).getByRole("link", { name: /Назад/ })).toHaveAttribute(
      "href",
      "/organiser/events/5/classes/12/participants?show=fillUp",
    );
    expect(within(pager).getByRole("link", { name: /Далее/ })).toHaveAttribute(
      "href",
      "/organiser/events/5/classes/12/participants?show=fillUp&page=3",
    );
    expect(pager).toHaveTextContent("51–100 из 500");
  });
});
