import { sql } from "kysely";
import { describe, expect, it } from "vitest";

import { eventDashboard } from "~/.server/events/dashboard.server";

import { engines, useTestDb } from "../setup/db";
import { bulkContest } from "./bulk-contest";
import { insertUser } from "./factories";

describe.each(engines)("the organiser's dashboard (%s)", (engine) => {
  const t = useTestDb(engine);

  it("counts 10,000 entries by status, nomination, age group, region and day, in the event's timezone", async () => {
    const c = await bulkContest(t.db, { entries: 10_000, nominations: 8, ageGroups: 3 });
    await t.db.updateTable("clubs").set({ region: "almaty_region" }).where("id", "=", c.club.id).execute();
    // 20:00 UTC is 01:00 the next day in Almaty: the days counted are Almaty's.
    await sql`update entries set created_at = timestamptz '2026-11-01 20:00:00+00' + (id % 5) * interval '1 day'
      where event_id = ${c.eventId}`.execute(t.db);
    await sql`update entries set status = 'rejected' where event_id = ${c.eventId} and reference like '%00'`.execute(
      t.db,
    );
    const judge = await insertUser(t.db);
    await t.db
      .insertInto("jury_assignments")
      .values({ round_id: c.remoteId, nomination_id: c.nominationIds[0]!, age_group_id: null, user_id: judge.id })
      .execute();

    const d = (await eventDashboard(t.db, c.eventId, "en"))!;
    expect(d.total).toBe(10_000);
    expect(Object.fromEntries(d.byStatus.map((s) => [s.status, s.value]))).toEqual({
      submitted: 0,
      confirmed: 9_900,
      waitlisted: 0,
      withdrawn: 0,
      rejected: 100,
    });
    expect(d.byNomination.map((n) => n.label)).toEqual(Array.from({ length: 8 }, (_, i) => `Nomination ${i + 1}`));
    expect(d.byNomination.reduce((sum, n) => sum + n.value, 0)).toBe(9_900);
    expect(d.byNomination.every((n) => n.value === n.confirmed && n.waitlisted === 0)).toBe(true);
    expect(d.byAgeGroup.map((g) => [g.ageGroup, g.value])).toEqual([
      [{ min: 5, max: 7 }, expect.any(Number)],
      [{ min: 8, max: 10 }, expect.any(Number)],
      [{ min: 11, max: 13 }, expect.any(Number)],
    ]);
    expect(d.byAgeGroup.reduce((sum, g) => sum + g.value, 0)).toBe(9_900);
    // Every tenth entry is the club's; the rejected ones (every hundredth) are among them.
    expect(d.byRegion).toEqual([
      { key: "", label: "", value: 9_000 },
      { key: "almaty_region", label: "almaty_region", value: 900 },
    ]);
    expect(d.byDay).toEqual(
      ["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06"].map((day) => ({ day, value: 2_000 })),
    );
    // 8 nominations × 3 age groups in the remote round; the one panel covers its nomination's three.
    const remote = d.panels.filter((p) => p.roundId === c.remoteId);
    expect(remote).toHaveLength(24);
    expect(remote.filter((p) => p.judges === 1).map((p) => p.nomination)).toEqual([
      "Nomination 1",
      "Nomination 1",
      "Nomination 1",
    ]);
    expect(remote.reduce((sum, p) => sum + p.entries, 0)).toBe(9_900);
    // Nomination 1 (entries 1, 9, 17, …: 1,250, none rejected) has a judge; no one may score the rest.
    expect(remote.filter((p) => p.judges === 1).reduce((sum, p) => sum + p.entries, 0)).toBe(1_250);
    expect(remote.reduce((sum, p) => sum + p.withoutJudge, 0)).toBe(8_650);
  });

  it("fills the days without entries with zero, and knows no event that is not there", async () => {
    const c = await bulkContest(t.db, { entries: 3, nominations: 1, ageGroups: 1 });
    await sql`update entries set created_at = timestamptz '2026-11-01 06:00:00+00' + (id - (select min(id) from entries where event_id = ${c.eventId})) * interval '2 days'
      where event_id = ${c.eventId}`.execute(t.db);
    const d = (await eventDashboard(t.db, c.eventId, "en"))!;
    expect(d.byDay.map((p) => [p.day, p.value])).toEqual([
      ["2026-11-01", 1],
      ["2026-11-02", 0],
      ["2026-11-03", 1],
      ["2026-11-04", 0],
      ["2026-11-05", 1],
    ]);
    expect(await eventDashboard(t.db, 999_999, "en")).toBeNull();
  });
});
