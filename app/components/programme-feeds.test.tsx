import { createRemixStub } from "@remix-run/testing";
import { render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";

import type { FamilyItemView } from "~/.server/schedule/family-schedule.server";
import type { ProgrammePageView } from "~/.server/schedule/public-programme.server";
import { type Locale, LOCALES } from "~/domain/locale";

import { WithLocale } from "../../tests/setup/i18n";
import { ProgrammeView } from "./programme";
import { FamilySchedule } from "./programme-family";

/* A calendar app that subscribes sends no language of its own: the feed links carry the reader's. */

const stage = { id: 1, name: "Үлкен сахна", nameLang: "kk" as Locale, venue: "Дворец Республики" };
const programme: ProgrammePageView = {
  event: {
    id: 1,
    slug: "shabyt-2026",
    status: "published",
    title: "Шабыт",
    titleLang: "kk",
    city: "almaty",
    venue: "Дворец Республики",
    timezone: "Asia/Almaty",
  },
  stages: [stage],
  days: [{ date: "2026-12-10", stages: [], classes: [] }],
  updatedAt: null,
};
const slot: FamilyItemView = {
  kind: "performance",
  key: "slot-1",
  slotId: 1,
  entryId: 1,
  eventSlug: "shabyt-2026",
  eventTitle: "Шабыт",
  eventTitleLang: "kk",
  timezone: "Asia/Almaty",
  stage,
  startsAt: "2026-12-10T05:00:00.000Z",
  endsAt: "2026-12-10T05:05:00.000Z",
  nomination: "Вокал",
  nominationLang: "kk",
  ageGroup: null,
  title: "Әлди-әлди",
  children: ["Ахметова Аружан"],
  performers: ["Ахметова Аружан"],
};

function renderIn(locale: Locale, page: ReactNode) {
  const Stub = createRemixStub([{ path: "/", Component: () => page }]);
  render(
    <WithLocale locale={locale}>
      <Stub />
    </WithLocale>,
  );
}

describe("the calendar feed links", () => {
  it.each(LOCALES)("ask the public programme in the reader's language (%s)", async (locale) => {
    renderIn(locale, <ProgrammeView programme={programme} locale={locale} />);
    const link = await screen.findByRole("link", { name: /\(\.ics\)/ });
    expect(link.getAttribute("href")).toBe(`/events/shabyt-2026/programme.ics?lang=${locale}`);
  });

  it.each(LOCALES)("ask the family's own schedule in the reader's language (%s)", async (locale) => {
    renderIn(locale, <FamilySchedule upcoming={[slot]} past={[]} locale={locale} />);
    const link = await screen.findByRole("link", { name: /\(\.ics\)/ });
    expect(link.getAttribute("href")).toBe(`/schedule.ics?lang=${locale}`);
  });
});
