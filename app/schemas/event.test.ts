import { describe, expect, it } from "vitest";

import { blankAgeGroup, blankEvent, blankNomination, blankRound, type EventFormValues, eventSchema } from "./event";

function valid(): EventFormValues {
  return {
    ...blankEvent(),
    kind: "festival_contest",
    city: "almaty",
    titleRu: "Дети в ритме мира",
    startsOn: "2027-10-10",
    endsOn: "2027-10-11",
    registrationOpensAt: "2027-05-01T09:00",
    registrationClosesAt: "2027-08-31T18:00",
    nominations: [{ ...blankNomination(), nameRu: "Вокал", discipline: "vocal", maxDurationMinutes: "3.5" }],
    ageGroups: [
      { minAge: "7", maxAge: "10" },
      { minAge: "11", maxAge: "14" },
    ],
  };
}

const messages = (values: unknown) => {
  const r = eventSchema.safeParse(values);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("eventSchema", () => {
  it("accepts a complete event and parses numbers from the form's strings", () => {
    const data = eventSchema.parse(valid());
    expect(data.nominations[0]!.maxDurationMinutes).toBe(3.5);
    expect(data.ageGroups[1]).toEqual({ id: undefined, minAge: 11, maxAge: 14 });
    expect(data.capacity).toBeUndefined();
    expect(data.slug).toBeUndefined();
  });

  it("needs a title in at least one language, and only one", () => {
    expect(messages({ ...valid(), titleRu: "" })).toMatchObject({ titleRu: "errors.titleOneLanguage" });
    expect(messages({ ...valid(), titleRu: "", titleKk: "Балалар әлем ырғағында" })).toEqual({});
  });

  it("reports every problem at once, cross-field ones included", () => {
    const errors = messages({ ...valid(), kind: "", endsOn: "2027-10-01", titleRu: "" });
    expect(errors).toMatchObject({
      kind: "errors.choose",
      endsOn: "errors.endBeforeStart",
      titleRu: "errors.titleOneLanguage",
    });
  });

  it("refuses a registration that closes before it opens", () => {
    expect(messages({ ...valid(), registrationClosesAt: "2027-04-30T09:00" })).toMatchObject({
      registrationClosesAt: "errors.closeBeforeOpen",
    });
  });

  it("refuses impossible dates", () => {
    expect(messages({ ...valid(), startsOn: "2027-02-30" })).toMatchObject({ startsOn: "errors.date" });
  });

  it("refuses overlapping age groups", () => {
    expect(
      messages({
        ...valid(),
        ageGroups: [
          { minAge: "7", maxAge: "10" },
          { minAge: "10", maxAge: "12" },
        ],
      }),
    ).toMatchObject({
      "ageGroups.1.minAge": "errors.ageGroupsOverlap",
    });
    expect(messages({ ...valid(), ageGroups: [{ ...blankAgeGroup(), minAge: "9", maxAge: "7" }] })).toMatchObject({
      "ageGroups.0.maxAge": "errors.maxBelowMin",
    });
  });

  it("needs at least one format per nomination, within the format's member bounds", () => {
    const n = blankNomination();
    const none = {
      ...n,
      nameRu: "Вокал",
      discipline: "vocal",
      formats: n.formats.map((f) => ({ ...f, enabled: false })),
    };
    expect(messages({ ...valid(), nominations: [none] })).toMatchObject({
      "nominations.0.formats": "errors.formatRequired",
    });
    const duetOfThree = {
      ...none,
      formats: n.formats.map((f) => (f.format === "duet" ? { ...f, enabled: true, maxMembers: "3" } : f)),
    };
    expect(messages({ ...valid(), nominations: [duetOfThree] })).toMatchObject({
      "nominations.0.formats.1.maxMembers": "errors.tooBig",
    });
  });

  it("treats a posted checkbox 'on' like the browser's true", () => {
    const n = blankNomination();
    const posted = {
      ...n,
      nameRu: "Вокал",
      discipline: "vocal",
      formats: n.formats.map((f) => ({ ...f, enabled: f.format === "duet" ? "on" : undefined })),
    };
    const data = eventSchema.parse({ ...valid(), nominations: [posted] });
    expect(data.nominations[0]!.formats.filter((f) => f.enabled).map((f) => f.format)).toEqual(["duet"]);
  });

  it("lower-cases a given slug and refuses characters a URL would mangle", () => {
    expect(eventSchema.parse({ ...valid(), slug: "Planet-2027" }).slug).toBe("planet-2027");
    expect(messages({ ...valid(), slug: "планета" })).toMatchObject({ slug: "errors.slug" });
  });

  it("asks for the number when a round advances by rule", () => {
    const round = { ...blankRound(), kind: "remote", advanceRule: "top_n" };
    expect(messages({ ...valid(), rounds: [round] })).toMatchObject({ "rounds.0.advanceValue": "errors.required" });
    expect(messages({ ...valid(), rounds: [{ ...round, advanceValue: "2.5" }] })).toMatchObject({
      "rounds.0.advanceValue": "errors.wholeNumber",
    });
  });
});
