import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { WithLocale } from "../../../tests/setup/i18n";
import { BarChart, ColumnChart } from "./bar-chart";

const rows = [
  { key: "1", label: "Вокал", lang: "ru", value: 300, more: ["120"] },
  { key: "2", label: "Хореография", lang: "ru", value: 150, more: ["—"] },
  { key: "3", label: "Домбыра", value: 0, more: ["5"] },
];

describe("server-drawn charts", () => {
  it("draws one bar per row, as long as its share of the largest, with no inline style", () => {
    const { container } = render(
      <WithLocale locale="kk">
        <BarChart id="c" title="Номинациялар" rows={rows} columns={["Номинация", "Өтінімдер", "Орын"]} empty="—" />
      </WithLocale>,
    );
    const bars = [...container.querySelectorAll("svg rect")];
    expect(bars.map((b) => b.getAttribute("width"))).toEqual(["100%", "50%", "0%"]);
    expect(container.querySelector("[style]")).toBeNull();
    // The picture is for the eye; the figure is named by its title.
    expect(container.querySelector(".bar-chart")).toHaveAttribute("aria-hidden", "true");
    expect(screen.getByRole("figure", { name: "Номинациялар" })).toBeInTheDocument();
  });

  it("has a table of the same numbers behind it, opened without JavaScript", async () => {
    render(
      <WithLocale locale="kk">
        <BarChart id="c" title="Номинациялар" rows={rows} columns={["Номинация", "Өтінімдер", "Орын"]} empty="—" />
      </WithLocale>,
    );
    const summary = screen.getByText("Кесте түрінде көрсету");
    expect(summary.tagName).toBe("SUMMARY");
    await userEvent.click(summary);
    const table = screen.getByRole("table", { name: "Номинациялар" });
    const body = within(table)
      .getAllByRole("row")
      .slice(1)
      .map((r) => [...r.querySelectorAll("th, td")].map((c) => c.textContent));
    expect(body).toEqual([
      ["Вокал", "300", "120"],
      ["Хореография", "150", "—"],
      ["Домбыра", "0", "5"],
    ]);
    expect(within(table).getByRole("rowheader", { name: "Вокал" })).toHaveAttribute("lang", "ru");
  });

  it("draws a column per day, the busiest full height, each named in a tooltip", () => {
    const { container } = render(
      <WithLocale locale="en">
        <ColumnChart
          id="d"
          title="Entries per day"
          columns={["Day", "Entries"]}
          points={[
            { day: "2026-11-02", value: 40 },
            { day: "2026-11-03", value: 0 },
            { day: "2026-11-04", value: 10 },
          ]}
          formatDay={(day) => day.slice(5)}
          empty="None yet"
        />
      </WithLocale>,
    );
    const svg = container.querySelector("svg")!;
    expect(svg.getAttribute("viewBox")).toBe("0 0 3 100");
    const columns = [...svg.querySelectorAll("rect")];
    expect(columns.map((c) => [c.getAttribute("height"), c.getAttribute("y")])).toEqual([
      ["100", "0"],
      ["0", "100"],
      ["25", "75"],
    ]);
    expect(columns.map((c) => c.querySelector("title")!.textContent)).toEqual(["11-02: 40", "11-03: 0", "11-04: 10"]);
    expect(container.querySelector("[style]")).toBeNull();
  });

  it("says so when there is nothing to draw", () => {
    const { container } = render(
      <WithLocale locale="en">
        <BarChart id="e" title="Entries by region" rows={[]} columns={["Region", "Entries"]} empty="No entries yet." />
      </WithLocale>,
    );
    expect(screen.getByText("No entries yet.")).toBeInTheDocument();
    expect(container.querySelector("svg, table")).toBeNull();
  });
});
