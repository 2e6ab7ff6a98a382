// 批量检查与汇总: a zip of 30 mixed files (the real published reports, the
// app's own .docx/.html/.txt exports, report files with known errors, a
// duplicate, two years of one agency, files that are no report) dropped on
// the view opened by its address; exactly the expected rows and counts,
// sorting and the filter, one report's findings opened as a new draft, a
// selection added up and compared with sums computed here, and both
// workbooks read back through LibreOffice. Nothing is requested while the
// files are checked and nothing of the batch is stored.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { useApp, openPage, waitForApp, officeEnv } from './support.mjs';
import { fixture, reportFile as report, COLUMNS, T4_ERROR, variant, zip, exportOf, drop, dropTransfer } from './batch-files.mjs';

const app = useApp();
let dir;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-batch-'));
});

const COUNTIES = ['涟水县', '盱眙县', '金湖县', '淮阴区'];
const OFFICES = ['财政局', '教育局', '民政局', '自然资源和规划局', '住房和城乡建设局'];
// Twenty agencies' report files; every fourth has the table-四 error.
const VARIANTS = COUNTIES.flatMap((c, i) => OFFICES.map((o, j) => {
  const n = i * OFFICES.length + j;
  const t4Error = n % 4 === 3;
  return { name: `各县区/${c}/${o}.json`, t4Error, report: variant(`${c}${o}`, n % 5 + 1, t4Error) };
}));
// Three more, written by the app itself as .docx, .html and .txt.
const EXPORTS = [
  { name: '清江浦区人民政府.docx', button: '下载Word文件（.docx）', report: variant('淮安市清江浦区人民政府', 2) },
  { name: '淮安区人民政府.html', button: '下载网页文件（.html）', report: variant('淮安市淮安区人民政府', 3) },
  { name: '洪泽区教育局.txt', button: '下载纯文本（.txt）', report: variant('淮安市洪泽区教育局', 4) },
];

// The rows of 「检查结果」: [file, agency, year, errors, warnings, hints,
// unreadable, repeat] for a report, [file, reason] for a file that is none.
const rows = (page) => page.$$eval('#batch-rows tr', (trs) => trs.map((tr) => {
  const th = tr.querySelector('th');
  const name = (th.querySelector('button') ?? th).textContent.trim();
  const reason = tr.querySelector('.reason, .row-reason')?.textContent.trim();
  if (tr.classList.contains('failed')) return [name, reason];
  const cells = [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent.trim());
  return reason ? [name, ...cells, reason] : [name, ...cells];
}));

const ZIP = '全市2024.zip';
const IN = (name) => `${ZIP}/${name}`;

// The CSV of every sheet of a workbook, through LibreOffice Calc: sheet
// name → rows of cells.
function sheets(xlsx) {
  const out = fs.mkdtempSync(path.join(dir, 'csv-'));
  // Comma, double quote, UTF-8, first line kept, all sheets (-1).
  const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';
  execFileSync('soffice', ['--headless', '--norestore', '--convert-to', filter, '--outdir', out, xlsx], { stdio: 'pipe', timeout: 120000, env: officeEnv() });
  const stem = path.basename(xlsx, '.xlsx');
  const parse = (text) => {
    const lines = [];
    let row = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n') { row.push(cell); lines.push(row); row = []; cell = ''; } else if (ch !== '\r') cell += ch;
    }
    if (cell || row.length) { row.push(cell); lines.push(row); }
    return lines;
  };
  return Object.fromEntries(fs.readdirSync(out).map((f) => [f.slice(stem.length + 1, -4), parse(fs.readFileSync(path.join(out, f), 'utf8'))]));
}

test('30 mixed files in a dropped zip: rows, counts, a draft, the 汇总 and both workbooks', async () => {
  // No service worker: it would fetch every file of the app on its own
  // schedule (tests/e2e/offline.test.mjs covers it), and here every
  // request the page makes is counted.
  const context = await app.browser.newContext({ acceptDownloads: true, serviceWorkers: 'block' });
  const exported = [];
  for (const e of EXPORTS) exported.push([`导出/${e.name}`, await exportOf(context, app.server, e.report, e.button)]);
  const inner = zip(exported);
  const files = [
    ['2024/淮安市人民政府.txt', report('2024_huaian-shi.txt')],
    ['2024/洪泽区人民政府.txt', report('2024_hongze-qu.txt')],
    ['2023/洪泽区人民政府.txt', report('2023_hongze-qu.txt')],
    ['2021/老城区机关事务服务中心.txt', report('2021_laocheng-jiguan-shiwu.txt')],
    ['2024/淮安市人民政府（另存）.json', Buffer.from(JSON.stringify(fixture('huaian-2024.json')))],
    ['导出.zip', inner],
    ['说明.txt', Buffer.from('各单位请于1月20日前报送年度报告，联系人：张三。\n')],
    ['封面.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 3000 }, (_, i) => (i * 131) % 256)])],
    ['__MACOSX/._说明.txt', Buffer.from([0, 5, 22, 7, 0, 2])],
    ...VARIANTS.map((v) => [v.name, Buffer.from(JSON.stringify(v.report))]),
  ];
  const archive = zip(files);
  const fileCount = files.length - 2 + EXPORTS.length; // the inner zip opened, __MACOSX skipped
  assert.equal(fileCount, 30);

  const { page, problems } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  // A draft the batch must leave alone.
  await page.locator('#field-agency').fill('原有草稿局');
  await page.waitForFunction(() => /^已保存/.test(document.querySelector('.save-status')?.textContent ?? ''));
  const stored = await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
  const requestsBefore = app.server.requests.length;

  // The address opens the view; 「检查结果」 starts empty.
  await page.goto(`${app.server.url}#batch`);
  await page.getByRole('heading', { name: '批量检查与汇总', level: 1 }).waitFor();
  assert.equal(await page.locator('#report-title').isVisible(), false, 'the form gives way');
  assert.ok(await page.getByRole('button', { name: '返回填报' }).isVisible());
  assert.ok(await page.getByText('选择文件…').isVisible());
  assert.equal(await page.locator('#batch-rows tr').count(), 0);
  assert.equal(await page.locator('#batch-progress').isVisible(), false);

  await drop(page, [[ZIP, archive]]);
  await page.locator('#batch-done', { hasText: `已检查 ${fileCount}/${fileCount}` }).waitFor({ timeout: 30000 });
  await page.locator('#batch-counts', { hasText: `显示${fileCount}个` }).waitFor();
  // Rows are put in place a few per frame: wait for the last.
  await page.waitForFunction((n) => document.querySelectorAll('#batch-rows tr').length === n, fileCount);
  assert.equal(await page.locator('#batch-cancel').isVisible(), false, 'nothing left to cancel');
  assert.equal(await page.textContent('#batch-counts'), `显示${fileCount}个，共${fileCount}个文件、28份报告，`);
  assert.equal(await page.textContent('#batch-selected'), '已选择0份');

  const huaian = [0, 1, 0, 0]; // errors, warnings, hints, unreadable
  const expected = [
    [IN('2024/淮安市人民政府.txt'), '淮安市人民政府', '2024', ...huaian.map(String), ''],
    // Paired with 2023 below: the year-to-year rules run, 五 is compared.
    [IN('2024/洪泽区人民政府.txt'), '淮安市洪泽区人民政府', '2024', '0', '1', '0', '0', /^\d+\.\d%$/],
    // The published table 四 does not add up twice (T4-SUM).
    [IN('2023/洪泽区人民政府.txt'), '洪泽区人民政府', '2023', '2', '0', '0', '0', ''],
    // The PDF's text lost the numbers of five rows: 35 cells unread, and
    // no error of its own (the sums over them are 无法核对, not errors).
    [IN('2021/老城区机关事务服务中心.txt'), '老城区机关事务服务中心', '2021', '0', '0', '1', '35', ''],
    [IN('2024/淮安市人民政府（另存）.json'), '淮安市人民政府', '2024', ...huaian.map(String), '',
      `与“${IN('2024/淮安市人民政府.txt')}”是同一单位同一年度的报告，未参与上下年度比对和汇总`],
    ...EXPORTS.map((e) => [IN(`导出.zip/导出/${e.name}`), e.report.agency, '2024', ...huaian.map(String), '']),
    [IN('说明.txt'), /不是|无法|没有/],
    [IN('封面.jpg'), /不是|无法|没有/],
    ...VARIANTS.map((v) => [IN(v.name), v.report.agency, '2024',
      String(huaian[0] + (v.t4Error ? T4_ERROR.errors : 0)), String(huaian[1] + (v.t4Error ? T4_ERROR.warnings : 0)), '0', '0', '']),
  ];
  const seen = await rows(page);
  assert.equal(seen.length, expected.length, JSON.stringify(seen, null, 1));
  expected.forEach((want, i) => {
    assert.equal(seen[i].length, want.length, `${want[0]}: ${JSON.stringify(seen[i])}`);
    want.forEach((w, j) => {
      if (w instanceof RegExp) assert.match(seen[i][j], w, `${want[0]} column ${j}`);
      else assert.equal(seen[i][j], w, `${want[0]} column ${j}`);
    });
  });
  const withErrors = expected.filter((r) => r.length === 2 || Number(r[3]) > 0).length;

  // Sorted by 错误, largest first, then smallest first.
  // The header's name carries its arrow once sorted (「错误 ▼」).
  const byErrors = page.getByRole('columnheader', { name: /^错误/ }).getByRole('button');
  await byErrors.click();
  await page.locator('#batch-col-errors[aria-sort=descending]').waitFor();
  const most = String(Math.max(...expected.filter((r) => r.length > 2).map((r) => Number(r[3]))));
  await page.waitForFunction((n) => document.querySelector('#batch-rows tr td:nth-child(5)')?.textContent === n, most);
  await byErrors.click();
  await page.locator('#batch-col-errors[aria-sort=ascending]').waitFor();
  await page.waitForFunction(() => document.querySelector('#batch-rows tr td:nth-child(5)')?.textContent === '0');
  // 「只看有错误的」: reports with errors and the files that are none.
  await page.getByLabel('只看有错误的').check();
  await page.locator('#batch-counts', { hasText: `显示${withErrors}个` }).waitFor();
  assert.equal(await page.locator('#batch-rows tr').count(), withErrors);
  await page.getByLabel('只看有错误的').uncheck();
  await page.locator('#batch-counts', { hasText: `显示${fileCount}个` }).waitFor();

  // One report's findings, as the form words them, then 作为草稿打开.
  await page.getByRole('button', { name: IN('2023/洪泽区人民政府.txt'), exact: true }).click();
  const findings = page.locator('#batch-findings');
  await findings.getByRole('heading', { name: `${IN('2023/洪泽区人民政府.txt')} 的检查结果` }).waitFor();
  assert.match(await findings.textContent(), /行政复议.*10＋1＋0＋0＝11，表中总计为0/);
  assert.deepEqual(await page.evaluate(() => Object.fromEntries(Object.entries(localStorage))), stored, 'the batch stored nothing');
  await findings.getByRole('button', { name: '作为草稿打开' }).click();
  await page.locator('#report-title').waitFor({ state: 'visible' });
  assert.equal(await page.getByLabel('单位名称', { exact: true }).inputValue(), '洪泽区人民政府');
  assert.equal(new URL(page.url()).hash, '');
  const after = await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
  const drafts = (s) => Object.keys(s).filter((k) => k.startsWith('nianbao.draft.'));
  assert.equal(drafts(after).length, drafts(stored).length + 1, 'a new draft');
  for (const key of drafts(stored)) {
    assert.equal(JSON.parse(after[key]).report.agency, JSON.parse(stored[key]).report.agency, 'the old draft is kept');
  }

  // Back to the view: the results are still there. Add up the twenty
  // report files.
  await page.getByRole('link', { name: '批量检查' }).click();
  await page.getByRole('heading', { name: '批量检查与汇总', level: 1 }).waitFor();
  assert.equal(await page.locator('#batch-rows tr').count(), fileCount);
  for (const v of VARIANTS) await page.getByRole('checkbox', { name: `选择 ${IN(v.name)}` }).check();
  await page.locator('#batch-selected', { hasText: `已选择${VARIANTS.length}份` }).waitFor();
  await page.getByLabel('汇总单位名称').fill('淮安市各县区（汇总）');
  await page.getByRole('button', { name: '汇总所选报告' }).click();
  const summary = page.locator('#batch-summary');
  await summary.getByText(`共汇总${VARIANTS.length}份报告`).waitFor();
  assert.equal(await summary.locator('td.incomplete').count(), 0, 'every part known');
  assert.equal(await summary.locator('table').count(), 3);

  // The sums, computed here, against the 汇总 as a report file.
  const sums = {};
  for (const v of VARIANTS) {
    for (const [k, x] of Object.entries(v.report.cells)) sums[k] = (sums[k] ?? 0) + Math.round(Number(x) * 10000);
  }
  const download = async (name) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    const file = path.join(dir, d.suggestedFilename());
    await d.saveAs(file);
    return file;
  };
  const json = JSON.parse(fs.readFileSync(await download('下载汇总数据（.json）'), 'utf8'));
  assert.equal(json.agency, '淮安市各县区（汇总）');
  assert.equal(json.year, '2024');
  assert.deepEqual(Object.keys(json.cells).sort(), Object.keys(sums).sort());
  for (const [k, s] of Object.entries(sums)) assert.equal(Math.round(Number(json.cells[k]) * 10000), s, k);
  // On the page: table 三's 自然人 column of 一、本年新收.
  const newNatural = String(sums['t3.new.natural'] / 10000);
  assert.ok((await summary.locator('td').allTextContents()).includes(newNatural), newNatural);

  // 「下载汇总表（.xlsx）」 through LibreOffice: the same sums in table 三.
  const book = sheets(await download('下载汇总表（.xlsx）'));
  assert.deepEqual(Object.keys(book).sort(), ['汇总说明', '表三', '表二', '表四'].sort());
  const newRow = book['表三'].find((r) => r.some((c) => c.includes('本年新收政府信息公开申请数量')));
  assert.ok(newRow, JSON.stringify(book['表三'].slice(0, 6)));
  const want = COLUMNS.map((c) => String(sums[`t3.new.${c}`] / 10000));
  assert.deepEqual(newRow.slice(-7, -1), want, JSON.stringify(newRow));
  assert.equal(newRow.at(-1), String(COLUMNS.reduce((s, c) => s + sums[`t3.new.${c}`], 0) / 10000));

  // 「下载检查结果（.xlsx）」: the rows as the table shows them, and one
  // row per finding.
  const results = sheets(await download('下载检查结果（.xlsx）'));
  const list = results['检查结果'];
  assert.deepEqual(list[0], ['文件', '单位名称', '年度', '错误', '警告', '提示', '未能读取', '与上年重复率', '说明']);
  assert.equal(list.length, 1 + fileCount);
  const byName = new Map(list.slice(1).map((r) => [r[0], r]));
  for (const want of expected.filter((r) => r.length > 2)) {
    assert.deepEqual(byName.get(want[0]).slice(1, 7), want.slice(1, 7), want[0]);
  }
  const detail = results['问题明细'];
  assert.deepEqual(detail[0], ['文件', '单位', '规则', '严重程度', '位置', '说明']);
  const findingsCount = expected.filter((r) => r.length > 2).reduce((s, r) => s + Number(r[3]) + Number(r[4]) + Number(r[5]), 0);
  assert.equal(detail.length - 1, findingsCount);
  assert.ok(detail.some((r) => r[0] === IN('2023/洪泽区人民政府.txt') && r[2] === 'T4-SUM' && r[3] === '错误'));
  const rulesOf = (name) => detail.filter((r) => r[0] === name).map((r) => r[2]).sort();
  const clean = VARIANTS.find((v) => !v.t4Error);
  const typo = VARIANTS.find((v) => v.t4Error);
  assert.deepEqual(rulesOf(IN(typo.name)), [...rulesOf(IN(clean.name)), ...T4_ERROR.rules].sort());

  // The view fetched its worker once; nothing else was requested while
  // the files were checked, opened and added up (the browser fetches the
  // page's icon again when the address changes: not the app's doing).
  const requested = app.server.requests.slice(requestsBefore).filter((p) => !/^\/favicon-\w+\.svg$/.test(p));
  assert.deepEqual(requested.sort(), ['/batch-worker.js', '/nianbao-worker.js', '/nianbao-worker_bg.wasm']);
  assert.deepEqual(problems.foreignRequests, []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  await context.close();
});

test('取消 stops a long run; what was checked stays', async () => {
  const context = await app.browser.newContext();
  const { page, problems } = await openPage(context, app.server.origin);
  await page.goto(`${app.server.url}#batch`);
  await page.getByRole('heading', { name: '批量检查与汇总', level: 1 }).waitFor();
  // Long enough to be cancelled on any machine: 3000 copies of a
  // published report flattened onto one line (the slowest layout to read),
  // one File each, made in the page from one copy sent there.
  const N = 3000;
  const one = report('2024_huaian-shi.txt').toString('utf8').replace(/\s+/g, ' ');
  const many = await page.evaluateHandle(({ text, n }) => {
    const dt = new DataTransfer();
    for (let i = 0; i < n; i++) dt.items.add(new File([text], `第${i}份.txt`));
    return dt;
  }, { text: one, n: N });
  await dropTransfer(page, many);
  await page.getByRole('button', { name: '取消' }).click();
  await page.locator('#batch-done', { hasText: '已取消' }).waitFor();
  const text = await page.textContent('#batch-done');
  const [, done, total, cancelled] = text.match(/已检查 (\d+)\/(\d+)（已取消，(\d+)个文件未检查）/).map(Number);
  assert.equal(done, total);
  assert.equal(done + cancelled, N);
  assert.ok(cancelled > 0);
  await page.locator('#batch-counts', { hasText: `共${done}个文件` }).waitFor();
  await page.waitForFunction((n) => document.querySelectorAll('#batch-rows tr').length >= n, done);
  assert.equal(await page.locator('#batch-rows tr').count(), done);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('a report saved in GBK is read by the worker through the browser’s decoder', async () => {
  const context = await app.browser.newContext();
  const { page, problems } = await openPage(context, app.server.origin);
  await page.goto(`${app.server.url}#batch`);
  await page.getByRole('heading', { name: '批量检查与汇总', level: 1 }).waitFor();
  // Windows Notepad's 「ANSI」 on a Chinese system, as many sites serve it.
  const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: report('2024_huaian-shi.txt') });
  assert.notDeepEqual(gbk, report('2024_huaian-shi.txt'));
  await drop(page, [['淮安市（GBK）.txt', gbk]]);
  await page.locator('#batch-done', { hasText: '已检查 1/1' }).waitFor();
  await page.locator('#batch-rows tr').first().waitFor();
  const row = await rows(page);
  assert.deepEqual(row[0].slice(0, 3), ['淮安市（GBK）.txt', '淮安市人民政府', '2024']);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});
