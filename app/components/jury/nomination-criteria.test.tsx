import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { NominationItem } from "~/.server/jury/criteria-page.server";
import { formDataToObject } from "~/forms/form-data";

import { WithLocale } from "../../../tests/setup/i18n";
import { NominationCriteria } from "./nomination-criteria";

const vocal: NominationItem = {
  id: 3,
  name: "Вокал",
  discipline: "vocal",
  standard: [],
  criteria: [
    {
      id: 11,
      name: "Техника исполнения",
      nameKk: "",
      nameRu: "Техника исполнения",
      nameEn: "",
      maxScore: "10",
      weight: "1",
      scores: 24,
    },
    {
      id: 12,
      name: "Артистизм",
      nameKk: "",
      nameRu: "Артистизм",
      nameEn: "",
      maxScore: "10",
      weight: "1.5",
      scores: 0,
    },
  ],
};

describe("NominationCriteria", () => {
  it("explains that a scored criterion's scores go with it and asks before removing it", async () => {
    const onPost = vi.fn();
    const Stub = createRemixStub([
      {
        path: "/",
        Component: () => (
          <NominationCriteria
            nomination={vocal}
            locale="ru"
            eventId={1}
            locked={[]}
            canCopy
            failure={{ intent: "removeCriterion", id: 11, refusal: "scored", count: 24 }}
          />
        ),
        action: async ({ request }) => {
          onPost(formDataToObject(await request.formData()));
          return null;
        },
      },
    ]);
    render(
      <WithLocale locale="ru">
        <Stub />
      </WithLocale>,
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "По критерию «Техника исполнения» члены жюри уже выставили оценок: 24. Вместе с критерием будут удалены и они.",
    );
    expect(screen.getByText("до 10, вес 1,5")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Поднять «Техника исполнения» выше" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Удалить вместе с оценками" }));
    await vi.waitFor(() => expect(onPost).toHaveBeenCalled());
    expect(onPost.mock.calls[0]![0]).toEqual({ criterionId: "11", confirm: "1", intent: "removeCriterion" });
  });
});

describe("the add-criterion form", () => {
  it("names the allowed range and moves focus to the first bad field when the browser finds an error", async () => {
    const onPost = vi.fn();
    const Stub = createRemixStub([
      {
        path: "/",
        Component: () => (
          <NominationCriteria nomination={vocal} locale="en" eventId={1} locked={[]} canCopy failure={null} />
        ),
        action: async ({ request }) => {
          onPost(formDataToObject(await request.formData()));
          return null;
        },
      },
    ]);
    render(
      <WithLocale locale="en">
        <Stub />
      </WithLocale>,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByText("Add a criterion", { selector: "summary" }));
    const form = screen.getByRole("button", { name: "Add a criterion" }).closest("form")!;
    const max = within(form).getByLabelText("Maximum score");
    const weight = within(form).getByLabelText("Weight");
    await user.type(within(form).getByLabelText("English"), "Technique");
    await user.clear(max);
    await user.type(max, "9.999");
    await user.clear(weight);
    await user.type(weight, "0.05");
    await user.click(within(form).getByRole("button", { name: "Add a criterion" }));
    expect(
      await within(form).findByText("Enter a number from 0.5 to 1000, with at most two decimals."),
    ).toBeInTheDocument();
    expect(within(form).getByText("Enter a number from 0.1 to 100, with at most two decimals.")).toBeInTheDocument();
    expect(max).toHaveFocus();
    expect(onPost).not.toHaveBeenCalled();
  });

  it("opens with the action's errors and focus on the first bad field when the server refused the form", async () => {
    const failure = {
      intent: "addCriterion",
      id: 3,
      values: { nameKk: "", nameRu: "", nameEn: "Technique", maxScore: "0.001", weight: "0.0001" },
      errors: {
        weight: { type: "custom", message: "jury.errors.weight" },
        maxScore: { type: "custom", message: "jury.errors.maxScore" },
      },
    };
    const Stub = createRemixStub([
      {
        path: "/",
        Component: () => (
          <NominationCriteria nomination={vocal} locale="en" eventId={1} locked={[]} canCopy failure={failure} />
        ),
      },
    ]);
    render(
      <WithLocale locale="en">
        <Stub />
      </WithLocale>,
    );
    const form = (await screen.findByRole("button", { name: "Add a criterion" })).closest("form")!;
    await vi.waitFor(() => expect(within(form).getByLabelText("Maximum score")).toHaveFocus());
    expect(within(form).getByText("Enter a number from 0.1 to 100, with at most two decimals.")).toBeInTheDocument();
  });
});

describe("a nomination whose results are locked", () => {
  it("says which results freeze its criteria, where to unlock them, and offers no change", async () => {
    const locked = [
      {
        roundId: 1,
        nominationId: 3,
        ageGroupId: 5,
        roundNumber: 2,
        roundKind: "final",
        nomination: "Вокал",
        ageGroup: { min: 7, max: 10 },
      },
      {
        roundId: 1,
        nominationId: 3,
        ageGroupId: 6,
        roundNumber: 2,
        roundKind: "final",
        nomination: "Вокал",
        ageGroup: { min: 11, max: 14 },
      },
    ];
    const Stub = createRemixStub([
      {
        path: "/",
        Component: () => (
          <NominationCriteria nomination={vocal} locale="en" eventId={4} locked={locked} canCopy failure={null} />
        ),
      },
    ]);
    render(
      <WithLocale locale="en">
        <Stub />
      </WithLocale>,
    );
    const note = await screen.findByText(/are locked, so the criteria of this nomination cannot change/);
    expect(note).toHaveTextContent(
      "Results of «Вокал» (Round 2: Final): 7–10 years, 11–14 years are locked, so the criteria of this nomination cannot change.",
    );
    expect(within(note).getByRole("link", { name: "Unlock them on the results page first." })).toHaveAttribute(
      "href",
      "/organiser/events/4/results",
    );
    for (const name of ["Move «Артистизм» up", "Remove «Артистизм»"])
      expect(screen.getByRole("button", { name })).toBeDisabled();
    expect(screen.queryByText("Add a criterion", { selector: "summary" })).toBeNull();
    for (const save of screen.getAllByRole("button", { name: "Save", hidden: true })) expect(save).toBeDisabled();
  });
});
