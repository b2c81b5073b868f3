import { useLocation } from "@remix-run/react";
import { useEffect } from "react";

/*
 * The judge's screen without a connection: a service worker (public/judge-sw.js) keeps the last good
 * copy of the judge's own pages and serves it when the network fails, so a reload in a hall without
 * a connection brings the screen back, with the scores waiting on the device.
 */

const WORKER = "/judge-sw.js";
/** "/judge" (not "/judge/"): the list of panels at /judge is one of the pages. */
const SCOPE = "/judge";
/** The worker's cache (CACHE in public/judge-sw.js). */
const CACHE = "toi-judge-v1";

/**
 * The header naming a judge's page's judge: from the loader (`judgeHeaders(user.id)`), and passed on by
 * the route's `headers` (`judgeHeaders(loaderHeaders)`), so the document and its `.data` both carry it.
 */
export function judgeHeaders(from: number | Headers): Headers {
  const headers = new Headers();
  const judge = typeof from === "number" ? String(from) : from.get("X-Toi-Judge");
  if (judge) headers.set("X-Toi-Judge", judge);
  return headers;
}

/** This origin's hashed build files the page has loaded: scripts, modules, styles. */
function loadedAssets(): string[] {
  const urls = new Set<string>();
  for (const entry of performance.getEntriesByType("resource")) urls.add(entry.name);
  for (const el of document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>(
    "script[src], link[rel=modulepreload][href], link[rel=stylesheet][href]",
  )) {
    urls.add("src" in el ? el.src : el.href);
  }
  return [...urls].filter((u) => {
    try {
      const url = new URL(u);
      return url.origin === location.origin && url.pathname.startsWith("/assets/");
    } catch {
      return false;
    }
  });
}

/** Remix's manifest in the page: its entry module is a hashed /assets/ file in a built app (a source file under Vite's dev server). */
const entryModule = () =>
  (window as unknown as { __remixManifest?: { entry?: { module?: string } } }).__remixManifest?.entry?.module ?? "";

/** In a built app (not under Vite's dev server, whose modules change), over a secure connection, where workers exist. */
const enabled = () =>
  typeof window !== "undefined" &&
  window.isSecureContext &&
  "serviceWorker" in navigator &&
  entryModule().startsWith("/assets/");

let rememberTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Asks the worker to keep a fresh copy of this page and the files it loaded (after `delayMs`; a new
 * call restarts the wait). Done when a judge's page opens — it may have come without the worker, or
 * by a navigation inside the app — and when every waiting score is saved, so that a reload without a
 * connection shows the scores the server holds.
 */
export function rememberJudgePage(delayMs = 0): void {
  if (!enabled()) return;
  clearTimeout(rememberTimer);
  rememberTimer = setTimeout(() => {
    void (async () => {
      try {
        const { active } = await navigator.serviceWorker.ready;
        active?.postMessage({ type: "remember", urls: [location.href, ...loadedAssets()] });
      } catch {
        // No worker: nothing is kept.
      }
    })();
  }, delayMs);
}

/** Registers the worker from a judge's page (in a built app, over a secure connection) and keeps this page. */
export function useJudgeOffline(): void {
  const { pathname, search } = useLocation();
  useEffect(() => {
    if (!enabled()) return;
    void navigator.serviceWorker
      .register(WORKER, { scope: SCOPE })
      .then(() => rememberJudgePage())
      .catch(() => undefined); // No worker (blocked, private mode): the screen works online as before.
  }, [pathname, search]);
}

/** Forgets the kept copies of the judge's pages (signing out): the next person on the device sees none of them. */
export function forgetJudgeScreens(): void {
  try {
    if (typeof caches !== "undefined") void caches.delete(CACHE).catch(() => undefined);
    void navigator.serviceWorker
      ?.getRegistration(SCOPE)
      .then((r) => r?.active?.postMessage({ type: "forget" }))
      .catch(() => undefined);
  } catch {
    // Storage blocked: nothing was kept.
  }
}
