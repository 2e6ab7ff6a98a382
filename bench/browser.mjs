// Browser benchmark: prints medians and 95th percentiles measured in
// headless Chromium against the release build in dist/. Not a test: it
// asserts nothing and prints figures (run by `make bench`).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, launch, dist, root, shared } from '../tests/e2e/support.mjs';

// As typed in the app: the totals are the app's own (no stated totals).
const report = { ...JSON.parse(fs.readFileSync(path.join(root, 'tests/e2e/fixtures/huaian-2024.json'), 'utf8')), stated_totals: {} };

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
const line = (name, xs) => console.log(`${name}: median ${fmt(quantile(xs, 0.5))}, p95 ${fmt(quantile(xs, 0.95))} (n=${xs.length})`);

function sizes() {
  const files = fs.readdirSync(dist);
  const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  let total = 0;
  for (const ext of ['.wasm', '.js', '.css', '.html']) {
    const fs_ = files.filter((f) => f.endsWith(ext) && f !== 'nianbao.html');
    const raw = fs_.reduce((s, f) => s + fs.statSync(path.join(dist, f)).size, 0);
    const g = fs_.reduce((s, f) => s + gz(f), 0);
    total += g;
    console.log(`bundle ${ext.slice(1).padEnd(4)}: ${kb(raw)} raw, ${kb(g)} gzip (${fs_.join(', ')})`);
  }
  console.log(`bundle total gzip (app as served, all files of dist/ but nianbao.html): ${kb(total)}`);
  if (files.includes('nianbao.html')) {
    const f = 'nianbao.html';
    console.log(`single file nianbao.html: ${kb(fs.statSync(path.join(dist, f)).size)} raw, ${kb(gz(f))} gzip`);
  }
}

// Fills the page with the complete report through the app's own restore
// path: a stored draft, then the page opened afresh.
// Fresh ids each time: the page being left saves its own draft on the way
// out, and must not land on the seeded one.
let seeds = 0;
// In the page: `drafts` stored copies of `report`, the first one current.
function writeDrafts({ report, drafts, tag }) {
  localStorage.clear();
  for (let i = 0; i < drafts; i++) {
    const env = { schema: 1, id: `${tag}-${i}`, name: '', revision: 1, saved_at: Date.now() - i * 1000, report, last_year: null, position: null };
    localStorage.setItem(`nianbao.draft.${tag}-${i}`, JSON.stringify(env));
  }
  localStorage.setItem('nianbao.current', `${tag}-0`);
  localStorage.setItem('nianbao.notice-seen', '1');
}
async function seed(page, drafts = 1) {
  seeds += 1;
  // Leave the app first (it saves on the way out), then write the drafts
  // from a page of the same origin that is not the app.
  await page.goto(new URL('sw.js', page.url()).href);
  await page.evaluate(writeDrafts, { report, drafts, tag: `bench${seeds}` });
}

// The table-三 cells a keystroke lands in: every entered cell but the
// first column's first rows, in a spread over rows and columns.
const T3_ENTERED = (() => {
  const rows = ['new', 'carried_in', 'disclosed', 'partly', ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => `refused${i}`),
    'unable1', 'unable2', 'unable3', ...[1, 2, 3, 4, 5].map((i) => `not_processed${i}`), 'other1', 'other2', 'other3', 'carried_over'];
  const cols = ['natural', 'business', 'research', 'public', 'legal', 'other'];
  return rows.flatMap((r, i) => cols.map((c, j) => ({ id: `cell-t3-${r}-${c}`, total: `cell-t3-${r}-total`, k: i * 7 + j * 5 })))
    .sort((a, b) => (a.k % 17) - (b.k % 17) || a.k - b.k);
})();

// One keystroke as the issue defines it: the cell focused and its text
// selected, one digit pressed; the time from the keydown event's
// timestamp to the moment a MutationObserver sees the row's 总计 show the
// new sum.
//
// With `settle`, the key goes down only once the frame that focusing the
// cell started has been painted (two animation frames), as when a person
// types: otherwise the keydown waits behind that frame (style, layout and
// paint of the focus ring and the selection), which is the browser's
// rendering of the focus, not the keystroke. Printed beside the figure as
// defined, never instead of it.
async function keystroke(page, cell, settle = false) {
  // Arm the watch and learn the digit in one call, and only then press:
  // the watch must be in place before the key goes down.
  const digit = await page.evaluate(({ id, total }) => {
    const el = document.getElementById(id);
    el.focus();
    el.select();
    const cur = el.value.trim();
    // A digit that changes the value, so the total changes.
    const digit = String((Number(cur.slice(-1) || 0) + 1) % 10);
    const out = document.getElementById(total);
    const shown = () => (out.firstChild ? out.firstChild.textContent : out.textContent).split('（')[0];
    const expect = String((Number(shown()) || 0) - (Number(el.value) || 0) + Number(digit));
    window.__nianbaoStroke = new Promise((resolve, reject) => {
      let t0 = null;
      el.addEventListener('keydown', (e) => { t0 = e.timeStamp; }, { once: true, capture: true });
      const mo = new MutationObserver(() => {
        if (t0 !== null && shown() === expect) {
          mo.disconnect();
          resolve(performance.now() - t0);
        }
      });
      mo.observe(out, { subtree: true, childList: true, characterData: true });
      setTimeout(() => {
        mo.disconnect();
        reject(new Error(`no new sum in ${total}: ${id} holds ${JSON.stringify(el.value)}, 总计 shows ${JSON.stringify(shown())}, expected ${expect}`));
      }, 10000);
    });
    return digit;
  }, cell);
  if (settle) await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.keyboard.press(digit);
  return page.evaluate(() => window.__nianbaoStroke);
}

async function keystrokes(page, n, settle = false, cells = T3_ENTERED) {
  const times = [];
  for (let i = 0; i < n; i++) times.push(await keystroke(page, cells[i % cells.length], settle));
  return times;
}

// The browser's own floor for the same measure: a plain page with no
// framework and no rules, its cells the table-三 cells' ids, each text
// input in a form of its own as in the app, and one listener that writes
// the row's sum into the row's 总计. What this page takes is what any page
// with such inputs takes in this browser, before its own work.
function plainPage(cells) {
  const rows = [...new Set(cells.map((c) => c.total))];
  const body = rows.map((total) => {
    const inputs = cells.filter((c) => c.total === total).map((c, j) =>
      `<td><form><input type="text" id="${c.id}" value="${j + 1}" autocomplete="off" inputmode="numeric"></form></td>`).join('');
    return `<tr><th>${total}</th>${inputs}<td><output id="${total}"></output></td></tr>`;
  }).join('');
  return `<!DOCTYPE html><meta charset="utf-8"><title>floor</title><table>${body}</table>
<script>
const sum = (total) => [...document.getElementById(total).closest('tr').querySelectorAll('input')].reduce((s, i) => s + (Number(i.value) || 0), 0);
for (const o of document.querySelectorAll('output')) o.textContent = String(sum(o.id));
document.addEventListener('input', (e) => {
  const out = e.target.closest('tr').querySelector('output');
  out.firstChild.nodeValue = String(sum(out.id));
});
</script>`;
}

async function floorKeystrokes(context, rate, tag) {
  for (const [what, cells] of [['the 180 inputs of table 三', T3_ENTERED], ['one row of 6 inputs', T3_ENTERED.filter((c) => c.total === 'cell-t3-new-total')]]) {
    const page = await context.newPage();
    try {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      await page.setContent(plainPage(cells));
      line(`  browser floor: the same keystroke on a plain page (${what}, no framework)${tag}`, await keystrokes(page, 50, false, cells));
      line(`    the same, the key pressed once the focus's frame is painted${tag}`, await keystrokes(page, 50, true, cells));
    } finally {
      await page.close();
    }
  }
}

// Watches, from the document's start, for the first table-三 input to be
// present, visible and enabled (`interactive`), next to the first
// contentful paint.
function watchInteractive() {
  const ready = () => {
    const el = document.getElementById('cell-t3-new-natural');
    return el && !el.disabled && el.getClientRects().length > 0;
  };
  const mo = new MutationObserver(() => {
    if (window.__nianbaoInteractive === undefined && ready()) {
      window.__nianbaoInteractive = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { subtree: true, childList: true });
}

// `n` fresh loads with the HTTP cache off: navigation start → interactive,
// and → first contentful paint.
async function loads(page, server, n) {
  const interactive = [];
  const fcp = [];
  for (let i = 0; i < n; i++) {
    await seed(page, 1);
    await page.goto(server.url);
    await page.waitForFunction(() => window.__nianbaoInteractive !== undefined, null, { timeout: 30000 });
    const m = await page.evaluate(() => ({
      interactive: window.__nianbaoInteractive,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    }));
    interactive.push(m.interactive);
    fcp.push(m.fcp);
  }
  return { interactive, fcp };
}

// Every file one load of the form fetches, gzip -9.
async function loadedSizes(page, server) {
  const urls = new Set();
  const onRequest = (r) => urls.add(new URL(r.url()).pathname);
  page.on('request', onRequest);
  await seed(page, 1);
  await page.goto(server.url);
  await page.waitForFunction(() => window.__nianbaoInteractive !== undefined);
  page.off('request', onRequest);
  let total = 0;
  const parts = [];
  for (const u of urls) {
    const rel = u.replace(/^\//, '') || 'index.html';
    const file = path.join(dist, rel.endsWith('/') ? `${rel}index.html` : rel);
    if (!fs.existsSync(file)) continue;
    const g = zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
    total += g;
    parts.push(`${path.basename(file)} ${(g / 1024).toFixed(1)}`);
  }
  console.log(`everything one load of the form fetches, gzip -9: ${(total / 1024).toFixed(1)} KB (${parts.join(', ')})`);
}

// JS heap in use and the wasm's linear memory, after a load and typing.
async function memory(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => {
    const marks = performance.getEntriesByName('nianbao:wasm-memory');
    return marks.length ? marks[marks.length - 1].detail : NaN;
  });
  const mb = (b) => (b / 1048576).toFixed(1);
  console.log(`memory after loading and typing: JS heap ${mb(usedSize)} MB + wasm memory ${mb(wasm)} MB = ${mb(usedSize + wasm)} MB`);
}

async function main() {
  sizes();
  const server = await serve();
  const browser = await launch();
  try {
    const context = await browser.newContext({ acceptDownloads: true, serviceWorkers: 'block' });
    const page = await context.newPage();
    page.on('dialog', (d) => {
      console.log(`(dialog: ${d.message()})`);
      d.accept();
    });
    await page.goto(server.url);
    await page.waitForSelector('#cell-t3-new-natural');

    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.addInitScript(watchInteractive);
    await loadedSizes(page, server);

    // Loads and keystrokes, then the same on a PC four times slower.
    for (const rate of [1, 4]) {
      const tag = rate === 1 ? '' : ` [CPU throttled ${rate}×]`;
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      const l = await loads(page, server, 7);
      line(`navigation start → first contentful paint (HTTP cache off, 1 stored draft)${tag}`, l.fcp);
      line(`navigation start → first table-三 input visible and enabled (HTTP cache off)${tag}`, l.interactive);
      const strokes = await keystrokes(page, 50);
      line(`keystroke (keydown → row 总计 shows the new sum, 50 cells over table 三)${tag}`, strokes);
      const settled = await keystrokes(page, 50, true);
      line(`  the same, the key pressed once the focus's frame is painted${tag}`, settled);
      await floorKeystrokes(context, rate, tag);
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await memory(page, cdp);
    const opens1 = [];

    // Save of the complete report (serialise + localStorage write), as the
    // app records it.
    for (let i = 0; i < 30; i++) {
      await page.fill('#cell-t3-disclosed-natural', String(1288 + (i % 3)));
      await page.waitForFunction(() => document.querySelector('.save-status')?.textContent.startsWith('已保存'));
      await page.waitForTimeout(20);
    }
    const saves = await page.evaluate(() => performance.getEntriesByName('nianbao:save').map((e) => e.duration));
    line('save of the complete report (serialise + write)', saves);

    // Opening the app with 20 stored drafts.
    const opens = [];
    for (let i = 0; i < 10; i++) {
      await seed(page, 20);
      await page.goto(server.url);
      await page.waitForSelector('#cell-t3-new-natural');
      opens.push(await page.evaluate(() => {
        const m = performance.getEntriesByName('nianbao:open-drafts')[0];
        return m ? m.startTime + m.duration : performance.now();
      }));
      opens1.push(await page.evaluate(() => performance.getEntriesByName('nianbao:open-drafts')[0]?.duration ?? NaN));
    }
    line('open the app with 20 stored drafts (navigation start → form ready)', opens);
    line('  of which reading and listing the 20 drafts', opens1);

    // Building each export file of the complete report, as the app records
    // it (the click to the bytes, download excluded).
    await seed(page, 1);
    await page.goto(server.url);
    await page.waitForSelector('#cell-t3-new-natural');
    const buttons = { docx: '下载Word文件（.docx）', html: '下载网页文件（.html）', txt: '下载纯文本（.txt）', json: '下载数据文件（.json）' };
    for (const [ext, name] of Object.entries(buttons)) {
      // Chrome holds back repeated downloads from one page, so the clicks
      // are counted by the app's own timing marks, not by download events.
      const button = page.getByRole('button', { name });
      for (let i = 0; i < 15; i++) {
        await button.click();
        await page.waitForTimeout(30);
      }
      const xs = await page.evaluate((n) => performance.getEntriesByName(n).map((e) => e.duration), `nianbao:export-${ext}`);
      line(`build .${ext} of the complete report in the browser`, xs);
    }

    // 「识别粘贴的文字」 `k` times, each read in the worker: the next click
    // once the previous reading has ended (its performance measure is in).
    const importTimes = async (k) => {
      const before = await page.evaluate(() => performance.getEntriesByName('nianbao:import').length);
      for (let i = 1; i <= k; i++) {
        await page.getByRole('button', { name: '识别粘贴的文字' }).click();
        await page.waitForFunction((n) => performance.getEntriesByName('nianbao:import').length >= n, before + i, { timeout: 60000 });
      }
      return page.evaluate((n) => performance.getEntriesByName('nianbao:import').slice(n).map((e) => e.duration), before);
    };
    // Importing each real report in ../shared/reports/, pasted as text.
    await page.getByRole('button', { name: '导入', exact: true }).click();
    for (const file of fs.readdirSync(path.join(shared, 'reports')).filter((f) => f.endsWith('.txt')).sort()) {
      const text = fs.readFileSync(path.join(shared, 'reports', file), 'utf8');
      await page.fill('#import-text', text);
      const xs = await importTimes(10);
      line(`import ${file} (pasted text) in the browser`, xs);
    }
    // The same report in layouts other sites produce: one line, and every
    // space and line break gone (cells run together, split by the rules).
    {
      const one = fs.readFileSync(path.join(shared, 'reports', '2024_huaian-shi.txt'), 'utf8');
      for (const [name, text] of [
        ['as one line', one.replace(/\s+/g, ' ')],
        ['run together (no spaces at all)', one.replace(/\s+/g, '')],
      ]) {
        await page.fill('#import-text', text);
        const xs = await importTimes(10);
        line(`import 2024_huaian-shi.txt ${name} in the browser`, xs);
      }
    }
    // Pasting a long browser copy (one value a line, blank lines and tabs
    // between cells) into the paste box, against a plain textarea on the
    // same page: the time until the next frame after the text is in.
    {
      const one = fs.readFileSync(path.join(shared, 'reports', '2024_huaian-shi.txt'), 'utf8');
      const copy = one.split(/\s+/).join('\n\n\t\n\n');
      const lines = copy.split('\n').length;
      const paste = (selector) => page.evaluate(async ({ selector, copy }) => {
        const times = [];
        let area = document.querySelector(selector);
        if (!area) {
          area = document.createElement('textarea');
          area.id = 'bench-plain';
          area.rows = 6;
          document.body.prepend(area);
        }
        for (let i = 0; i < 7; i++) {
          area.value = '';
          area.focus();
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
          const t0 = performance.now();
          document.execCommand('insertText', false, copy);
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
          times.push(performance.now() - t0);
        }
        if (area.id === 'bench-plain') area.remove();
        return times;
      }, { selector, copy });
      line(`paste a browser copy of ${lines} lines into the import box`, await paste('#import-text'));
      line(`paste the same into a plain textarea`, await paste('#bench-plain'));
      // The same lines entered one input event at a time (as some tools and
      // input methods deliver a paste): any work the page does per input
      // shows here, multiplied.
      const typed = (selector) => page.evaluate(async ({ selector, copy }) => {
        let area = document.querySelector(selector);
        if (!area) {
          area = document.createElement('textarea');
          area.id = 'bench-plain';
          document.body.prepend(area);
        }
        area.value = '';
        area.focus();
        const t0 = performance.now();
        for (const l of copy.split('\n')) document.execCommand('insertText', false, `${l}\n`);
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
        const t = performance.now() - t0;
        if (area.id === 'bench-plain') area.remove();
        return [t];
      }, { selector, copy });
      line(`enter the ${lines} lines one input event each into the import box`, await typed('#import-text'));
      line(`enter the same into a plain textarea`, await typed('#bench-plain'));
    }
    // A 5 MB paste (the real report repeated, or digits only) must import
    // or be refused within a second without hanging the page.
    const one = fs.readFileSync(path.join(shared, 'reports', '2024_huaian-shi.txt'), 'utf8');
    for (const [name, unit] of [['the real report repeated', one], ['digits only', '0123456789']]) {
      const big = unit.repeat(Math.ceil((5 * 1024 * 1024) / Buffer.byteLength(unit)));
      await page.evaluate((t) => {
        document.getElementById('import-text').value = t;
      }, big);
      const xs = await importTimes(3);
      line(`import ${(Buffer.byteLength(big) / 1048576).toFixed(1)} MB of pasted text (${name}) in the browser`, xs);
    }
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
}

// Load to an interactive form on each engine of the browser floor (README,
// 「浏览器」), through the drivers of the engine tests: the measure of the
// first figure above (navigation start → the stored draft opened), with
// Chromium 86 beside Debian's Chromium.
async function engines() {
  const { ENGINES, openEngine } = await import('../tests/e2e/engines/drivers.mjs');
  const server = await serve();
  try {
    for (const name of ENGINES) {
      const engine = await openEngine(name);
      try {
        const loads = [];
        for (let i = 0; i < 10; i++) {
          await engine.goto(new URL('sw.js', server.url).href);
          await engine.run(writeDrafts, { report, drafts: 1, tag: `engine${i}` });
          await engine.goto(server.url);
          await engine.waitFor(() => !!document.getElementById('cell-t3-new-natural'), null, 'the form');
          loads.push(await engine.run(() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const m = performance.getEntriesByName('nianbao:open-drafts')[0];
            return (m ? m.startTime + m.duration : performance.now()) - (nav?.startTime ?? 0);
          }));
        }
        line(`load to interactive form on ${name} (${await engine.version()}, 1 stored draft)`, loads);
      } finally {
        await engine.close();
      }
    }
  } finally {
    await server.close();
  }
}

await main();
await engines();
