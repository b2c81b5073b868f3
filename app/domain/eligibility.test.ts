import { describe, expect, it } from "vitest";

import { problemMessage } from "~/.server/registration/problem-messages.server";
import { createI18n } from "~/i18n";

import {
  checkEntry,
  type EligibilityInput,
  type EligibilityResult,
  type Finding,
  formatDuration,
  isHttpUrl,
} from "./eligibility";
import { ARUZHAN, CLOSES_AT, DANA, GROUPS, nameOf, OPENS_AT, TIMUR } from "./eligibility-test-data";

const DURING_REGISTRATION = new Date("2027-07-01T06:00:00Z");

/** A solo vocal entry for Aruzhan, 10 on the festival's first day (10 October 2027), that passes every check. */
function entry(overrides: Partial<EligibilityInput> = {}): EligibilityInput {
  return {
    event: {
      status: "published",
      registrationOpensAt: OPENS_AT,
      registrationClosesAt: CLOSES_AT,
      ageReferenceDate: null,
      startsOn: "2027-10-10",
    },
    nomination: {
      id: 1,
      entryKind: "live",
      maxDurationSeconds: 240,
      formats: [
        { format: "solo", min: 1, max: 1 },
        { format: "duet", min: 2, max: 2 },
        { format: "ensemble", min: 3, max: 12 },
      ],
    },
    ageGroups: GROUPS,
    format: "solo",
    members: [{ participantId: ARUZHAN, birthDate: "2017-10-10" }],
    durationSeconds: 180,
    videoUrl: null,
    hasArtwork: false,
    existingEntries: [],
    now: DURING_REGISTRATION,
    ...overrides,
  };
}
const withEvent = (patch: Partial<EligibilityInput["event"]>, rest: Partial<EligibilityInput> = {}) =>
  entry({ ...rest, event: { ...entry().event, ...patch } });
const withNomination = (patch: Partial<EligibilityInput["nomination"]>, rest: Partial<EligibilityInput> = {}) =>
  entry({ ...rest, nomination: { ...entry().nomination, ...patch } });
const born = (participantId: number, birthDate: string) => ({ participantId, birthDate });

function codes(result: EligibilityResult): string[] {
  return result.ok ? [] : result.problems.map((p) => p.code);
}
function problems(result: EligibilityResult) {
  if (result.ok) throw new Error("expected the entry to be refused");
  return result.problems;
}
function accepted(result: EligibilityResult) {
  if (!result.ok) throw new Error(`expected the entry to pass, got ${codes(result).join(", ")}`);
  return result;
}
function english(finding: Finding): string {
  const { key, params } = problemMessage(finding, { locale: "en", nameOf });
  return createI18n("en").t(key, params);
}

describe("checkEntry: age on the reference date", () => {
  it("accepts a solo in the child's age group and reports the child's age", () => {
    const result = accepted(checkEntry(entry()));
    expect(result.ageGroupId).toBe(1);
    expect(result.perMember).toEqual([{ participantId: ARUZHAN, age: 10, ageGroupId: 1 }]);
    expect(result.notices).toEqual([]);
  });

  it("counts a birthday falling exactly on the reference date", () => {
    expect(accepted(checkEntry(entry({ members: [born(ARUZHAN, "2016-10-10")] }))).ageGroupId).toBe(2);
  });

  it("does not count a birthday falling the day after the reference date", () => {
    expect(accepted(checkEntry(entry({ members: [born(ARUZHAN, "2016-10-11")] }))).ageGroupId).toBe(1);
  });

  it("counts ages on the age reference date when the event sets one, not on its first day", () => {
    const result = accepted(
      checkEntry(withEvent({ ageReferenceDate: "2027-01-01" }, { members: [born(ARUZHAN, "2016-10-10")] })),
    );
    expect(result.perMember[0]?.age).toBe(10);
    expect(result.ageGroupId).toBe(1);
  });

  it("puts a 29 February child in the older group only from 1 March in a non-leap year", () => {
    const leapling = { members: [born(ARUZHAN, "2016-02-29")] };
    expect(accepted(checkEntry(withEvent({ ageReferenceDate: "2027-02-28" }, leapling))).ageGroupId).toBe(1);
    expect(accepted(checkEntry(withEvent({ ageReferenceDate: "2027-03-01" }, leapling))).ageGroupId).toBe(2);
  });

  it("puts a 29 February child in the older group on 29 February in a leap year", () => {
    const leapDay = { members: [born(ARUZHAN, "2016-02-29")] };
    expect(accepted(checkEntry(withEvent({ ageReferenceDate: "2028-02-28" }, leapDay))).perMember[0]?.age).toBe(11);
    expect(accepted(checkEntry(withEvent({ ageReferenceDate: "2028-02-29" }, leapDay))).perMember[0]?.age).toBe(12);
  });

  it("refuses a child too young for every group, naming the age and the event's groups", () => {
    const [problem] = problems(checkEntry(entry({ members: [born(ARUZHAN, "2021-03-01")] })));
    expect(problem).toEqual({
      code: "no_age_group",
      memberId: ARUZHAN,
      params: { age: 6, referenceDate: "2027-10-10", groups: GROUPS.map(({ minAge, maxAge }) => ({ minAge, maxAge })) },
    });
    expect(english(problem!)).toBe("Aruzhan is 6 on 10 October 2027; this event's age groups are 7–10, 11–14, 15–17.");
  });

  it("refuses a child older than every group", () => {
    expect(codes(checkEntry(entry({ members: [born(ARUZHAN, "2009-10-10")] })))).toEqual(["no_age_group"]);
  });

  it("refuses a child whose age falls between two groups", () => {
    const gap = [GROUPS[0]!, GROUPS[2]!];
    expect(codes(checkEntry(entry({ ageGroups: gap, members: [born(ARUZHAN, "2014-10-10")] })))).toEqual([
      "no_age_group",
    ]);
  });

  it("refuses a child born after the reference date instead of computing a negative age", () => {
    const [problem] = problems(checkEntry(entry({ members: [born(ARUZHAN, "2027-10-11")] })));
    expect(problem).toEqual({
      code: "born_after_reference",
      memberId: ARUZHAN,
      params: { birthDate: "2027-10-11", referenceDate: "2027-10-10" },
    });
    expect(english(problem!)).toBe(
      "Aruzhan's birth date, 11 October 2027, is after 10 October 2027, the day ages are counted on. Please check the birth date.",
    );
  });

  it("takes any age when the event has no age groups", () => {
    const result = accepted(checkEntry(entry({ ageGroups: [], members: [born(ARUZHAN, "2023-01-01")] })));
    expect(result.ageGroupId).toBeNull();
    expect(result.perMember).toEqual([{ participantId: ARUZHAN, age: 4, ageGroupId: null }]);
  });
});

describe("checkEntry: group entries compete in the age group of their oldest member", () => {
  const ensemble = (...members: { participantId: number; birthDate: string }[]) =>
    entry({ format: "ensemble", members });

  it("places an ensemble by its oldest member and notes the younger member competing up", () => {
    const result = accepted(
      checkEntry(ensemble(born(ARUZHAN, "2017-10-10"), born(DANA, "2015-05-05"), born(TIMUR, "2014-01-01"))),
    );
    expect(result.ageGroupId).toBe(2);
    expect(result.perMember.map((m) => [m.participantId, m.age, m.ageGroupId])).toEqual([
      [ARUZHAN, 10, 1],
      [DANA, 12, 2],
      [TIMUR, 13, 2],
    ]);
    expect(result.notices).toEqual([
      {
        code: "mixed_age_groups",
        memberId: ARUZHAN,
        params: { age: 10, referenceDate: "2027-10-10", ageGroup: { minAge: 11, maxAge: 14 } },
      },
    ]);
    expect(english(result.notices[0]!)).toBe(
      "Aruzhan is 10 on 10 October 2027 but will compete in the 11–14 age group: a group entry's age group is set by its oldest member.",
    );
  });

  it("has no notices when every member is in the same group", () => {
    const result = accepted(
      checkEntry(ensemble(born(ARUZHAN, "2017-10-10"), born(DANA, "2017-01-01"), born(TIMUR, "2019-01-01"))),
    );
    expect(result.ageGroupId).toBe(1);
    expect(result.notices).toEqual([]);
  });

  it("lets a younger member whose age falls between groups compete up with the oldest", () => {
    const gap = [GROUPS[0]!, GROUPS[2]!];
    const result = accepted(
      checkEntry({
        ...entry({ format: "duet", ageGroups: gap }),
        members: [born(ARUZHAN, "2015-01-01"), born(DANA, "2011-01-01")],
      }),
    );
    expect(result.ageGroupId).toBe(3);
    expect(result.perMember.find((m) => m.participantId === ARUZHAN)?.ageGroupId).toBeNull();
    expect(result.notices.map((n) => n.memberId)).toEqual([ARUZHAN]);
  });

  it("refuses a member younger than the youngest group even when the oldest member fits", () => {
    const result = checkEntry(
      ensemble(born(ARUZHAN, "2021-06-01"), born(DANA, "2017-01-01"), born(TIMUR, "2018-01-01")),
    );
    expect(problems(result)).toEqual([
      expect.objectContaining({ code: "no_age_group", memberId: ARUZHAN, params: expect.objectContaining({ age: 6 }) }),
    ]);
  });

  it("refuses only the oldest member when the oldest fits no group", () => {
    const result = checkEntry(
      ensemble(born(ARUZHAN, "2015-01-01"), born(DANA, "2009-01-01"), born(TIMUR, "2016-01-01")),
    );
    expect(problems(result).map((p) => [p.code, "memberId" in p ? p.memberId : null])).toEqual([
      ["no_age_group", DANA],
    ]);
  });
});

describe("checkEntry: registration window in Asia/Almaty", () => {
  it("refuses one second before registration opens, saying when it opens", () => {
    const [problem] = problems(checkEntry(entry({ now: new Date("2027-06-01T03:59:59Z") })));
    expect(problem).toEqual({
      code: "registration_not_open",
      params: { opensAt: "2027-06-01T04:00:00.000Z", timeZone: "Asia/Almaty" },
    });
    expect(english(problem!)).toBe("Registration for this event opens on 1 June 2027, 09:00.");
  });

  it("accepts at the very instant registration opens", () => {
    expect(checkEntry(entry({ now: OPENS_AT })).ok).toBe(true);
  });

  it("accepts one second before midnight in Almaty on the last day", () => {
    expect(checkEntry(entry({ now: new Date("2027-08-31T18:59:59Z") })).ok).toBe(true);
  });

  it("refuses from midnight in Almaty, even though it is still 31 August in UTC", () => {
    const [problem] = problems(checkEntry(entry({ now: CLOSES_AT })));
    expect(problem?.code).toBe("registration_closed");
    expect(english(problem!)).toBe("Registration for this event closed on 1 September 2027, 00:00.");
  });

  it("refuses entries to a draft event", () => {
    expect(codes(checkEntry(withEvent({ status: "draft" })))).toEqual(["event_not_published"]);
  });

  it("refuses entries to an archived event, even inside its window", () => {
    expect(codes(checkEntry(withEvent({ status: "archived" })))).toEqual(["event_archived"]);
  });

  it("refuses entries to a published event without registration dates", () => {
    expect(codes(checkEntry(withEvent({ registrationOpensAt: null, registrationClosesAt: null })))).toEqual([
      "registration_not_offered",
    ]);
  });
});

describe("checkEntry: formats and members", () => {
  it("refuses a format the nomination does not take", () => {
    const [problem] = problems(checkEntry(entry({ format: "trio" })));
    expect(problem).toEqual({ code: "format_not_allowed", params: { format: "trio" } });
    expect(english(problem!)).toBe("This nomination does not take entries in the “Trio” format.");
  });

  it("refuses a duet with one member", () => {
    const [problem] = problems(checkEntry(entry({ format: "duet" })));
    expect(problem).toEqual({ code: "too_few_members", params: { format: "duet", min: 2, given: 1 } });
    expect(english(problem!)).toBe("The “Duet” format needs at least 2 members; this entry has 1.");
  });

  it("refuses a solo with two members", () => {
    const result = checkEntry(entry({ members: [born(ARUZHAN, "2017-10-10"), born(DANA, "2017-05-05")] }));
    expect(problems(result)).toEqual([{ code: "too_many_members", params: { format: "solo", max: 1, given: 2 } }]);
  });

  it("refuses an entry with no members at all", () => {
    expect(codes(checkEntry(entry({ members: [] })))).toEqual(["too_few_members"]);
  });

  it("refuses a child listed twice and counts the child once", () => {
    const result = checkEntry(
      entry({ format: "duet", members: [born(ARUZHAN, "2017-10-10"), born(ARUZHAN, "2017-10-10")] }),
    );
    expect(problems(result)).toEqual([
      { code: "member_twice", memberId: ARUZHAN, params: {} },
      { code: "too_few_members", params: { format: "duet", min: 2, given: 1 } },
    ]);
    expect(english(problems(result)[0]!)).toBe("Aruzhan is listed twice in this entry.");
  });
});

describe("checkEntry: the child's other entries", () => {
  it("refuses a second entry of the same child in the same nomination", () => {
    const result = checkEntry(
      entry({ existingEntries: [{ participantId: ARUZHAN, nominationId: 1, format: "solo", status: "waitlisted" }] }),
    );
    expect(problems(result)).toEqual([{ code: "already_entered", memberId: ARUZHAN, params: {} }]);
    expect(english(problems(result)[0]!)).toBe("Aruzhan already has an entry in this nomination.");
  });

  it("accepts a child's solo beside their duet and ensemble in the same nomination", () => {
    const existingEntries = [
      { participantId: ARUZHAN, nominationId: 1, format: "duet" as const, status: "confirmed" as const },
      { participantId: ARUZHAN, nominationId: 1, format: "ensemble" as const, status: "waitlisted" as const },
    ];
    expect(checkEntry(entry({ existingEntries })).ok).toBe(true);
    const secondDuet = entry({
      existingEntries,
      format: "duet",
      members: [born(ARUZHAN, "2017-10-10"), born(DANA, "2017-01-01")],
    });
    expect(problems(checkEntry(secondDuet))).toEqual([{ code: "already_entered", memberId: ARUZHAN, params: {} }]);
  });

  it("keeps to one entry per nomination, whatever the format, where the event asks for it", () => {
    const existingEntries = [
      { participantId: ARUZHAN, nominationId: 1, format: "ensemble" as const, status: "confirmed" as const },
    ];
    const strict = withEvent({ oneEntryPerNomination: true }, { existingEntries });
    expect(problems(checkEntry(strict))).toEqual([{ code: "already_entered", memberId: ARUZHAN, params: {} }]);
    const elsewhere = existingEntries.map((e) => ({ ...e, nominationId: 2 }));
    expect(checkEntry(withEvent({ oneEntryPerNomination: true }, { existingEntries: elsewhere })).ok).toBe(true);
  });

  it("does not count withdrawn or rejected entries in the same nomination", () => {
    const existingEntries = [
      { participantId: ARUZHAN, nominationId: 1, format: "solo" as const, status: "withdrawn" as const },
      { participantId: ARUZHAN, nominationId: 1, format: "solo" as const, status: "rejected" as const },
    ];
    expect(checkEntry(entry({ existingEntries })).ok).toBe(true);
  });

  it("accepts the same child in another nomination when the event sets no limit", () => {
    const existingEntries = [2, 3, 4].map((nominationId) => ({
      participantId: ARUZHAN,
      nominationId,
      format: "solo" as const,
      status: "confirmed" as const,
    }));
    expect(checkEntry(entry({ existingEntries })).ok).toBe(true);
  });

  it("refuses an entry beyond the event's limit per child, counting only live entries", () => {
    const existingEntries = [
      { participantId: ARUZHAN, nominationId: 2, format: "solo" as const, status: "confirmed" as const },
      { participantId: ARUZHAN, nominationId: 3, format: "solo" as const, status: "submitted" as const },
      { participantId: DANA, nominationId: 2, format: "solo" as const, status: "confirmed" as const },
    ];
    const [problem] = problems(checkEntry(withEvent({ maxEntriesPerChild: 2 }, { existingEntries })));
    expect(problem).toEqual({ code: "child_limit", memberId: ARUZHAN, params: { max: 2 } });
    expect(english(problem!)).toBe("Aruzhan already has the most entries one child may have in this event (2).");

    const oneWithdrawn = existingEntries.map((e, i) => (i === 1 ? { ...e, status: "withdrawn" as const } : e));
    expect(checkEntry(withEvent({ maxEntriesPerChild: 2 }, { existingEntries: oneWithdrawn })).ok).toBe(true);
  });

  it("checks every member of an ensemble against their own entries", () => {
    const result = checkEntry(
      withEvent(
        { maxEntriesPerChild: 1 },
        {
          format: "duet",
          members: [born(ARUZHAN, "2017-10-10"), born(DANA, "2017-01-01")],
          existingEntries: [{ participantId: DANA, nominationId: 1, format: "duet", status: "confirmed" }],
        },
      ),
    );
    expect(problems(result)).toEqual([
      { code: "already_entered", memberId: DANA, params: {} },
      { code: "child_limit", memberId: DANA, params: { max: 1 } },
    ]);
  });
});

describe("checkEntry: duration, video and artwork", () => {
  it("requires a duration for a live performance", () => {
    expect(codes(checkEntry(entry({ durationSeconds: null })))).toEqual(["duration_required"]);
    expect(codes(checkEntry(entry({ durationSeconds: 0 })))).toEqual(["duration_required"]);
  });

  it("requires a duration for a video entry", () => {
    const video = withNomination({ entryKind: "video" }, { durationSeconds: null, videoUrl: "https://youtu.be/abc" });
    expect(codes(checkEntry(video))).toEqual(["duration_required"]);
  });

  it("needs no duration for artwork or a master class", () => {
    expect(
      checkEntry(
        withNomination({ entryKind: "artwork", maxDurationSeconds: null }, { durationSeconds: null, hasArtwork: true }),
      ).ok,
    ).toBe(true);
    expect(
      checkEntry(withNomination({ entryKind: "workshop", maxDurationSeconds: null }, { durationSeconds: null })).ok,
    ).toBe(true);
  });

  it("accepts a performance exactly as long as the maximum", () => {
    expect(checkEntry(entry({ durationSeconds: 240 })).ok).toBe(true);
  });

  it("refuses a performance longer than the maximum, in minutes and seconds", () => {
    const [problem] = problems(checkEntry(entry({ durationSeconds: 241 })));
    expect(problem).toEqual({ code: "duration_too_long", params: { durationSeconds: 241, maxSeconds: 240 } });
    expect(english(problem!)).toBe("The performance lasts 4:01; this nomination allows at most 4:00.");
  });

  it("accepts any duration when the nomination sets no maximum", () => {
    expect(checkEntry(withNomination({ maxDurationSeconds: null }, { durationSeconds: 3600 })).ok).toBe(true);
  });

  it("requires a video link for a video entry", () => {
    expect(codes(checkEntry(withNomination({ entryKind: "video" })))).toEqual(["video_url_required"]);
    expect(codes(checkEntry(withNomination({ entryKind: "video" }, { videoUrl: "   " })))).toEqual([
      "video_url_required",
    ]);
  });

  it("refuses a video entry whose link is not an http(s) address", () => {
    expect(codes(checkEntry(withNomination({ entryKind: "video" }, { videoUrl: "javascript:alert(1)" })))).toEqual([
      "video_url_invalid",
    ]);
  });

  it("refuses a bad link even where a link is optional", () => {
    expect(codes(checkEntry(entry({ videoUrl: "data:text/html,<script>alert(1)</script>" })))).toEqual([
      "video_url_invalid",
    ]);
  });

  it("requires an image for an artwork entry", () => {
    const artwork = withNomination({ entryKind: "artwork", maxDurationSeconds: null }, { durationSeconds: null });
    expect(codes(checkEntry(artwork))).toEqual(["artwork_required"]);
    expect(checkEntry({ ...artwork, hasArtwork: true }).ok).toBe(true);
  });
});

describe("checkEntry: several problems at once", () => {
  it("lists every problem, not just the first", () => {
    const result = checkEntry(
      withEvent(
        { registrationOpensAt: OPENS_AT, maxEntriesPerChild: 1 },
        {
          now: CLOSES_AT,
          nomination: { ...entry().nomination, entryKind: "video" },
          format: "duet",
          members: [born(ARUZHAN, "2022-01-01"), born(DANA, "2017-01-01"), born(DANA, "2017-01-01")],
          existingEntries: [{ participantId: DANA, nominationId: 7, format: "solo", status: "confirmed" }],
          durationSeconds: 300,
          videoUrl: "/uploads/dance.mp4",
        },
      ),
    );
    expect(codes(result)).toEqual([
      "registration_closed",
      "member_twice",
      "no_age_group",
      "child_limit",
      "duration_too_long",
      "video_url_invalid",
    ]);
  });
});

describe("isHttpUrl", () => {
  it.each([
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://youtu.be/dQw4w9WgXcQ",
    "http://example.kz/video/1",
    "https://vk.com/video-123_456",
    "HTTPS://DISK.YANDEX.KZ/i/abc",
    "https://қазақстан.kz/бейне",
  ])("accepts %s", (url) => {
    expect(isHttpUrl(url)).toBe(true);
  });

  it.each([
    "javascript:alert(1)",
    "JavaScript://%0Aalert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "/uploads/video.mp4",
    "//youtube.com/watch?v=1",
    "youtube.com/watch?v=1",
    "ftp://example.kz/video.mp4",
    "file:///etc/passwd",
    "https://",
    "https:///youtube.com",
    "http:example.kz",
    "https://youtube.com@evil.example/watch",
    "https://user:secret@example.kz/",
    "https://exa mple.kz/",
    "https:\\\\example.kz",
    "",
  ])("refuses %j", (url) => {
    expect(isHttpUrl(url)).toBe(false);
  });
});

describe("formatDuration", () => {
  it("writes minutes and two-digit seconds", () => {
    expect(formatDuration(240)).toBe("4:00");
    expect(formatDuration(65)).toBe("1:05");
    expect(formatDuration(3600)).toBe("60:00");
  });
});
