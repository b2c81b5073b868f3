import { describe, expect, it } from "vitest";

import { type CurrentRound, nextStep } from "./entry-next-step";

const remote: CurrentRound = { kind: "remote", startsOn: "2026-09-01", endsOn: "2026-10-31", isLast: false };
const heat: CurrentRound = { kind: "heat", startsOn: "2026-11-20", endsOn: "2026-11-21", isLast: false };
const gala: CurrentRound = { kind: "final", startsOn: "2026-12-10", endsOn: "2026-12-10", isLast: true };
const base = { status: "confirmed" as const, slotStartsAt: null, resultsPublished: false, today: "2026-10-01" };

describe("nextStep", () => {
  it("has none for an entry that is not confirmed, or in no round", () => {
    expect(nextStep({ ...base, status: "waitlisted", round: remote })).toBeNull();
    expect(nextStep({ ...base, status: "withdrawn", round: heat })).toBeNull();
    expect(nextStep({ ...base, round: null })).toBeNull();
  });

  it("waits for the selection's results until the remote round ends, then for its results", () => {
    expect(nextStep({ ...base, round: remote })).toEqual({ kind: "awaitSelection", date: "2026-10-31" });
    expect(nextStep({ ...base, round: remote, today: "2026-11-01" })).toEqual({ kind: "awaitResults" });
  });

  it("waits for the running order of a heat, then names the stage time", () => {
    expect(nextStep({ ...base, round: heat })).toEqual({ kind: "awaitProgramme", date: "2026-11-20" });
    const startsAt = "2026-11-20T05:30:00.000Z";
    expect(nextStep({ ...base, round: heat, slotStartsAt: startsAt, today: "2026-11-20" })).toEqual({
      kind: "come",
      startsAt,
    });
  });

  it("waits for results once the heat is over, and says when they are out", () => {
    expect(nextStep({ ...base, round: heat, slotStartsAt: "2026-11-20T05:30:00Z", today: "2026-11-22" })).toEqual({
      kind: "awaitResults",
    });
    expect(nextStep({ ...base, round: heat, resultsPublished: true })).toEqual({ kind: "resultsOut", isLast: false });
    expect(nextStep({ ...base, round: gala, resultsPublished: true })).toEqual({ kind: "resultsOut", isLast: true });
  });
});
