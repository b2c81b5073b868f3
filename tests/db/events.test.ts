import { sql } from "kysely";
import { beforeAll, describe, expect, test } from "vitest";

import { rolesOf } from "~/.server/accounts/auth.server";
import {
  createEvent,
  eventFormValues,
  findEventBySlug,
  loadEventDetails,
  SlugTakenError,
  updateEvent,
} from "~/.server/events/events.server";
import type { DB } from "~/.server/platform/db.server";
import { type EventFormValues, eventSchema } from "~/schemas/event";

import { engines, useTestDb } from "../setup/db";
import {
  ageGroupForm,
  asActor,
  createEventFromForm,
  eventForm,
  insertUser,
  nominationForm,
  roundForm,
} from "./factories";

/** A festival with two of everything, as an organiser would fill the form. */
const festivalForm = (fields: Partial<EventFormValues> = {}) =>
  eventForm({
    titleRu: "Дети в ритме мира",
    titleEn: "",
    registrationOpensAt: "2026-12-01T09:00",
    registrationClosesAt: "2026-12-05T18:00",
    ageReferenceDate: "2026-12-10",
    capacity: "300",
    nominations: [
      nominationForm({
        nameRu: "Вокал",
        discipline: "vocal",
        maxDurationMinutes: "4",
        formats: { solo: [1, 1], duet: [2, 2], ensemble: [3, 12] },
      }),
      nominationForm({ nameRu: "Хореография", discipline: "choreography", capacity: "40", formats: { trio: [3, 3] } }),
    ],
    ageGroups: [ageGroupForm(7, 10), ageGroupForm(11, 14)],
    rounds: [
      roundForm({
        kind: "remote",
        startsOn: "2026-11-01",
        endsOn: "2026-11-20",
        advanceRule: "top_n",
        advanceValue: "8",
      }),
      roundForm({
        kind: "final",
        city: "almaty",
        venueRu: "Дворец школьников",
        startsOn: "2026-12-10",
        endsOn: "2026-12-11",
      }),
    ],
    ...fields,
  });

const withoutIds = (values: EventFormValues) => ({
  ...values,
  nominations: values.nominations.map(({ id: _id, ...n }) => n),
  ageGroups: values.ageGroups.map(({ id: _id, ...g }) => g),
  rounds: values.rounds.map(({ id: _id, ...r }) => r),
});

async function countRows(db: DB) {
  const count = async (
    table: "events" | "memberships" | "nominations" | "nomination_formats" | "age_groups" | "rounds",
  ) =>
    (
      await db
        .selectFrom(table)
        .select(sql<number>`count(*)`.as("n"))
        .executeTakeFirstOrThrow()
    ).n;
  return {
    events: await count("events"),
    memberships: await count("memberships"),
    nominations: await count("nominations"),
    nomination_formats: await count("nomination_formats"),
    age_groups: await count("age_groups"),
    rounds: await count("rounds"),
  };
}

describe.each(engines)("events on %s", (engine) => {
  const t = useTestDb(engine);
  let organiserId: number;

  beforeAll(async () => {
    organiserId = (await insertUser(t.db)).id;
  });

  test("createEvent makes a draft and makes its creator an organiser of it", async () => {
    const { id } = await createEventFromForm(t.db, organiserId, { titleEn: "Draft by default" });
    const event = await t.db.selectFrom("events").select("status").where("id", "=", id).executeTakeFirstOrThrow();
    expect(event.status).toBe("draft");
    const roles = await rolesOf(t.db, organiserId);
    expect(roles.organiserOf.has(id)).toBe(true);
    expect(roles.admin).toBe(false);
  });

  test("createEvent stores nominations with their formats, age groups and rounds", async () => {
    const { id } = await createEvent(
      t.db,
      eventSchema.parse(festivalForm({ titleEn: "Children stored in detail" })),
      asActor(organiserId),
    );
    const details = await loadEventDetails(t.db, id);
    expect(
      details.nominations.map((n) => ({
        discipline: n.discipline,
        position: n.position,
        max: n.max_duration_seconds,
        capacity: n.capacity,
        formats: n.formats,
      })),
    ).toEqual([
      {
        discipline: "vocal",
        position: 0,
        max: 240,
        capacity: null,
        formats: [
          { format: "solo", min_members: 1, max_members: 1 },
          { format: "duet", min_members: 2, max_members: 2 },
          { format: "ensemble", min_members: 3, max_members: 12 },
        ],
      },
      {
        discipline: "choreography",
        position: 1,
        max: null,
        capacity: 40,
        formats: [{ format: "trio", min_members: 3, max_members: 3 }],
      },
    ]);
    expect(details.ageGroups.map((g) => [g.min_age, g.max_age])).toEqual([
      [7, 10],
      [11, 14],
    ]);
    expect(
      details.rounds.map((r) => ({
        kind: r.kind,
        city: r.city,
        rule: r.advance_rule,
        value: r.advance_value === null ? null : Number(r.advance_value),
      })),
    ).toEqual([
      { kind: "remote", city: null, rule: "top_n", value: 8 },
      { kind: "final", city: "almaty", rule: "none", value: null },
    ]);
  });

  test("stores a registration window given in Almaty wall-clock time as the right instant", async () => {
    const { id } = await createEvent(
      t.db,
      eventSchema.parse(festivalForm({ titleEn: "Almaty time" })),
      asActor(organiserId),
    );
    const event = await t.db.selectFrom("events").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(event.registration_opens_at?.toISOString()).toBe("2026-12-01T04:00:00.000Z");
    expect(event.registration_closes_at?.toISOString()).toBe("2026-12-05T13:00:00.000Z");
    const { rows } = await sql<{ local: string }>`
      select to_char(registration_opens_at at time zone 'Asia/Almaty', 'YYYY-MM-DD"T"HH24:MI') as local
      from events where id = ${id}`.execute(t.db);
    expect(rows[0]!.local).toBe("2026-12-01T09:00");
  });

  test("eventFormValues gives back what the organiser entered", async () => {
    const form = festivalForm({ titleEn: "Round trip" });
    const { id, slug } = await createEvent(t.db, eventSchema.parse(form), asActor(organiserId));
    const { id: _id, status, version, ...values } = await eventFormValues(t.db, id);
    expect(status).toBe("draft");
    expect(version).toMatch(/^\d{4}-\d\d-\d\dT/);
    // A step left empty is the step after the round above: the form shows it.
    const rounds = form.rounds.map((r, i) => ({ ...r, step: String(i + 1) }));
    expect(withoutIds(values)).toEqual({ ...form, slug, rounds });
  });

  test("saving eventFormValues unchanged changes nothing but the version", async () => {
    const { id } = await createEvent(
      t.db,
      eventSchema.parse(festivalForm({ titleEn: "Saved unchanged" })),
      asActor(organiserId),
    );
    const { version: before, ...first } = await eventFormValues(t.db, id);
    await updateEvent(t.db, id, eventSchema.parse(first), asActor(organiserId));
    const { version: after, ...second } = await eventFormValues(t.db, id);
    expect(second).toEqual(first);
    expect(new Date(after).getTime()).toBeGreaterThanOrEqual(new Date(before).getTime());
  });

  test("updateEvent keeps the ids of rows sent back with them, inserts new rows and deletes missing ones", async () => {
    const { id } = await createEvent(
      t.db,
      eventSchema.parse(festivalForm({ titleEn: "Edited children" })),
      asActor(organiserId),
    );
    const values = await eventFormValues(t.db, id);
    const [vocal, dance] = values.nominations;
    const [younger, older] = values.ageGroups;
    const [remote, final] = values.rounds;

    await updateEvent(
      t.db,
      id,
      eventSchema.parse({
        ...values,
        nominations: [
          { ...vocal!, nameRu: "Эстрадный вокал", formats: nominationForm({ formats: { solo: [1, 1] } }).formats },
          nominationForm({ nameRu: "Театр", discipline: "theatre" }),
        ],
        ageGroups: [{ ...older!, maxAge: "15" }, ageGroupForm(16, 17)],
        rounds: [{ ...final!, venueRu: "Новый зал" }],
      }),
      asActor(organiserId),
    );

    const details = await loadEventDetails(t.db, id);
    const vocalId = Number(vocal!.id);
    expect(details.nominations.map((n) => n.id)).toHaveLength(2);
    expect(details.nominations[0]).toMatchObject({ id: vocalId, name_ru: "Эстрадный вокал" });
    expect(details.nominations[0]!.formats).toEqual([{ format: "solo", min_members: 1, max_members: 1 }]);
    expect(details.nominations[1]).toMatchObject({ name_ru: "Театр", discipline: "theatre" });
    expect(details.nominations[1]!.id).not.toBe(Number(dance!.id));
    expect(details.nominations.map((n) => n.id)).not.toContain(Number(dance!.id));
    const orphanFormats = await t.db
      .selectFrom("nomination_formats")
      .select("format")
      .where("nomination_id", "=", Number(dance!.id))
      .execute();
    expect(orphanFormats).toEqual([]);

    expect(details.ageGroups.map((g) => [g.id, g.min_age, g.max_age])).toEqual([
      [Number(older!.id), 11, 15],
      [expect.any(Number), 16, 17],
    ]);
    expect(details.ageGroups.map((g) => g.id)).not.toContain(Number(younger!.id));

    expect(details.rounds.map((r) => ({ id: r.id, position: r.position, venue: r.venue_ru }))).toEqual([
      // Sent back with its step (2), the final keeps it: steps are the organiser's, not list order.
      { id: Number(final!.id), position: 1, venue: "Новый зал" },
    ]);
    expect(details.rounds.map((r) => r.id)).not.toContain(Number(remote!.id));
  });

  test("updateEvent does not let an event adopt another event's rows by their ids", async () => {
    const other = await createEvent(
      t.db,
      eventSchema.parse(festivalForm({ titleEn: "Other event" })),
      asActor(organiserId),
    );
    const mine = await createEvent(
      t.db,
      eventSchema.parse(festivalForm({ titleEn: "My event", nominations: [nominationForm()] })),
      asActor(organiserId),
    );
    const theirs = await eventFormValues(t.db, other.id);
    const stolenId = theirs.nominations[0]!.id!;
    const mineValues = await eventFormValues(t.db, mine.id);

    await updateEvent(
      t.db,
      mine.id,
      eventSchema.parse({ ...mineValues, nominations: [{ ...theirs.nominations[0]!, nameRu: "Чужая" }] }),
      asActor(organiserId),
    );

    const otherNomination = await t.db
      .selectFrom("nominations")
      .selectAll()
      .where("id", "=", Number(stolenId))
      .executeTakeFirstOrThrow();
    expect(otherNomination).toMatchObject({ event_id: other.id, name_ru: "Вокал" });
    const mineDetails = await loadEventDetails(t.db, mine.id);
    expect(mineDetails.nominations.map((n) => n.name_ru)).toEqual(["Чужая"]);
    expect(mineDetails.nominations[0]!.id).not.toBe(Number(stolenId));
  });

  test("a slug generated from a Cyrillic title is unique: the second event with that title gets -2", async () => {
    const form = { titleRu: "Золотая осень в Павлодаре", titleEn: "" };
    const first = await createEventFromForm(t.db, organiserId, form);
    const second = await createEventFromForm(t.db, organiserId, form);
    expect(first.slug).toBe("zolotaya-osen-v-pavlodare");
    expect(second.slug).toBe("zolotaya-osen-v-pavlodare-2");
    const kazakh = await createEventFromForm(t.db, organiserId, {
      titleKk: "Балалар әлем ырғағында",
      titleRu: "",
      titleEn: "",
    });
    expect(kazakh.slug).toBe("balalar-alem-yrgagynda");
  });

  test("an explicit slug that is taken throws SlugTakenError and saves nothing", async () => {
    const taken = await createEventFromForm(t.db, organiserId, { slug: "taken-slug", titleEn: "First holder" });
    const before = await countRows(t.db);

    await expect(
      createEventFromForm(t.db, organiserId, festivalForm({ slug: "taken-slug", titleEn: "Second holder" })),
    ).rejects.toBeInstanceOf(SlugTakenError);

    expect(await countRows(t.db)).toEqual(before);
    expect((await findEventBySlug(t.db, "taken-slug"))?.id).toBe(taken.id);
  });

  test("renaming an event to a taken slug throws SlugTakenError and leaves the event as it was", async () => {
    await createEventFromForm(t.db, organiserId, { slug: "someone-elses", titleEn: "Someone else's" });
    const { id } = await createEvent(
      t.db,
      eventSchema.parse(festivalForm({ slug: "my-own", titleEn: "Mine" })),
      asActor(organiserId),
    );
    const { version: _v, ...before } = await eventFormValues(t.db, id);

    await expect(
      updateEvent(
        t.db,
        id,
        eventSchema.parse({
          ...before,
          slug: "someone-elses",
          titleEn: "Renamed",
          nominations: [nominationForm({ nameRu: "Другая" })],
        }),
        asActor(organiserId),
      ),
    ).rejects.toBeInstanceOf(SlugTakenError);

    const { version: _v2, ...after } = await eventFormValues(t.db, id);
    expect(after).toEqual(before);
  });
});
