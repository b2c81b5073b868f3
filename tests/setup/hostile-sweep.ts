/**
 * A hostile sweep over every route module: it finds a real address for each module by crawling Toi
 * as its users would (anonymous, family, judge, admin), then sends each address bodies of the wrong
 * type, malformed forms, its own forms with control characters in every field, and query strings
 * with control characters. It reports every answer of 500 or more.
 */
import fs from "node:fs";
import path from "node:path";

import { JSDOM } from "jsdom";

export interface RouteModule {
  /** The file or folder name under app/routes, e.g. `events.$slug_.programme[.]ics.tsx`. */
  module: string;
  pattern: RegExp;
  hasAction: boolean;
}

/** app/routes as Remix's flat-routes convention reads it: one pattern per module. */
export function routeModules(routesDir = path.resolve("app/routes")): RouteModule[] {
  return fs.readdirSync(routesDir).map((entry) => {
    const file = fs.statSync(path.join(routesDir, entry)).isDirectory()
      ? path.join(routesDir, entry, "route.tsx")
      : path.join(routesDir, entry);
    const name = entry.replace(/\.tsx?$/, "");
    const segments = name
      .split(/\.(?![^[]*\])/)
      .filter((s) => s !== "_index" && !/^_[^.]/.test(s))
      .map((s) => s.replace(/_$/, "").replace(/\[(.)\]/g, "$1"));
    const source = segments
      .map((s) => (s.startsWith("$") ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("/");
    const code = fs.readFileSync(file, "utf8");
    return {
      module: entry,
      pattern: new RegExp(`^/${source}$`),
      hasAction: /export (async )?function action|export const action/.test(code),
    };
  });
}

export interface Reader {
  who: string;
  cookie: string;
}

export async function signIn(base: string, email: string, password: string): Promise<Reader> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password }),
    redirect: "manual",
  });
  const cookie = (res.headers.getSetCookie?.() ?? [])
    .map((c) => c.split(";")[0])
    .filter(Boolean)
    .join("; ");
  if (res.status !== 302 || !cookie) throw new Error(`sign-in as ${email} answered ${res.status}`);
  return { who: email, cookie };
}

export interface FoundForm {
  action: string;
  enctype: string;
  fields: [string, string][];
}

export interface Page {
  url: string;
  title: string;
  links: string[];
  forms: FoundForm[];
}

async function readPage(base: string, url: string, reader: Reader): Promise<Page | null> {
  const res = await fetch(base + url, { headers: { cookie: reader.cookie }, redirect: "manual" });
  if (!(res.headers.get("Content-Type") ?? "").includes("text/html") || res.status !== 200) {
    await res.arrayBuffer();
    return null;
  }
  const { document } = new JSDOM(await res.text(), { url: base + url }).window;
  const sameSite = (href: string) => {
    const u = new URL(href, base + url);
    return u.origin === base ? u.pathname + u.search : null;
  };
  const links = [...document.querySelectorAll("a[href]")]
    .map((a) => sameSite(a.getAttribute("href")!))
    .filter((h): h is string => h !== null);
  const forms = [...document.querySelectorAll("form")]
    .filter((f) => (f.getAttribute("method") ?? "get").toLowerCase() === "post")
    .map((f) => {
      const fields: [string, string][] = [];
      for (const el of f.querySelectorAll("input[name], textarea[name], select[name]")) {
        const input = el as HTMLInputElement;
        if ((input.type === "checkbox" || input.type === "radio") && !input.checked) continue;
        if (input.type === "file") continue;
        fields.push([input.name, input.value ?? ""]);
      }
      const button = f.querySelector("button[name]") as HTMLButtonElement | null;
      if (button) fields.push([button.name, button.value]);
      return { action: sameSite(f.getAttribute("action") || url) ?? url, enctype: f.enctype, fields };
    })
    // Signing out would end the reader's session for the rest of the sweep.
    .filter((f) => !f.action.startsWith("/logout"));
  return { url, title: document.title, links, forms };
}

/** Where the crawl starts: the home page, each role's home, and pages that no link leads to. */
const START_PAGES = [
  "/",
  "/organiser",
  "/organiser/events",
  "/organiser/events/new",
  "/admin",
  "/judge",
  "/judge/scores",
  "/clubs",
  "/entries",
  "/children",
  "/children/new",
  "/schedule",
  "/schedule.ics",
  "/account",
  "/check-email",
  "/set-password?token=sweep",
  "/verify-email?token=sweep",
  "/unsubscribe/sweep",
  // A family's private calendar link, and the judge app's manifest: no link leads to either.
  "/calendar/sweep.ics",
  "/judge.webmanifest",
  // A diploma's verification page: only its QR code leads there.
  "/verify/00000000000000000000000000000000",
  "/locale",
  "/healthz",
  "/logout",
];

/** Pages below an address that are reached by a button or a typed address rather than a link. */
function pagesBelow(url: string): string[] {
  const path = url.split("?")[0]!;
  if (/^\/events\/[^/]+$/.test(path))
    return ["/programme", "/programme/now", "/programme/print", "/programme.ics"].map((s) => path + s);
  if (/^\/organiser\/events\/\d+$/.test(path))
    return [
      "/results/advance",
      "/results/diplomas",
      "/results/export",
      "/classes/new",
      // The old export address (the page now queues a job) and a job's download that doesn't exist.
      "/export?format=csv",
      "/jobs/1/download",
    ].map((s) => path + s);
  if (/^\/entries\/[^/]+$/.test(path)) return [`${path}/edit`];
  if (/^\/clubs\/\d+$/.test(path)) return [`${path}/children/new`, `${path}/classes/art-academy-2018`];
  // The demo data has no master class: a class that does not exist still runs its loader and action.
  if (/^\/organiser\/events\/\d+\/classes$/.test(path)) return [`${path}/1`, `${path}/1/participants`];
  return [];
}

/**
 * Crawls from the start pages as each reader, breadth first, keeping up to `perModule` pages for
 * each route module. Links that sign out or change state on GET are not followed.
 */
export async function crawl(
  base: string,
  readers: Reader[],
  modules: RouteModule[],
  { perModule = 3, maxPages = 2000 } = {},
): Promise<{ pages: Map<string, (Page & { reader: Reader })[]>; urls: Map<string, string[]> }> {
  const pages = new Map<string, (Page & { reader: Reader })[]>();
  const urls = new Map<string, string[]>();
  // As Remix ranks them: a static segment ("new") wins over a parameter ("$id").
  const moduleOf = (url: string) =>
    modules
      .filter((m) => m.pattern.test(url.split("?")[0]!))
      .sort((a, b) => a.module.split("$").length - b.module.split("$").length)[0];
  let read = 0;
  for (const reader of readers) {
    const queue = [...START_PAGES];
    const seen = new Set<string>();
    while (queue.length && read < maxPages) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const m = moduleOf(url);
      if (!m) continue;
      const known = urls.get(m.module) ?? [];
      const samePath = (k: string) => k.split("?")[0] === url.split("?")[0];
      if (!known.some(samePath)) urls.set(m.module, [...known, url]);
      // Signing out is swept by its wrong bodies only: following it would end the session.
      if (url.startsWith("/logout")) continue;
      const kept = pages.get(m.module) ?? [];
      if (kept.filter((p) => p.reader === reader).length >= perModule) continue;
      read++;
      const page = await readPage(base, url, reader);
      if (!page) continue;
      pages.set(m.module, [...kept, { ...page, reader }]);
      for (const link of [...page.links, ...pagesBelow(url)]) if (!seen.has(link)) queue.push(link);
    }
  }
  return { pages, urls };
}

/** Characters that must never reach the database or a header: NUL, other C0 controls, DEL, a C1. */
export const CONTROL_SAMPLES = ["a\u0000b", "a\u001bb", "a\u0008b\u007f", "a\u0085b"];

export interface BodyVariant {
  label: string;
  contentType: string | null;
  body: string | Uint8Array | null;
}

/** Six kinds of body a form route must survive, whatever it expects. */
export function wrongBodies(fields: [string, string][]): BodyVariant[] {
  const json = JSON.stringify(Object.fromEntries(fields));
  return [
    { label: "json", contentType: "application/json", body: json },
    { label: "text", contentType: "text/plain", body: fields.map(([k, v]) => `${k}=${v}`).join("\n") },
    { label: "xml", contentType: "application/xml", body: "<form><intent>x</intent></form>" },
    { label: "no type", contentType: null, body: new TextEncoder().encode(json) },
    {
      label: "malformed multipart",
      contentType: "multipart/form-data; boundary=XyZ",
      body: '--XyZ\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsave\r\n--Xy',
    },
    { label: "multipart without boundary", contentType: "multipart/form-data", body: "intent=save" },
  ];
}

export function encode(fields: [string, string][], enctype: string): BodyVariant {
  if (enctype === "multipart/form-data") {
    const boundary = "----toiSweep";
    const parts = fields.map(
      ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
    );
    return {
      label: "multipart",
      contentType: `multipart/form-data; boundary=${boundary}`,
      body: parts.join("") + `--${boundary}--\r\n`,
    };
  }
  return {
    label: "urlencoded",
    contentType: "application/x-www-form-urlencoded",
    body: new URLSearchParams(fields).toString(),
  };
}

/** Each field of the form in turn carrying control characters (and one with all of them at once). */
export function controlVariants(fields: [string, string][]): [string, string][][] {
  const variants = fields.map((_, i) =>
    fields.map(([k, v], j): [string, string] => [k, j === i ? CONTROL_SAMPLES[i % CONTROL_SAMPLES.length]! + v : v]),
  );
  variants.push(fields.map(([k, v]) => [k, `${v}\u0000`]));
  return variants;
}

export interface Answer {
  what: string;
  status: number;
}

export async function send(base: string, url: string, reader: Reader | null, variant: BodyVariant, what: string) {
  const headers: Record<string, string> = {};
  if (reader) headers.cookie = reader.cookie;
  if (variant.contentType) headers["Content-Type"] = variant.contentType;
  const res = await fetch(base + url, {
    method: "POST",
    headers,
    body: variant.body as BodyInit | null,
    redirect: "manual",
  });
  await res.arrayBuffer();
  return { what: `${what} [${variant.label}] as ${reader?.who ?? "anonymous"}`, status: res.status };
}

/** Runs the requests `concurrency` at a time, in order of the list. */
export async function inParallel<T>(jobs: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]!();
      }
    }),
  );
  return results;
}

export async function get(base: string, url: string, reader: Reader | null, what: string): Promise<Answer> {
  const res = await fetch(base + url, { headers: reader ? { cookie: reader.cookie } : {}, redirect: "manual" });
  await res.arrayBuffer();
  return { what: `${what} as ${reader?.who ?? "anonymous"}`, status: res.status };
}

/** The same address with control characters in its query (known parameters and `q`) and in its last segment. */
export function hostileAddresses(url: string): string[] {
  const [pathname, search = ""] = url.split("?");
  const params = new URLSearchParams(search);
  const names = new Set(["q", "page", "sort", "redirectTo", "lang", "notice", ...params.keys()]);
  const out = [...names].map((n) => `${pathname}?${n}=${encodeURIComponent("a\u0000b")}`);
  // Not control characters, only nonsense: these reach the loaders, which must answer 2xx-4xx.
  out.push(
    `${pathname}?q=${encodeURIComponent(`'";--<x>%_\\`)}&page=-1&sort=%E2%98%83&dir=up&round=abc&confirm=99999999999`,
  );
  out.push(`${pathname}?${[...params.keys()].map((k) => `${k}=${"9".repeat(30)}`).join("&")}`);
  out.push(`${pathname}?q=${encodeURIComponent("\u001b\u0085")}`);
  out.push(`${pathname!.replace(/\/[^/]*$/, (s) => `${s}%00x`)}`);
  out.push(`${pathname}.data?q=%00`);
  return out;
}
