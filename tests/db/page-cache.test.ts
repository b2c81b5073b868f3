/**
 * The public page cache against a real database on both engines, with a change feed the test turns
 * on and off (as a lost LISTEN connection would): never a stale page, whichever state it is in.
 * The page is a stand-in render that reads the event's title, so each render is counted.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

import express from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { ChangeFeed } from "~/.server/platform/change-feed.server";
import type { Env } from "~/.server/platform/env.server";
import { PublicPageCache } from "~/.server/platform/page-cache.server";

import { engines, useTestDb } from "../setup/db";
import { createEventWithParts, insertUser } from "./factories";

describe.each(engines)("the public page cache on %s", (engine) => {
  const t = useTestDb(engine);
  const feed = new ChangeFeed();
  let server: http.Server;
  let base: string;
  let eventId: number;
  let renders = 0;
  let gate: Promise<void> | undefined;

  beforeAll(async () => {
    const organiser = await insertUser(t.db);
    eventId = (await createEventWithParts(t.db, organiser.id, { titleEn: "Spring" })).id;
    const cache = new PublicPageCache({
      feed,
      db: t.db,
      env: { NODE_ENV: "production", PUBLIC_URL: "http://toi.test", PORT: 3000 } as unknown as Env,
      async render() {
        renders++;
        const { title_en } = await t.db
          .selectFrom("events")
          .select("title_en")
          .where("id", "=", eventId)
          .executeTakeFirstOrThrow();
        await gate;
        return new Response(`<!DOCTYPE html><html lang="ru"><script>go()</script><h1>${title_en}</h1></html>`, {
          headers: { "Content-Type": "text/html; charset=utf-8", "Content-Language": "ru" },
        });
      },
    });
    const app = express();
    app.get("*", cache.middleware());
    server = http.createServer((req, res) => {
      if (!cache.answer(req, res, () => app(req, res))) app(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  const view = async () => {
    const res = await fetch(`${base}/events/spring`);
    return {
      cache: res.headers.get("x-toi-cache"),
      html: await res.text(),
      csp: res.headers.get("content-security-policy"),
    };
  };
  const retitle = (title: string) =>
    t.db.updateTable("events").set({ title_en: title }).where("id", "=", eventId).execute();

  test("while changes cannot be heard, each view checks the versions: kept while unchanged, fresh after a change", async () => {
    feed.setLive(false);
    renders = 0;
    expect(await view()).toMatchObject({ cache: "miss", html: expect.stringContaining("<h1>Spring</h1>") });
    expect(await view()).toMatchObject({ cache: "hit" });
    expect(renders).toBe(1);
    await retitle("Spring, renamed");
    expect(await view()).toMatchObject({ cache: "miss", html: expect.stringContaining("<h1>Spring, renamed</h1>") });
    expect(renders).toBe(2);
  });

  test("once changes are heard again, everything kept meanwhile is forgotten, and an announced change is shown", async () => {
    feed.setLive(true);
    renders = 0;
    expect((await view()).cache).toBe("miss");
    expect((await view()).cache).toBe("hit");
    await retitle("Spring, live");
    feed.notify(String(eventId));
    expect(await view()).toMatchObject({ cache: "miss", html: expect.stringContaining("<h1>Spring, live</h1>") });
    expect(renders).toBe(2);
  });

  test("a render that read the database before an announced change is sent once but never kept", async () => {
    feed.notify(String(eventId));
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    renders = 0;
    const first = view();
    await expect.poll(() => renders).toBe(1);
    await retitle("Spring, changed mid-render");
    feed.notify(String(eventId));
    open();
    gate = undefined;
    expect((await first).html).toContain("<h1>Spring, live</h1>");
    expect(await view()).toMatchObject({ cache: "miss", html: expect.stringContaining("mid-render") });
    expect(renders).toBe(2);
  });

  test("the page's CSP allows its inline script by hash, with no nonce", async () => {
    const { csp } = await view();
    expect(csp).toContain("script-src 'self' 'sha256-");
    expect(csp).not.toContain("nonce");
  });
});
