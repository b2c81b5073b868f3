import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { WithLocale } from "../../tests/setup/i18n";
import { ScheduleStages } from "./schedule-stages";

const stages = [
  { id: 1, name: "Үлкен зал", nameKk: "Үлкен зал", nameRu: "", nameEn: "", venue: "", windows: [] },
  { id: 2, name: "Кіші зал", nameKk: "Кіші зал", nameRu: "", nameEn: "", venue: "", windows: [] },
];

describe("ScheduleStages", () => {
  it("says by the stage what keeps it from being removed, and how to stop using it", async () => {
    const Stub = createRemixStub([
      {
        path: "/",
        Component: () => (
          <ScheduleStages
            roundId={7}
            stages={stages}
            failed={{
              intent: "removeStage",
              id: 1,
              values: {},
              errors: {},
              held: { draftSlots: 40, publishedSlots: 38 },
            }}
          />
        ),
      },
    ]);
    render(
      <WithLocale locale="kk">
        <Stub />
      </WithLocale>,
    );
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(
      "«Үлкен зал» сахнасын жоюға болмайды: онда өнер көрсету кезегінің жобасындағы нөмірлер (40) және жарияланған бағдарламадағы орындар (38) бар.",
    );
    expect(alert).toHaveTextContent("оны пайдалануға болатын уақытты жойыңыз");
    expect(within(alert.closest("article")!).getByRole("heading", { level: 3 })).toHaveTextContent("Үлкен зал");
  });
});
