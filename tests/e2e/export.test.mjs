// Downloading the finished report: every format through the page's own
// buttons, the .docx opened by a real office suite (LibreOffice) and read
// back as text, and the print preview printed to an A4 PDF.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { useApp, openPage, waitForApp, root, shared, officeEnv } from './support.mjs';
import { readZip, docxText } from './zip.mjs';

const report = JSON.parse(fs.readFileSync(path.join(root, 'tests/e2e/fixtures/huaian-2024.json'), 'utf8'));
const format = fs.readFileSync(path.join(shared, 'format-2021.md'), 'utf8');
// Every label of the format, from its verbatim code block in the spec.
const block = format.slice(format.indexOf('```\n一、总体情况'), format.indexOf('```', format.indexOf('```\n一、总体情况') + 3));
const headings = block.split('\n').filter((l) => /^[一二三四五六]、/.test(l));
const tablePart = block.slice(block.indexOf('二、主动公开政府信息情况'), block.indexOf('五、存在的主要问题及改进情况'));
const tableLabels = [...new Set(tablePart.split('\n').slice(1)
  .map((l) => l.trim().replace(/^(top-left header cell|columns|rows):/, ''))
  .flatMap((l) => l.split(/[|:·{}→]/).map((x) => x.trim()))
  .filter((l) => l && !headings.includes(l)))];
const squash = (s) => s.replace(/\s+/g, '');
const NUMBERS = ['447228', '3985758', '88283', '96171.6', '3119', '3050', '1362', '769', '351', '178', '103'];

const app = useApp();
let dir;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-export-'));
});

// The complete report as a stored draft, opened by the app.
async function openWithReport(context) {
  const { page, problems } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await page.evaluate((r) => {
    localStorage.setItem('nianbao.draft.e2e', JSON.stringify({ schema: 1, id: 'e2e', name: '', revision: 1, saved_at: Date.now(), report: r, last_year: null, position: null }));
    localStorage.setItem('nianbao.current', 'e2e');
  }, report);
  await page.reload();
  await waitForApp(page);
  return { page, problems };
}

async function downloadVia(page, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

test('each format downloads with the report in it', async () => {
  // No service worker: it would fetch every file of the app, the worker's
  // too, as it installs (tests/e2e/offline.test.mjs covers it).
  const context = await app.browser.newContext({ acceptDownloads: true, serviceWorkers: 'block' });
  const { page, problems } = await openWithReport(context);

  const json = await downloadVia(page, '下载数据文件（.json）');
  assert.equal(path.basename(json), '淮安市人民政府2024年政府信息公开工作年度报告.json');
  assert.deepEqual(JSON.parse(fs.readFileSync(json, 'utf8')), report);

  const txt = fs.readFileSync(await downloadVia(page, '下载纯文本（.txt）'));
  assert.deepEqual([...txt.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const text = txt.toString('utf8');
  assert.ok(text.includes('\r\n'));
  assert.match(text, /（一）予以公开\t+1288\t21\t0\t0\t50\t3\t1362\r\n/, 'table rows are tab-separated');

  const html = fs.readFileSync(await downloadVia(page, '下载网页文件（.html）'), 'utf8');
  assert.ok(!/<script/i.test(html) && !/\son\w+=/i.test(html));
  for (const h of headings) assert.ok(html.includes(h), h);

  // The .docx writer is not part of the form's load: the worker that
  // holds it is fetched by the first .docx, not before.
  const worker = () => app.server.requests.filter((p) => /nianbao-worker/.test(p)).length;
  const fetched = worker();
  const docx = await downloadVia(page, '下载Word文件（.docx）');
  const bytes = fs.readFileSync(docx);
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  assert.equal(fetched, 0, 'the worker before the first .docx');
  assert.ok(worker() > 0, 'the worker after the first .docx');
  await page.getByText('已生成「淮安市人民政府2024年政府信息公开工作年度报告.docx」').waitFor();

  // The document's own XML holds every heading, every label of the format
  // and the typed numbers, wherever a page may break when it is printed.
  const parts = readZip(bytes);
  const body = squash(docxText(parts.get('word/document.xml').toString('utf8')));
  assert.ok(body.includes(squash('淮安市人民政府2024年政府信息公开工作年度报告')), 'title');
  for (const h of headings) assert.ok(body.includes(squash(h)), h);
  for (const l of tableLabels) assert.ok(body.includes(squash(l)), l);
  for (const n of NUMBERS) assert.ok(body.includes(n), n);

  // A real office suite opens it: A4 pages, the title and the headings.
  // Only single-line paragraphs are looked for in its output, so where it
  // breaks the pages does not matter.
  execFileSync('libreoffice', ['--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, docx], { stdio: 'pipe', timeout: 120000, env: officeEnv() });
  const pdf = docx.replace(/\.docx$/, '.pdf');
  const info = execFileSync('pdfinfo', [pdf]).toString();
  const pages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
  assert.ok(pages >= 4 && pages <= 10, `${pages} pages`);
  assert.match(info, /Page size:\s+595(\.\d+)? x 84[12](\.\d+)? pts/, 'A4');
  const pdfText = squash(execFileSync('pdftotext', ['-raw', pdf, '-']).toString('utf8'));
  for (const h of headings) assert.ok(pdfText.includes(squash(h)), h);
  if (process.env.SCREENSHOTS) {
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '4', pdf, path.join(process.env.SCREENSHOTS, 'docx-page')]);
  }
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.foreignRequests, []);
  await context.close();
});

test('with errors left, downloading asks first and still works', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  const { page } = await openWithReport(context);
  await page.fill('#cell-t3-new-natural', '3002');
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    d.accept();
  });
  const file = await downloadVia(page, '下载纯文本（.txt）');
  assert.match(asked, /发现2处错误/);
  assert.ok(fs.readFileSync(file, 'utf8').includes('3002'));
  await context.close();
});

test('print preview shows the report alone and prints to A4', async () => {
  const context = await app.browser.newContext();
  const { page } = await openWithReport(context);
  await page.getByRole('button', { name: '打印预览' }).click();
  const preview = page.locator('.print-preview .report-doc');
  await preview.waitFor();
  // Opening moves the focus into the preview.
  await page.waitForFunction(() => document.activeElement?.textContent === '返回编辑');
  assert.equal(await preview.locator('h1').textContent(), '淮安市人民政府2024年政府信息公开工作年度报告');
  await page.emulateMedia({ media: 'print' });
  const pdf = path.join(dir, 'preview.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true });
  const info = execFileSync('pdfinfo', [pdf]).toString();
  assert.match(info, /Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts/, 'A4');
  const text = squash(execFileSync('pdftotext', ['-raw', pdf, '-']).toString('utf8'));
  for (const h of headings) assert.ok(text.includes(squash(h)), h);
  assert.ok(!text.includes('检查报告'), 'the form itself is not printed');
  // Escape closes it and the focus returns to the button that opened it.
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: '返回编辑' }).focus();
  await page.keyboard.press('Escape');
  await preview.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.id === 'print-preview-button');
  if (process.env.SCREENSHOTS) {
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '3', pdf, path.join(process.env.SCREENSHOTS, 'print-page')]);
  }
  await context.close();
});

// The text of each page of a PDF.
function pdfPages(pdf) {
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf]).toString())[1]);
  return Array.from({ length: pages }, (_, i) => squash(execFileSync('pdftotext', ['-raw', '-f', String(i + 1), '-l', String(i + 1), pdf, '-']).toString('utf8')));
}

test('print preview prints like the .docx: its column widths, table 三 on one page, 「— 1 —」', async () => {
  const context = await app.browser.newContext();
  const { page, problems } = await openWithReport(context);
  await page.getByRole('button', { name: '打印预览' }).click();
  const preview = page.locator('.print-preview .report-doc');
  await preview.waitFor();
  // No error left: nothing to warn about.
  assert.ok(!(await page.locator('.preview-bar').textContent()).includes('错误'));
  // Table 三's innermost label column is as wide as in the .docx (2450 of
  // 8845 twips), not squeezed to a few characters.
  const share = await page.evaluate(() => {
    const table = document.querySelector('.print-preview .table-requests');
    const label = [...table.querySelectorAll('th.label')].find((th) => th.textContent === '1.属于国家秘密');
    return label.getBoundingClientRect().width / table.getBoundingClientRect().width;
  });
  assert.ok(Math.abs(share - 2450 / 8845) < 0.01, `label column ${share}`);
  await page.emulateMedia({ media: 'print' });
  const pdf = path.join(dir, 'preview-pages.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true });
  const pages = pdfPages(pdf);
  // Page numbers in the page margin, 「— n —」 with full-width dashes.
  pages.forEach((text, i) => assert.ok(text.includes(`—${i + 1}—`), `page ${i + 1}: ${text.slice(-40)}`));
  // Table 三, from its corner to its last row, on one page, as the .docx
  // keeps it.
  const corner = squash('（本列数据的勾稽关系为');
  const withTable = pages.filter((t) => t.includes(corner) || t.includes(squash('四、结转下年度继续办理')) || t.includes(squash('（七）总计')));
  assert.equal(withTable.length, 1, 'table 三 on one page');
  assert.deepEqual(problems.consoleErrors, [], 'no refused inline style');
  if (process.env.SCREENSHOTS) {
    execFileSync('pdftoppm', ['-png', '-r', '50', pdf, path.join(process.env.SCREENSHOTS, 'print-preview')]);
  }
  await context.close();
});

test('with errors left, the preview says so and printing asks first', async () => {
  const context = await app.browser.newContext();
  const { page } = await openWithReport(context);
  await page.fill('#cell-t3-new-natural', '3002');
  await page.getByRole('button', { name: '打印预览' }).click();
  await page.locator('.print-preview .report-doc').waitFor();
  assert.match(await page.locator('.preview-bar').textContent(), /还有2处错误尚未改正/);
  // The browser's print dialog, counted instead of opened.
  await page.evaluate(() => {
    window.printed = 0;
    window.print = () => { window.printed += 1; };
  });
  const answer = async (accept) => {
    const asked = new Promise((resolve) => page.once('dialog', (d) => {
      resolve(d.message());
      return accept ? d.accept() : d.dismiss();
    }));
    await page.getByRole('button', { name: '打印', exact: true }).click();
    return asked;
  };
  assert.match(await answer(false), /发现2处错误尚未改正。仍要打印吗/);
  assert.equal(await page.evaluate(() => window.printed), 0, 'declined: nothing printed');
  assert.match(await answer(true), /仍要打印吗/);
  await page.waitForFunction(() => window.printed === 1);
  await context.close();
});

test('when the worker cannot start, the .docx says so and the next try works', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true, serviceWorkers: 'block' });
  await context.route('**/batch-worker.js', (route) => route.fulfill({ status: 404, body: '' }));
  const { page } = await openWithReport(context);
  await page.getByRole('button', { name: '下载Word文件（.docx）' }).click();
  const message = page.locator('.export-message', { hasText: '未能生成Word文件' });
  await message.waitFor();
  assert.match(await message.textContent(), /可先下载数据文件（\.json）保存/);
  // Once the file is reachable again, the next click starts a new worker.
  await context.unroute('**/batch-worker.js');
  const docx = await downloadVia(page, '下载Word文件（.docx）');
  assert.equal(fs.readFileSync(docx).subarray(0, 2).toString(), 'PK');
  await context.close();
});
