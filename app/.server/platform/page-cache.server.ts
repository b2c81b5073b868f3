import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";

import { getLocale } from "./locale.server";
import { recordPageCache } from "./metrics.server";
import { getDb } from "./runtime.server";
import { getLoadContext } from "./security.server";

/** Public pages everyone reads at peak: the home page and each event's page. */
const CACHEABLE = [/^\/$/, /^\/events\/[a-z0-9-]+$/];
const MAX_ENTRIES = 1000;
/** Registration opens and closes by the clock: a cached page lives at most until the minute turns. */
const TIME_BUCKET_MS = 60_000;

interface Cached {
  version: string;
  bucket: number;
  nonce: string;
  headers: [string, string][];
  body: string;
}

export async function publicVersion(): Promise<string> {
  const row = await (
    await getDb()
  )
    .selectFrom("app_settings")
    .select("value")
    .where("key", "=", "public_version")
    .executeTakeFirst();
  return row?.value ?? "0";
}

function toFetchRequest(req: ExpressRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return new Request(`${req.protocol}://${req.get("host")}${req.originalUrl}`, { method: "GET", headers });
}

/**
 * Answers anonymous GETs of the busiest public pages from memory, keyed on the reader's language,
 * the address, the database's `public_version` (moved by triggers on every change those pages show)
 * and the current minute, so a page is never older than the data or the clock. Remix's render is
 * skipped on a hit; the per-request CSP nonce is written into the cached HTML. The cache is only
 * a copy: a second instance keeps its own, and nothing depends on it.
 */
export function publicPageCache(build: ServerBuild) {
  const render = createRequestHandler(build, "production");
  const cache = new Map<string, Cached>();
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      if (
        req.method !== "GET" ||
        /(?:^|;\s*)toi_session=/.test(req.get("cookie") ?? "") ||
        !CACHEABLE.some((re) => re.test(req.path))
      )
        return next();
      const request = toFetchRequest(req);
      const nonce = String(res.locals.cspNonce ?? "");
      const key = `${await getLocale(request)} ${req.originalUrl}`;
      const version = await publicVersion();
      const bucket = Math.floor(Date.now() / TIME_BUCKET_MS);
      let entry = cache.get(key);
      if (!entry || entry.version !== version || entry.bucket !== bucket) {
        const response = await render(request, getLoadContext(req, res));
        const cacheable =
          response.status === 200 &&
          !response.headers.has("set-cookie") &&
          (response.headers.get("content-type") ?? "").startsWith("text/html");
        const body = await response.text();
        if (!cacheable) {
          res.status(response.status);
          response.headers.forEach((value, name) => res.append(name, value));
          res.send(body);
          return;
        }
        entry = {
          version,
          bucket,
          nonce,
          body,
          headers: [...response.headers.entries()].filter(([name]) => name !== "content-length"),
        };
        if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
        cache.set(key, entry);
      }
      res.status(200);
      for (const [name, value] of entry.headers) res.setHeader(name, value);
      const outcome = entry.nonce === nonce ? "miss" : "hit";
      recordPageCache(outcome);
      res.setHeader("X-Toi-Cache", outcome);
      res.send(
        entry.nonce === nonce ? entry.body : entry.body.replaceAll(`nonce="${entry.nonce}"`, `nonce="${nonce}"`),
      );
    } catch (err) {
      // A thrown Response (the database is out of reach: 503) is Remix's to render, translated.
      if (err instanceof Response) return next();
      next(err);
    }
  };
}
