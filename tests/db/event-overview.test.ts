import { describe, expect, it } from "vitest";

import { eventOverview } from "~/.server/events/event-overview.server";

import { engines, useTestDb } from "../setup/db";
import { enterFamily, NOW, openEvent } from "./entry-fixtures";

describe.each(engines)("the organiser's event overview on %s", (engine) => {
  const t = useTestDb(engine);

  it("counts entries by status and places taken against capacity, and names the next steps", async () => {
    const ev = await openEvent(t.db, { capacity: 1 });
    await enterFamily(t.db, ev);
    await enterFamily(t.db, ev);
    const overview = (await eventOverview(t.db, ev.eventId, NOW))!;
    expect(overview.registration).toBe("open");
    expect(overview.entries).toMatchObject({ confirmed: 1, waitlisted: 1, submitted: 0, withdrawn: 0 });
    expect(overview.nominations).toEqual([expect.objectContaining({ capacity: 1, taken: 1, waiting: 1 })]);
    expect(overview.taken).toBe(1);
    // The fixture has no round and no judge yet.
    expect(overview.nextSteps).toEqual(["addRounds", "assignJury"]);
  });

  it("is undefined for an event that does not exist", async () => {
    expect(await eventOverview(t.db, 999_999, NOW)).toBeUndefined();
  });
});
