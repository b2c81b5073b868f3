import { sql } from "kysely";
import { describe, expect, it } from "vitest";

import { eventFormValues, setEventStatus, updateEvent } from "~/.server/events/events.server";
import { audit, listAudit } from "~/.server/platform/audit.server";
import { auditObjectLinks } from "~/.server/platform/audit-links.server";
import { eventSchema } from "~/schemas/event";

import { engines, useTestDb } from "../setup/db";
import { asActor, createEventFromForm, createEventWithParts, insertUser, roundForm } from "./factories";

describe.each(engines)("audit log on %s", (engine) => {
  const t = useTestDb(engine);

  it("records who changed an event, when, and the values before and after", async () => {
    const organiser = await insertUser(t.db, { email: "audited@example.kz" });
    const { id } = await createEventFromForm(t.db, organiser.id, { titleEn: "Audited event" });
    const { version: _v, id: _id, status: _s, ...values } = await eventFormValues(t.db, id);
    await updateEvent(
      t.db,
      id,
      eventSchema.parse({ ...values, titleEn: "Audited event, renamed" }),
      asActor(organiser.id),
    );
    await setEventStatus(t.db, id, "published", asActor(organiser.id));

    const rows = await listAudit(t.db, { eventId: id });
    expect(rows.map((r) => r.action)).toEqual(["event.status", "event.update", "event.create"]);
    expect(rows.every((r) => r.actor_user_id === organiser.id && r.at instanceof Date)).toBe(true);
    const update = rows[1]!;
    expect((update.before as { titleEn: string }).titleEn).toBe("Audited event");
    expect((update.after as { titleEn: string }).titleEn).toBe("Audited event, renamed");
    expect(rows[0]).toMatchObject({ before: { status: "draft" }, after: { status: "published" } });
  });

  it("links each object that still exists to its page, in one query, and leaves the rest as text", async () => {
    const organiser = await insertUser(t.db, { email: "linked@example.kz" });
    const gone = await insertUser(t.db, { email: "gone@example.kz" });
    await t.db.deleteFrom("users").where("id", "=", gone.id).execute();
    const event = await createEventWithParts(t.db, organiser.id, { titleEn: "Linked event", rounds: [roundForm()] });
    const round = event.rounds[0]!.id;
    const kept = await t.db.insertInto("stages").values({ round_id: round }).returning("id").executeTakeFirstOrThrow();
    const removed = await t.db
      .insertInto("stages")
      .values({ round_id: round })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.deleteFrom("stages").where("id", "=", removed.id).execute();
    const row = (entity_type: string, entity_id: number | string | null) => ({
      entity_type,
      entity_id: entity_id === null ? null : String(entity_id),
    });
    let queries = 0;
    const counted = t.db.withPlugin({
      transformQuery: (args) => (queries++, args.node),
      transformResult: async (args) => args.result,
    });

    const links = await auditObjectLinks(counted, [
      row("event", event.id),
      row("event", event.id + 1000),
      row("user", organiser.id),
      row("user", gone.id),
      row("round", round),
      row("stage", kept.id),
      row("stage", removed.id),
      row("score", `${round}:1:2:3`),
      row("membership", null),
      row("unknown", 1),
    ]);

    expect(links).toEqual({
      [`event:${event.id}`]: `/organiser/events/${event.id}`,
      [`user:${organiser.id}`]: `/admin/users/${organiser.id}`,
      [`round:${round}`]: `/organiser/events/${event.id}/jury/panels?round=${round}`,
      [`stage:${kept.id}`]: `/organiser/events/${event.id}/schedule?round=${round}`,
    });
    expect(queries).toBe(1);
    expect(await auditObjectLinks(t.db, [row("score", "1:2:3:4")])).toEqual({});
  });

  it("is append-only: the database refuses updates, deletes and truncation", async () => {
    await audit(t.db, null, { action: "test.entry", entityType: "test" });
    await expect(sql`update audit_log set action = 'rewritten'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    expect((await listAudit(t.db, { action: "test.entry" })).length).toBe(1);
  });

  it("lets a deleted account's address be forgotten, and nothing else change", async () => {
    await audit(t.db, { id: 4242, email: "leaving@example.kz" }, { action: "test.forget", entityType: "test" });
    const changeBoth = sql`update audit_log set actor_email = null, action = 'x' where action = 'test.forget'`;
    await expect(changeBoth.execute(t.db)).rejects.toThrow(/append-only/);
    const readdress = sql`update audit_log set actor_email = 'other@example.kz' where action = 'test.forget'`;
    await expect(readdress.execute(t.db)).rejects.toThrow(/append-only/);
    await sql`update audit_log set actor_email = null where actor_user_id = 4242`.execute(t.db);
    const [row] = await listAudit(t.db, { action: "test.forget" });
    expect(row).toMatchObject({ actor_user_id: 4242, actor_email: null, action: "test.forget" });
  });

  it("never stores passwords, tokens or birth dates, however deep", async () => {
    await audit(t.db, null, {
      action: "test.secrets",
      entityType: "test",
      after: {
        name: "Ерасыл",
        password: "hunter22",
        child: { birth_date: "2012-03-04", token: "abc", nested: [{ passwordHash: "$argon2id$x" }] },
      },
    });
    const [row] = await listAudit(t.db, { action: "test.secrets" });
    const text = JSON.stringify(row!.after);
    expect(text).toContain("Ерасыл");
    for (const secret of ["hunter22", "2012-03-04", "abc", "argon2id"]) expect(text).not.toContain(secret);
  });

  it("filters by actor email and pages by id", async () => {
    const actor = await insertUser(t.db, { email: "pager@example.kz" });
    for (let i = 0; i < 5; i++)
      await audit(
        t.db,
        { id: actor.id, email: "pager@example.kz" },
        { action: "test.page", entityType: "test", entityId: i },
      );
    const first = await listAudit(t.db, { actor: "PAGER@", action: "test.page" }, 3);
    expect(first.map((r) => r.entity_id)).toEqual(["4", "3", "2"]);
    const next = await listAudit(t.db, { actor: "pager", action: "test.page", beforeId: first[2]!.id }, 3);
    expect(next.map((r) => r.entity_id)).toEqual(["1", "0"]);
  });
});
