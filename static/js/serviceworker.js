/*
 * The app's service worker (django-pwa serves this file at /serviceworker.js).
 *
 * - Static files: cache first (their names change with their content in production).
 * - Page navigations: always from the network first. Course roadmaps and lessons the student
 *   opens (VISITED_PATHS) are kept as visited, so they stay readable offline; any other page,
 *   or one never opened, answers with the cached /offline/ page when the network is down.
 * - Sign-out clears everything: the logout response carries `Clear-Site-Data: "cache",
 *   "storage"` and static/js/app.js also asks this worker to drop its caches ("clear").
 * - Never cached: anything but GET, htmx requests (HX-Request), the API, the admin console,
 *   sign-in pages, WebSockets and media (private files are permission-checked per request).
 *
 * Bump VERSION when this list or the strategy changes: old caches are deleted on activate.
 */
"use strict";

const VERSION = "v2";
const STATIC_CACHE = `lms-static-${VERSION}`;
const PAGES_CACHE = `lms-pages-${VERSION}`;
const VISITED_CACHE = `lms-visited-${VERSION}`;
const OFFLINE_URL = "/offline/";
// A roadmap (/app/courses/<slug>/) or a lesson (/app/courses/<slug>/lessons/<id>/).
const VISITED_PATHS = /^\/app\/courses\/[^/]+\/(lessons\/\d+\/)?$/;
const VISITED_LIMIT = 60; // oldest pages leave first
const PRECACHE_STATIC = [
  "/static/css/app.css",
  "/static/js/app.js",
  "/static/js/theme.js",
  "/static/js/notifications.js",
  "/static/vendor/htmx/htmx.min.js",
  "/static/icons/icon-192.png",
  "/static/icons/favicon.png",
];
const NEVER_CACHE_PREFIXES = ["/api/", "/admin/", "/accounts/", "/ws/", "/media/"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const pages = await caches.open(PAGES_CACHE);
      await pages.add(new Request(OFFLINE_URL, { cache: "reload" }));
      const statics = await caches.open(STATIC_CACHE);
      await statics.addAll(PRECACHE_STATIC);
      await self.skipWaiting();
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([STATIC_CACHE, PAGES_CACHE, VISITED_CACHE]);
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith("lms-") && !keep.has(name)).map((name) => caches.delete(name))
      );
      await self.clients.claim();
    })()
  );
});

function neverCached(request, url) {
  if (request.method !== "GET") return true;
  if (request.headers.has("HX-Request")) return true;
  if (url.origin !== self.location.origin) return true;
  return NEVER_CACHE_PREFIXES.some((prefix) => url.pathname.startsWith(prefix));
}

function savable(url) {
  return url.origin === self.location.origin && VISITED_PATHS.test(url.pathname);
}

function storable(response) {
  const type = response.headers.get("Content-Type") || "";
  return response.ok && response.type === "basic" && !response.redirected && type.startsWith("text/html");
}

async function rememberVisited(url, response) {
  const cache = await caches.open(VISITED_CACHE);
  await cache.put(url.pathname, response);
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - VISITED_LIMIT)).map((key) => cache.delete(key)));
}

async function networkFirstNavigation(request, url) {
  try {
    const response = await fetch(request);
    if (savable(url)) {
      if (storable(response)) await rememberVisited(url, response.clone());
      // A denial or a redirect (signed out, unenrolled) must not leave an old copy behind.
      else if (!response.ok || response.redirected) await (await caches.open(VISITED_CACHE)).delete(url.pathname);
    }
    return response;
  } catch (error) {
    if (savable(url)) {
      const saved = await caches.match(url.pathname, { cacheName: VISITED_CACHE, ignoreVary: true });
      if (saved) return saved;
    }
    const offline = await caches.match(OFFLINE_URL, { cacheName: PAGES_CACHE });
    return offline || Response.error();
  }
}

// Messages from static/js/app.js: "save" (make sure the open page is kept; the first page
// opened before this worker took control was not) and "clear" (sign-out).
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "save" && typeof data.url === "string") {
    const url = new URL(data.url, self.location.origin);
    if (!savable(url)) return;
    event.waitUntil(
      (async () => {
        const cache = await caches.open(VISITED_CACHE);
        let saved = await cache.match(url.pathname, { ignoreVary: true });
        if (!saved) {
          const response = await fetch(url.pathname, { credentials: "same-origin" });
          if (storable(response)) {
            await rememberVisited(url, response);
            saved = true;
          }
        }
        if (saved && event.source) event.source.postMessage({ type: "saved", url: url.pathname });
      })().catch(() => undefined)
    );
  } else if (data.type === "clear") {
    event.waitUntil(
      (async () => {
        const names = await caches.keys();
        await Promise.all(names.filter((name) => name.startsWith("lms-")).map((name) => caches.delete(name)));
        if (event.source) event.source.postMessage({ type: "cleared" });
      })()
    );
  }
});

// In production static names carry a content hash (app.3f2a9c81d0be.css): a cached copy
// is right forever. Unhashed names (development, the precache list) are still answered
// from the cache, and refreshed in the background for the next load.
const HASHED_NAME = /\.[0-9a-f]{12}\.[a-z0-9]+$/;

async function fetchAndStore(cache, request) {
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    await cache.put(request, response.clone());
  }
  return response;
}

async function cacheFirstStatic(event, request, url) {
  const cache = await caches.open(STATIC_CACHE);
  const cached = await cache.match(request);
  if (!cached) return fetchAndStore(cache, request);
  if (!HASHED_NAME.test(url.pathname)) {
    event.waitUntil(fetchAndStore(cache, request).catch(() => undefined));
  }
  return cached;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);

  if (request.mode === "navigate" && request.method === "GET" && !request.headers.has("HX-Request")) {
    // The network answers; visited roadmaps and lessons, or the offline page, when it cannot.
    event.respondWith(networkFirstNavigation(request, url));
    return;
  }
  if (neverCached(request, url)) return; // the browser handles it as if we were not here
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(cacheFirstStatic(event, request, url));
  }
});

// --- Web push: show what the server pushed; a click opens (or focuses) its page. --------

self.addEventListener("push", (event) => {
  let payload = {};
  try {
    payload = event.data ? event.data.json() : {};
  } catch (error) {
    payload = { title: event.data ? event.data.text() : "" };
  }
  const title = payload.title || "Notification";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: payload.body || "",
      icon: "/static/icons/icon-192.png",
      tag: payload.kind || undefined,
      data: { link: payload.link || "/app/notifications/" },
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data.link, self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((client) => client.url === target);
      if (open) return open.focus();
      return self.clients.openWindow(target);
    })()
  );
});
