// Importing last year's report: the published text of 洪泽区 2023 pasted as
// last year's report for a draft, and a published web page's text read
// from a file as a new draft, with the cells that lost their numbers listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { useApp, openPage, waitForApp, shared, officeEnv } from './support.mjs';
import { fixture, exportOf } from './batch-files.mjs';

const app = useApp();

const T3_APPLICANTS = ['natural', 'business', 'research', 'public', 'legal', 'other'];

test('paste 洪泽区 2023 as last year: 上年结转 offered, its T4-SUM errors listed', async () => {
  const context = await app.browser.newContext();
  const { page, problems } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.getByLabel('单位名称', { exact: true }).fill('淮安市洪泽区人民政府');
  await page.getByLabel('报告年度', { exact: true }).fill('2024');

  await page.getByRole('button', { name: '导入', exact: true }).click();
  const text = fs.readFileSync(path.join(shared, 'reports/2023_hongze-qu.txt'), 'utf8');
  await page.fill('#import-text', text);
  await page.getByRole('button', { name: '识别粘贴的文字' }).click();
  const preview = page.locator('.import-preview');
  await preview.waitFor();
  assert.match(await preview.textContent(), /洪泽区人民政府2023年政府信息公开工作年度报告/);
  // The published table 四 does not add up: both errors are shown, the
  // rule's id only as a tooltip, each a link to its cell in the preview.
  const errors = await page.locator('.import-errors li').allTextContents();
  assert.equal(errors.length, 2, errors.join('\n'));
  assert.deepEqual(await page.locator('.import-errors li').evaluateAll((lis) => lis.map((li) => li.title)), ['T4-SUM', 'T4-SUM']);
  assert.ok(errors.every((e) => !e.includes('[')), errors.join('\n'));
  assert.match(errors[0], /行政复议.*10＋1＋0＋0＝11，表中总计为0/);
  await page.locator('.import-errors a').first().click();
  const focused = await page.evaluate(() => document.activeElement.id);
  assert.match(focused, /^import-cell-t4-review-/);
  // The stated total that differs from the sum is marked in the preview.
  assert.match(await page.getAttribute('#import-cell-t4-review-total', 'class'), /differs/);
  // While the preview is scrolled to its last table, the two choices stay
  // in view.
  await page.locator('#import-cell-t4-review-total').scrollIntoViewIfNeeded();
  const button = await page.getByRole('button', { name: '作为上年度报告' }).boundingBox();
  const viewport = page.viewportSize();
  assert.ok(button.y >= 0 && button.y + button.height <= viewport.height, JSON.stringify(button));
  // 上年结转 is offered from its 结转下年度继续办理 (six cells of 0).
  const offer = page.locator('.import-actions label', { hasText: '上年结转' });
  assert.match(await offer.textContent(), /（6格）/);
  await page.getByRole('button', { name: '作为上年度报告' }).click();
  await page.locator('.import-done', { hasText: '已填入上年结转6格' }).waitFor();
  for (const c of T3_APPLICANTS) {
    assert.equal(await page.inputValue(`#cell-t3-carried_in-${c}`), '0', c);
  }
  // The year-to-year rules now compare with it: the carry-over line shows.
  assert.match(await page.locator('#requests .status-lines').textContent(), /上年/);
  // This draft's own cells were not touched beyond 上年结转.
  assert.equal(await page.inputValue('#cell-t3-new-natural'), '');
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('a published web page read from a file becomes a new draft; lost cells are listed, not invented', async () => {
  const context = await app.browser.newContext();
  const { page } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await page.locator('#import-file').setInputFiles(path.join(shared, 'reports/2021_laocheng-jiguan-shiwu.txt'));
  const preview = page.locator('.import-preview');
  await preview.waitFor();
  assert.match(await preview.textContent(), /未能读取的单元格（35个/);
  assert.equal(await preview.locator('td.unreadable').count(), 35);
  await page.getByRole('button', { name: '作为新草稿' }).click();
  await page.locator('.import-done').waitFor();
  assert.equal(await page.getByLabel('单位名称', { exact: true }).inputValue(), '老城区机关事务服务中心');
  assert.equal(await page.inputValue('#cell-t3-disclosed-natural'), '', 'a lost number stays empty');
  assert.equal(await page.inputValue('#cell-t3-refused4-natural'), '0');
  await context.close();
});

test('junk gets a clear message and changes nothing', async () => {
  const context = await app.browser.newContext();
  const { page } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.fill('#cell-t3-new-natural', '7');
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await page.fill('#import-text', '这是一封普通的信，与年度报告无关。');
  await page.getByRole('button', { name: '识别粘贴的文字' }).click();
  const err = page.locator('.import-error');
  await err.waitFor();
  assert.match(await err.textContent(), /无法导入：.+（未作任何更改）/);
  assert.equal(await page.inputValue('#cell-t3-new-natural'), '7');
  await context.close();
});

test('a one-line paste with run-together cells: candidates are listed, one click picks one, the draft holds it', async () => {
  const context = await app.browser.newContext();
  const { page, problems } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  // The 淮安市 report copied from a page that lost every space and line
  // break: table 三 splits by its rules, 「规章1011」 does not (1 0 11 or
  // 10 1 1: table 二 has no sum to tell).
  const text = fs.readFileSync(path.join(shared, 'reports/2024_huaian-shi.txt'), 'utf8').replace(/\s+/g, '');
  await page.fill('#import-text', text);
  await page.getByRole('button', { name: '识别粘贴的文字' }).click();
  const preview = page.locator('.import-preview');
  await preview.waitFor();
  assert.match(await preview.locator('.import-summary').textContent(), /淮安市人民政府2024年政府信息公开工作年度报告/);
  assert.match(await preview.locator('.import-line').textContent(), /3行数字连在一起需要选择/);
  const rules = preview.locator('fieldset.import-choice', { hasText: '1011' });
  assert.match(await rules.locator('legend').textContent(), /规章.*原表印为「1011」/);
  const candidates = await rules.locator('.split').allTextContents();
  assert.deepEqual(candidates, ['1 · 0 · 11', '10 · 1 · 1']);
  assert.equal(await page.textContent('#import-cell-t2-rules-issued'), '？');
  await rules.getByRole('radio', { name: '本年制发件数1，本年废止件数0，现行有效件数11' }).check();
  assert.equal(await page.textContent('#import-cell-t2-rules-issued'), '1');
  assert.equal(await page.textContent('#import-cell-t2-rules-valid'), '11');
  // Table 三 was split by its rules alone.
  assert.equal(await page.textContent('#import-cell-t3-new-natural'), '3001');

  await page.getByRole('button', { name: '作为新草稿' }).click();
  await page.locator('.import-done').waitFor();
  assert.equal(await page.inputValue('#cell-t2-rules-issued'), '1');
  assert.equal(await page.inputValue('#cell-t2-rules-repealed'), '0');
  assert.equal(await page.inputValue('#cell-t2-rules-valid'), '11');
  // The row left alone stays empty, not guessed.
  assert.equal(await page.inputValue('#cell-t2-norms-issued'), '');
  assert.equal(await page.inputValue('#cell-t3-new-natural'), '3001');
  assert.equal(await page.getByLabel('单位名称', { exact: true }).inputValue(), '淮安市人民政府');
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('agency and year missing from the text are asked for in the preview', async () => {
  const context = await app.browser.newContext();
  const { page } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  const text = fs.readFileSync(path.join(shared, 'reports/2021_laocheng-jiguan-shiwu.txt'), 'utf8');
  // Without its title line the report names neither.
  await page.fill('#import-text', text.split('\n').filter((l) => !l.includes('年度报告')).join('\n'));
  await page.getByRole('button', { name: '识别粘贴的文字' }).click();
  await page.locator('.import-preview').waitFor();
  await page.getByLabel(/单位名称（原文中没有找到/).fill('老城区机关事务服务中心');
  await page.getByLabel(/报告年度（原文中没有找到/).fill('2021');
  await page.getByRole('button', { name: '作为新草稿' }).click();
  await page.locator('.import-done').waitFor();
  assert.equal(await page.getByLabel('单位名称', { exact: true }).inputValue(), '老城区机关事务服务中心');
  assert.equal(await page.getByLabel('报告年度', { exact: true }).inputValue(), '2021');
  await context.close();
});

test('when the readers cannot start (the worker file blocked), 导入 says so instead of waiting', async () => {
  const context = await app.browser.newContext({ serviceWorkers: 'block' });
  await context.route('**/batch-worker.js', (route) => route.fulfill({ status: 404, body: '' }));
  const { page } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await page.fill('#import-text', fs.readFileSync(path.join(shared, 'reports/2024_huaian-shi.txt'), 'utf8'));
  await page.getByRole('button', { name: '识别粘贴的文字' }).click();
  const error = page.locator('.import-error');
  await error.waitFor();
  assert.match(await error.textContent(), /读取报告的后台程序未能运行/);
  assert.equal(await page.locator('.import-reading').count(), 0, 'no longer 正在读取');
  // Once the file is reachable again, the next try starts a new worker.
  await context.unroute('**/batch-worker.js');
  await page.getByRole('button', { name: '识别粘贴的文字' }).click();
  await page.locator('.import-preview', { hasText: '淮安市人民政府2024年政府信息公开工作年度报告' }).waitFor();
  await context.close();
});

test('sums over cells the import could not read are not listed as the source\'s errors', async () => {
  const context = await app.browser.newContext();
  const { page, problems } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  // 淮安市 2024 balances; here its row （一）予以公开 lost its numbers.
  const text = fs.readFileSync(path.join(shared, 'reports/2024_huaian-shi.txt'), 'utf8');
  const lost = text.replace('（一）予以公开 1288 21 0 0 50 3 1362', '（一）予以公开');
  assert.notEqual(lost, text);
  await page.fill('#import-text', lost);
  await page.getByRole('button', { name: '识别粘贴的文字' }).click();
  const preview = page.locator('.import-preview');
  await preview.waitFor();
  assert.match(await page.getAttribute('#import-cell-t3-disclosed-natural', 'class'), /unreadable/);
  // Its column sums cannot be checked: none is shown as the report's error,
  // and the preview says how many were left out and why.
  const errors = await page.locator('.import-errors li').allTextContents();
  assert.ok(errors.every((e) => !e.includes('各项办理结果')), errors.join('\n'));
  assert.match(await page.locator('.import-unsure').textContent(), /另有\d+处合计关系涉及未能读取的单元格/);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

// Chooses `file` in 导入 on a page with no drafts: the preview names the
// kind (`kind`) and reads every cell; 作为新草稿 then holds the report's
// agency and every table-三 cell; no error and no foreign request.
async function importsWhole(context, file, kind, report) {
  const { page, problems } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitForApp(page);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await page.locator('#import-file').setInputFiles(file);
  const preview = page.locator('.import-preview');
  await preview.waitFor();
  const text = await preview.textContent();
  assert.match(text, kind);
  assert.doesNotMatch(text, /未能读取/);
  await page.getByRole('button', { name: '作为新草稿' }).click();
  await page.locator('.import-done').waitFor();
  assert.equal(await page.getByLabel('单位名称', { exact: true }).inputValue(), report.agency);
  const t3 = Object.entries(report.cells).filter(([key]) => key.startsWith('t3.'));
  assert.ok(t3.length > 100, 'table 三 is in the fixture');
  for (const [key, value] of t3) {
    assert.equal(await page.inputValue(`#cell-${key.replaceAll('.', '-')}`), value, key);
  }
  assert.deepEqual(problems.foreignRequests, []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
}

test('a Word 97 file (.doc), as agencies still publish them, is read whole and becomes a new draft', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  const report = fixture('huaian-2024.json');
  // The app's own .docx, saved as Word 97–2003 by LibreOffice.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-doc-'));
  const docx = path.join(dir, '淮安市.docx');
  fs.writeFileSync(docx, await exportOf(context, app.server, report, '下载Word文件（.docx）'));
  execFileSync('soffice', ['--headless', '--norestore', '--convert-to', 'doc:MS Word 97', '--outdir', dir, docx], { stdio: 'pipe', timeout: 120000, env: officeEnv() });
  const doc = path.join(dir, '淮安市.doc');
  assert.deepEqual([...fs.readFileSync(doc).subarray(0, 4)], [0xd0, 0xcf, 0x11, 0xe0], 'a compound file');
  await importsWhole(context, doc, /Word 97-2003文档（\.doc）/, report);
  await context.close();
});

test('a PDF of the report printed by the browser is read whole, without a wrong cell, also locked by an owner password', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  const report = fixture('huaian-2024.json');
  // The app's own page, printed to PDF by Chromium (Skia's PDF writer,
  // as a clerk's 「另存为PDF」 makes it).
  const html = await exportOf(context, app.server, report, '下载网页文件（.html）');
  const printer = await context.newPage();
  await printer.setContent(html.toString('utf8'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-pdf-'));
  const pdf = path.join(dir, '淮安市.pdf');
  fs.writeFileSync(pdf, await printer.pdf({ format: 'A4' }));
  await printer.close();
  await importsWhole(context, pdf, /PDF文件/, report);
  // The same PDF locked by an owner password, copying and printing
  // restricted, as many sites publish reports (AES-256, as Acrobat writes
  // today): it opens without a password in every reader, and here too.
  const locked = path.join(dir, '淮安市（禁止复制）.pdf');
  execFileSync('qpdf', ['--encrypt', '', 'owner', '256', '--extract=n', '--print=low', '--', pdf, locked], { stdio: 'pipe' });
  assert.ok(fs.readFileSync(locked).includes('/Encrypt'), 'an encrypted PDF');
  await importsWhole(context, locked, /PDF文件/, report);
  await context.close();
});

// GBK's two-byte codes, learnt from Node's own decoder (no table here).
function gbkEncoder() {
  const decoder = new TextDecoder('gbk');
  const codes = new Map();
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) {
      const c = decoder.decode(Uint8Array.of(a, b));
      if (b !== 0x7f && c.length === 1 && c !== '\uFFFD' && !codes.has(c)) codes.set(c, [a, b]);
    }
  }
  return (text) => [...text].flatMap((ch) => {
    if (ch.codePointAt(0) < 0x80) return [ch.codePointAt(0)];
    const code = codes.get(ch);
    assert.ok(code, `a GBK code for ${ch}`);
    return code;
  });
}

// A PDF as made with the system's SimSun not embedded: a Type0 font in
// the predefined GBK-EUC-H encoding with no ToUnicode map, every line of
// `lines` on one tall page, its tab-separated cells placed apart.
function gbkPdf(lines) {
  const gbk = gbkEncoder();
  const size = 10;
  let content = `BT /F1 ${size} Tf\n`;
  lines.forEach((line, i) => {
    let x = 40;
    for (const cell of line.split('\t')) {
      if (cell.trim() === '') continue;
      const bytes = gbk(cell);
      const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
      content += `1 0 0 1 ${x} ${20000 - 14 * i} Tm <${hex}> Tj\n`;
      // ASCII half a size wide, the rest a whole one; then a column gap.
      const width = [...cell].reduce((w, ch) => w + (ch.codePointAt(0) < 0x80 ? size / 2 : size), 0);
      x += width + 24;
    }
  });
  content += 'ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 3000 20100] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /GBK-EUC-H /DescendantFonts [6 0 R] >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 >>',
  ];
  let pdf = '%PDF-1.4\n';
  objects.forEach((body, i) => { pdf += `${i + 1} 0 obj\n${body}\nendobj\n`; });
  pdf += 'trailer\n<< /Root 1 0 R /Size 7 >>\n%%EOF\n';
  return Buffer.from(pdf, 'latin1');
}

test('a PDF whose Chinese font is not embedded (GBK-EUC-H, no ToUnicode map) is read whole through the browser\'s decoder', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  const report = fixture('huaian-2024.json');
  const txt = (await exportOf(context, app.server, report, '下载纯文本（.txt）')).toString('utf8').replace(/^\uFEFF/, '');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-gbk-pdf-'));
  const pdf = path.join(dir, '淮安市（宋体未嵌入）.pdf');
  fs.writeFileSync(pdf, gbkPdf(txt.split(/\r?\n/)));
  assert.ok(!fs.readFileSync(pdf).includes('ToUnicode'), 'no ToUnicode map');
  await importsWhole(context, pdf, /PDF文件/, report);
  await context.close();
});
