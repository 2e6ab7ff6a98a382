// nianbao's service worker: keeps one complete version of the app in the
// browser so that, after one visit, the page opens with the network off.
//
// Versions. scripts/postbuild.mjs stamps BUILD below: `id` is a hash of
// every file of the build, `files` lists them with their SRI hashes. A new
// build therefore changes this file's bytes, and the browser installs the
// new worker on the next visit.
//
// Never a mix of versions. Each version has its own cache, named after its
// id. Install fetches every file of its version (bypassing the HTTP cache,
// verifying each one's hash) and stores them only when all arrived; then the
// worker takes over at once. Activation deletes the caches of other versions
// of this same scope (another copy of the app under another path of the same
// host keeps its own).
//
// Cache first, index included. Requests for the app's own files, and
// navigations to the app (its folder or index.html), are answered from the
// cache of the active version: the page and its assets always come from the
// same build. The page that runs while a new version installs keeps its
// version; the next visit gets the new one (and the page says so).
// Everything else goes to the network untouched.
//
// Unstamped (the copy `trunk serve` publishes, or one put on a host on
// purpose), the worker removes itself and its caches, so a cached release
// never shadows a dev server on the same address.

const BUILD = {"id":"dev","files":[]}; // stamped by scripts/postbuild.mjs

const SCOPE = self.registration.scope;
const PREFIX = `nianbao ${SCOPE} `;
const CACHE = PREFIX + BUILD.id;
const INDEX = new URL('index.html', SCOPE).href;
const FILES = new Map(BUILD.files.map(([path, integrity]) => [new URL(path, SCOPE).href, integrity]));
const STAMPED = FILES.has(INDEX);

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    if (!STAMPED) return self.skipWaiting();
    // Fetch everything first; a missing or altered file fails the install
    // and leaves the version that works in place.
    const responses = await Promise.all([...FILES].map(async ([url, integrity]) => {
      const response = await fetch(new Request(url, { cache: 'reload', integrity }));
      if (!response.ok) throw new Error(`nianbao: ${response.status} ${url}`);
      // A host that redirects index.html to its folder gives a redirected
      // response, which a navigation may not use: keep only its content.
      const stored = response.redirected
        ? new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers: response.headers })
        : response;
      return [url, stored];
    }));
    const cache = await caches.open(CACHE);
    try {
      await Promise.all(responses.map(([url, response]) => cache.put(url, response)));
    } catch (err) {
      await caches.delete(CACHE);
      throw err;
    }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && (name !== CACHE || !STAMPED)) await caches.delete(name);
    }
    if (!STAMPED) return self.registration.unregister();
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (!STAMPED || request.method !== 'GET') return;
  const url = new URL(request.url);
  const bare = url.origin + url.pathname;
  let key;
  if (request.mode === 'navigate') {
    if (bare === SCOPE || bare === INDEX) key = INDEX;
  } else if (FILES.has(bare) && url.search === '') {
    key = bare;
  }
  if (key === undefined) return;
  event.respondWith((async () => {
    // A cache the browser evicted falls back to the network.
    return (await caches.match(key, { cacheName: CACHE })) ?? fetch(request);
  })());
});
