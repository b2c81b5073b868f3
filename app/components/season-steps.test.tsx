import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";

import type { EntryJourney } from "~/.server/registration/entry-journey.server";
import type { Locale } from "~/domain/locale";

import { WithLocale } from "../../tests/setup/i18n";
import { EntryJourneyCard } from "./entry-journey";
import { type SeasonRound, type SeasonStep, SeasonSteps } from "./season-steps";

const round = (id: number, fields: Partial<SeasonRound>): SeasonRound => ({
  id,
  kind: "heat",
  regions: [],
  towns: [],
  city: null,
  venue: "",
  venueLang: "kk",
  startsOn: null,
  endsOn: null,
  hasProgramme: false,
  hasResults: false,
  ...fields,
});

const season: SeasonStep[] = [
  { number: 1, kind: "remote", rounds: [round(1, { kind: "remote", startsOn: "2025-02-01", endsOn: "2025-03-15" })] },
  {
    number: 2,
    kind: "heat",
    rounds: [
      round(2, { regions: ["pavlodar"], city: "pavlodar", hasProgramme: true, hasResults: true }),
      round(3, { regions: ["abai"], city: "semey" }),
      round(4, { regions: ["akmola", "astana"], city: "kokshetau" }),
    ],
  },
  {
    number: 3,
    kind: "final",
    rounds: [
      round(5, { kind: "final", city: "almaty", regions: ["almaty", "abai"] }),
      round(6, { kind: "final", city: "astana", regions: ["astana", "pavlodar"] }),
    ],
  },
];

function renderIn(locale: Locale, node: ReactNode) {
  const Stub = createRemixStub([{ path: "/", Component: () => node }]);
  return render(
    <WithLocale locale={locale}>
      <Stub />
    </WithLocale>,
  );
}

describe("SeasonSteps", () => {
  it("shows the selection, the heats by region in the reader's order, and the galas by city, in Kazakh", async () => {
    renderIn("kk", <SeasonSteps slug="planet" season={season} locale="kk" />);
    expect(await screen.findByRole("link", { name: "Сырттай іріктеу кезеңі" })).toHaveAttribute(
      "href",
      "/events/planet/rounds/1",
    );
    const heats = screen.getByRole("heading", { name: "Өңірлік кезеңдер" }).closest("li")!;
    expect(
      within(heats)
        .getAllByRole("link")
        .map((a) => a.textContent),
    ).toEqual(["Абай облысы", "Ақмола облысы және Астана", "Павлодар облысы"]);
    const pavlodar = within(heats).getByRole("link", { name: "Павлодар облысы" }).closest("li")!;
    expect(pavlodar).toHaveTextContent("Бағдарлама");
    expect(pavlodar).toHaveTextContent("Нәтижелер");
    const galas = screen.getByRole("heading", { name: "Гала-концерттер" }).closest("li")!;
    expect(
      within(galas)
        .getAllByRole("link")
        .map((a) => a.textContent),
    ).toEqual(["Алматы", "Астана"]);
  });
});

const journey = (fields: Partial<EntryJourney>): EntryJourney => ({
  ageGroup: { min: 7, max: 10 },
  round: {
    id: 2,
    kind: "heat",
    regions: ["pavlodar"],
    city: "pavlodar",
    venue: "Облыстық оқушылар сарайы",
    venueLang: "kk",
    startsOn: "2026-11-14",
    endsOn: "2026-11-14",
  },
  slot: null,
  next: { kind: "awaitProgramme", date: "2026-11-14" },
  timezone: "Asia/Almaty",
  ...fields,
});

describe("EntryJourneyCard", () => {
  it("names the heat, its date and venue, and says to wait for the running order", async () => {
    renderIn("en", <EntryJourneyCard journey={journey({})} eventSlug="planet" locale="en" />);
    expect(await screen.findByRole("link", { name: "Regional heat · Pavlodar Region" })).toHaveAttribute(
      "href",
      "/events/planet/rounds/2",
    );
    expect(screen.getByText("7–10 years")).toBeInTheDocument();
    expect(screen.getByText(/The round starts on 14 November 2026/)).toBeInTheDocument();
  });

  it("says where to come and when, in Russian, once the stage time is published", async () => {
    const startsAt = "2026-11-14T05:30:00.000Z";
    renderIn(
      "ru",
      <EntryJourneyCard
        journey={journey({
          slot: { startsAt, stage: "Большой зал", stageLang: "ru", stageVenue: "" },
          next: { kind: "come", startsAt },
        })}
        eventSlug="planet"
        locale="ru"
      />,
    );
    expect(
      await screen.findByText(/Приходите 14 ноября 2026 г\. к 10:30: Облыстық оқушылар сарайы, Большой зал\./),
    ).toBeInTheDocument();
  });
});
