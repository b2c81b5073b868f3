import { beforeAll, describe, expect, test } from "vitest";

import { listPublicEventCities, listPublicEvents } from "~/.server/events/event-lists.server";
import { setEventStatus } from "~/.server/events/events.server";
import { eventPage, homePage } from "~/.server/events/public-events.server";
import type { EventFormValues } from "~/schemas/event";

import { engines, useTestDb } from "../setup/db";
import { asActor, createEventFromForm, insertUser } from "./factories";

// 19:30 UTC on 10 June is already 00:30 on 11 June in Almaty (UTC+5).
const NOW = new Date("2026-06-10T19:30:00Z");

describe.each(engines)("public event listing on %s", (engine) => {
  const t = useTestDb(engine);
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const { id: organiserId } = await insertUser(t.db);
    const add = async (slug: string, status: "draft" | "published" | "archived", fields: Partial<EventFormValues>) => {
      const event = await createEventFromForm(t.db, organiserId, { slug, titleEn: slug, ...fields });
      if (status !== "draft") await setEventStatus(t.db, event.id, status, asActor(organiserId));
      ids[slug] = event.id;
    };
    await add("ended-yesterday-in-almaty", "published", {
      city: "almaty",
      kind: "festival",
      startsOn: "2026-06-08",
      endsOn: "2026-06-10",
    });
    await add("ends-today-in-almaty", "published", {
      city: "astana",
      kind: "contest",
      startsOn: "2026-06-09",
      endsOn: "2026-06-11",
    });
    await add("next-month", "published", {
      city: "almaty",
      kind: "contest",
      startsOn: "2026-07-01",
      endsOn: "2026-07-02",
    });
    await add("next-year", "published", {
      city: "shymkent",
      kind: "festival",
      startsOn: "2027-01-15",
      endsOn: "2027-01-16",
    });
    await add("long-ago", "published", {
      city: "pavlodar",
      kind: "academy",
      startsOn: "2017-10-10",
      endsOn: "2017-10-10",
    });
    await add("secret-draft", "draft", {
      city: "almaty",
      kind: "festival",
      startsOn: "2026-07-01",
      endsOn: "2026-07-01",
    });
    await add("old-archive", "archived", {
      city: "almaty",
      kind: "festival",
      startsOn: "2019-05-01",
      endsOn: "2019-05-01",
    });
    await add("future-archive", "archived", {
      city: "almaty",
      kind: "festival",
      startsOn: "2026-09-01",
      endsOn: "2026-09-01",
    });
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

  test("filters by city", async () => {
    const { upcoming, past } = await listPublicEvents(t.db, { city: "almaty" }, NOW);
    expect(slugs(upcoming)).toEqual(["next-month"]);
    expect(slugs(past)).toEqual(["ended-yesterday-in-almaty"]);
  });

  test("filters by kind", async () => {
    const { upcoming, past } = await listPublicEvents(t.db, { kind: "festival" }, NOW);
    expect(slugs(upcoming)).toEqual(["next-year"]);
    expect(slugs(past)).toEqual(["ended-yesterday-in-almaty"]);
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
