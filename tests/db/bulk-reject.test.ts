import { describe, expect, it } from "vitest";

import { rejectEntries } from "~/.server/registration/bulk-reject.server";
import { entryIdsMatching } from "~/.server/registration/organiser-entries.server";

import { engines, useTestDb } from "../setup/db";
import { accepted, BASE_URL, enterFamily, family, openEvent, statusOf } from "./entry-fixtures";
import { asActor, insertUser } from "./factories";

describe.each(engines)("rejecting many entries with one reason (%s)", (engine) => {
  const t = useTestDb(engine);

  it("rejects the chosen open entries, emails each family the reason, audits each, and fills the freed places", async () => {
    const ev = await openEvent(t.db, { capacity: 2 });
    const organiser = asActor((await insertUser(t.db)).id);
    const families = [];
    for (let i = 0; i < 4; i++) families.push(await enterFamily(t.db, ev, await family(t.db)));
    const ids = families.map((f) => accepted(f.result).entryId);
    expect(await Promise.all(ids.map((id) => statusOf(t.db, id)))).toEqual([
      "confirmed",
      "confirmed",
      "waitlisted",
      "waitlisted",
    ]);
    const before = await t.db
      .selectFrom("outbox")
      .select((eb) => eb.fn.max("id").as("n"))
      .executeTakeFirstOrThrow();

    const result = await rejectEntries(t.db, organiser, {
      eventId: ev.eventId,
      entryIds: [ids[0]!, ids[1]!, ids[0]!],
      reason: "  The video is not of this child  ",
      baseUrl: BASE_URL,
    });
    expect(result).toEqual({ status: "done", rejected: 2, skipped: 0, promoted: 2 });
    expect(await Promise.all(ids.map((id) => statusOf(t.db, id)))).toEqual([
      "rejected",
      "rejected",
      "confirmed",
      "confirmed",
    ]);
    const reasons = await t.db
      .selectFrom("entries")
      .select("status_reason")
      .where("id", "in", ids.slice(0, 2))
      .execute();
    expect(reasons.map((r) => r.status_reason)).toEqual([
      "The video is not of this child",
      "The video is not of this child",
    ]);
    const emails = await t.db
      .selectFrom("outbox")
      .select(["template", "params"])
      .where("id", ">", Number(before.n))
      .orderBy("id")
      .execute();
    const rejections = emails.filter((e) => e.template === "entry_rejected");
    expect(rejections).toHaveLength(2);
    expect(rejections.every((e) => JSON.stringify(e.params).includes("The video is not of this child"))).toBe(true);
    expect(emails.filter((e) => e.template === "entry_promoted")).toHaveLength(2);
    const audits = await t.db
      .selectFrom("audit_log")
      .select(["action", "entity_id"])
      .where("event_id", "=", ev.eventId)
      .where("action", "like", "entry.%")
      .orderBy("id")
      .execute();
    expect(audits.map((x) => x.action)).toEqual(["entry.reject", "entry.reject", "entry.bulk_reject"]);

    // Closed entries and another event's are skipped; a second pass changes nothing.
    const other = await openEvent(t.db);
    const stranger = accepted((await enterFamily(t.db, other, await family(t.db))).result);
    expect(
      await rejectEntries(t.db, organiser, {
        eventId: ev.eventId,
        entryIds: [ids[0]!, stranger.entryId],
        reason: "Again",
        baseUrl: BASE_URL,
      }),
    ).toEqual({ status: "done", rejected: 0, skipped: 2, promoted: 0 });
    expect(await statusOf(t.db, stranger.entryId)).not.toBe("rejected");
  });

  it("refuses without a reason or without entries, and rejects nothing", async () => {
    const ev = await openEvent(t.db);
    const organiser = asActor((await insertUser(t.db)).id);
    const { result } = await enterFamily(t.db, ev, await family(t.db));
    const id = accepted(result).entryId;
    expect(
      await rejectEntries(t.db, organiser, { eventId: ev.eventId, entryIds: [id], reason: "  ", baseUrl: BASE_URL }),
    ).toEqual({
      status: "invalid",
      reason: "no_reason",
    });
    expect(
      await rejectEntries(t.db, organiser, { eventId: ev.eventId, entryIds: [], reason: "Late", baseUrl: BASE_URL }),
    ).toEqual({
      status: "invalid",
      reason: "none_chosen",
    });
    expect(await statusOf(t.db, id)).toBe("confirmed");
  });

  it("finds every entry the filters match, for 'select all'", async () => {
    const ev = await openEvent(t.db);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(accepted((await enterFamily(t.db, ev, await family(t.db))).result).entryId);
    expect(await entryIdsMatching(t.db, ev.eventId, {})).toEqual(ids);
    expect(await entryIdsMatching(t.db, ev.eventId, { status: "rejected" })).toEqual([]);
  });
});
