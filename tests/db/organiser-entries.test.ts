import crypto from "node:crypto";

import { beforeAll, describe, expect, it } from "vitest";

import { ensureConsentTexts } from "#db/seed/consent-texts";
import { setEventStatus } from "~/.server/events/events.server";
import { addChild } from "~/.server/registration/children.server";
import { countEventEntries, filtersFrom, listEventEntries } from "~/.server/registration/organiser-entries.server";
import { submitEntry } from "~/.server/registration/submit-entry.server";

import { engines, useTestDb } from "../setup/db";
import { ageGroupForm, asActor, createEventWithParts, insertUser, nominationForm } from "./factories";

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
      .values({ name: "UNESCO Club «Test»", city: "pavlodar" })
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
    ) => {
      const parent = await insertUser(t.db);
      const child = await addChild(
        t.db,
        { guardianId: parent.id },
        { lastName: "Серікова", firstName: name, patronymic: "", birthDate, city, clubId, publicName: "full" },
        { photoVideo: false },
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
    await enter("Ұлжан", "2013-05-05", "pavlodar", vocal!.id, club.id);
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
      status: undefined,
      q: undefined,
    });
  });

  it("finds a child by part of the name typed in lower case, or an entry by its reference", async () => {
    expect(names(await listEventEntries(t.db, eventId, { q: "ұлжан" }, "en"))).toEqual(["Серікова Ұлжан"]);
    expect(names(await listEventEntries(t.db, eventId, { q: refs["Дана"]!.toLowerCase() }, "en"))).toEqual([
      "Серікова Дана",
    ]);
  });

  it("counts entries per nomination, age group and status", async () => {
    const counts = await countEventEntries(t.db, eventId);
    const total = (status: string) => counts.filter((c) => c.status === status).reduce((s, c) => s + c.n, 0);
    expect(total("confirmed")).toBe(3);
    expect(total("waitlisted")).toBe(1);
  });
});
