// No server at all: after one visit the app works with the server gone; a
// new version is picked up on the next visit and says so; dist/nianbao.html
// works from disk (file://) with drafts and downloads; both builds run under
// their Content-Security-Policy without a single violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, launch, openPage, waitForApp, dist, root, shared } from './support.mjs';

const PREFIX = '/tools/nianbao/';
const CELL = '#cell-t3-new-natural';
const buildId = (dir) => fs.readFileSync(path.join(dir, 'sw.js'), 'utf8').match(/^const BUILD = \{"id":"(\w+)"/m)?.[1];

let browser;
before(async () => {
  assert.ok(
    fs.existsSync(path.join(dist, 'nianbao.html')) && buildId(dist) !== 'dev',
    'dist/ has not been through scripts/postbuild.mjs: run make dist',
  );
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// A context whose pages record Content-Security-Policy violations.
async function newContext(options) {
  const context = await browser.newContext(options);
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return context;
}
const cspViolations = (page) => page.evaluate(() => window.__csp);

async function waitSaved(page) {
  await page.waitForFunction(() => /^已保存 \d\d:\d\d:\d\d/.test(document.querySelector('.save-status')?.textContent ?? ''));
}

// Types two cells of table 三 and checks that their total follows.
async function typeAndTotal(page, a, b) {
  await page.fill(CELL, String(a));
  await page.fill('#cell-t3-new-business', String(b));
  await page.waitForFunction((want) => document.querySelector('#cell-t3-new-total')?.textContent === want, String(a + b));
}

async function waitControlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20000 });
}

// The names of this scope's caches (service worker versions).
const cacheNames = (page) => page.evaluate(async () => {
  const scope = (await navigator.serviceWorker.ready).scope;
  return (await caches.keys()).filter((k) => k.startsWith(`nianbao ${scope} `)).map((k) => k.split(' ').pop());
});

// Polls an async predicate in the page (waitForFunction does not await).
async function until(page, predicate, arg, timeout = 20000) {
  const end = Date.now() + timeout;
  while (!(await page.evaluate(predicate, arg))) {
    assert.ok(Date.now() < end, `timed out: ${predicate}`);
    // A poll interval, not a wait for a result.
    await new Promise((resolve) => { setTimeout(resolve, 100); });
  }
}

const description = (page) => page.getAttribute('meta[name=description]', 'content');

function assertQuiet(problems) {
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.failedRequests, []);
  assert.deepEqual(problems.foreignRequests, []);
}

test('after one visit, the app opens and works with the server gone', async () => {
  const server = await serve(dist, PREFIX);
  const context = await newContext();
  const { page, problems } = await openPage(context, server.origin);
  try {
    await page.goto(server.url);
    await waitForApp(page);
    await waitControlled(page);
    assert.deepEqual(await cacheNames(page), [buildId(dist)]);
    await server.close();

    await page.reload();
    await waitForApp(page);
    await typeAndTotal(page, 12, 5);
    await page.locator('#field-agency').fill('离线测试局');
    await waitSaved(page);
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.inputValue(CELL), '12');
    assert.equal(await page.locator('#field-agency').inputValue(), '离线测试局');
    assert.equal(await page.textContent('#cell-t3-new-total'), '17');
    // A new tab, with the server still gone.
    const second = await context.newPage();
    await second.goto(server.url);
    await waitForApp(second);
    assert.equal(await second.inputValue(CELL), '12');
    assert.deepEqual(await cspViolations(second), []);
    // 「导入」 reads in the batch worker, from the cache as well.
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await page.fill('#import-text', fs.readFileSync(path.join(shared, 'reports', '2024_huaian-shi.txt'), 'utf8'));
    await page.getByRole('button', { name: '识别粘贴的文字' }).click();
    await page.locator('.import-preview', { hasText: '淮安市人民政府2024年政府信息公开工作年度报告' }).waitFor();

    assert.ok(server.requests.every((p) => p.startsWith(PREFIX)), server.requests.join(','));
    assert.equal(await page.locator('.update-notice').count(), 0);
    assert.deepEqual(await cspViolations(page), []);
    assertQuiet(problems);
  } finally {
    await context.close();
    await server.close();
  }
});

test('a new version is picked up on the next visit and the page says 已更新到新版本', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-dist-'));
  fs.cpSync(dist, dir, { recursive: true });
  const server = await serve(dir, PREFIX);
  const context = await newContext();
  const { page, problems } = await openPage(context, server.origin);
  try {
    const oldId = buildId(dir);
    await page.goto(server.url);
    await waitForApp(page);
    await waitControlled(page);
    const oldDescription = await description(page);

    // Deploy a new version: a changed page, stamped again as make dist does.
    const index = path.join(dir, 'index.html');
    const html = fs.readFileSync(index, 'utf8');
    assert.ok(html.includes(oldDescription));
    fs.writeFileSync(index, html.replace(oldDescription, `${oldDescription}（新版）`));
    execFileSync(process.execPath, [path.join(root, 'scripts/postbuild.mjs'), dir], { stdio: 'pipe' });
    const newId = buildId(dir);
    assert.notEqual(newId, oldId);

    // This visit still runs the version it started with, complete; the
    // new one installs meanwhile and takes over the cache.
    await page.reload();
    await waitForApp(page);
    assert.equal(await description(page), oldDescription);
    await page.locator('.update-notice', { hasText: '新版本已下载，下次打开本页面时启用。' }).waitFor({ timeout: 20000 });
    // Activation deletes the old version's cache.
    await until(page, async (want) => {
      const scope = (await navigator.serviceWorker.ready).scope;
      return (await caches.keys()).filter((k) => k.startsWith(`nianbao ${scope} `)).join() === `nianbao ${scope} ${want}`;
    }, newId);

    // The next visit gets the new version, and says so once.
    await page.reload();
    await waitForApp(page);
    assert.equal(await description(page), `${oldDescription}（新版）`);
    await page.locator('.update-notice', { hasText: '已更新到新版本' }).waitFor();
    await page.getByRole('button', { name: '知道了' }).first().click();
    assert.equal(await page.locator('.update-notice').count(), 0);
    await typeAndTotal(page, 1, 2);
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.locator('.update-notice').count(), 0);

    // And the new version works offline as a whole.
    await server.close();
    await page.reload();
    await waitForApp(page);
    assert.equal(await description(page), `${oldDescription}（新版）`);
    await typeAndTotal(page, 4, 4);

    assert.deepEqual(await cspViolations(page), []);
    assertQuiet(problems);
  } finally {
    await context.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an unstamped sw.js (what trunk serve publishes) removes the worker and its caches', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-dist-'));
  fs.cpSync(dist, dir, { recursive: true });
  const server = await serve(dir, PREFIX);
  const context = await newContext();
  const { page, problems } = await openPage(context, server.origin);
  try {
    await page.goto(server.url);
    await waitForApp(page);
    await waitControlled(page);
    fs.copyFileSync(path.join(root, 'assets/sw.js'), path.join(dir, 'sw.js'));
    await page.reload();
    await waitForApp(page);
    await until(page, async () => (await navigator.serviceWorker.getRegistrations()).length === 0
      && (await caches.keys()).every((k) => !k.startsWith('nianbao ')));
    // What the server has now is what the page shows.
    const index = path.join(dir, 'index.html');
    const old = await description(page);
    fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace(old, `${old}（开发中）`));
    await page.reload();
    await waitForApp(page);
    assert.equal(await description(page), `${old}（开发中）`);
    assert.deepEqual(await cspViolations(page), []);
    assertQuiet(problems);
  } finally {
    await context.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('where service workers are unavailable the app runs as before, silently', async () => {
  const server = await serve(dist, PREFIX);
  const context = await newContext({ serviceWorkers: 'block' });
  const { page, problems } = await openPage(context, server.origin);
  try {
    await page.goto(server.url);
    await waitForApp(page);
    await typeAndTotal(page, 2, 3);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await cspViolations(page), []);
    assertQuiet(problems);
  } finally {
    await context.close();
    await server.close();
  }
});

// The batch view (批量检查与汇总) checks files: its worker loaded from the
// cache or, in the single file, from the page itself.
async function batchChecks(page) {
  await page.getByRole('heading', { name: '批量检查与汇总', level: 1 }).waitFor();
  const reports = ['2023_hongze-qu.txt', '2024_hongze-qu.txt'].map((f) => path.join(shared, 'reports', f));
  await page.locator('#batch-files').setInputFiles(reports);
  await page.locator('#batch-done', { hasText: '已检查 2/2' }).waitFor({ timeout: 20000 });
  await page.locator('#batch-counts', { hasText: '共2个文件、2份报告' }).waitFor();
  await page.locator('#batch-rows tr:nth-child(2)').waitFor();
  // The two years are paired: 五 of 2024 compared with 2023's.
  assert.match(await page.textContent('#batch-rows tr:nth-child(2) td:last-child'), /^\d+\.\d%$/);
  await page.getByRole('button', { name: '全选' }).click();
  await page.locator('#batch-selected', { hasText: '已选择2份' }).waitFor();
  await page.getByRole('button', { name: '汇总所选报告' }).click();
  await page.locator('#batch-summary', { hasText: '共汇总2份报告' }).waitFor();
}

test('after one visit, #batch opens and checks files with the server gone', async () => {
  const server = await serve(dist, PREFIX);
  const context = await newContext();
  const { page, problems } = await openPage(context, server.origin);
  try {
    await page.goto(server.url);
    await waitForApp(page);
    await waitControlled(page);
    await server.close();
    await page.goto(`${server.url}#batch`);
    await page.reload();
    await batchChecks(page);
    assert.deepEqual(await cspViolations(page), []);
    // The worker's files came from the service worker's cache (the server
    // is gone, and the view checked the files in the worker), yet Chromium
    // now and then also reports one of them as aborted on the page's side
    // (a worker's script and imports are fetched by the browser process).
    // And Chromium asks the server again for the page's icon after the
    // address changed, which its favicon loader does around the service
    // worker. Neither is a request of the app that failed.
    const browsers = /\/(?:batch-worker\.js|nianbao-worker\.js|nianbao-worker_bg\.wasm|favicon-\w+\.svg)$/;
    problems.failedRequests = problems.failedRequests.filter((u) => !browsers.test(u));
    assertQuiet(problems);
  } finally {
    await context.close();
    await server.close();
  }
});

test('dist/nianbao.html opens from disk: fill, reload, restored, download', async (t) => {
  const file = path.join(dist, 'nianbao.html');
  const html = fs.readFileSync(file, 'utf8');
  assert.ok(!/serviceWorker|sw\.js/.test(html), 'no service worker in the single file');
  const url = pathToFileURL(file).href;
  const context = await newContext({ acceptDownloads: true });
  const { page, problems } = await openPage(context, null);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => d.accept());
  try {
    await page.goto(url);
    await waitForApp(page);
    await page.locator('#field-agency').fill('单文件测试局');
    await typeAndTotal(page, 30, 12);
    await waitSaved(page);
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.inputValue(CELL), '30');
    assert.equal(await page.locator('#field-agency').inputValue(), '单文件测试局');
    assert.equal(await page.textContent('#cell-t3-new-total'), '42');

    // The Word file downloads from the single file too.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载Word文件（.docx）' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.docx$/);
    const bytes = fs.readFileSync(await download.path());
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
    // That file read back by 「导入」, in the worker of the single file.
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await page.locator('#import-file').setInputFiles({ name: '单文件测试局.docx', mimeType: 'application/octet-stream', buffer: bytes });
    await page.locator('.import-preview', { hasText: '单文件测试局' }).waitFor();

    // blob: the batch view's worker, started idle with the page
    // (scripts/postbuild.mjs): in the page, not a request.
    assert.deepEqual([...new Set(requests.filter((u) => !u.startsWith('blob:')))], [url], 'the single file loads nothing else');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('dist/nianbao.html#batch checks files from disk, under its policy', async () => {
  const url = pathToFileURL(path.join(dist, 'nianbao.html')).href;
  const context = await newContext();
  const { page, problems } = await openPage(context, null);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  try {
    await page.goto(`${url}#batch`);
    await batchChecks(page);
    // The worker came from the page itself (a Blob), nothing from disk.
    assert.deepEqual([...new Set(requests.filter((u) => !u.startsWith('blob:')))], [url]);
    assert.deepEqual(await cspViolations(page), []);
    // Once started, the page refuses eval (assets/start.js): the stricter
    // policy is in place, and the worker, started before it, compiled its
    // wasm all the same. Asked as tests/e2e/engines/drivers.mjs does: a
    // DevTools evaluation that obeys the page's policy.
    const cdp = await context.newCDPSession(page);
    const { result } = await cdp.send('Runtime.evaluate', {
      expression: "try { eval('1'); false } catch (e) { e instanceof EvalError }",
      allowUnsafeEvalBlockedByCSP: false,
    });
    assert.equal(result.value, true, 'eval() is refused');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('both builds carry a Content-Security-Policy that allows only their own code', () => {
  const policyOf = (file) => {
    const m = fs.readFileSync(path.join(dist, file), 'utf8').match(/<meta http-equiv=Content-Security-Policy content="([^"]*)">/);
    assert.ok(m, `${file} has a CSP meta`);
    return Object.fromEntries(m[1].split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  };
  for (const file of ['index.html', 'nianbao.html']) {
    const p = policyOf(file);
    assert.deepEqual(p['default-src'], ["'none'"], file);
    assert.deepEqual(p['object-src'], ["'none'"], file);
    assert.deepEqual(p['base-uri'], ["'none'"], file);
    assert.deepEqual(p['form-action'], ["'none'"], file);
    for (const [directive, sources] of Object.entries(p)) {
      for (const s of sources) {
        // 'unsafe-eval' only in script-src, for browsers before Chromium 97
        // and Safari 16 to compile the wasm; assets/start.js drops it once
        // the wasm runs (tests/e2e/engines/core.test.mjs checks that).
        if (directive === 'script-src' && s === "'unsafe-eval'") continue;
        assert.ok(!/^'unsafe-(eval|inline|hashes)'$|^\*$|^https?:|\.\w+$/.test(s), `${file}: ${directive} allows ${s}`);
      }
    }
    assert.ok(p['script-src'].includes("'wasm-unsafe-eval'"), file);
    assert.ok(p['script-src'].includes("'unsafe-eval'"), file);
  }
});
