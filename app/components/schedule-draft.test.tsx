import { createRemixStub } from "@remix-run/testing";
import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ComponentProps } from "react";
import { describe, expect, it, vi } from "vitest";

import { formDataToObject } from "~/forms/form-data";

import { WithLocale } from "../../tests/setup/i18n";
import { type DraftSlotView, type EditorView, ScheduleDraft } from "./schedule-draft";
import { ScheduleGenerate } from "./schedule-generate";
import { SchedulePublished } from "./schedule-unplaced";

const stages = [{ id: 1, name: "Main stage", nameKk: "", nameRu: "", nameEn: "Main stage", venue: "", windows: [] }];
const overlap = { key: "double_booking_overlap", vars: { a: "«Aldi»", b: "«Koktem»", stage: "Main stage" } };
const slot = (
  entryId: number,
  position: number,
  time: string,
  label: string,
  conflicts = [overlap],
): DraftSlotView => ({
  entryId,
  stageId: 1,
  date: "2026-12-10",
  time,
  endTime: "10:05",
  label,
  panelKey: "1:1",
  nomination: "Vocal",
  ageGroup: { min: 7, max: 10 },
  position,
  reference: `SH26-00000${entryId}`,
  conflicts,
});
const view: EditorView = {
  days: ["2026-12-10"],
  date: "2026-12-10",
  stageId: 1,
  page: 2,
  pages: 3,
  offset: 100,
  total: 250,
  highlight: null,
};

function renderDraft(props: Partial<ComponentProps<typeof ScheduleDraft>> = {}) {
  const onPost = vi.fn();
  const Stub = createRemixStub([
    {
      path: "/",
      Component: () => (
        <ScheduleDraft
          roundId={7}
          stages={stages}
          view={view}
          failed={null}
          draft={{
            stamp: "2-abc",
            slots: [slot(1, 101, "10:00", "«Aldi»"), slot(2, 102, "10:00", "«Koktem»")],
            conflictCount: 1,
            conflicts: [{ ...overlap, at: { position: 101, entryId: 1 } }],
          }}
          {...props}
        />
      ),
      action: async ({ request }) => {
        onPost(formDataToObject(await request.formData()), new URL(request.url).search);
        return null;
      },
    },
  ]);
  const rendered = render(
    <WithLocale locale="en">
      <Stub />
    </WithLocale>,
  );
  return { ...rendered, onPost };
}

describe("ScheduleDraft", () => {
  it("lists a double booking at the top and by both slots, and posts a move back to the same page", async () => {
    const { container, onPost } = renderDraft();
    expect(await screen.findByText("Conflicts: 1")).toBeInTheDocument();
    expect(screen.getAllByText("«Aldi» and «Koktem» overlap on Main stage.")).toHaveLength(3);
    expect(screen.getByRole("link", { name: "No. 101" })).toHaveAttribute("href", "/?round=7&at=101#slot-1");
    expect(screen.getByLabelText("Publish despite the conflicts")).toBeInTheDocument();

    const first = container.querySelector<HTMLElement>('[data-entry="2"]')!;
    expect(within(first).getByText("No. 102")).toBeInTheDocument();
    await userEvent.click(within(first).getByText("Move · Swap"));
    const time = within(first).getByLabelText("Start");
    fireEvent.change(time, { target: { value: "10:30" } });
    await userEvent.click(within(first).getByRole("button", { name: "Move" }));
    await vi.waitFor(() => expect(onPost).toHaveBeenCalled());
    expect(onPost.mock.calls[0]![0]).toMatchObject({
      intent: "move",
      roundId: "7",
      entryId: "2",
      stageId: "1",
      date: "2026-12-10",
      time: "10:30",
    });
    expect(onPost.mock.calls[0]![1]).toBe("?round=7&day=2026-12-10&stage=1&page=2");
  });

  it("marks in words the slots that must not be filmed, and only those (draft and published)", async () => {
    const slots = [{ ...slot(1, 101, "10:00", "«Aldi»"), noPhotoVideo: true }, slot(2, 102, "10:05", "«Koktem»")];
    const { container } = renderDraft({ draft: { stamp: "2-abc", slots, conflictCount: 0, conflicts: [] } });
    await screen.findByText("No. 101");
    expect(within(container.querySelector<HTMLElement>('[data-entry="1"]')!).getByText("No photo/video")).toBeVisible();
    expect(within(container.querySelector<HTMLElement>('[data-entry="2"]')!).queryByText("No photo/video")).toBeNull();

    render(
      <WithLocale locale="kk">
        <SchedulePublished
          published={{ publishedAt: "09.12.2026 18:00", slots, total: 2 }}
          view={view}
          stages={stages}
        />
      </WithLocale>,
    );
    expect(screen.getAllByText("Фото/бейнесіз")).toHaveLength(1);
  });

  it("shows one stage's day a page at a time, with no list of the other slots by each slot", async () => {
    const { container } = renderDraft();
    expect(await screen.findByRole("heading", { name: "Main stage, 10.12.2026: 101–102 of 250" })).toBeInTheDocument();
    expect(container.querySelectorAll("select")).toHaveLength(2); // one stage list per move form, nothing more
    const pages = screen.getByRole("navigation", { name: "Pages of the running order" });
    expect(within(pages).getByText(/Page 2 of 3/)).toBeInTheDocument();
    expect(within(pages).getByRole("link", { name: "← Previous" })).toHaveAttribute(
      "href",
      "/?round=7&day=2026-12-10&stage=1",
    );
    expect(within(pages).getByRole("link", { name: "Next →" })).toHaveAttribute(
      "href",
      "/?round=7&day=2026-12-10&stage=1&page=3",
    );
  });

  it("swaps with, or moves into the place of, a slot named by its number, sending the page's stamp", async () => {
    const { container, onPost } = renderDraft();
    const second = container.querySelector<HTMLElement>('[data-entry="2"]')!;
    await userEvent.click(within(second).getByText("Move · Swap"));
    const other = within(second).getByLabelText("Another slot: its No., or a reference, performer or title");
    await userEvent.type(other, "#101");
    await userEvent.click(within(second).getByRole("button", { name: "Swap" }));
    await vi.waitFor(() => expect(onPost).toHaveBeenCalledTimes(1));
    expect(onPost.mock.calls[0]![0]).toEqual({
      intent: "swap",
      roundId: "7",
      entryId: "2",
      stamp: "2-abc",
      other: "#101",
    });
    await userEvent.click(within(second).getByRole("button", { name: "Move into its place" }));
    await vi.waitFor(() => expect(onPost).toHaveBeenCalledTimes(2));
    expect(onPost.mock.calls[1]![0]).toMatchObject({ intent: "moveTo", entryId: "2", other: "#101" });
  });

  it("keeps what was typed and lists the slots a search could not tell apart, by their numbers", async () => {
    const { container } = renderDraft({
      named: {
        intent: "swap",
        id: 1,
        values: { other: "Aruzhan" },
        errors: { other: { message: "schedule.target.many" } },
        vars: { query: "Aruzhan", count: 12 },
        candidates: [
          {
            position: 7,
            entryId: 9,
            date: "2026-12-11",
            time: "12:40",
            stage: "Small stage",
            label: "«Dos» (Aruzhan Test)",
            reference: "SH26-000009",
          },
        ],
      },
    });
    const first = container.querySelector<HTMLElement>('[data-entry="1"]')!;
    expect(first.querySelector("details")!.open).toBe(true);
    expect(within(first).getByDisplayValue("Aruzhan")).toBeInTheDocument();
    expect(within(first).getByRole("alert")).toHaveTextContent(
      "12 slots match “Aruzhan”: enter the No. of the one you mean.",
    );
    expect(within(first).getByText(/11\.12\.2026 12:40 · Small stage · «Dos» \(Aruzhan Test\)/)).toBeInTheDocument();
    expect(
      within(first).getByText("Only the first 1 are listed: add a word to narrow the search."),
    ).toBeInTheDocument();
  });

  it("opens the first ten conflicts, keeps the rest sent behind a summary, and counts those not sent", async () => {
    const conflicts = Array.from({ length: 12 }, (_, i) => ({
      key: "off_grid",
      vars: { a: `«Piece ${i + 1}»` },
      at: { position: i + 1, entryId: i + 1 },
    }));
    renderDraft({
      draft: { stamp: "0-0", slots: [], conflictCount: 60, conflicts },
    });
    expect(await screen.findByText("Conflicts: 60")).toBeInTheDocument();
    const more = screen.getByText("Show 2 more");
    expect(more.closest("details")!.open).toBe(false);
    expect(more.closest("details")).toHaveTextContent("«Piece 12» does not start and end on a whole minute. No. 12");
    expect(screen.getByText(/^The first 12 are listed here\./)).toBeInTheDocument();
    expect(screen.getByText("Nothing is placed on this stage on this day.")).toBeInTheDocument();
  });
});

describe("ScheduleGenerate", () => {
  it("lets the browser post any whole number and shows the server's refusal by the field, with what was typed", () => {
    const Stub = createRemixStub([
      {
        path: "/",
        Component: () => (
          <ScheduleGenerate
            roundId={7}
            options={{ changeoverMinutes: 5, minGapMinutes: 15, ageOrder: "younger" }}
            failed={{
              intent: "generate",
              id: null,
              values: { changeoverMinutes: "2.5", minGapMinutes: "15" },
              errors: { changeoverMinutes: { message: "schedule.errors.wholeMinutes" } },
            }}
          />
        ),
      },
    ]);
    render(
      <WithLocale locale="en">
        <Stub />
      </WithLocale>,
    );
    const changeover = screen.getByLabelText("Changeover, minutes");
    expect(changeover).toHaveValue(2.5);
    expect(changeover).toHaveAttribute("step", "1");
    expect(changeover).toHaveAccessibleDescription(/whole number of minutes, 0 or more/);
  });
});
