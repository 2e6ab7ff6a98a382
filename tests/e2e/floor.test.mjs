// The browser floor (README, 「浏览器」): the release .wasm uses no
// WebAssembly feature beyond it, and a browser below it — or with
// WebAssembly or JavaScript off, or where the app fails to start — gets a
// clear Chinese message instead of a blank page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { useApp, openPage, root, dist } from './support.mjs';

const app = useApp();
const FLOOR_TEXT = '请使用 Chrome/Edge 86、Firefox 115、Safari 15 或更新版本的浏览器';

// ---- the .wasm check (scripts/wasm-floor.sh) ----

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
// A module of one function of `type` (a type section) with `body`.
const module = (type, body) => [...HEADER, ...type, 0x03, 0x02, 0x01, 0x00,
  0x0a, body.length + 2, 0x01, body.length, ...body];

function floorCheck(bytes) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-wasm-')), 'm.wasm');
  fs.writeFileSync(file, Buffer.from(bytes));
  return spawnSync(path.join(root, 'scripts/wasm-floor.sh'), [file], { encoding: 'utf8' });
}

// The module assets/start.js validates in the browser before loading.
const startJs = fs.readFileSync(path.join(root, 'assets/start.js'), 'utf8');
const startWasm = startJs.match(/var FLOOR_WASM = \[([^\]]*)\]/)[1]
  .replace(/\/\/.*$/gm, '').split(',').map((x) => Number(x.trim()));

test('the wasm check passes the floor and rejects each feature beyond it', () => {
  const ok = floorCheck(startWasm);
  assert.equal(ok.status, 0, `the start-up check's own module: ${ok.stderr}`);
  for (const w of fs.readdirSync(dist).filter((f) => f.endsWith('.wasm'))) {
    const r = spawnSync(path.join(root, 'scripts/wasm-floor.sh'), [path.join(dist, w)], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${w}: ${r.stderr}`);
  }
  const beyond = {
    'reference types (an externref parameter)': module([0x01, 0x05, 0x01, 0x60, 0x01, 0x6f, 0x00], [0x00, 0x0b]),
    'multi-value (two results)': module([0x01, 0x06, 0x01, 0x60, 0x00, 0x02, 0x7f, 0x7f], [0x00, 0x41, 0x00, 0x41, 0x00, 0x0b]),
    'SIMD (a v128 result)': module([0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b], [0x00, 0xfd, 0x0c, ...Array(16).fill(0), 0x0b]),
  };
  for (const [what, bytes] of Object.entries(beyond)) {
    const r = floorCheck(bytes);
    assert.notEqual(r.status, 0, `${what} must be rejected`);
    assert.match(r.stderr, /proposal not enabled|not enabled|support/, what);
  }
});

// Syntax of the stylesheets as served that browsers of the floor do not
// know, and the first version that does.
const NEWER_CSS = [
  [/@media[^{]*\((?:width|height)\s*[<>=]/, 'media query ranges (Chromium 104, Safari 16.4)'],
  [/(?:^|[;{\s])inset\s*:/, 'inset (Chromium 87, Safari 14.1)'],
  [/:(?:is|where)\(/, ':is() / :where() (Chromium 88, Safari 14)'],
  [/:has\(/, ':has() (Chromium 105, Safari 15.4)'],
  [/&\s*[.:#\w[]/, 'nesting (Chromium 112, Safari 16.5)'],
];

test('the stylesheets as served use no CSS newer than the floor', () => {
  for (const f of fs.readdirSync(dist).filter((x) => x.endsWith('.css'))) {
    const css = fs.readFileSync(path.join(dist, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const [re, what] of NEWER_CSS) assert.doesNotMatch(css, re, `${f}: ${what}`);
  }
});

// ---- the message ----

async function message(page) {
  await page.waitForSelector('.unsupported', { timeout: 10000 });
  return page.evaluate(() => {
    const el = document.querySelector('.unsupported');
    const r = el.getBoundingClientRect();
    return { text: el.textContent, role: el.getAttribute('role'), visible: r.width > 0 && r.height > 0 };
  });
}

// A browser without WebAssembly (switched off by policy), or with a
// JavaScript engine from before 2020, made so before the page's own
// scripts run (an init script of the driver, not subject to the CSP).
test('below the floor: a message naming the browsers that work, and the app is not started', async () => {
  const cases = [
    [() => delete window.WebAssembly, '此浏览器不支持或已关闭 WebAssembly。'],
    [() => delete String.prototype.replaceAll, '此浏览器版本过旧。'],
  ];
  for (const [lack, reason] of cases) {
    const context = await app.browser.newContext();
    try {
      await context.addInitScript(lack);
      const page = await context.newPage();
      await page.goto(app.server.url);
      const m = await message(page);
      assert.ok(m.visible);
      assert.equal(m.role, 'alert');
      assert.equal(m.text, `无法在此浏览器中使用本工具${reason}${FLOOR_TEXT}打开本页面。360安全浏览器、奇安信、QQ浏览器等双核浏览器请切换到「极速模式」。`);
      assert.equal(await page.$('#report-title'), null, 'the app is not started');
    } finally {
      await context.close();
    }
  }
});

test('with JavaScript off: the <noscript> message', async () => {
  const context = await app.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(app.server.url);
  const m = await message(page);
  assert.ok(m.visible);
  assert.ok(m.text.includes(FLOOR_TEXT), m.text);
  assert.match(m.text, /JavaScript/);
  await context.close();
});

test('a start that fails (missing wasm, glue that does not load or parse) shows the message', async () => {
  const cases = [
    ['**/*.wasm', (route) => route.fulfill({ status: 404, body: '' }), /程序未能启动：/],
    ['**/nianbao-*.js', (route) => route.fulfill({ status: 404, body: '' }), /程序未能启动。请刷新页面重试。/],
    ['**/nianbao-*.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: 'export default function (' }), /程序未能启动。请刷新页面重试。/],
  ];
  for (const [pattern, handler, expected] of cases) {
    const context = await app.browser.newContext({ serviceWorkers: 'block' });
    await context.route(pattern, handler);
    const { page } = await openPage(context, app.server.origin);
    await page.goto(app.server.url);
    const m = await message(page);
    assert.match(m.text, expected, `${pattern}: ${m.text}`);
    assert.ok(m.text.includes(FLOOR_TEXT));
    await context.close();
  }
});
