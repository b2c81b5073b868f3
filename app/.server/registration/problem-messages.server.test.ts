import { describe, expect, it } from "vitest";

import type { Finding } from "~/domain/eligibility";
import { ARUZHAN, CLOSES_AT, DANA, GROUPS, nameOf, NAMES, OPENS_AT, TIMUR } from "~/domain/eligibility-test-data";
import { LOCALES } from "~/domain/locale";
import { createI18n } from "~/i18n";

import { problemMessage } from "./problem-messages.server";

describe("problemMessage", () => {
  const referenceDate = "2027-10-10";
  const one: Record<Finding["code"], Finding> = {
    event_not_published: { code: "event_not_published", params: {} },
    event_archived: { code: "event_archived", params: {} },
    registration_not_offered: { code: "registration_not_offered", params: {} },
    registration_not_open: {
      code: "registration_not_open",
      params: { opensAt: OPENS_AT.toISOString(), timeZone: "Asia/Almaty" },
    },
    registration_closed: {
      code: "registration_closed",
      params: { closedAt: CLOSES_AT.toISOString(), timeZone: "Asia/Almaty" },
    },
    format_not_allowed: { code: "format_not_allowed", params: { format: "ensemble" } },
    too_few_members: { code: "too_few_members", params: { format: "ensemble", min: 3, given: 2 } },
    too_many_members: { code: "too_many_members", params: { format: "duet", max: 2, given: 3 } },
    member_twice: { code: "member_twice", memberId: DANA, params: {} },
    born_after_reference: {
      code: "born_after_reference",
      memberId: DANA,
      params: { birthDate: "2028-01-01", referenceDate },
    },
    no_age_group: { code: "no_age_group", memberId: ARUZHAN, params: { age: 6, referenceDate, groups: GROUPS } },
    already_entered: { code: "already_entered", memberId: TIMUR, params: {} },
    child_limit: { code: "child_limit", memberId: TIMUR, params: { max: 2 } },
    duration_required: { code: "duration_required", params: {} },
    duration_too_long: { code: "duration_too_long", params: { durationSeconds: 270, maxSeconds: 240 } },
    video_url_required: { code: "video_url_required", params: {} },
    video_url_invalid: { code: "video_url_invalid", params: {} },
    artwork_required: { code: "artwork_required", params: {} },
    mixed_age_groups: {
      code: "mixed_age_groups",
      memberId: ARUZHAN,
      params: { age: 10, referenceDate, ageGroup: { minAge: 11, maxAge: 14 } },
    },
  };

  it("maps each code to the catalogue key of the same name", () => {
    for (const [code, finding] of Object.entries(one)) {
      expect(problemMessage(finding, { locale: "en", nameOf }).key).toBe(`eligibility.${code}`);
    }
  });

  it.each(LOCALES)("has a complete %s text for every problem, with every placeholder filled", (locale) => {
    const i18n = createI18n(locale);
    for (const finding of Object.values(one)) {
      const { key, params } = problemMessage(finding, { locale, nameOf });
      const text = i18n.t(key, params);
      expect(i18n.exists(key, { lng: locale, fallbackLng: [] }), key).toBe(true);
      expect(text, key).not.toMatch(/{{|}}|\$t\(|eligibility\./);
      if ("memberId" in finding) expect(text, key).toContain(NAMES[finding.memberId]);
    }
  });

  it("says in Russian and Kazakh exactly which age and which groups", () => {
    const message = (locale: "ru" | "kk") => {
      const { key, params } = problemMessage(one.no_age_group, { locale, nameOf: () => "Аружан" });
      return createI18n(locale).t(key, params);
    };
    expect(message("ru")).toBe(
      "Возраст участника Аружан на 10 октября 2027 г. — 6, а возрастные категории мероприятия: 7–10, 11–14, 15–17 лет.",
    );
    expect(message("kk")).toBe(
      "2027 ж. 10 қазан күнгі жағдай бойынша Аружан 6 жаста, ал бұл іс-шараның жас санаттары: 7–10, 11–14, 15–17 жас.",
    );
  });

  it("writes registration times on the event's clock in the reader's language", () => {
    const { params } = problemMessage(one.registration_not_open, { locale: "ru", nameOf });
    expect(params).toEqual({ opensAt: "1 июня 2027 г., 09:00" });
  });
});
