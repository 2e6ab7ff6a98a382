// Shared support for the end-to-end tests: a static server for dist/ on a
// port the OS picks (so two runs never collide), and Debian's Chromium
// driven by playwright-core. Nothing here downloads anything.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
export const dist = path.join(root, 'dist');
export const shared = path.resolve(root, '..', 'shared');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
};

// A page that shows `src` (a page of the same server) in a frame of
// `w` × `h` px: a phone's width for browsers whose window cannot be made
// that narrow (tests/e2e/engines/drivers.mjs).
export const FRAME_PAGE = '/e2e-frame.html';
function framePage(url) {
  const n = (k) => Number.parseInt(url.searchParams.get(k), 10) || 0;
  const src = new URL(url.searchParams.get('src') ?? '/', 'http://x').pathname;
  const attr = src.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html><title>frame</title><body style="margin:0"><iframe src="${attr}" style="border:0;width:${n('w')}px;height:${n('h')}px"></iframe>`;
}

// Serves `dir` under `prefix` (e.g. '/tools/nianbao/'); anything else is 404.
// `headers` are added to every file served (the batch benchmark isolates
// the page to measure its memory).
export async function serve(dir = dist, prefix = '/', headers = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push(url.pathname);
    if (url.pathname === FRAME_PAGE) {
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end(framePage(url));
      return;
    }
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(dir, rel);
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      ...headers,
    });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(resolve);
    }),
  };
}

// The environment for programs that render text in the tests (Chromium,
// LibreOffice): the project's font configuration, so that line and page
// breaks are the same on every machine (tests/fonts/fonts.conf).
export function officeEnv() {
  return { ...process.env, FONTCONFIG_FILE: path.join(root, 'tests', 'fonts', 'fonts.conf') };
}

// `extraArgs`: more Chromium flags (the batch benchmark's memory measure).
export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    env: officeEnv(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      ...extraArgs,
    ],
  });
}

// Opens a page that records console errors, uncaught exceptions and every
// request that leaves `origin` (the app must make none).
export async function openPage(context, origin) {
  const page = await context.newPage();
  const problems = { consoleErrors: [], pageErrors: [], foreignRequests: [], failedRequests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
  page.on('request', (req) => {
    const u = req.url();
    if (u.startsWith('data:') || u.startsWith('blob:')) return;
    if (origin && !u.startsWith(origin + '/')) problems.foreignRequests.push(u);
  });
  page.on('requestfailed', (req) => problems.failedRequests.push(req.url()));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.failedRequests.push(`${res.status()} ${res.url()}`);
  });
  return { page, problems };
}

// Waits until the app has mounted (the title area exists).
export async function waitForApp(page) {
  await page.waitForSelector('#report-title', { timeout: 10000 });
}

// The usual fixture of a test file: dist/ served and one browser, started
// before its tests and stopped after them. Read `app.server` and
// `app.browser` inside the tests.
export function useApp() {
  const app = { server: null, browser: null };
  before(async () => {
    app.server = await serve();
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}
