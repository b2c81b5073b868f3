/*
 * Toi: the judge's screen when the hall has no connection.
 *
 * Registered by the judge's pages (app/judge-offline/offline.ts) with the scope "/judge", so it
 * controls those pages only. It keeps the last good copy of the judge's own pages — /judge and
 * /judge/panels/<id>, their single-fetch `.data` and the hashed /assets/* files they load — and
 * serves it only when the network fails: a judge who reloads offline gets the screen back, and the
 * scores waiting in localStorage are sent when the connection returns. Nothing else is cached, and
 * never a POST.
 *
 * The cache is the pages of one judge: each page names its judge (X-Toi-Judge), and a page of
 * another judge empties the cache first. It is emptied as well on signing out or in (the request,
 * or a message from a page), and when the server answers a judge's page with a redirect to the
 * sign-in page or a refusal.
 */
const CACHE = "toi-judge-v1";
const OWNER = new URL("/judge-sw/owner", self.location.origin).href;

const ownOrigin = (url) => url.origin === self.location.origin;
const isJudgePage = (url) => /^\/judge\/?$/.test(url.pathname) || /^\/judge\/panels\/\d{1,10}\/?$/.test(url.pathname);
const isJudgeData = (url) => /^\/judge(\/panels\/\d{1,10})?\.data$/.test(url.pathname);
const isAsset = (url) => url.pathname.startsWith("/assets/");
const isSignInOrOut = (url) => /^\/(login|logout)(\.data)?$/.test(url.pathname);

self.addEventListener("install", () => {
  void self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (name.startsWith("toi-judge-") && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

async function forget() {
  await caches.delete(CACHE);
}

/** Keeps a good answer for a judge's page, in a cache that holds one judge's pages only. */
async function keep(request, response) {
  const judge = response.headers.get("X-Toi-Judge");
  if (!judge || response.status !== 200 || response.type !== "basic") return;
  let cache = await caches.open(CACHE);
  const owner = await cache.match(OWNER);
  if (owner && (await owner.text()) !== judge) {
    await forget();
    cache = await caches.open(CACHE);
  }
  await cache.put(OWNER, new Response(judge));
  await cache.put(request, response);
}

/** The network's answer (kept for later), or the last good copy when the network fails. */
async function networkFirst(event, request) {
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const cache = await caches.open(CACHE);
    const copy = await cache.match(request, { ignoreVary: true });
    if (copy) return copy;
    throw error;
  }
  const signedOut =
    response.type === "opaqueredirect" || response.redirected || response.status === 401 || response.status === 403;
  if (signedOut) event.waitUntil(forget());
  else if (response.status === 404 || response.status === 410)
    event.waitUntil(caches.open(CACHE).then((cache) => cache.delete(request)));
  else event.waitUntil(keep(request, response.clone()));
  return response;
}

/** Hashed, never-changing files: the copy when there is one, else the network's (kept). */
async function cacheFirst(event, request) {
  const cache = await caches.open(CACHE);
  const copy = await cache.match(request, { ignoreVary: true });
  if (copy) return copy;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    const clone = response.clone();
    event.waitUntil(caches.open(CACHE).then((c) => c.put(request, clone)));
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (!ownOrigin(url)) return;
  if (request.method !== "GET") {
    if (isSignInOrOut(url)) event.waitUntil(forget());
    return;
  }
  if (isJudgePage(url) || isJudgeData(url)) event.respondWith(networkFirst(event, request));
  else if (isAsset(url)) event.respondWith(cacheFirst(event, request));
});

/**
 * Messages from Toi's pages: "forget" (signing out, from any page) empties the cache; "remember"
 * stores a judge's page and the files it loaded, on the visit that installed this worker (that page
 * did not come through it).
 */
self.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || typeof data !== "object") return;
  if (data.type === "forget") event.waitUntil(forget());
  if (data.type === "remember" && Array.isArray(data.urls)) {
    event.waitUntil(
      (async () => {
        for (const raw of data.urls.slice(0, 100)) {
          let url;
          try {
            url = new URL(String(raw), self.location.origin);
          } catch {
            continue;
          }
          if (!ownOrigin(url) || !(isJudgePage(url) || isAsset(url))) continue;
          url.hash = "";
          try {
            const request = new Request(url.href, { credentials: "same-origin" });
            const response = await fetch(request);
            if (isAsset(url)) {
              if (response.ok && response.type === "basic") await (await caches.open(CACHE)).put(request, response);
            } else if (response.type === "opaqueredirect" || response.redirected) await forget();
            else await keep(request, response);
          } catch {
            // Offline already: nothing to remember now.
          }
        }
      })(),
    );
  }
});
