import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { ReviewView } from "~/.server/results/review-page.server";
import { ResultsMatrix } from "~/routes/organiser.events.$id_.results_.$sectionId/results-matrix";

import { WithLocale } from "../../tests/setup/i18n";

const entry = (entryId: number, title: string, noPhotoVideo: boolean): ReviewView["entries"][number] => ({
  entryId,
  reference: `SH26-0000${entryId}`,
  title,
  performers: [`Seitkali ${title}`],
  club: null,
  noPhotoVideo,
  result: null,
  sheets: [],
  specialPrizes: [],
});

const view: ReviewView = {
  eventId: 1,
  sectionId: 2,
  locked: false,
  frozen: false,
  chairDecides: false,
  criteria: [],
  judges: [],
  entries: [entry(1, "Aldi", true), entry(2, "Koktem", false)],
  ties: [],
};

describe("the organiser's results review", () => {
  it("marks in words an entry a performer of which has no photo/video consent, and no other (ru)", async () => {
    const Stub = createRemixStub([{ path: "/", Component: () => <ResultsMatrix view={view} /> }]);
    render(
      <WithLocale locale="ru">
        <Stub />
      </WithLocale>,
    );
    await screen.findByText("Aldi");
    const row = (title: string) => screen.getByText(title).closest("tr")!;
    expect(within(row("Aldi")).getByText("Без фото и видео")).toBeVisible();
    expect(within(row("Koktem")).queryByText("Без фото и видео")).toBeNull();
  });
});
