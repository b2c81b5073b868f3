import crypto from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createSession } from "~/.server/accounts/session.server";
import { accountPhone } from "~/.server/accounts/users.server";
import type { DB } from "~/.server/platform/db.server";
import { boot, runtime, shutdown } from "~/.server/platform/runtime.server";
import { createI18n } from "~/i18n";
import { action, loader } from "~/routes/events.$slug_.enter";

import { family, openEvent } from "./entry-fixtures";

/*
 * The family's entry form offers the guardian's phone while the account has none: a valid one is
 * saved with the entry (as on the account page), a bad one is refused with the account page's
 * message, a 400 and nothing written. Through the route, on the app's own runtime (PGlite).
 */
describe("the family's entry form and the guardian's phone", () => {
  let db: DB;
  let cookieOf: (userId: number) => Promise<string>;

  beforeAll(async () => {
    await boot({
      ...process.env,
      DATABASE_URL: "",
      DATA_DIR: "memory://",
      SEED_DEMO: "0",
      EMAIL_WORKER: "0",
      SESSION_SECRETS: "entry-phone-secret",
    });
    const rt = await runtime();
    db = rt.db;
    cookieOf = async (userId) => (await rt.sessionCookie.serialize(await createSession(db, userId))).split(";")[0]!;
  }, 120_000);
  afterAll(async () => {
    await shutdown();
  });

  /** An event taking entries now (the route reads the real clock), a family with one child, its slug and cookie. */
  async function setUp() {
    const year = new Date().getUTCFullYear() + 1;
    const ev = await openEvent(db, {
      form: {
        startsOn: `${year}-03-10`,
        endsOn: `${year}-03-11`,
        registrationOpensAt: `${year - 1}-01-01T09:00`,
        registrationClosesAt: `${year}-03-01T18:00`,
      },
    });
    const fam = await family(db, { birthDate: `${year - 10}-04-12` }); // 9 on the day: the 7–10 group
    const { slug } = await db
      .selectFrom("events")
      .select("slug")
      .where("id", "=", ev.eventId)
      .executeTakeFirstOrThrow();
    return { ev, fam, slug, cookie: await cookieOf(fam.submitter.userId) };
  }
  const context = { cspNonce: "", clientIp: "127.0.0.1" };
  const headers = (cookie: string) => new Headers({ Cookie: cookie, "Accept-Language": "kk" });
  async function post(s: Awaited<ReturnType<typeof setUp>>, phone: string) {
    const body = new FormData();
    body.set("nominationId", String(s.ev.nominationId));
    body.set("format", "solo");
    body.set(`members.child${s.fam.childIds[0]}`, "on");
    body.set("title", "Әлди");
    body.set("durationMinutes", "3");
    body.set("durationSeconds", "0");
    body.set("phone", phone);
    body.set("idempotencyKey", crypto.randomBytes(18).toString("base64url"));
    const request = new Request(`http://toi.test/events/${s.slug}/enter?nomination=${s.ev.nominationId}`, {
      method: "POST",
      headers: headers(s.cookie),
      body,
    });
    try {
      return await action({ request, params: { slug: s.slug }, context });
    } catch (thrown) {
      return thrown; // a redirect (entered) is thrown
    }
  }
  const entriesOf = (userId: number) =>
    db.selectFrom("entries").select("id").where("submitted_by_user_id", "=", userId).execute();

  it("offers the phone while the account has none, and saves a valid one, normalised, with the entry", async () => {
    const s = await setUp();
    const load = () =>
      loader({
        request: new Request(`http://toi.test/events/${s.slug}/enter`, { headers: headers(s.cookie) }),
        params: { slug: s.slug },
        context,
      });
    expect((await load()).hasPhone).toBe(false);
    const done = (await post(s, "8 (701) 234-56-78")) as Response;
    expect(done.status).toBe(302);
    expect(await entriesOf(s.fam.submitter.userId)).toHaveLength(1);
    expect(await accountPhone(db, s.fam.submitter.userId)).toBe("+77012345678");
    expect((await load()).hasPhone).toBe(true);
  });

  it("refuses a bad phone with the account page's translated message and a 400, writing nothing", async () => {
    const s = await setUp();
    const refused = (await post(s, "12345")) as {
      init: ResponseInit | null;
      data: { errors: Record<string, { message: string }> };
    };
    expect(refused.init?.status).toBe(400);
    expect(Object.keys(refused.data.errors)).toEqual(["phone"]);
    expect(refused.data.errors.phone?.message).toBe("errors.phone");
    expect(createI18n("kk").t(refused.data.errors.phone!.message)).not.toBe("errors.phone");
    expect(await entriesOf(s.fam.submitter.userId)).toHaveLength(0);
    expect(await accountPhone(db, s.fam.submitter.userId)).toBeNull();
    // Sent again with a good phone, the same form goes through.
    expect(((await post(s, "+7 701 234 56 78")) as Response).status).toBe(302);
    expect(await accountPhone(db, s.fam.submitter.userId)).toBe("+77012345678");
  });
});
