/**
 * Anonymous readers of the busiest public pages get a copy kept in memory, answered before Express or
 * Remix do any work (`answer`, called by server.mjs's node:http handler), as fixed bytes: the page's
 * Content-Security-Policy allows its inline scripts by their hashes, so no nonce is written into it
 * per response. Browsers, proxies and CDNs may keep it too (`Cache-Control: public, no-cache` with a
 * strong ETag): they revalidate every time and get a 304 while the page is unchanged (ADR 0026).
 *
 * Freshness: a copy is keyed on the reader's language and the address, and lives until the minute
 * turns (registration opens and closes by the clock) or until the database announces a change to
 * what public pages show (NOTIFY from the triggers on the public tables: change-feed.server.ts), on
 * every instance, whichever came first. While this instance cannot hear those announcements (its
 * LISTEN connection is lost), nothing is answered early: each view compares the copy's label (the
 * sum of the per-event versions when it was rendered) with the database's, one small query, and
 * re-renders when they differ. The cache is only a copy: a second instance keeps its own.
 */
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { sql } from "kysely";

import type { ChangeFeed } from "./change-feed.server";
import type { DB } from "./db.server";
import { type Env, publicUrl } from "./env.server";
import { readerLocale } from "./locale.server";
import { metrics } from "./metrics.server";
import { runtime } from "./runtime.server";
import { inlineScriptHashes, securityHeaders } from "./security.server";

/**
 * Route patterns of the pages kept, each one the same for every anonymous reader of a language (no
 * per-reader data in its loaders) and shown only from the tables whose triggers call
 * touch_public_event(). A page added here must have its tables covered by those triggers.
 */
export const CACHED_ROUTES = ["/", "/events/:slug"];
const MAX_ENTRIES = 1000;
/** Registration opens and closes by the clock: a kept page lives at most until the minute turns. */
const TIME_BUCKET_MS = 60_000;
const SESSION_COOKIE = /(?:^|;)\s*toi_session=/;

interface Entry {
  route: string;
  bucket: number;
  /** The database's version label when the page was rendered (never newer than its data). */
  label: string;
  etag: string;
  body: Buffer;
  /** Flat header lists for writeHead, [plain HTTP, HTTPS (with HSTS)]; `hit` adds X-Toi-Cache. */
  ok: Variants;
  notModified: Variants;
  hit: { ok: Variants; notModified: Variants };
}

type Variants = [string[], string[]];

interface Pending {
  generation: number;
  label: string;
  entry: Promise<Entry | null>;
}

interface Rendered {
  status: number;
  headers: Headers;
  body: Buffer;
}

const matchers = CACHED_ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${route.replace(/:[A-Za-z]+/g, "[^/]+")}$`),
}));

function routeOf(pathname: string): string | undefined {
  for (const m of matchers) if (m.pattern.test(pathname)) return m.route;
  return undefined;
}

/** The sum of the per-event versions: it grows with every committed change a public page shows. */
export async function publicVersionLabel(db: DB): Promise<string> {
  const { rows } = await sql<{ label: string }>`
    select coalesce(sum(version), 0)::text as label from public_versions`.execute(db);
  return rows[0]!.label;
}

function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch === etag || ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

function flat(headers: Iterable<[string, string]>): string[] {
  const list: string[] = [];
  for (const [name, value] of headers) list.push(name, value);
  return list;
}

export interface PageCacheOptions {
  feed: ChangeFeed;
  db: DB;
  env: Env;
  render: (request: Request, clientIp: string) => Promise<Response>;
}

export class PublicPageCache {
  readonly #entries = new Map<string, Entry>();
  /** Renders in flight by key, so a crowd arriving after a change waits for one render. */
  readonly #pending = new Map<string, Pending>();
  #generation = 0;
  readonly #feed: ChangeFeed;
  readonly #db: DB;
  readonly #render: PageCacheOptions["render"];
  readonly #production: boolean;
  readonly #secureCookies: boolean;
  readonly #trustProxy: boolean;
  readonly #enabled: boolean;
  readonly #hits = metrics().pageCache.labels({ outcome: "hit" });
  readonly #misses = metrics().pageCache.labels({ outcome: "miss" });

  constructor({ feed, db, env, render }: PageCacheOptions) {
    this.#feed = feed;
    this.#db = db;
    this.#render = render;
    this.#production = env.NODE_ENV === "production";
    this.#secureCookies = env.SECURE_COOKIES === "1";
    this.#trustProxy = env.TRUST_PROXY === "1";
    // Pages name Toi's own address (hreflang, og:url): kept only where it is fixed, not per Host.
    this.#enabled = publicUrl(env) !== undefined;
    feed.subscribe({ change: () => this.flush(), live: () => this.flush(), lost: () => {} });
  }

  /** Forgets every page (a change was announced, or announcements may have been missed). */
  flush(): void {
    this.#generation++;
    this.#entries.clear();
  }

  /** What the page would be keyed on, or null when this request is not for a kept page. */
  #keyOf(method: string | undefined, url: string, cookie: string | undefined, acceptLanguage: string | undefined) {
    if (!this.#enabled || (method !== "GET" && method !== "HEAD")) return null;
    const q = url.indexOf("?");
    const route = routeOf(q < 0 ? url : url.slice(0, q));
    if (!route) return null;
    if (cookie !== undefined && SESSION_COOKIE.test(cookie)) return { route, key: null };
    const lang = q < 0 ? null : new URLSearchParams(url.slice(q + 1)).get("lang");
    const locale = readerLocale(lang, cookie ?? null, acceptLanguage ?? null);
    return { route, key: `${locale} ${url}` };
  }

  #https(req: IncomingMessage): boolean {
    if (this.#secureCookies || (req.socket as { encrypted?: boolean }).encrypted) return true;
    if (!this.#trustProxy) return false;
    const proto = req.headers["x-forwarded-proto"];
    return (typeof proto === "string" ? proto : "").split(",")[0]!.trim().toLowerCase() === "https";
  }

  /** Sends a kept page: fixed bytes, or 304 when the reader's copy has its ETag. */
  #send(req: IncomingMessage, res: ServerResponse, entry: Entry, https: boolean, lists = entry.hit): void {
    const tls = https ? 1 : 0;
    if (etagMatches(req.headers["if-none-match"], entry.etag)) {
      res.writeHead(304, lists.notModified[tls]);
      res.end();
    } else {
      res.writeHead(200, lists.ok[tls]);
      res.end(entry.body);
    }
  }

  /**
   * Answers a kept page from memory, before anything else runs; false when it cannot (not a kept
   * page, signed in, not kept yet, or changes may be going unheard) and the request goes on. The
   * answer waits for the end of this turn of the event loop: a notification that reached this
   * process together with the request (a busy machine wakes it with both) is heard first, and if
   * it forgot the page, `otherwise` takes the request after all.
   */
  answer(req: IncomingMessage, res: ServerResponse, otherwise: () => void): boolean {
    if (!this.#feed.live) return false;
    const target = this.#keyOf(req.method, req.url ?? "", req.headers.cookie, req.headers["accept-language"]);
    if (!target?.key) return false;
    const key = target.key;
    const entry = this.#entries.get(key);
    if (!entry || entry.bucket !== Math.floor(Date.now() / TIME_BUCKET_MS)) return false;
    setImmediate(() => {
      if (!this.#feed.live || this.#entries.get(key) !== entry) return otherwise();
      this.#hits.inc();
      this.#send(req, res, entry, this.#https(req));
    });
    return true;
  }

  /** Express middleware after the security middleware: renders and keeps what `answer` could not. */
  middleware() {
    return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
      try {
        const target = this.#keyOf(req.method, req.originalUrl, req.get("cookie"), req.get("accept-language"));
        if (!target) return next();
        if (!target.key) {
          // A signed-in reader's page is theirs alone: no proxy may keep it.
          res.setHeader("Cache-Control", "private, no-store");
          return next();
        }
        const key = target.key;
        const live = this.#feed.live;
        const generation = this.#generation;
        const bucket = Math.floor(Date.now() / TIME_BUCKET_MS);
        // Read before rendering, so a copy's label is never newer than what it shows.
        const label = await publicVersionLabel(this.#db);
        const kept = this.#entries.get(key);
        if (kept && kept.bucket === bucket && (live || kept.label === label)) {
          this.#hits.inc();
          return this.#send(req, res, kept, req.secure);
        }
        // Another reader's render, if it began after the last change this instance knows of.
        const waiting = this.#pending.get(key);
        if (waiting && waiting.generation === generation && (live || waiting.label === label)) {
          const entry = await waiting.entry;
          if (entry) return this.#send(req, res, entry, req.secure);
        }
        let settle: (entry: Entry | null) => void = () => {};
        const pending = { generation, label, entry: new Promise<Entry | null>((resolve) => (settle = resolve)) };
        this.#pending.set(key, pending);
        try {
          const rendered = await this.#renderPage(req);
          const locale = key.slice(0, key.indexOf(" "));
          const entry =
            rendered.status === 200 &&
            !rendered.headers.has("set-cookie") &&
            rendered.headers.get("content-language") === locale &&
            (rendered.headers.get("content-type") ?? "").startsWith("text/html")
              ? this.#entryOf(target.route, bucket, label, rendered)
              : null;
          settle(entry);
          this.#misses.inc();
          if (!entry) return this.#sendRendered(res, rendered, req.secure);
          // Kept only if no change was announced (or missed) while it rendered.
          if (this.#generation === generation && this.#feed.live === live) this.#keep(key, entry);
          res.setHeader("X-Toi-Cache", "miss");
          this.#send(req, res, entry, req.secure, entry);
        } finally {
          settle(null);
          if (this.#pending.get(key) === pending) this.#pending.delete(key);
        }
      } catch (err) {
        // A thrown Response (the database is out of reach: 503) is Remix's to render, translated.
        if (err instanceof Response) return next();
        next(err);
      }
    };
  }

  #keep(key: string, entry: Entry): void {
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, entry);
  }

  async #renderPage(req: ExpressRequest): Promise<Rendered> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    }
    const request = new Request(`${req.protocol}://${req.get("host")}${req.originalUrl}`, { method: "GET", headers });
    const response = await this.#render(request, req.ip ?? "");
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  }

  /** Headers for a page rendered without a nonce: its own inline scripts' hashes, both HSTS cases. */
  #headersFor(rendered: Rendered, extra: [string, string][]): Variants {
    const own = [...rendered.headers.entries()].filter(([name]) => !/^(content-length|set-cookie)$/i.test(name));
    const html = (rendered.headers.get("content-type") ?? "").startsWith("text/html");
    const scriptHashes = html ? inlineScriptHashes(rendered.body.toString("utf8")) : [];
    const variant = (https: boolean) =>
      flat([
        ...own,
        ...Object.entries(securityHeaders({ scriptHashes, production: this.#production, https })),
        ...extra,
      ]);
    return [variant(false), variant(true)];
  }

  #entryOf(route: string, bucket: number, label: string, rendered: Rendered): Entry {
    const etag = `"${crypto.createHash("sha256").update(rendered.body).digest("base64url").slice(0, 27)}"`;
    const caching: [string, string][] = [
      ["Cache-Control", "public, no-cache"],
      ["ETag", etag],
    ];
    const ok = this.#headersFor(rendered, [...caching, ["Content-Length", String(rendered.body.length)]]);
    const notModified = this.#headersFor(rendered, caching).map((list) => {
      const out: string[] = [];
      for (let i = 0; i < list.length; i += 2)
        if (!/^content-(type|language)$/i.test(list[i]!)) out.push(list[i]!, list[i + 1]!);
      return out;
    }) as Variants;
    const hit = (v: Variants) => v.map((list) => [...list, "X-Toi-Cache", "hit"]) as Variants;
    return {
      route,
      bucket,
      label,
      etag,
      body: rendered.body,
      ok,
      notModified,
      hit: { ok: hit(ok), notModified: hit(notModified) },
    };
  }

  /** A page this path rendered but does not keep (a 404, say): sent once, kept by nobody. */
  #sendRendered(res: ExpressResponse, rendered: Rendered, https: boolean): void {
    const cacheControl: [string, string][] = rendered.headers.has("cache-control")
      ? []
      : [["Cache-Control", "no-store"]];
    const headers = this.#headersFor(rendered, [...cacheControl, ["Content-Length", String(rendered.body.length)]]);
    res.setHeader("X-Toi-Cache", "miss");
    res.writeHead(rendered.status, headers[https ? 1 : 0]);
    res.end(rendered.body);
  }
}

/** The page cache for a production build, hearing changes through the runtime's feed. */
export async function publicPageCache(build: ServerBuild): Promise<PublicPageCache> {
  const rt = await runtime();
  const handle = createRequestHandler(build, "production");
  return new PublicPageCache({
    feed: rt.publicChanges,
    db: rt.db,
    env: rt.env,
    // Rendered without a nonce: the page's scripts are allowed by their hashes instead.
    render: (request, clientIp) => handle(request, { cspNonce: "", clientIp }),
  });
}
