import { beforeAll, describe, expect, test } from "vitest";

import type { EventKind } from "#db/types";
import { listPublicEventCities, listPublicEvents } from "~/.server/events/event-lists.server";
import { setEventStatus } from "~/.server/events/events.server";
import { eventPage, homePage } from "~/.server/events/public-events.server";

import { engines, useTestDb } from "../setup/db";
import { asActor, createEventFromForm, insertUser } from "./factories";

// 19:30 UTC on 10 June is already 00:30 on 11 June in Almaty (UTC+5).
const NOW = new Date("2026-06-10T19:30:00Z");

/** The events listed: slug (also the English title), status, city, kind, first and last day. */
const EVENTS: [string, "draft" | "published" | "archived", string, EventKind, string, string][] = [
  ["ended-yesterday-in-almaty", "published", "almaty", "festival", "2026-06-08", "2026-06-10"],
  ["ends-today-in-almaty", "published", "astana", "contest", "2026-06-09", "2026-06-11"],
  ["next-month", "published", "almaty", "contest", "2026-07-01", "2026-07-02"],
  ["next-year", "published", "shymkent", "festival", "2027-01-15", "2027-01-16"],
  ["long-ago", "published", "pavlodar", "academy", "2017-10-10", "2017-10-10"],
  ["secret-draft", "draft", "almaty", "festival", "2026-07-01", "2026-07-01"],
  ["old-archive", "archived", "almaty", "festival", "2019-05-01", "2019-05-01"],
  ["future-archive", "archived", "almaty", "festival", "2026-09-01", "2026-09-01"],
];

describe.each(engines)("public event listing on %s", (engine) => {
  const t = useTestDb(engine);
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const { id: organiserId } = await insertUser(t.db);
    for (const [slug, status, city, kind, startsOn, endsOn] of EVENTS) {
      const event = await createEventFromForm(t.db, organiserId, { slug, titleEn: slug, city, kind, startsOn, endsOn });
      if (status !== "draft") await setEventStatus(t.db, event.id, status, asActor(organiserId));
      ids[slug] = event.id;
    }
  });

  const slugs = (events: { slug: string }[]) => events.map((e) => e.slug);

  test("lists published events only: upcoming soonest first, past latest first, split by the date in Almaty", async () => {
    const { upcoming, past } = await listPublicEvents(t.db, {}, NOW);
    expect(slugs(upcoming)).toEqual(["ends-today-in-almaty", "next-month", "next-year"]);
    expect(slugs(past)).toEqual(["ended-yesterday-in-almaty", "long-ago"]);
  });

  test("the home page never shows drafts or archived events", async () => {
    const { upcoming, past } = await homePage(t.db, {}, "ru", NOW);
    const shown = [...slugs(upcoming), ...slugs(past)];
    expect(shown).toHaveLength(5);
    for (const hidden of ["secret-draft", "old-archive", "future-archive"]) expect(shown).not.toContain(hidden);
    expect(upcoming.find((e) => e.slug === "ends-today-in-almaty")?.phase).toBe("ongoing");
  });

  test.each([
    ["city", { city: "almaty" }, ["next-month"], ["ended-yesterday-in-almaty"]],
    ["kind", { kind: "festival" as const }, ["next-year"], ["ended-yesterday-in-almaty"]],
  ])("filters by %s", async (_by, filter, upcomingSlugs, pastSlugs) => {
    const { upcoming, past } = await listPublicEvents(t.db, filter, NOW);
    expect(slugs(upcoming)).toEqual(upcomingSlugs);
    expect(slugs(past)).toEqual(pastSlugs);
  });

  test("filters by city and kind together", async () => {
    const { upcoming, past } = await homePage(t.db, { city: "almaty", kind: "contest" }, "en", NOW);
    expect(slugs(upcoming)).toEqual(["next-month"]);
    expect(past).toEqual([]);
  });

  test("offers only cities that have published events", async () => {
    expect((await listPublicEventCities(t.db)).sort()).toEqual(["almaty", "astana", "pavlodar", "shymkent"]);
  });

  test("eventPage hides a draft from someone who may not preview it", async () => {
    const asked: number[] = [];
    const page = await eventPage(t.db, "secret-draft", "ru", async (eventId) => (asked.push(eventId), false), NOW);
    expect(page).toBeNull();
    expect(asked).toEqual([ids["secret-draft"]]);
  });

  test("eventPage shows a draft as a preview to someone who may manage it", async () => {
    const page = await eventPage(t.db, "secret-draft", "ru", async () => true, NOW);
    expect(page).toMatchObject({
      id: ids["secret-draft"],
      slug: "secret-draft",
      status: "draft",
      registration: "none",
    });
    expect(page!.nominations).toHaveLength(1);
  });

  test("eventPage hides an archived event unless it may be previewed", async () => {
    expect(await eventPage(t.db, "old-archive", "ru", async () => false, NOW)).toBeNull();
    expect(await eventPage(t.db, "old-archive", "ru", async () => true, NOW)).toMatchObject({ status: "archived" });
  });

  test("eventPage shows a published event to everyone without asking", async () => {
    const page = await eventPage(
      t.db,
      "next-month",
      "en",
      async () => {
        throw new Error("a published event needs no preview right");
      },
      NOW,
    );
    expect(page).toMatchObject({ slug: "next-month", title: "next-month", phase: "upcoming" });
  });

  test("eventPage returns null for an unknown slug", async () => {
    expect(await eventPage(t.db, "no-such-event", "ru", async () => true, NOW)).toBeNull();
  });
});
