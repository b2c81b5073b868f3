import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { SheetCriterion, SheetEntry } from "~/.server/judging/judge-sheet.server";
import {
  type KeyValueStore,
  type QueuedScore,
  queueStorageKey,
  type ScoreOutcome,
  type Send,
  SendError,
} from "~/judge-offline/score-queue";

import { WithLocale } from "../../../tests/setup/i18n";
import { JudgeSheet } from "./judge-sheet";

const criteria: SheetCriterion[] = [
  { id: 11, name: "Technique", maxScore: 10, weight: 1 },
  { id: 12, name: "Artistry", maxScore: 10, weight: 2 },
];
const entry = (fields: Partial<SheetEntry & { scores: Record<number, { value: number }> }> = {}) => ({
  entryId: 5,
  number: 3,
  reference: "TOI-5",
  title: "Aldi",
  format: "solo" as const,
  duration: "3:00",
  videoUrl: "https://video.example.kz/aldi",
  artworkUrl: null,
  performers: ["Seitkali Aruzhan"],
  club: "Shabyt",
  ageGroup: { min: 7, max: 10 },
  time: "10:05",
  locked: false,
  scores: {},
  ...fields,
});

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const techniqueInput = () => screen.getByRole("textbox", { name: /Technique/ });

const accepting: Send = async (items) =>
  items.map((i): ScoreOutcome => ({
    roundId: i.roundId,
    entryId: i.entryId,
    criterionId: i.criterionId,
    version: i.version,
    status: "accepted",
  }));

function renderSheet(
  send: Send,
  storage = memoryStore(),
  entries = [entry()],
  more: Partial<Parameters<typeof JudgeSheet>[0]> = {},
) {
  render(
    <WithLocale locale="en">
      <JudgeSheet
        judgeId={9}
        roundId={2}
        criteria={criteria}
        entries={entries}
        locale="en"
        showAgeGroups={false}
        formAction="/judge/panels/1"
        send={send}
        storage={storage}
        {...more}
      />
    </WithLocale>,
  );
  return storage;
}

/** A network whose answers the test gives, one request at a time. */
function heldNetwork() {
  const requests: { items: QueuedScore[]; answer: (status?: "accepted" | { stored: number }) => void }[] = [];
  const send: Send = (items) =>
    new Promise((resolve) => {
      requests.push({
        items,
        answer: (status = "accepted") =>
          resolve(
            items.map((i): ScoreOutcome => {
              const base = { roundId: i.roundId, entryId: i.entryId, criterionId: i.criterionId, version: i.version };
              return status === "accepted"
                ? { ...base, status }
                : { ...base, status: "stale", stored: { value: status.stored, version: i.version + 1 } };
            }),
          ),
      });
    });
  return { send, requests, values: () => requests.flatMap((r) => r.items.map((i) => i.value)) };
}

const cardStatusText = () => screen.getByRole("status").textContent;

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
    await user.type(techniqueInput(), "7{Enter}");
    expect(
      await screen.findByText(
        "Offline — scores waiting on this device: 1. They will be sent when the connection returns.",
      ),
    ).toBeInTheDocument();
    expect(screen.getByText("Waiting to send")).toBeInTheDocument();
    expect(JSON.parse(storage.getItem(queueStorageKey(9))!)).toMatchObject([{ entryId: 5, criterionId: 11, value: 7 }]);
  });

  it("shows what waits on the device over what the server sent, after a reload", async () => {
    const storage = memoryStore();
    storage.setItem(
      queueStorageKey(9),
      JSON.stringify([{ roundId: 2, entryId: 5, criterionId: 11, value: 9.5, version: 5 }]),
    );
    renderSheet(
      async () => {
        throw new SendError("offline");
      },
      storage,
      [entry({ scores: { 11: { value: 6 } } })],
    );
    await waitFor(() => expect(techniqueInput()).toHaveValue("9.5"));
    expect(await screen.findByText(/Offline/)).toBeInTheDocument();
  });

  it("shows the reason when the server refuses a score", async () => {
    const send: Send = async (items) =>
      items.map((i): ScoreOutcome => ({
        roundId: i.roundId,
        entryId: i.entryId,
        criterionId: i.criterionId,
        version: i.version,
        status: "refused",
        reason: "locked",
      }));
    renderSheet(send);
    const user = userEvent.setup();
    await screen.findByRole("button", { name: "Technique: higher" });
    await user.type(techniqueInput(), "5{Enter}");
    expect(await screen.findByText("Not saved: the results are locked")).toBeInTheDocument();
    expect(techniqueInput()).toBeDisabled();
  });

  it("sends nothing for 11 in a field out of 10 — not even the 1 typed on the way — and never says Saved", async () => {
    const network = heldNetwork();
    renderSheet(network.send, memoryStore(), [entry()], { pauseMs: 30 });
    const user = userEvent.setup();
    await screen.findByRole("button", { name: "Technique: higher" });
    await user.type(techniqueInput(), "11");
    await user.tab();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(network.requests).toEqual([]);
    expect(techniqueInput()).toHaveValue("11");
    expect(techniqueInput()).toHaveAttribute("aria-invalid", "true");
    expect(cardStatusText()).toBe("Not saved: check the marked score");
  });

  it("keeps 9.999 invalid after 9.99 was saved: the field is never marked saved for a value the server doesn't have", async () => {
    const network = heldNetwork();
    renderSheet(network.send, memoryStore(), [entry({ scores: { 12: { value: 5 } } })]);
    const user = userEvent.setup();
    await screen.findByRole("button", { name: "Technique: higher" });
    await user.type(techniqueInput(), "9.99");
    await user.tab();
    await waitFor(() => expect(network.requests).toHaveLength(1));
    // The judge adds a digit while the 9.99 is on its way; its answer comes afterwards.
    await user.type(techniqueInput(), "9");
    network.requests[0]!.answer();
    await waitFor(() => expect(network.requests).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(techniqueInput()).toHaveValue("9.999");
    expect(techniqueInput()).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText("Enter a number from 0 to 10.")).toBeInTheDocument();
    expect(cardStatusText()).toBe("The other scores are saved; check the marked score");
    expect(network.values()).toEqual([9.99]);
  });

  it("lets a late answer about an older value settle nothing: the newer value is sent and only its answer says Saved", async () => {
    const network = heldNetwork();
    renderSheet(network.send, memoryStore(), [entry()], { pauseMs: 30 });
    const user = userEvent.setup();
    await screen.findByRole("button", { name: "Technique: higher" });
    await user.type(techniqueInput(), "8");
    await waitFor(() => expect(network.requests).toHaveLength(1));
    await user.clear(techniqueInput());
    await user.type(techniqueInput(), "7");
    network.requests[0]!.answer();
    // 8 is accepted, but the field shows 7, which is not on the server yet.
    await waitFor(() => expect(network.requests).toHaveLength(2));
    expect(cardStatusText()).toBe("Waiting to send");
    network.requests[1]!.answer();
    await waitFor(() => expect(cardStatusText()).toBe("Saved"));
    expect(network.values()).toEqual([8, 7]);
    expect(techniqueInput()).toHaveValue("7");
  });

  it("sends a typed value on Enter, and after a short pause without leaving the field", async () => {
    const send = vi.fn(accepting);
    renderSheet(send, memoryStore(), [entry()], { pauseMs: 60_000 });
    const user = userEvent.setup();
    await screen.findByRole("button", { name: "Technique: higher" });
    await user.type(techniqueInput(), "6{Enter}");
    await waitFor(() => expect(cardStatusText()).toBe("Saved"));
    expect(send.mock.calls.flatMap(([items]) => items).map((i) => i.value)).toEqual([6]);
    cleanup();

    const paused = vi.fn(accepting);
    renderSheet(paused, memoryStore(), [entry()], { pauseMs: 50 });
    await screen.findByRole("button", { name: "Technique: higher" });
    await user.type(techniqueInput(), "6,5");
    expect(cardStatusText()).toBe("Waiting to send");
    await waitFor(() => expect(cardStatusText()).toBe("Saved"));
    expect(techniqueInput()).toHaveFocus();
    expect(paused.mock.calls.flatMap(([items]) => items).map((i) => i.value)).toEqual([6.5]);
  });

  it("shows the newer score another device saved when the server keeps it over this one", async () => {
    const network = heldNetwork();
    renderSheet(network.send);
    const user = userEvent.setup();
    await screen.findByRole("button", { name: "Technique: higher" });
    await user.type(techniqueInput(), "6{Enter}");
    await waitFor(() => expect(network.requests).toHaveLength(1));
    network.requests[0]!.answer({ stored: 9 });
    expect(await screen.findByText("A newer score from another device was kept: 9.")).toBeInTheDocument();
    expect(techniqueInput()).toHaveValue("9");
    expect(cardStatusText()).toBe("Saved");
  });

  it("shows a sheet posted without JavaScript as the server left it: kept and saved scores as stored, the bad one as typed", () => {
    renderSheet(accepting, memoryStore(), [entry({ scores: { 11: { value: 9 } } })], {
      formResult: { entryId: 5, values: { "11": "6", "12": "11" }, errors: { "12": "invalid" }, kept: { "11": 9 } },
    });
    expect(techniqueInput()).toHaveValue("9");
    expect(screen.getByText("A newer score from another device was kept: 9.")).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: /Artistry/ })).toHaveValue("11");
    expect(screen.getByText("Enter a number from 0 to 10.")).toBeInTheDocument();
    expect(cardStatusText()).toBe("The other scores are saved; check the marked score");
    // Posted without JavaScript, the page opens again at this card.
    expect(techniqueInput().closest("form")).toHaveAttribute("action", "/judge/panels/1#entry-5");
  });

  it("counts the whole panel when the sheet shows one page of it", async () => {
    renderSheet(
      accepting,
      memoryStore(),
      [entry(), entry({ entryId: 6, number: 4, scores: { 11: { value: 5 }, 12: { value: 6 } } })],
      {
        progress: { scored: 37, total: 412 },
      },
    );
    expect(screen.getByText("Scored: 37 of 412")).toBeInTheDocument();
    const user = userEvent.setup();
    await screen.findAllByRole("button", { name: "Technique: higher" });
    const card = screen.getByRole("article", { name: "No. 3" });
    await user.type(within(card).getByRole("textbox", { name: /Technique/ }), "8{Enter}");
    await user.type(within(card).getByRole("textbox", { name: /Artistry/ }), "9{Enter}");
    expect(screen.getByText("Scored: 38 of 412")).toBeInTheDocument();
  });

  it("keeps a value typed just before the judge turns the page on the device, to be sent", async () => {
    const network = heldNetwork();
    const storage = renderSheet(network.send, memoryStore(), [entry()], { pauseMs: 60_000 });
    const user = userEvent.setup();
    await screen.findByRole("button", { name: "Technique: higher" });
    await user.type(techniqueInput(), "7,5");
    expect(storage.getItem(queueStorageKey(9))).toBeNull();
    cleanup();
    expect(JSON.parse(storage.getItem(queueStorageKey(9))!)).toMatchObject([
      { roundId: 2, entryId: 5, criterionId: 11, value: 7.5 },
    ]);
  });
});
