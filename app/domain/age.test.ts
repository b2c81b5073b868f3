import { describe, expect, it } from "vitest";

import { ageGroupFor, ageOnDate, ageRangesLabel } from "./age";

describe("ageOnDate", () => {
  it("counts the new year of age on the birthday itself, not the day before", () => {
    expect(ageOnDate("2017-10-10", "2027-10-10")).toBe(10);
    expect(ageOnDate("2017-10-10", "2027-10-09")).toBe(9);
    expect(ageOnDate("2017-10-10", "2027-10-11")).toBe(10);
  });

  it("counts completed years across month ends and year ends", () => {
    expect(ageOnDate("2015-12-31", "2027-01-01")).toBe(11);
    expect(ageOnDate("2016-01-01", "2027-12-31")).toBe(11);
    expect(ageOnDate("2016-05-31", "2027-05-30")).toBe(10);
  });

  it("is 0 on the day of birth", () => {
    expect(ageOnDate("2027-10-10", "2027-10-10")).toBe(0);
  });

  it("gives a 29 February child its birthday on 1 March in a non-leap year", () => {
    expect(ageOnDate("2016-02-29", "2027-02-28")).toBe(10);
    expect(ageOnDate("2016-02-29", "2027-03-01")).toBe(11);
  });

  it("gives a 29 February child its birthday on 29 February in a leap year", () => {
    expect(ageOnDate("2016-02-29", "2028-02-28")).toBe(11);
    expect(ageOnDate("2016-02-29", "2028-02-29")).toBe(12);
  });

  it("lets a child born on 28 February or 1 March keep its own birthday in any year", () => {
    expect(ageOnDate("2016-02-28", "2027-02-28")).toBe(11);
    expect(ageOnDate("2016-03-01", "2028-02-29")).toBe(11);
  });

  it.each(["2027-02-29", "2027-13-01", "2027-04-31", "10.10.2017", "2017-10-10T00:00", ""])(
    "throws on %j, which is not a calendar date",
    (bad) => {
      expect(() => ageOnDate(bad, "2027-10-10")).toThrow(RangeError);
      expect(() => ageOnDate("2017-10-10", bad)).toThrow(RangeError);
    },
  );

  it("throws for a child born after the date, which callers must handle first", () => {
    expect(() => ageOnDate("2027-10-11", "2027-10-10")).toThrow(RangeError);
  });
});

describe("ageGroupFor", () => {
  const groups = [
    { id: 1, minAge: 7, maxAge: 10 },
    { id: 2, minAge: 11, maxAge: 14 },
    { id: 4, minAge: 16, maxAge: 17 },
  ];

  it("includes both bounds of a group", () => {
    expect(ageGroupFor(groups, 7)?.id).toBe(1);
    expect(ageGroupFor(groups, 10)?.id).toBe(1);
    expect(ageGroupFor(groups, 11)?.id).toBe(2);
    expect(ageGroupFor(groups, 17)?.id).toBe(4);
  });

  it("finds nothing below, above or between the groups", () => {
    expect(ageGroupFor(groups, 6)).toBeNull();
    expect(ageGroupFor(groups, 15)).toBeNull();
    expect(ageGroupFor(groups, 18)).toBeNull();
    expect(ageGroupFor([], 10)).toBeNull();
  });
});

describe("ageRangesLabel", () => {
  it("lists the groups from youngest to oldest", () => {
    expect(
      ageRangesLabel([
        { minAge: 11, maxAge: 14 },
        { minAge: 7, maxAge: 10 },
        { minAge: 18, maxAge: 18 },
      ]),
    ).toBe("7–10, 11–14, 18");
  });
});
