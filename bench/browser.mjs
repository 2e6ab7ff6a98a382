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

async function keystrokes(page, n) {
  // Time from an input event in a table-三 cell to its row total, its column
  // total and the balance line being updated in the DOM.
  return page.evaluate(async (n) => {
    const cell = document.getElementById('cell-t3-disclosed-natural');
    const rowTotal = document.getElementById('cell-t3-disclosed-total');
    const colTotal = document.getElementById('cell-t3-total-natural');
    const lines = document.querySelector('#requests .status-lines');
    const base = Number(cell.value);
    const times = [];
    for (let i = 0; i < n; i++) {
      const v = base + 1 + (i % 2);
      const expectRow = String(Number(rowTotal.firstChild?.textContent ?? rowTotal.textContent) + (v - Number(cell.value)));
      const t0 = performance.now();
      cell.value = String(v);
      cell.dispatchEvent(new Event('input', { bubbles: true }));
      // Leptos may finish in a microtask: wait for the DOM, not a frame.
      let spins = 0;
      const done = () => rowTotal.textContent.split('（')[0] === expectRow && lines.textContent.includes(`相差${v - base}`);
      while (!done() && spins++ < 1000) await Promise.resolve();
      if (!done()) await new Promise((r) => requestAnimationFrame(r));
      const t1 = performance.now();
      if (!done()) throw new Error('status line not updated');
      if (!colTotal.textContent) throw new Error('column total missing');
      times.push(t1 - t0);
      await new Promise((r) => setTimeout(r, 5));
    }
    return times;
  }, n);
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

    // First load of the release build to an interactive form.
    const loads = [];
    const opens1 = [];
    for (let i = 0; i < 15; i++) {
      await seed(page, 1);
      await page.goto(server.url);
      await page.waitForSelector('#cell-t3-new-natural');
      loads.push(await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const m = performance.getEntriesByName('nianbao:open-drafts')[0];
        return { interactive: m ? m.startTime + m.duration : performance.now(), nav: nav?.startTime ?? 0 };
      }).then((x) => x.interactive - x.nav));
    }
    line('load to interactive form (release build, 1 stored draft)', loads);

    const strokes = await keystrokes(page, 200);
    line('keystroke in a table-三 cell → row/column totals and balance line in the DOM', strokes);

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

    // Importing each real report in ../shared/reports/, pasted as text.
    await page.getByRole('button', { name: '导入', exact: true }).click();
    for (const file of fs.readdirSync(path.join(shared, 'reports')).filter((f) => f.endsWith('.txt')).sort()) {
      const text = fs.readFileSync(path.join(shared, 'reports', file), 'utf8');
      await page.fill('#import-text', text);
      const before = await page.evaluate(() => performance.getEntriesByName('nianbao:import').length);
      for (let i = 0; i < 10; i++) {
        await page.getByRole('button', { name: '识别粘贴的文字' }).click();
        await page.waitForTimeout(20);
      }
      const xs = await page.evaluate((n) => performance.getEntriesByName('nianbao:import').slice(n).map((e) => e.duration), before);
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
        const before = await page.evaluate(() => performance.getEntriesByName('nianbao:import').length);
        for (let i = 0; i < 10; i++) {
          await page.getByRole('button', { name: '识别粘贴的文字' }).click();
          await page.waitForTimeout(20);
        }
        const xs = await page.evaluate((n) => performance.getEntriesByName('nianbao:import').slice(n).map((e) => e.duration), before);
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
      const before = await page.evaluate(() => performance.getEntriesByName('nianbao:import').length);
      for (let i = 0; i < 3; i++) {
        await page.getByRole('button', { name: '识别粘贴的文字' }).click();
        await page.waitForTimeout(50);
      }
      const xs = await page.evaluate((n) => performance.getEntriesByName('nianbao:import').slice(n).map((e) => e.duration), before);
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
