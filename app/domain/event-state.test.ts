import { describe, expect, it } from "vitest";

import { eventPhase, registrationState } from "./event-state";

const window = {
  status: "published" as const,
  registrationOpensAt: new Date("2026-12-01T04:00:00Z"),
  registrationClosesAt: new Date("2027-01-15T18:59:00Z"),
};

describe("registrationState", () => {
  it("is not open before the window", () => {
    expect(registrationState(window, new Date("2026-11-30T00:00:00Z"))).toBe("not_open_yet");
  });
  it("opens exactly at the opening instant and closes exactly at the closing one", () => {
    expect(registrationState(window, new Date("2026-12-01T04:00:00Z"))).toBe("open");
    expect(registrationState(window, new Date("2027-01-15T18:58:59Z"))).toBe("open");
    expect(registrationState(window, new Date("2027-01-15T18:59:00Z"))).toBe("closed");
  });
  it("is open from the start when only a closing time is set", () => {
    expect(registrationState({ ...window, registrationOpensAt: null }, new Date("2020-01-01T00:00:00Z"))).toBe("open");
  });
  it("has no registration without a window or while a draft", () => {
    expect(registrationState({ ...window, registrationOpensAt: null, registrationClosesAt: null }, new Date())).toBe(
      "none",
    );
    expect(registrationState({ ...window, status: "draft" }, new Date("2026-12-05T00:00:00Z"))).toBe("none");
  });
  it("is closed for an archived event even inside its window", () => {
    expect(registrationState({ ...window, status: "archived" }, new Date("2026-12-05T00:00:00Z"))).toBe("closed");
  });
});

describe("eventPhase", () => {
  const event = { startsOn: "2017-10-10", endsOn: "2017-10-10", timezone: "Asia/Almaty" };
  it("follows the calendar in the event's timezone", () => {
    expect(eventPhase(event, new Date("2017-10-09T17:59:00Z"))).toBe("upcoming"); // 23:59 on the 9th in Almaty
    expect(eventPhase(event, new Date("2017-10-09T18:00:00Z"))).toBe("ongoing"); // 00:00 on the 10th in Almaty (UTC+6)
    expect(eventPhase(event, new Date("2017-10-10T18:00:00Z"))).toBe("past");
  });
});
