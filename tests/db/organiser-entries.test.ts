import crypto from "node:crypto";

import { beforeAll, describe, expect, it } from "vitest";

import { ensureConsentTexts } from "#db/seed/consent-texts";
import { setAccountPhone } from "~/.server/accounts/users.server";
import { setEventStatus } from "~/.server/events/events.server";
import { addChild } from "~/.server/registration/children.server";
import { exportEventEntries } from "~/.server/registration/entries-export.server";
import {
  countEventEntries,
  filtersFrom,
  listEventEntries,
  organiserEntriesPage,
} from "~/.server/registration/organiser-entries.server";
import { submitEntry } from "~/.server/registration/submit-entry.server";
import { ENTRY_SORTS, type EntrySort } from "~/domain/entry-list";
import { ENTRY_STATUSES } from "~/domain/entry-statuses";
import type { Locale } from "~/domain/locale";
import OrganiserEntries from "~/routes/organiser.events.$id_.entries";

import { engines, useTestDb } from "../setup/db";
import { ageGroupForm, asActor, createEventWithParts, insertUser, nominationForm } from "./factories";
import { insertManyEntries } from "./many-entries";
import { renderPage } from "./render-page";

/**
 * What a page of Toi weighs besides the route's own HTML and data: the document, header, footer,
 * scripts' tags and the route manifest (about 20 KB on the demo, measured with curl), rounded up.
 */
const DOCUMENT_CHROME = 40 * 1024;

const NOW = new Date("2026-11-20T06:00:00Z");

describe.each(engines)("organisers' entries table on %s", (engine) => {
  const t = useTestDb(engine);
  let eventId: number;
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    await ensureConsentTexts(t.db);
    const organiser = await insertUser(t.db);
    const club = await t.db
      .insertInto("clubs")
      .values({ name: "UNESCO Club «Test»", city: "pavlodar", region: "Pavlodar Region" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const created = await createEventWithParts(t.db, organiser.id, {
      titleEn: `Table ${engine}`,
      registrationOpensAt: "2026-11-01T09:00",
      registrationClosesAt: "2026-12-01T18:00",
      nominations: [
        nominationForm({ nameEn: "Vocal", capacity: "2", maxDurationMinutes: "4" }),
        nominationForm({ nameEn: "Dance", discipline: "choreography" }),
      ],
      ageGroups: [ageGroupForm(7, 10), ageGroupForm(11, 14)],
    });
    eventId = created.id;
    await setEventStatus(t.db, eventId, "published", asActor(organiser.id));
    const [vocal, dance] = created.nominations;
    const enter = async (
      name: string,
      birthDate: string,
      city: "almaty" | "pavlodar",
      nominationId: number,
      clubId?: number,
      photoVideo = false,
    ) => {
      const parent = await insertUser(t.db);
      const child = await addChild(
        t.db,
        { guardianId: parent.id },
        { lastName: "Серікова", firstName: name, patronymic: "", birthDate, city, clubId, publicName: "full" },
        { photoVideo },
      );
      const result = await submitEntry(
        t.db,
        { userId: parent.id, email: parent.email, role: "guardian" },
        {
          eventId,
          nominationId,
          format: "solo",
          memberIds: [child.id],
          title: "Ән",
          durationSeconds: 120,
          videoUrl: null,
          artworkFile: null,
          idempotencyKey: crypto.randomUUID(),
        },
        "https://toi.example.kz",
        NOW,
      );
      if (!result.ok) throw new Error(JSON.stringify(result));
      refs[name] = result.reference;
    };
    await enter("Әйгерім", "2017-02-01", "almaty", vocal!.id);
    await enter("Ұлжан", "2013-05-05", "pavlodar", vocal!.id, club.id, true);
    await enter("Іңкәр", "2012-09-09", "almaty", vocal!.id);
    await enter("Дана", "2016-01-01", "pavlodar", dance!.id, club.id);
  });

  const names = (rows: Awaited<ReturnType<typeof listEventEntries>>) =>
    rows.flatMap((r) => r.members.map((m) => m.name)).sort();

  it("lists every entry with its members, nomination, age group and status", async () => {
    const rows = await listEventEntries(t.db, eventId, {}, "en");
    expect(rows).toHaveLength(4);
    const third = rows.find((r) => r.reference === refs["Іңкәр"])!;
    expect(third).toMatchObject({ status: "waitlisted", nomination: "Vocal", ageGroup: { min: 11, max: 14 } });
    expect(third.members[0]).toMatchObject({ name: "Серікова Іңкәр", birthDate: "2012-09-09", city: "almaty" });
  });

  it("filters by status, age group, club and city, as the page's query string says", async () => {
    const url = (q: string) => new URL(`http://toi.test/x?${q}`);
    expect(names(await listEventEntries(t.db, eventId, filtersFrom(url("status=waitlisted")), "en"))).toEqual([
      "Серікова Іңкәр",
    ]);
    const groups = await t.db
      .selectFrom("age_groups")
      .select(["id", "min_age"])
      .where("event_id", "=", eventId)
      .execute();
    const younger = groups.find((g) => g.min_age === 7)!.id;
    expect(names(await listEventEntries(t.db, eventId, filtersFrom(url(`ageGroup=${younger}`)), "en"))).toEqual(
      ["Серікова Дана", "Серікова Әйгерім"].sort(),
    );
    expect(names(await listEventEntries(t.db, eventId, filtersFrom(url("city=pavlodar")), "en"))).toEqual(
      ["Серікова Дана", "Серікова Ұлжан"].sort(),
    );
    const club = await t.db
      .selectFrom("clubs")
      .select("id")
      .where("name", "=", "UNESCO Club «Test»")
      .executeTakeFirstOrThrow();
    expect(names(await listEventEntries(t.db, eventId, filtersFrom(url(`club=${club.id}`)), "en"))).toHaveLength(2);
    expect(filtersFrom(url("status=bogus&city=atlantis&nomination=-1"))).toEqual({
      nominationId: undefined,
      ageGroupId: undefined,
      clubId: undefined,
      city: undefined,
      region: undefined,
      status: undefined,
      q: undefined,
    });
  });

  it("finds a child by part of the name typed in lower case, or an entry by its reference", async () => {
    expect(names(await listEventEntries(t.db, eventId, { q: "ұлжан" }, "en"))).toEqual(["Серікова Ұлжан"]);
    expect(names(await listEventEntries(t.db, eventId, { q: "ұлжан СЕР" }, "en"))).toEqual(["Серікова Ұлжан"]);
    expect(names(await listEventEntries(t.db, eventId, { q: "ұлжан дана" }, "en"))).toEqual([]);
    expect(names(await listEventEntries(t.db, eventId, { q: "100%" }, "en"))).toEqual([]);
    expect(names(await listEventEntries(t.db, eventId, { q: refs["Дана"]!.toLowerCase() }, "en"))).toEqual([
      "Серікова Дана",
    ]);
  });

  it("shows each entry's club, its region, and whether its performers may be photographed", async () => {
    const rows = await listEventEntries(t.db, eventId, {}, "en");
    const byName = (name: string) => rows.find((r) => r.reference === refs[name])!;
    expect(byName("Ұлжан")).toMatchObject({ club: "UNESCO Club «Test»", region: "Pavlodar Region" });
    expect(byName("Ұлжан").members[0]!.photoConsent).toBe(true);
    // No club: the child's own region, which her town (Almaty, in Toi's list) gave her.
    expect(byName("Әйгерім")).toMatchObject({ club: null, region: "almaty" });
    expect(byName("Әйгерім").members[0]!.photoConsent).toBe(false);
    expect(names(await listEventEntries(t.db, eventId, { region: "Pavlodar Region" }, "en"))).toEqual(
      ["Серікова Дана", "Серікова Ұлжан"].sort(),
    );
  });

  it("takes a child's own region where the entry has no club, and shows the guardian's phone, in the table's data and the export", async () => {
    const aigerim = await t.db
      .selectFrom("entries")
      .innerJoin("entry_members", "entry_members.entry_id", "entries.id")
      .innerJoin("participants", "participants.id", "entry_members.participant_id")
      .select(["participants.id", "participants.guardian_user_id"])
      .where("entries.reference", "=", refs["Әйгерім"]!)
      .executeTakeFirstOrThrow();
    await t.db.updateTable("participants").set({ region: "almaty" }).where("id", "=", aigerim.id).execute();
    await setAccountPhone(t.db, aigerim.guardian_user_id!, "+77012345678");
    const row = (await listEventEntries(t.db, eventId, {}, "en")).find((r) => r.reference === refs["Әйгерім"])!;
    expect(row).toMatchObject({ club: null, region: "almaty" });
    expect(row.members[0]).toMatchObject({ guardianPhone: "+7 701 234 56 78" });
    // The club's region wins over the child's own.
    await t.db.updateTable("participants").set({ region: "abai" }).where("first_name", "=", "Ұлжан").execute();
    const ulzhan = (await listEventEntries(t.db, eventId, {}, "en")).find((r) => r.reference === refs["Ұлжан"])!;
    expect(ulzhan).toMatchObject({ region: "Pavlodar Region" });
    expect(ulzhan.members[0]!.guardianPhone).toBeNull();

    const { body } = await exportEventEntries(t.db, eventId, new URL("http://toi.test/x?sort=name"), "csv", "ru");
    const lines = body.toString().trim().split(/\r?\n/);
    expect(lines[0]).toContain("Согласие на фото;Телефон родителя");
    expect(lines[0]).toContain("Название номера или работы");
    const line = lines.find((l) => l.includes("Серікова Әйгерім"))!;
    // A cell starting with "+" is quoted against formula injection, as every exported cell is.
    expect(line, line).toContain("Алматы;Нет;'+7 701 234 56 78");
    await setAccountPhone(t.db, aigerim.guardian_user_id!, null);
    await t.db.updateTable("participants").set({ region: null }).where("id", "in", [aigerim.id]).execute();
  });

  it("sorts names with Kazakh letters beside their neighbours (Ә after А, Ұ after У), not after Я", async () => {
    const sorted = async (dir: "asc" | "desc") =>
      (await listEventEntries(t.db, eventId, {}, "en", { order: { sort: "name", dir } })).map(
        (r) => r.members[0]!.name,
      );
    const expected = ["Серікова Әйгерім", "Серікова Дана", "Серікова Іңкәр", "Серікова Ұлжан"];
    expect(await sorted("asc")).toEqual(expected);
    expect(await sorted("desc")).toEqual([...expected].reverse());
  });

  it("exports the filtered entries in the table's order, with each child's region and photo consent", async () => {
    const { body } = await exportEventEntries(
      t.db,
      eventId,
      new URL("http://toi.test/x?format=csv&region=Pavlodar+Region&sort=name&dir=desc"),
      "csv",
      "en",
    );
    const lines = body.toString().trim().split(/\r?\n/);
    expect(lines[0]).toContain("Region,Photo consent");
    expect(lines.slice(1).map((l) => l.match(/Серікова [^,]+/)![0])).toEqual(["Серікова Ұлжан", "Серікова Дана"]);
    expect(lines[1]).toContain("Pavlodar Region,Yes");
    expect(lines[2]).toContain("Pavlodar Region,No");
  });

  it("counts entries per nomination, age group and status", async () => {
    const counts = await countEventEntries(t.db, eventId);
    const total = (status: string) => counts.filter((c) => c.status === status).reduce((s, c) => s + c.n, 0);
    expect(total("confirmed")).toBe(3);
    expect(total("waitlisted")).toBe(1);
  });
});

const BIG = 10_000;
/** What the generator in many-entries.ts gives entry number i. */
const statusOf = (i: number) =>
  i % 53 === 0 ? "rejected" : i % 37 === 0 ? "withdrawn" : i % 20 === 0 ? "waitlisted" : "confirmed";
const url = (query: string) => new URL(`http://toi.test/organiser/events/1/entries?${query}`);

describe.each(engines)("organisers' entries table at 10,000 entries on %s", (engine) => {
  const t = useTestDb(engine);
  let eventId: number;
  let prefix: string;

  beforeAll(async () => {
    const organiser = await insertUser(t.db);
    const created = await createEventWithParts(t.db, organiser.id, {
      titleEn: `Many ${engine}`,
      titleKk: `Көп ${engine}`,
      nominations: [
        nominationForm({ nameEn: "Vocal" }),
        nominationForm({ nameEn: "Dance", discipline: "choreography" }),
        nominationForm({ nameEn: "Fine art", discipline: "fine_art" }),
      ],
      ageGroups: [ageGroupForm(7, 10), ageGroupForm(11, 14), ageGroupForm(15, 17)],
    });
    eventId = created.id;
    prefix = `MX${eventId}-`;
    await insertManyEntries(t.db, eventId, BIG);
  });

  const page = (query: string, locale: Locale = "en") => organiserEntriesPage(t.db, eventId, url(query), locale);

  it("shows 50 entries a page with the total and the counts by status", async () => {
    const first = await page("");
    expect(first.entries).toHaveLength(50);
    expect(first.paging).toMatchObject({ page: 1, pages: 200, total: BIG, first: 1, last: 50 });
    const expected = { submitted: 0, confirmed: 0, waitlisted: 0, withdrawn: 0, rejected: 0 };
    for (let i = 1; i <= BIG; i++) expected[statusOf(i)]++;
    expect(first.byStatus).toEqual(expected);

    const second = await page("sort=reference&page=2");
    expect(second.paging).toMatchObject({ page: 2, first: 51, last: 100 });
    expect(second.entries[0]!.reference).toBe(`${prefix}000051`);
    expect(second.entries.at(-1)!.reference).toBe(`${prefix}000100`);
  });

  it.each(ENTRY_SORTS.flatMap((sort) => (["asc", "desc"] as const).map((dir) => [sort, dir] as const)))(
    "pages sorted by %s %s without losing or repeating an entry",
    async (sort, dir) => {
      const order = { sort, dir };
      const whole = await listEventEntries(t.db, eventId, {}, "en", { order, limit: 150 });
      const pages = [];
      for (const offset of [0, 50, 100])
        pages.push(...(await listEventEntries(t.db, eventId, {}, "en", { order, limit: 50, offset })));
      expect(pages.map((e) => e.id)).toEqual(whole.map((e) => e.id));
      const keys: Record<EntrySort, (e: (typeof whole)[number]) => string | number> = {
        reference: (e) => e.reference,
        submitted: (e) => e.createdAt,
        status: (e) => ENTRY_STATUSES.indexOf(e.status),
        nomination: (e) => ["Vocal", "Dance", "Fine art"].indexOf(e.nomination),
        name: (e) => e.members[0]!.name!,
      };
      const values = whole.map(keys[sort]);
      // PostgreSQL's ICU root collation, as the query asks for.
      const collator = new Intl.Collator("und");
      const compare = (a: string | number, b: string | number) =>
        typeof a === "number"
          ? a - (b as number)
          : sort === "name"
            ? collator.compare(a, b as string)
            : a < b
              ? -1
              : a > b
                ? 1
                : 0;
      for (let i = 1; i < values.length; i++)
        expect(
          compare(values[i - 1]!, values[i]!) * (dir === "asc" ? 1 : -1),
          `${values[i - 1]} then ${values[i]}`,
        ).toBeLessThanOrEqual(0);
    },
  );

  it("filters by status, nomination, age group, region, club and search, counting what matches", async () => {
    const waiting = await page("status=waitlisted");
    expect(waiting.paging.total).toBe(waiting.byStatus.waitlisted);
    expect(waiting.entries.every((e) => e.status === "waitlisted")).toBe(true);
    // The counts by status ignore the status filter, so each can be chosen from there.
    expect(waiting.byStatus.confirmed).toBeGreaterThan(0);

    const { nominations, ageGroups } = waiting;
    const narrowed = await page(`nomination=${nominations[1]!.id}&ageGroup=${ageGroups[2]!.id}&size=100`);
    expect(narrowed.paging.total).toBeGreaterThan(0);
    expect(narrowed.entries.every((e) => e.nomination === "Dance" && e.ageGroup?.min === 15)).toBe(true);

    const astana = await page("region=Astana&size=100");
    expect(astana.paging.total).toBeGreaterThan(0);
    expect(astana.paging.total).toBeLessThan(BIG / 4);
    expect(astana.entries.every((e) => e.region === "Astana")).toBe(true);

    const club = await t.db
      .selectFrom("clubs")
      .select("id")
      .where("name", "=", "UNESCO Club «Bulk 3»")
      .executeTakeFirstOrThrow();
    const ofClub = await page(`club=${club.id}`);
    expect(ofClub.paging.total).toBeGreaterThan(0);
    expect(ofClub.entries.every((e) => e.club === "UNESCO Club «Bulk 3»")).toBe(true);

    // "00012" is in MX…-000012 and MX…-000120 to -000129.
    expect((await page("q=00012")).paging.total).toBe(11);
    const named = await page("q=ұлжан нұрсұлтан");
    expect(named.paging.total).toBeGreaterThan(0);
    const found = await listEventEntries(t.db, eventId, named.filters, "en", { limit: 100 });
    expect(found.every((e) => e.members.some((m) => /Нұрсұлтанова Ұлжан/.test(m.name ?? "")))).toBe(true);
  });

  it("falls back to the defaults for parameters it cannot use, and to the last page past the end", async () => {
    const odd = await page("page=abc&size=7&sort=bogus&dir=sideways&status=lost&nomination=-1&region=Atlantis&city=x");
    expect(odd.paging).toMatchObject({ page: 1, size: 50, total: BIG });
    expect(odd.order).toEqual({ sort: "nomination", dir: "asc" });
    expect(odd.filters).toMatchObject({
      status: undefined,
      nominationId: undefined,
      region: undefined,
      city: undefined,
    });
    const beyond = await page("page=9999&size=100");
    expect(beyond.paging).toMatchObject({ page: 100, first: 9_901, last: BIG });
    expect(beyond.entries).toHaveLength(100);
  });

  it.each([
    ["", "en"],
    ["size=100&sort=name", "kk"],
    ["size=100&status=waitlisted&sort=submitted&dir=desc", "ru"],
  ] as const)("renders the page for ?%s in %s under 300 KB, its data included", async (query, locale) => {
    const loaderData = { locale, ...(await page(query, locale)) };
    const { html, bytes } = renderPage(OrganiserEntries, {
      path: "/organiser/events/:id/entries",
      url: `/organiser/events/${eventId}/entries?${query}`,
      loaderData,
      locale,
    });
    expect(html).toContain(loaderData.entries[0]!.reference);
    expect(html.match(/<tr>/g)!.length).toBeGreaterThanOrEqual(loaderData.entries.length);
    // The site's header, footer and scripts come on top.
    expect(bytes + DOCUMENT_CHROME).toBeLessThan(300 * 1024);
  });
});
