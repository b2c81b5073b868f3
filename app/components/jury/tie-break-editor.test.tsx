import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";

import { applyRulesIntent, type RulesFormValues } from "~/forms/rules-intents";

import { WithLocale } from "../../../tests/setup/i18n";
import { TieBreakEditor } from "./tie-break-editor";

function Editor({ initial }: { initial: string[] }) {
  const [value, setValue] = useState(initial);
  return (
    <form>
      <TieBreakEditor value={value} onChange={setValue} />
    </form>
  );
}

const posted = (container: HTMLElement) =>
  [...container.querySelectorAll<HTMLInputElement>('input[type="hidden"][name^="tieBreaks."]')].map((i) => [
    i.name,
    i.value,
  ]);

describe("TieBreakEditor", () => {
  it("reorders, removes and adds tie-breaks in place, keeping keyboard focus on the moved item", async () => {
    const user = userEvent.setup();
    const { container } = render(
      <WithLocale locale="en">
        <Editor initial={["median", "first_criterion", "chair"]} />
      </WithLocale>,
    );
    expect(posted(container)).toEqual([
      ["tieBreaks.0", "median"],
      ["tieBreaks.1", "first_criterion"],
      ["tieBreaks.2", "chair"],
    ]);
    expect(screen.getByRole("button", { name: "Move «Higher median» up" })).toBeDisabled();

    await user.click(screen.getByRole("button", { name: "Move «Higher first criterion» up" }));
    expect(posted(container).map(([, v]) => v)).toEqual(["first_criterion", "median", "chair"]);
    // It is first now, so "up" is disabled and focus moves to its "down" button.
    expect(screen.getByRole("button", { name: "Move «Higher first criterion» down" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(posted(container).map(([, v]) => v)).toEqual(["median", "first_criterion", "chair"]);

    await user.click(screen.getByRole("button", { name: "Remove «Chair's decision»" }));
    expect(posted(container).map(([, v]) => v)).toEqual(["median", "first_criterion"]);
    const add = screen.getByLabelText("Add a tie-break");
    expect(add).toHaveFocus();
    expect(
      within(add)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["Higher mean", "Chair's decision"]);
    await user.selectOptions(add, "chair");
    await user.click(screen.getByRole("button", { name: "Add" }));
    expect(posted(container).map(([, v]) => v)).toEqual(["median", "first_criterion", "chair"]);
  });

  it("says so when the chain is empty, in Kazakh too", () => {
    render(
      <WithLocale locale="kk">
        <TieBreakEditor value={[]} />
      </WithLocale>,
    );
    expect(
      screen.getByText("Қосымша көрсеткіштер жоқ: тең сомалар төмендегі ереже бойынша шешіледі."),
    ).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Қосу" })).toHaveAttribute("value", "tie-add");
  });

  it("without JavaScript its buttons post an intent that the server applies the same way", () => {
    render(
      <WithLocale locale="en">
        <TieBreakEditor value={["median", "chair"]} />
      </WithLocale>,
    );
    expect(screen.getByRole("button", { name: "Move «Chair's decision» up" })).toHaveAttribute("value", "tie-up-1");
    const values: RulesFormValues = {
      aggregation: "mean",
      tieBreaks: ["median", "chair"],
      sharedPlaces: true,
      awardMode: "bands",
      bands: [{ award: "laureate_1", minPercent: "90" }],
      grandPrixAcrossAgeGroups: false,
      grandPrixMinPercent: "",
    };
    expect(applyRulesIntent(values, "tie-up-1")!.tieBreaks).toEqual(["chair", "median"]);
    expect(applyRulesIntent(values, "tie-remove-0")!.tieBreaks).toEqual(["chair"]);
    expect(applyRulesIntent(values, "tie-add", "first_criterion")!.tieBreaks).toEqual([
      "median",
      "chair",
      "first_criterion",
    ]);
    expect(applyRulesIntent(values, "tie-add", "median")!.tieBreaks).toEqual(["median", "chair", "mean"]);
    expect(applyRulesIntent(values, "band-add")!.bands).toEqual([
      { award: "laureate_1", minPercent: "90" },
      { award: "laureate_2", minPercent: "" },
    ]);
    expect(applyRulesIntent(values, "band-remove-0")!.bands).toEqual([]);
    expect(applyRulesIntent(values, "save")).toBeNull();
  });
});
