import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createSession } from "~/.server/accounts/session.server";
import { boot, runtime, shutdown } from "~/.server/platform/runtime.server";
import { eventCalendar, familyCalendar } from "~/.server/schedule/calendar.server";
import { issueCalendarFeed, revokeCalendarFeed } from "~/.server/schedule/calendar-feed.server";
import { loader as calendarFeed } from "~/routes/calendar.$file";
import { loader as programmeIcs } from "~/routes/events.$slug_.programme[.]ics";
import { loader as scheduleIcs } from "~/routes/schedule[.]ics";

import { engines, useTestDb } from "../setup/db";
import { icalendarPython, NO_ICALENDAR, parseStrictly } from "../setup/ical";
import { insertUser } from "./factories";
import { HOST, publicOnly, publishedEvent, seed, unfold } from "./programme-fixture";

/* The programme feeds as calendar apps read them: valid iCalendar, in the language the URL asks for. */

const octets = (line: string) => Buffer.byteLength(line, "utf8");
const LONG_TITLE = {
  kk: "Балалар әлем ырғағында: ЮНЕСКО клубтарының республикалық фестивалі",
  ru: "Дети в ритме мира: республиканский фестиваль клубов ЮНЕСКО",
};

describe.each(engines)("the programme's iCalendar on %s", (engine) => {
  const t = useTestDb(engine);

  it("sends an event with nothing scheduled as one all-day event over its days, the last one included", async () => {
    const organiser = await insertUser(t.db);
    const ev = await publishedEvent(t.db, organiser.id, LONG_TITLE);
    const calendar = (await eventCalendar(t.db, { slug: ev.slug, locale: "kk", canPreview: publicOnly, host: HOST }))!;
    const text = unfold(calendar.text);
    expect(text.match(/^BEGIN:VEVENT$/gm)).toHaveLength(1);
    // The event runs 10–11 December; DTEND is exclusive.
    expect(text).toContain("DTSTART;VALUE=DATE:20261210\r\n");
    expect(text).toContain("DTEND;VALUE=DATE:20261212\r\n");
    expect(text).toContain(`UID:event-${ev.id}@${HOST}\r\n`);
    expect(text).toContain(`SUMMARY:${LONG_TITLE.kk.replaceAll(",", "\\,").replaceAll(";", "\\;")}\r\n`);
  });

  it("folds every line at 75 octets, Kazakh and Russian names and places included", async () => {
    const s = await seed(t.db);
    const organiser = await insertUser(t.db);
    const empty = await publishedEvent(t.db, organiser.id, LONG_TITLE);
    const texts = [
      ...(["kk", "ru", "en"] as const).flatMap((locale) =>
        [s.fest.slug, empty.slug].map(
          async (slug) => (await eventCalendar(t.db, { slug, locale, canPreview: publicOnly, host: HOST }))!.text,
        ),
      ),
      familyCalendar(t.db, { guardianId: s.parentA.id, locale: "kk", host: HOST }),
      familyCalendar(t.db, { guardianId: s.parentB.id, locale: "ru", host: HOST }),
    ];
    const written = await Promise.all(texts);
    for (const text of written) expect(text.split("\r\n").filter((l) => octets(l) > 75)).toEqual([]);
    // …and there were long lines to fold, in every language.
    for (const text of written.slice(0, 6))
      expect(
        unfold(text)
          .split("\r\n")
          .some((l) => octets(l) > 75),
      ).toBe(true);
  });

  it("writes feeds a strict iCalendar parser accepts (python3-icalendar)", async (ctx) => {
    if (!icalendarPython) ctx.skip(NO_ICALENDAR);
    const s = await seed(t.db);
    const organiser = await insertUser(t.db);
    const empty = await publishedEvent(t.db, organiser.id, LONG_TITLE);
    for (const locale of ["kk", "ru", "en"] as const) {
      const fest = parseStrictly(
        (await eventCalendar(t.db, { slug: s.fest.slug, locale, canPreview: publicOnly, host: HOST }))!.text,
      );
      expect(fest.events).toHaveLength(4);
      expect(fest.events.every((e) => e.uid.endsWith(`@${HOST}`) && !e.allDay)).toBe(true);
    }
    const kk = parseStrictly(
      (await eventCalendar(t.db, { slug: empty.slug, locale: "kk", canPreview: publicOnly, host: HOST }))!.text,
    );
    expect(kk.name).toBe(`${LONG_TITLE.kk} — Бағдарлама`);
    expect(kk.events).toEqual([
      expect.objectContaining({ summary: LONG_TITLE.kk, start: "2026-12-10", end: "2026-12-12", allDay: true }),
    ]);
    // A family with nothing scheduled yet still gets a valid calendar: its time zone, no event.
    const nobody = await insertUser(t.db);
    const quiet = await familyCalendar(t.db, { guardianId: nobody.id, locale: "kk", host: HOST });
    expect(parseStrictly(quiet).events).toEqual([]);
    expect(quiet).toContain("BEGIN:VTIMEZONE\r\nTZID:Asia/Almaty\r\n");
    const family = parseStrictly(await familyCalendar(t.db, { guardianId: s.parentB.id, locale: "ru", host: HOST }));
    expect(family.events.map((e) => e.summary)).toContain("Вокал · Қасымов Нұрлан");
    expect(family.events[0]!.start).toBe("2026-12-05T07:00:00+00:00");
  });
});

describe("the feeds' routes", () => {
  let slug = "";
  let guardianId = 0;
  const request = (path: string, headers: Record<string, string> = {}) =>
    new Request(`http://toi.internal:3000${path}`, { headers });
  const context = { cspNonce: "", clientIp: "127.0.0.1" };
  const programme = (query: string, headers?: Record<string, string>) =>
    programmeIcs({ request: request(`/events/${slug}/programme.ics${query}`, headers), params: { slug }, context });
  const thrownBy = async (promise: Promise<unknown>) => (await promise.catch((e: unknown) => e)) as Response;

  async function bootWith(publicUrl: string | undefined) {
    await boot({
      ...process.env,
      PUBLIC_URL: publicUrl,
      DATABASE_URL: "",
      DATA_DIR: "memory://",
      SEED_DEMO: "0",
      EMAIL_WORKER: "0",
      SESSION_SECRETS: "calendar-feed-secret",
    });
    const { db } = await runtime();
    const s = await seed(db);
    slug = s.fest.slug;
    guardianId = s.parentB.id;
  }
  const signedIn = async () => {
    const { db, sessionCookie } = await runtime();
    return { Cookie: (await sessionCookie.serialize(await createSession(db, guardianId))).split(";")[0]! };
  };

  describe("with PUBLIC_URL set", () => {
    beforeAll(() => bootWith("https://toi.example.kz/"), 60_000);
    afterAll(() => shutdown());

    it("speaks the language ?lang= names, whatever the reader's Accept-Language", async () => {
      const kk = unfold(await (await programme("?lang=kk", { "Accept-Language": "ru" })).text());
      expect(kk).toContain("X-WR-CALNAME:Шабыт фестивалі — Бағдарлама\r\n");
      const en = unfold(
        await (
          await scheduleIcs({ request: request("/schedule.ics?lang=en", await signedIn()), params: {}, context })
        ).text(),
      );
      expect(en).toContain("X-WR-CALNAME:Toi — My schedule\r\n");
    });

    it("serves a family's private calendar link without a cookie, until it is renewed or turned off", async () => {
      const { db } = await runtime();
      const feed = (token: string) =>
        calendarFeed({ request: request(`/calendar/${token}.ics?lang=kk`), params: { file: `${token}.ics` }, context });
      const first = await issueCalendarFeed(db, guardianId);
      const cookieless = await feed(first);
      expect(cookieless.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
      expect(cookieless.headers.get("Cache-Control")).toBe("private, no-store");
      const text = unfold(await cookieless.text());
      expect(text).toBe(unfold(await familyCalendar(db, { guardianId, locale: "kk", host: "toi.example.kz" })));
      expect(text).toContain("BEGIN:VEVENT");
      const second = await issueCalendarFeed(db, guardianId);
      expect((await thrownBy(feed(first))).status).toBe(404);
      expect((await feed(second)).status).toBe(200);
      await revokeCalendarFeed(db, guardianId);
      expect((await thrownBy(feed(second))).status).toBe(404);
      expect((await thrownBy(feed("not-a-token"))).status).toBe(404);
    });

    it("falls back to the reader's language without ?lang=, and refuses a language it does not speak", async () => {
      const subscribed = unfold(await (await programme("")).text());
      expect(subscribed).toContain("X-WR-CALNAME:Фестиваль «Шабыт» — Программа\r\n");
      expect((await thrownBy(programme("?lang=de"))).status).toBe(400);
      const family = await thrownBy(
        scheduleIcs({ request: request("/schedule.ics?lang=xx", await signedIn()), params: {}, context }),
      );
      expect(family.status).toBe(400);
    });

    it("ends every UID in PUBLIC_URL's host, not the request's", async () => {
      const text = unfold(await (await programme("?lang=ru")).text());
      const uids = text.match(/^UID:.*$/gm)!;
      expect(uids.length).toBeGreaterThan(0);
      for (const uid of uids) expect(uid).toMatch(/@toi\.example\.kz$/);
    });
  });

  describe("without PUBLIC_URL", () => {
    beforeAll(() => bootWith(undefined), 60_000);
    afterAll(() => shutdown());

    it("ends every UID in the request's host", async () => {
      const text = unfold(await (await programme("?lang=ru")).text());
      const uids = text.match(/^UID:.*$/gm)!;
      expect(uids.length).toBeGreaterThan(0);
      for (const uid of uids) expect(uid).toMatch(/@toi\.internal:3000$/);
    });
  });
});
