import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { WithLocale } from "../../tests/setup/i18n";
import { ChildFields } from "./child-fields";

const clubs = [{ id: 3, name: "UNESCO Club «Ertis»", city: "pavlodar" }];

describe("a child's form", () => {
  it("shows a typed town as typed, with its region and country, in Kazakh", () => {
    render(
      <WithLocale locale="kk">
        <ChildFields
          values={{ lastName: "Жақсыбекова", city: "other", town: "Ақсу", region: "pavlodar", country: "KZ" }}
          clubs={clubs}
          maxBirthDate="2026-12-07"
        />
      </WithLocale>,
    );
    expect(screen.getByLabelText("Басқа қала")).toHaveProperty("value", "Ақсу");
    const region = screen.getByLabelText("Өңір") as HTMLSelectElement;
    expect(region.value).toBe("pavlodar");
    expect(region.selectedOptions[0]!.textContent).toBe("Павлодар облысы");
    expect((screen.getByLabelText("Ел") as HTMLSelectElement).value).toBe("KZ");
    expect(screen.getByText("Тек «Басқа қала» үшін: қалай жазылса, солай жазыңыз.")).toBeTruthy();
  });

  it("marks a missing region by the field, in Russian", () => {
    render(
      <WithLocale locale="ru">
        <ChildFields
          values={{ city: "other", town: "Ақсу" }}
          errors={{ region: { message: "errors.choose" } }}
          clubs={clubs}
          maxBirthDate="2026-12-07"
        />
      </WithLocale>,
    );
    const region = screen.getByLabelText("Регион");
    expect(region.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(region.getAttribute("aria-describedby")!.split(" ").at(-1)!)?.textContent).toMatch(
      /Выберите/,
    );
  });
});
