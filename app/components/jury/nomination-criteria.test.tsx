import { createRemixStub } from "@remix-run/testing";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { formDataToObject } from "~/forms/form-data";
import { WithLocale } from "../../../tests/setup/i18n";
import { NominationCriteria, type NominationItem } from "./nomination-criteria";

const vocal: NominationItem = {
  id: 3, name: "Вокал", discipline: "vocal", standard: [],
  criteria: [
    { id: 11, name: "Техника исполнения", nameKk: "", nameRu: "Техника исполнения", nameEn: "", maxScore: "10", weight: "1", scores: 24 },
    { id: 12, name: "Артистизм", nameKk: "", nameRu: "Артистизм", nameEn: "", maxScore: "10", weight: "1.5", scores: 0 },
  ],
};

describe("NominationCriteria", () => {
  it("explains that a scored criterion's scores go with it and asks before removing it", async () => {
    const onPost = vi.fn();
    const Stub = createRemixStub([
      {
        path: "/",
        Component: () => <NominationCriteria nomination={vocal} locale="ru" canCopy failure={{ intent: "removeCriterion", id: 11, refusal: "scored", count: 24 }} />,
        action: async ({ request }) => {
          onPost(formDataToObject(await request.formData()));
          return null;
        },
      },
    ]);
    render(<WithLocale locale="ru"><Stub /></WithLocale>);
    expect(await screen.findByRole("alert")).toHaveTextContent("По критерию «Техника исполнения» члены жюри уже выставили оценок: 24. Вместе с критерием будут удалены и они.");
    expect(screen.getByText("до 10, вес 1,5")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Поднять «Техника исполнения» выше" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Удалить вместе с оценками" }));
    await vi.waitFor(() => expect(onPost).toHaveBeenCalled());
    expect(onPost.mock.calls[0]![0]).toEqual({ criterionId: "11", confirm: "1", intent: "removeCriterion" });
  });
});
