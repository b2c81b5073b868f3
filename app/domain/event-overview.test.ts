import { describe, expect, it } from "vitest";

import { type EventProgress, nextSteps } from "./event-overview";

const fresh: EventProgress = {
  status: "draft",
  registration: "none",
  nominations: 0,
  ageGroups: 0,
  rounds: 0,
  submitted: 0,
  active: 0,
  judges: 0,
  scheduledRounds: 0,
  resultSections: 0,
  publishedSections: 0,
};

describe("an event's next steps", () => {
  it("asks a new draft for its nominations, age groups and rounds, then to publish", () => {
    expect(nextSteps(fresh)).toEqual(["addNominations", "addAgeGroups", "addRounds", "publish"]);
    expect(nextSteps({ ...fresh, nominations: 2, ageGroups: 3, rounds: 1 })).toEqual(["publish"]);
  });

  it("walks an open event through entries, jury, running order and results", () => {
    const open: EventProgress = {
      ...fresh,
      status: "published",
      registration: "open",
      nominations: 2,
      ageGroups: 2,
      rounds: 1,
    };
    expect(nextSteps({ ...open, submitted: 3, active: 10 })).toEqual(["reviewEntries", "assignJury", "buildSchedule"]);
    expect(
      nextSteps({ ...open, active: 10, judges: 3, scheduledRounds: 1, resultSections: 4, publishedSections: 1 }),
    ).toEqual(["publishResults"]);
    expect(
      nextSteps({ ...open, active: 10, judges: 3, scheduledRounds: 1, resultSections: 4, publishedSections: 4 }),
    ).toEqual([]);
  });

  it("reminds a published event without registration dates to set them, and leaves an archived one alone", () => {
    expect(nextSteps({ ...fresh, status: "published", nominations: 1, ageGroups: 1, rounds: 1 })).toEqual([
      "setRegistration",
    ]);
    expect(nextSteps({ ...fresh, status: "archived", submitted: 4 })).toEqual([]);
  });
});
