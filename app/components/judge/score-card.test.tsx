import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { WithLocale } from "../../../tests/setup/i18n";
import { JudgeSheet } from "./judge-sheet";
import type { SheetCriterion, SheetEntry } from "./score-card";
import { queueStorageKey, SendError, type KeyValueStore, type ScoreOutcome, type Send } from "./score-queue";

const criteria: SheetCriterion[] = [
  { id: 11, name: "Technique", maxScore: 10, weight: 1 },
  { id: 12, name: "Artistry", maxScore: 10, weight: 2 },
];
const entry = (fields: Partial<SheetEntry & { scores: Record<number, { value: number }> }> = {}) => ({
  entryId: 5, number: 3, reference: "TOI-5", title: "Aldi", format: "solo" as const, duration: "3:00", videoUrl: "https://video.example.kz/aldi",
  artworkUrl: null, performers: ["Seitkali Aruzhan"], club: "Shabyt", ageGroup: { min: 7, max: 10 }, time: "10:05", locked: false, scores: {}, ...fields,
});

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const techniqueInput = () => screen.getByRole("textbox", { name: /Technique/ });

const accepting: Send = async (items) =>
  items.map((i): ScoreOutcome => ({ roundId: i.roundId, entryId: i.entryId, criterionId: i.criterionId, version: i.version, status: "accepted" }));

function renderSheet(send: Send, storage = memoryStore(), entries = [entry()]) {
  render(
    <WithLocale locale="en">
      <JudgeSheet judgeId={9} roundId={2} criteria={criteria} entries={entries} locale="en" showAgeGroups={false} formAction="/judge/panels/1" send={send} storage={storage} />
    </WithLocale>,
  );
  return storage;
}

describe("the judge's score card", () => {
  it("shows the entry in running order with a video link that opens in a new tab", async () => {
    renderSheet(accepting);
    const card = screen.getByRole("article", { name: "No. 3" });
    expect(within(card).getByText("Seitkali Aruzhan")).toBeInTheDocument();
    const video = within(card).getByRole("link", { name: /Watch the video/ });
    expect(video).toHaveAttribute("target", "_blank");
    expect(video).toHaveAttribute("rel", "noopener noreferrer");
    expect(techniqueInput()).toHaveAttribute("inputmode", "decimal");
    // −/+ appear once JavaScript runs.
    expect(await within(card).findByRole("button", { name: "Technique: higher" })).toBeInTheDocument();
  });

  it("saves a typed value at once and shows the weighted total", async () => {
    const send = vi.fn(accepting);
    renderSheet(send);
    const user = userEvent.setup();
    await screen.findByRole("button", { name: "Technique: higher" });
    await user.type(techniqueInput(), "8,5");
    await user.click(screen.getByRole("button", { name: "Artistry: higher" }));
    await user.click(screen.getByRole("button", { name: "Artistry: higher" }));
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("Saved"));
    const sent = send.mock.calls.flatMap(([items]) => items);
    expect(sent.at(-1)).toMatchObject({ roundId: 2, entryId: 5, criterionId: 12, value: 1 });
    expect(sent.filter((i) => i.criterionId === 11).at(-1)).toMatchObject({ value: 8.5 });
    // 8.5 × 1 + 1 × 2 of 10 × 1 + 10 × 2
    expect(screen.getByText("Total: 10.5 of 30")).toBeInTheDocument();
    expect(screen.getByText("Scored: 1 of 1")).toBeInTheDocument();
  });

  it("says an out-of-scale value is not saved, and sends nothing", async () => {
    const send = vi.fn(accepting);
    renderSheet(send);
    const user = userEvent.setup();
    await screen.findByRole("button", { name: "Technique: higher" });
    await user.type(techniqueInput(), "11");
    expect(screen.getByText("Enter a number from 0 to 10.")).toBeInTheDocument();
    expect(techniqueInput()).toHaveAttribute("aria-invalid", "true");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(send.mock.calls.flatMap(([items]) => items).every((i) => i.value !== 11)).toBe(true);
  });

  it("keeps the score on the device and shows the offline banner when sending fails", async () => {
    const send = vi.fn<Send>(async () => {
      throw new SendError("offline");
    });
    const storage = renderSheet(send);
    const user = userEvent.setup();
    await screen.findByRole("button", { name: "Technique: higher" });
    await user.type(techniqueInput(), "7");
    expect(await screen.findByText("Offline — scores waiting on this device: 1. They will be sent when the connection returns.")).toBeInTheDocument();
    expect(screen.getByText("Waiting to send")).toBeInTheDocument();
    expect(JSON.parse(storage.getItem(queueStorageKey(9))!)).toMatchObject([{ entryId: 5, criterionId: 11, value: 7 }]);
  });

  it("shows what waits on the device over what the server sent, after a reload", async () => {
    const storage = memoryStore();
    storage.setItem(queueStorageKey(9), JSON.stringify([{ roundId: 2, entryId: 5, criterionId: 11, value: 9.5, version: 5 }]));
    renderSheet(async () => {
      throw new SendError("offline");
    }, storage, [entry({ scores: { 11: { value: 6 } } })]);
    await waitFor(() => expect(techniqueInput()).toHaveValue("9.5"));
    expect(await screen.findByText(/Offline/)).toBeInTheDocument();
  });

  it("shows the reason when the server refuses a score", async () => {
    const send: Send = async (items) => items.map((i): ScoreOutcome => ({ roundId: i.roundId, entryId: i.entryId, criterionId: i.criterionId, version: i.version, status: "refused", reason: "locked" }));
    renderSheet(send);
    const user = userEvent.setup();
    await screen.findByRole("button", { name: "Technique: higher" });
    await user.type(techniqueInput(), "5");
    expect(await screen.findByText("Not saved: the results are locked")).toBeInTheDocument();
    expect(techniqueInput()).toBeDisabled();
  });
});
