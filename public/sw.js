/**
 * Service worker of the technician app (registered with scope /tech by
 * components/tech/sw-register.tsx). It keeps what the app needs to open without a network:
 * - the app's scripts and styles (/_next/static/, content-hashed) and the barcode decoder of
 *   the scanning polyfill (/vendor/zxing/): cache first;
 * - the /tech pages: network first, the last copy when offline (else the /tech page, whose
 *   app opens any job from the day kept in IndexedDB);
 * - the technician's day (GET /api/trpc/tech.day): network first, the last copy when offline.
 * Nothing else is kept: no POST ever, no other API, and the pages and the day are dropped when
 * another user signs in on the phone. Changes made offline are queued by the app itself
 * (components/tech/offline-queue.ts), not here.
 */
/* global self, caches, fetch, Response, URL */
const VERSION = "tech-v2";
const STATIC_CACHE = `${VERSION}-static`;
const PAGES_CACHE = `${VERSION}-pages`;
const DATA_CACHE = `${VERSION}-data`;
const CURRENT = [STATIC_CACHE, PAGES_CACHE, DATA_CACHE];
const USER_KEY = "/__tech-sw/user";
const MAX_STATIC_ENTRIES = 200;
const MAX_DAYS = 3;
const PUBLIC_FILES = ["/manifest.webmanifest", "/icons/tech-192.png", "/icons/tech-512.png"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(STATIC_CACHE)
      .then((cache) => cache.addAll(PUBLIC_FILES))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      // Earlier versions' caches: their files belong to builds that are gone.
      for (const name of await caches.keys()) {
        if (name.startsWith("tech-") && !CURRENT.includes(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

/** The page tells who is signed in and which files it loaded before the worker existed. */
self.addEventListener("message", (event) => {
  const message = event.data;
  if (!message || message.type !== "cache-shell" || typeof message.userId !== "string") return;
  event.waitUntil(inTurn(() => cacheShell(message.userId, Array.isArray(message.urls) ? message.urls : [])));
});

// One message at a time: two arriving together must not both see "new user" and wipe each other's pages.
let turn = Promise.resolve();
function inTurn(work) {
  turn = turn.then(work, work);
  return turn;
}

async function cacheShell(userId, urls) {
  const pages = await caches.open(PAGES_CACHE);
  const known = await pages.match(USER_KEY);
  if (!known || (await known.text()) !== userId) {
    // Another technician on this phone: the previous one's pages and day go.
    await caches.delete(PAGES_CACHE);
    await caches.delete(DATA_CACHE);
    await (await caches.open(PAGES_CACHE)).put(USER_KEY, new Response(userId));
  }
  const statics = await caches.open(STATIC_CACHE);
  for (const raw of urls.slice(0, 300)) {
    let url;
    try {
      url = new URL(raw, self.location.origin);
    } catch {
      continue;
    }
    if (url.origin !== self.location.origin) continue;
    try {
      if (url.pathname.startsWith("/_next/static/")) {
        if (!(await statics.match(url.href))) {
          const response = await fetch(url.href);
          if (response.ok) await statics.put(url.href, response);
        }
      } else if (isTechPage(url)) {
        await keepPage(await fetch(url.pathname, { credentials: "same-origin" }), url);
      }
    } catch {
      // Offline or gone: the next visit caches it.
    }
  }
  await trim(STATIC_CACHE, MAX_STATIC_ENTRIES);
}

function isTechPage(url) {
  return url.pathname === "/tech" || url.pathname.startsWith("/tech/");
}

/** Only a page the server actually rendered for the technician: not a redirect to sign-in, not an error. */
async function keepPage(response, url) {
  const type = response.headers.get("content-type") || "";
  if (!response.ok || response.redirected || !type.includes("text/html")) return;
  await (await caches.open(PAGES_CACHE)).put(url.pathname, response.clone());
}

async function trim(name, max) {
  const cache = await caches.open(name);
  const keys = await cache.keys();
  for (const request of keys.slice(0, Math.max(0, keys.length - max))) await cache.delete(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (
    url.pathname.startsWith("/_next/static/") ||
    url.pathname.startsWith("/vendor/zxing/") ||
    PUBLIC_FILES.includes(url.pathname)
  ) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate" && isTechPage(url)) {
    event.respondWith(pageNetworkFirst(request, url));
  } else if (url.pathname === "/api/trpc/tech.day") {
    event.respondWith(dayNetworkFirst(request));
  }
});

async function cacheFirst(request) {
  const cache = await caches.open(STATIC_CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function pageNetworkFirst(request, url) {
  try {
    const response = await fetch(request);
    await keepPage(response, url);
    return response;
  } catch {
    const cache = await caches.open(PAGES_CACHE);
    const cached =
      (await cache.match(url.pathname, { ignoreVary: true })) || (await cache.match("/tech", { ignoreVary: true }));
    if (cached) return cached;
    return new Response(OFFLINE_PAGE, { status: 503, headers: { "content-type": "text/html; charset=utf-8" } });
  }
}

async function dayNetworkFirst(request) {
  const cache = await caches.open(DATA_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(request, response.clone());
      await trim(DATA_CACHE, MAX_DAYS);
    }
    return response;
  } catch (error) {
    const cached = await cache.match(request, { ignoreVary: true });
    if (cached) return cached;
    throw error;
  }
}

const OFFLINE_PAGE = `<!doctype html><html lang="fr"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Fibre Ops – Technicien</title><body style="font-family:system-ui,sans-serif;padding:2rem;color:#0f172a">
<h1>Hors ligne</h1><p>Ouvrez l'application une première fois avec du réseau pour l'utiliser hors ligne.</p>
<h2 lang="en">Offline</h2><p lang="en">Open the app once with a network connection to use it offline.</p></body></html>`;
