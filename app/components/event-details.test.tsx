import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { Locale } from "~/domain/locale";

import { WithLocale } from "../../tests/setup/i18n";
import { EventDetails, type EventDetailsView } from "./event-details";

const event: EventDetailsView = {
  kind: "festival_contest",
  city: "almaty",
  title: "Финал фестиваля-конкурса «Дети в ритме мира»",
  titleLang: "ru",
  venue: "Алматы, Республиканский дворец школьников",
  description: "Заявки подали более 2000 детей.",
  descriptionLang: "ru",
  startsOn: "2017-10-10",
  endsOn: "2017-10-10",
  timezone: "Asia/Almaty",
  status: "published",
  isDemo: true,
  registration: "closed",
  registrationOpensAt: "2017-05-01T04:00:00.000Z",
  registrationClosesAt: "2017-08-31T18:00:00.000Z",
  ageReferenceDate: "2017-10-10",
  capacity: null,
  nominations: [
    {
      id: 1,
      name: "Вокал",
      nameLang: "ru",
      discipline: "vocal",
      entryKind: "live",
      maxDurationMinutes: 4,
      capacity: 30,
      formats: [
        { format: "solo", min: 1, max: 1 },
        { format: "ensemble", min: 3, max: 20 },
      ],
    },
  ],
  ageGroups: [
    { id: 1, min: 7, max: 10 },
    { id: 2, min: 11, max: 14 },
  ],
  rounds: [
    {
      id: 1,
      kind: "remote",
      city: null,
      venue: "",
      startsOn: "2017-05-01",
      endsOn: "2017-08-31",
      advanceRule: "top_n",
      advanceValue: 8,
    },
  ],
};

function renderIn(locale: Locale, view: EventDetailsView = event) {
  const Stub = createRemixStub([{ path: "/", Component: () => <EventDetails event={view} locale={locale} /> }]);
  return render(
    <WithLocale locale={locale}>
      <Stub />
    </WithLocale>,
  );
}

describe("EventDetails", () => {
  it("shows the event in Kazakh, keeping the Russian title marked as Russian", async () => {
    renderIn("kk");
    const title = await screen.findByRole("heading", { level: 1 });
    expect(title).toHaveTextContent("Дети в ритме мира");
    expect(title).toHaveAttribute("lang", "ru");
    expect(screen.getByText("2017 ж. 10 қазан")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Номинациялар" })).toBeInTheDocument();
    expect(screen.getByText("7–10 жас")).toBeInTheDocument();
    expect(screen.getByText("Тіркеу жабық")).toBeInTheDocument();
    expect(screen.getByText("Сырттай кезең")).toBeInTheDocument();
  });

  it("lists each nomination's formats, duration and places in English", async () => {
    renderIn("en");
    const nomination = (await screen.findByRole("heading", { name: "Вокал" })).closest("li")!;
    expect(within(nomination).getByText("Up to 4 min")).toBeInTheDocument();
    expect(within(nomination).getByText("Places: 30")).toBeInTheDocument();
    expect(within(nomination).getByText(/Ensemble/)).toHaveTextContent("Ensemble · 3–20 members");
    expect(screen.getByText("Closed 1 September 2017, 00:00")).toBeInTheDocument(); // 18:00 UTC was midnight in Almaty (UTC+6)
  });

  it("warns an organiser previewing a draft", async () => {
    renderIn("ru", { ...event, status: "draft" });
    expect(await screen.findByRole("status")).toHaveTextContent("Черновик");
  });

  it("says when nominations are not announced yet instead of showing an empty list", async () => {
    renderIn("ru", { ...event, nominations: [], ageGroups: [] });
    expect(await screen.findByText("Номинации скоро будут объявлены.")).toBeInTheDocument();
    expect(screen.getByText("Без возрастных ограничений.")).toBeInTheDocument();
  });
});
