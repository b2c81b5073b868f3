import { createRemixStub } from "@remix-run/testing";
import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { formDataToObject } from "~/forms/form-data";

import { WithLocale } from "../../tests/setup/i18n";
import { ScheduleDraft, type SlotView } from "./schedule-draft";

const stages = [{ id: 1, name: "Main stage", nameKk: "", nameRu: "", nameEn: "Main stage", venue: "", windows: [] }];
const slot = (entryId: number, time: string, label: string): SlotView => ({
  entryId,
  stageId: 1,
  date: "2026-12-10",
  time,
  endTime: "10:05",
  label,
  panelKey: "1:1",
  nomination: "Vocal",
  ageGroup: { min: 7, max: 10 },
});

describe("ScheduleDraft", () => {
  it("lists a double booking at the top and by both slots, and posts a move", async () => {
    const onPost = vi.fn();
    const Stub = createRemixStub([
      {
        path: "/",
        Component: () => (
          <ScheduleDraft
            roundId={7}
            stages={stages}
            failed={null}
            draft={{
              slots: [slot(1, "10:00", "«Aldi»"), slot(2, "10:00", "«Koktem»")],
              conflicts: [
                {
                  key: "double_booking_overlap",
                  entryIds: [1, 2],
                  vars: { a: "«Aldi»", b: "«Koktem»", stage: "Main stage" },
                },
              ],
            }}
          />
        ),
        action: async ({ request }) => {
          onPost(formDataToObject(await request.formData()));
          return null;
        },
      },
    ]);
    const { container } = render(
      <WithLocale locale="en">
        <Stub />
      </WithLocale>,
    );
    expect(await screen.findByText("Conflicts: 1")).toBeInTheDocument();
    expect(screen.getAllByText("«Aldi» and «Koktem» overlap on Main stage.")).toHaveLength(3);
    expect(screen.getByLabelText("Publish despite the conflicts")).toBeInTheDocument();

    const first = container.querySelector<HTMLElement>('[data-entry="2"]')!;
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
  });
});
