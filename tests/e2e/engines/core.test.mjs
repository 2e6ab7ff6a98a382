// The core path of a clerk, on every engine of the floor (README,
// 「浏览器」): Debian's Chromium, Chromium 86, Firefox ESR and WebKitGTK
// (Safari's engine). Load, type into table 三 and see its totals, paste a
// block, 检查报告 and follow a summary link to its cell, reload and find the
// draft, download the .docx, open the print preview, fit a 375 px phone,
// open the single file nianbao.html, check two years of one agency in the
// batch view (its worker) on the host and in the single file. The same
// steps for each engine, through drivers.mjs.
//
// NIANBAO_ENGINES=firefox,webkit limits the run to some engines.
// SCREENSHOTS=DIR saves each engine's page at 1280 and 375 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, dist, root, shared } from '../support.mjs';
import { ENGINES, openEngine } from './drivers.mjs';

const engines = process.env.NIANBAO_ENGINES ? process.env.NIANBAO_ENGINES.split(',') : ENGINES;
const AGENCY = '老城区机关事务服务中心';
const TITLE = `${AGENCY}2021年政府信息公开工作年度报告`;
const text = (selector) => document.querySelector(selector)?.textContent ?? null;

let server;
before(async () => {
  server = await serve();
});
after(async () => {
  await server?.close();
});

// Waits for the app to be on the page (or for the message a browser below
// the floor gets, which fails the step with its text).
async function appStarted(engine) {
  const state = await engine.waitFor(() => (document.getElementById('report-title') ? 'app'
    : document.querySelector('.unsupported')?.textContent), null, 'the app to start');
  assert.equal(state, 'app', `${engine.name} shows the fallback message`);
}

// What the page hands the browser to download: the link's file name and the
// bytes of its Blob (read in the page). Installed before the click.
function captureDownloads() {
  window.nianbaoE2eDownloads = [];
  const blobs = new Map();
  const create = URL.createObjectURL;
  URL.createObjectURL = function (blob) {
    const url = create.call(URL, blob);
    blobs.set(url, blob);
    return url;
  };
  const click = HTMLElement.prototype.click;
  HTMLElement.prototype.click = function () {
    if (this instanceof HTMLAnchorElement && this.download && blobs.has(this.href)) {
      window.nianbaoE2eDownloads.push({ name: this.download, blob: blobs.get(this.href) });
    }
    return click.call(this);
  };
}

async function readDownload() {
  const d = window.nianbaoE2eDownloads[0];
  if (!d) return null;
  const bytes = new Uint8Array(await d.blob.arrayBuffer());
  let latin = '';
  for (const b of bytes) latin += String.fromCharCode(b);
  return { name: d.name, size: bytes.length, magic: latin.slice(0, 2), hasDocument: latin.includes('word/document.xml') };
}

// 批量检查: two years of 洪泽区 chosen in the view at `url` (#batch),
// checked in the batch worker, the later year paired with the earlier.
const YEARS = ['hongze-2023.json', 'hongze-2024.json'].map((f) => [f, fs.readFileSync(path.join(root, 'tests/e2e/fixtures', f), 'utf8')]);
async function batchChecks(engine, url) {
  await engine.goto(url);
  // The page at `url` (a browser may still show the one before while it
  // switches to a file:// page), showing the view.
  await engine.waitFor((at) => location.href === at && document.readyState === 'complete'
    && document.getElementById('batch-files') !== null, url, 'the batch view');
  // Files given to the view's file input, as a file chooser does.
  const given = await engine.run((files) => {
    try {
      const dt = new DataTransfer();
      for (const [name, body] of files) dt.items.add(new File([body], name, { type: 'application/json' }));
      const input = document.getElementById('batch-files');
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return 'given';
    } catch (e) {
      return `${e.name}: ${e.message} (${location.href})`;
    }
  }, YEARS);
  assert.equal(given, 'given');
  await engine.waitFor(() => document.getElementById('batch-done')?.textContent === '已检查 2/2'
    && document.querySelectorAll('#batch-rows tr').length === 2, null, 'two rows checked');
  const rows = await engine.run(() => [...document.querySelectorAll('#batch-rows tr')]
    .map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent)));
  assert.deepEqual(rows.map((r) => r.slice(0, 2)), [['洪泽区人民政府', '2023'], ['淮安市洪泽区人民政府', '2024']]);
  assert.match(rows[1][6], /^\d+\.\d%$/, '2024 compared with 2023');
}

// 「导入」: a published report's text pasted and read in the batch worker
// (the form's page does not carry the readers), on the page at `url`.
const PUBLISHED = fs.readFileSync(path.join(shared, 'reports', '2024_huaian-shi.txt'), 'utf8');
async function importReads(engine, url) {
  await engine.goto(url);
  await engine.waitFor((at) => location.href === at && document.getElementById('report-title') !== null, url, 'the form');
  await engine.run(() => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === '导入').click());
  await engine.waitFor(() => document.getElementById('import-text') !== null, null, 'the import panel');
  await engine.run((text) => {
    document.getElementById('import-text').value = text;
    [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === '识别粘贴的文字').click();
  }, PUBLISHED);
  await engine.waitFor(() => (document.querySelector('.import-preview')?.textContent ?? '').includes('淮安市人民政府2024年政府信息公开工作年度报告'),
    null, 'the import preview');
}

for (const name of engines) {
  test(`core path on ${name}`, async (t) => {
    const engine = await openEngine(name);
    t.diagnostic(`${name}: ${await engine.version()}`);
    try {
      await t.test('load: the form and its six headings', async () => {
        await engine.goto(server.url);
        await appStarted(engine);
        assert.equal(await engine.run(() => document.querySelectorAll('h2').length), 6);
        // Once running, the page refuses eval() and compiling WebAssembly:
        // a second policy without 'unsafe-eval' was added (assets/start.js).
        const policies = await engine.run(() => [...document.querySelectorAll('meta')]
          .filter((m) => m.httpEquiv.toLowerCase() === 'content-security-policy').map((m) => m.content));
        assert.equal(policies.length, 2);
        assert.match(policies[0], /'unsafe-eval' 'wasm-unsafe-eval'/);
        assert.equal(policies[1], policies[0].replace(" 'unsafe-eval' 'wasm-unsafe-eval'", ''));
        const refused = await engine.pageRefusesEval?.();
        if (refused !== undefined) assert.equal(refused, true, 'eval() is refused once the app runs');
      });

      await t.test('type the agency and into table 三: the title and totals follow', async () => {
        await engine.click('#field-agency');
        await engine.type(AGENCY);
        await engine.click('#field-year');
        await engine.type('2021');
        assert.equal(await engine.run(text, '#report-title'), TITLE);
        await engine.click('#cell-t3-new-natural');
        await engine.type('12');
        await engine.waitFor((s) => document.querySelector(s).textContent === '12', '#cell-t3-new-total', 'the row total');
        // Enter moves down, as in a spreadsheet; the cell's own one-field
        // form (src/ui/cells.rs) is never sent: the page stays.
        await engine.run(() => { window.nianbaoE2eStay = location.href; });
        await engine.press('Enter');
        await engine.waitFor(() => document.activeElement?.id === 'cell-t3-carried_in-natural', null, 'Enter to the next row');
        assert.equal(await engine.run(() => window.nianbaoE2eStay === location.href && document.getElementById('cell-t3-new-natural').value), '12');
        // The balance line waits for the whole column.
        assert.match(await engine.run(text, '#requests .status-lines'), /自然人列：一＋二＝未填完/);
      });

      await t.test('paste a block: it fills cells to the right and down', async () => {
        await engine.paste('#cell-t3-carried_in-natural', '3\t4\r\n1\t2\r\n');
        await engine.waitFor((s) => document.querySelector(s).textContent === '7', '#cell-t3-carried_in-total', 'the pasted row total');
        assert.equal(await engine.run((s) => document.querySelector(s).value, '#cell-t3-disclosed-business'), '2');
        assert.equal(await engine.run(text, '#cell-t3-disclosed-total'), '3');
        const lines = await engine.run(text, '#requests .status-lines');
        assert.match(lines, /自然人列：一＋二＝15，/);
        assert.match(lines, /总计列：一＋二＝19，/);
      });

      await t.test('检查报告, then a summary link leads to its cell', async () => {
        await engine.click('.check-bar button');
        await engine.waitFor((s) => document.querySelector(s)?.textContent.startsWith('检查结果：'), '.summary h2', 'the summary');
        await engine.waitFor(() => document.activeElement?.className === 'summary', null, 'focus on the summary');
        // The first error about a cell of table 三 that is still empty.
        const link = '.findings a[href^="#cell-t3-"]';
        const cell = (await engine.run((s) => document.querySelector(s)?.getAttribute('href'), link))?.slice(1);
        assert.ok(cell, 'an error links to a cell of table 三');
        await engine.click(link);
        await engine.waitFor((id) => document.activeElement?.id === id, cell, `focus in ${cell}`);
      });

      await t.test('reload: the draft is still there', async () => {
        await engine.waitFor((s) => document.querySelector(s)?.textContent.startsWith('已保存'), '.save-status', 'the save');
        await engine.reload();
        await appStarted(engine);
        assert.equal(await engine.run(text, '#report-title'), TITLE);
        assert.equal(await engine.run((s) => document.querySelector(s).value, '#cell-t3-new-natural'), '12');
        assert.equal(await engine.run(text, '#cell-t3-carried_in-total'), '7');
      });

      await t.test('download the .docx (asked first: errors are left)', async () => {
        await engine.run(captureDownloads);
        await engine.click('.export-buttons button', '下载Word文件（.docx）');
        assert.match(await engine.acceptDialog(), /「检查报告」发现\d+处错误尚未改正/);
        const file = await engine.waitFor(readDownload, null, 'the .docx');
        assert.equal(file.name, `${TITLE}.docx`);
        assert.equal(file.magic, 'PK', 'a zip file');
        assert.ok(file.hasDocument, 'with word/document.xml');
      });

      await t.test('print preview opens, Escape closes it', async () => {
        await engine.click('#print-preview-button');
        await engine.waitFor((s) => document.querySelector(s)?.textContent, '.print-preview .report-doc h1', 'the preview');
        assert.equal(await engine.run(text, '.print-preview .report-doc h1'), TITLE);
        await engine.waitFor(() => document.activeElement?.textContent === '返回编辑', null, 'focus in the preview');
        if (process.env.SCREENSHOTS) await engine.screenshot(path.join(process.env.SCREENSHOTS, `${name}-preview-1280.png`));
        await engine.press('Escape');
        await engine.waitFor(() => !document.querySelector('.print-preview') && document.activeElement?.id === 'print-preview-button', null, 'the preview to close');
      });

      await t.test('1280 px and 375 px: nothing wider than the page', async () => {
        const check = async (width) => {
          await engine.waitFor(() => {
            window.scrollTo(0, 0);
            return window.scrollY === 0;
          }, null, 'the top of the page');
          const got = await engine.run(() => document.documentElement.clientWidth);
          assert.ok(Math.abs(got - width) <= 20, `the page is ${got} px wide, not about ${width}`);
          const overflow = await engine.run(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `${width} px: the page is ${overflow} px wider than the window`);
          if (process.env.SCREENSHOTS) await engine.screenshot(path.join(process.env.SCREENSHOTS, `${name}-${width}.png`));
        };
        await check(1280);
        if (await engine.narrow(375, 812)) {
          // Opened afresh: the draft opens where the user was (it scrolls
          // there); wait for that before looking from the top.
          await appStarted(engine);
          await engine.waitFor(() => document.activeElement?.id.startsWith('cell-'), null, 'the position restored');
        }
        await check(375);
        await engine.widen();
        await appStarted(engine);
      });

      await t.test('批量检查: two years checked in the worker, on the host and in the single file', async () => {
        await batchChecks(engine, `${server.url}#batch`);
        await batchChecks(engine, `${pathToFileURL(path.join(dist, 'nianbao.html')).href}#batch`);
      });

      await t.test('导入 reads a pasted report in the worker, on the host and in the single file', async () => {
        await importReads(engine, server.url);
        await importReads(engine, pathToFileURL(path.join(dist, 'nianbao.html')).href);
      });

      await t.test('the single file nianbao.html opens from disk', async () => {
        await engine.goto(pathToFileURL(path.join(dist, 'nianbao.html')).href);
        await appStarted(engine);
        await engine.click('#field-agency');
        await engine.type(AGENCY);
        await engine.waitFor(([s, agency]) => document.querySelector(s)?.textContent.startsWith(agency), ['#report-title', AGENCY], 'the title');
        const refused = await engine.pageRefusesEval?.();
        if (refused !== undefined) assert.equal(refused, true, 'eval() is refused once the app runs');
      });
    } finally {
      await engine.close();
    }
  });
}
