import { describe, expect, it } from "vitest";

import { instantToZonedLocal, isIsoDate, todayIn, zonedLocalToInstant } from "./time";

describe("Almaty wall-clock times", () => {
  it("reads a local time in Almaty as UTC+5 since March 2024", () => {
    expect(zonedLocalToInstant("2026-12-01T09:00")?.toISOString()).toBe("2026-12-01T04:00:00.000Z");
  });

  it("reads a local time before March 2024 as UTC+6", () => {
    expect(zonedLocalToInstant("2017-10-10T16:00")?.toISOString()).toBe("2017-10-10T10:00:00.000Z");
  });

  it("round-trips through the datetime-local format", () => {
    const instant = zonedLocalToInstant("2027-03-08T18:30")!;
    expect(instantToZonedLocal(instant)).toBe("2027-03-08T18:30");
  });

  it("refuses impossible dates and times", () => {
    expect(zonedLocalToInstant("2026-02-30T10:00")).toBeNull();
    expect(zonedLocalToInstant("2026-12-01T24:10")).toBeNull();
    expect(zonedLocalToInstant("tomorrow")).toBeNull();
  });

  it("knows leap days", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2025-02-29")).toBe(false);
  });

  it("gives today's date in Almaty, which is already tomorrow in the UTC evening", () => {
    expect(todayIn("Asia/Almaty", new Date("2026-11-26T20:30:00Z"))).toBe("2026-11-27");
    expect(todayIn("Asia/Almaty", new Date("2026-11-26T18:30:00Z"))).toBe("2026-11-26");
  });
});
