// Batch benchmark (批量检查与汇总, issue #13): 300 report files dropped on the
// batch view of the release build in headless Chromium. Prints, as medians
// over fresh pages: the time from the drop until 「已检查 300/300」 shows with
// every row in the table, the longest main-thread task during the run,
// keystrokes typed meanwhile (event → handler, event → next frame), the
// memory of the page and its worker after the run (JS heaps plus wasm
// memories) and the requests made. Figures, not pass/fail.
//
// The 300 files: report files derived from the real 淮安市 report (numbers
// varied, every fifth with an error, some with cells left empty), the four
// real published reports as text under other agencies' names, some of them
// flattened onto one line, and the app's own .html and .docx exports under
// other names. Every file is a different agency, so none is a duplicate.
import fs from 'node:fs';
import path from 'node:path';
import { serve, openPage, launch, dist } from '../tests/e2e/support.mjs';
import { readZip } from '../tests/e2e/zip.mjs';
import { reportFile, variant, zip, exportOf, transfer, dropTransfer } from '../tests/e2e/batch-files.mjs';

const ROUNDS = 3;
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const median = (xs) => quantile(xs, 0.5);
const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;

const PLACES = ['涟水县', '盱眙县', '金湖县', '淮阴区', '清江浦区', '淮安区', '洪泽区', '开发区', '工业园区', '生态新城'];
const OFFICES = ['财政局', '教育局', '民政局', '司法局', '审计局', '商务局', '文旅局', '卫健委', '应急局', '统计局',
  '医保局', '人社局', '水利局', '农业农村局', '市场监管局', '交通运输局', '城管局', '退役军人事务局', '信访局', '档案馆',
  '自然资源和规划局', '住房和城乡建设局', '生态环境局', '科技局', '工信局', '发改委', '公安局', '体育局', '粮食和储备局', '数据局'];
const agencies = PLACES.flatMap((p) => OFFICES.map((o) => `淮安市${p}${o}`));

// The placeholder name of the exports, replaced by each agency's name.
const PLACEHOLDER = '基准占位单位';

async function files(context, server) {
  const names = agencies[Symbol.iterator]();
  const next = () => names.next().value;
  const out = [];
  // 210 report files: numbers moved (five rotations), every fifth with
  // table 四's 总计 wrong, every seventh with table 二 left empty.
  for (let i = 0; i < 210; i++) {
    const r = variant(next(), (i % 5) + 1, i % 5 === 4);
    if (i % 7 === 6) for (const k of Object.keys(r.cells)) if (k.startsWith('t2.')) delete r.cells[k];
    out.push([`报送/${r.agency}.json`, Buffer.from(JSON.stringify(r))]);
  }
  // 40 published reports as text, under other names; every other one as a
  // single line (a copy from a page that lost its line breaks).
  const texts = [
    ['2024_huaian-shi.txt', '淮安市人民政府'],
    ['2024_hongze-qu.txt', '淮安市洪泽区人民政府'],
    ['2023_hongze-qu.txt', '洪泽区人民政府'],
    ['2021_laocheng-jiguan-shiwu.txt', '老城区机关事务服务中心'],
  ];
  for (let i = 0; i < 40; i++) {
    const [file, own] = texts[i % texts.length];
    const name = next();
    let text = reportFile(file).toString('utf8').split(own).join(name);
    if (i % 2 === 1) text = text.replace(/\s+/g, ' ');
    out.push([`网页/${name}.txt`, Buffer.from(text)]);
  }
  // 25 .html and 25 .docx files written by the app, under other names.
  const base = variant(PLACEHOLDER, 3);
  const html = (await exportOf(context, server, base, '下载网页文件（.html）')).toString('utf8');
  const docx = readZip(await exportOf(context, server, base, '下载Word文件（.docx）'));
  for (let i = 0; i < 25; i++) {
    const name = next();
    out.push([`导出/${name}.html`, Buffer.from(html.split(PLACEHOLDER).join(name))]);
  }
  for (let i = 0; i < 25; i++) {
    const name = next();
    const entries = [...docx].map(([n, b]) => [n, n.endsWith('.xml') ? Buffer.from(b.toString('utf8').split(PLACEHOLDER).join(name)) : b]);
    out.push([`导出/${name}.docx`, zip(entries)]);
  }
  return out;
}

// In the page, before the drop: long tasks, and a timer chain whose
// longest wait is what an input event would wait for.
// The run ends when a MutationObserver sees 「已检查 n/n」 with n rows.
function watch(n) {
  const w = { longest: 0, tasks: 0, keys: [], handled: [], t0: performance.now(), done: null };
  // Keystrokes typed during the run: from the event's time stamp until
  // its handler runs, then until the typed text is on screen (next frame).
  const field = document.getElementById('batch-agency');
  field.addEventListener('keydown', (e) => {
    const start = e.timeStamp;
    w.handled.push(performance.now() - start);
    requestAnimationFrame(() => w.keys.push(performance.now() - start));
  });
  field.focus();
  const seen = new MutationObserver(() => {
    const done = document.getElementById('batch-done')?.textContent ?? '';
    if (done.startsWith(`已检查 ${n}/${n}`) && document.querySelectorAll('#batch-rows tr').length === n) {
      w.done = performance.now();
      seen.disconnect();
    }
  });
  seen.observe(document.body, { childList: true, subtree: true, characterData: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      w.tasks += 1;
      w.longest = Math.max(w.longest, e.duration);
    }
  }).observe({ type: 'longtask' });
  window.__batchBench = w;
}

async function main() {
  // Cross-origin isolated, so that the page may measure its memory and its
  // worker's (performance.measureUserAgentSpecificMemory).
  const server = await serve(dist, '/', {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  });
  // Eager memory measurement: performance.measureUserAgentSpecificMemory()
  // answers at once instead of at the next garbage collection.
  const browser = await launch(['--enable-blink-features=ForceEagerMeasureMemory', '--js-flags=--expose-gc']);
  try {
    const context = await browser.newContext({ acceptDownloads: true, serviceWorkers: 'block' });
    const all = await files(context, server);
    const total = all.length;
    // To profile the worker's domain natively: the files written out.
    if (process.env.NIANBAO_BATCH_DUMP) {
      for (const [name, bytes] of all) {
        const to = path.join(process.env.NIANBAO_BATCH_DUMP, name);
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.writeFileSync(to, bytes);
      }
    }
    const bytes = all.reduce((s, [, b]) => s + b.length, 0);
    console.log(`batch: ${total} files (${all.filter(([n]) => n.endsWith('.json')).length} .json, ${all.filter(([n]) => n.endsWith('.txt')).length} .txt, ${all.filter(([n]) => n.endsWith('.html')).length} .html, ${all.filter(([n]) => n.endsWith('.docx')).length} .docx), ${mb(bytes)}`);
    // Each WebAssembly memory the page and its worker make, kept where the
    // benchmark can read its size (bench-only: the route rewrites the
    // worker's start script, an init script the page).
    const keepMemories = `(() => {
      const keep = (p) => p.then((r) => { (self.__nbMemories ||= []).push((r.instance ?? r).exports.memory); return r; });
      const i = WebAssembly.instantiate, s = WebAssembly.instantiateStreaming;
      WebAssembly.instantiate = (...a) => keep(i.apply(WebAssembly, a));
      if (s) WebAssembly.instantiateStreaming = (...a) => keep(s.apply(WebAssembly, a));
    })();`;
    await context.addInitScript(keepMemories);
    await context.route('**/batch-worker.js', async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: keepMemories + (await res.text()) });
    });
    const runs = { time: [], longest: [], tasks: [], keys: [], handled: [], memory: [], requests: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const { page } = await openPage(context, server.origin);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await page.goto(`${server.url}#batch`);
      await page.getByRole('heading', { name: '批量检查与汇总', level: 1 }).waitFor();
      const dt = await transfer(page, all);
      await page.evaluate(watch, total);
      const before = server.requests.length;
      await dropTransfer(page, dt);
      // Type into 「汇总单位名称」 while the files are checked.
      while (!(await page.evaluate(() => window.__batchBench.done !== null))) {
        await page.keyboard.press('KeyA');
      }
      const w = await page.evaluate(() => window.__batchBench);
      // The worker is fetched once when the view opens; the run itself
      // requests nothing.
      runs.requests.push(server.requests.length - before);
      runs.time.push(w.done - w.t0);
      runs.longest.push(w.longest);
      runs.tasks.push(w.tasks);
      runs.keys.push(...w.keys);
      runs.handled.push(...w.handled);
      const m = await page.evaluate(async () => {
        if (typeof gc === 'function') gc();
        if (!self.crossOriginIsolated || !performance.measureUserAgentSpecificMemory) return null;
        const r = await performance.measureUserAgentSpecificMemory();
        const parts = {};
        for (const b of r.breakdown) {
          const scope = b.attribution.map((a) => a.scope).join('+') || 'shared';
          const key = `${scope} ${b.types.join('+') || '-'}`;
          parts[key] = (parts[key] ?? 0) + b.bytes;
        }
        return { bytes: r.bytes, parts };
      });
      const wasmOf = (scope) => scope.evaluate(() => (self.__nbMemories ?? []).reduce((n, m) => n + m.buffer.byteLength, 0));
      const wasm = { page: await wasmOf(page), worker: (await Promise.all(page.workers().map(wasmOf))).reduce((a, b) => a + b, 0) };
      if (m !== null) {
        // Both counted: the browser's figure may or may not hold the
        // memories already, so the sum is an upper bound.
        runs.memory.push(m.bytes + wasm.page + wasm.worker);
        runs.parts = { ...m.parts, 'page wasm memory': wasm.page, 'worker wasm memory': wasm.worker };
      }
      await page.close();
    }
    const ms = (x) => `${x.toFixed(0)} ms`;
    console.log(`batch: drop → 「已检查 ${total}/${total}」 with every row shown: median ${ms(median(runs.time))} (runs: ${runs.time.map(ms).join(', ')})`);
    // The browser reports tasks of 50 ms or more only.
    console.log(`batch: longest main-thread task during the run, per run: ${runs.longest.map((x) => (x > 0 ? ms(x) : 'none ≥ 50 ms')).join(', ')} (long tasks ≥ 50 ms: ${runs.tasks.join(', ')})`);
    console.log(`batch: keystroke in 「汇总单位名称」 during the run, event → its handler runs: median ${ms(median(runs.handled))}, p95 ${ms(quantile(runs.handled, 0.95))}, max ${ms(Math.max(...runs.handled))} (n=${runs.handled.length})`);
    console.log(`batch: keystroke in 「汇总单位名称」 during the run, event → next frame: median ${ms(median(runs.keys))}, p95 ${ms(quantile(runs.keys, 0.95))}, max ${ms(Math.max(...runs.keys))} (n=${runs.keys.length})`);
    console.log(`batch: memory after the run (the browser's measure of page and worker + their wasm memories): ${runs.memory.length ? `median ${mb(median(runs.memory))}` : 'not measured (the page is not cross-origin isolated)'}`);
    if (runs.parts) console.log(`batch: memory of the last run by part: ${Object.entries(runs.parts).map(([k, v]) => `${k} ${mb(v)}`).join(', ')}`);
    console.log(`batch: requests during the runs: ${runs.requests.join(', ')}`);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
